package org.cinegraph.models.remote;

import org.cinegraph.spi.PaidService;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Estimates what one call costs from the manifest's price and the node's parameters: per call,
 * per image (times the image count), per second of video (times the duration) or per output
 * megapixel (from the size parameters: width and height, megapixels, or fal's image_size
 * presets). An estimate, not a bill: providers round, and some price by compute time.
 */
final class Pricing {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** fal's image_size presets, in megapixels. */
    private static final Map<String, Double> FAL_SIZES = Map.of(
            "square_hd", 1024 * 1024 / 1e6, "square", 512 * 512 / 1e6, "portrait_4_3", 768 * 1024 / 1e6,
            "portrait_16_9", 576 * 1024 / 1e6, "landscape_4_3", 1024 * 768 / 1e6, "landscape_16_9", 1024 * 576 / 1e6);

    private Pricing() {
    }

    /** @param byField the node's parameter values keyed by the provider field they are sent as */
    static PaidService.Estimate estimate(RemoteModel r, Map<String, Object> byField) {
        RemoteModel.Price p = r.price();
        if (p == null) return new PaidService.Estimate(r.providerName(), r.endpointName(), null, null, "no price in the manifest");
        double count = p.count() == null ? 1 : number(byField.get(p.count())).orElse(1.0);
        double amount;
        String basis;
        switch (p.unit()) {
            case "image" -> {
                amount = p.amount() * count;
                basis = fmt(p.amount()) + " " + p.currency() + "/image x " + fmt(count);
            }
            case "second" -> {
                double secs = p.count() == null ? (p.seconds() == null ? 1 : p.seconds()) : number(byField.get(p.count())).orElse(p.seconds() == null ? 1 : p.seconds());
                amount = p.amount() * secs;
                basis = fmt(p.amount()) + " " + p.currency() + "/s x " + fmt(secs) + " s";
            }
            case "megapixel" -> {
                double mp = megapixels(byField).orElse(p.megapixels() == null ? 1 : p.megapixels());
                double images = p.count() == null ? 1 : count;
                amount = p.amount() * Math.ceil(mp * 100) / 100 * images;
                basis = fmt(p.amount()) + " " + p.currency() + "/MP x " + fmt(mp) + " MP" + (images == 1 ? "" : " x " + fmt(images));
            }
            default -> {
                amount = p.amount();
                basis = fmt(p.amount()) + " " + p.currency() + "/call";
            }
        }
        return new PaidService.Estimate(r.providerName(), r.endpointName(), amount, p.currency(), basis + (p.read() == null ? "" : ", price of " + p.read()));
    }

    private static Optional<Double> megapixels(Map<String, Object> byField) {
        Optional<Double> w = number(byField.get("width"));
        Optional<Double> h = number(byField.get("height"));
        if (w.isPresent() && h.isPresent()) return Optional.of(w.get() * h.get() / 1e6);
        Optional<Double> mp = number(byField.get("megapixels"));
        if (mp.isPresent()) return mp;
        Object size = byField.get("image_size");
        if (size != null && FAL_SIZES.containsKey(size.toString())) return Optional.of(FAL_SIZES.get(size.toString()));
        return Optional.empty();
    }

    /** A number from a parameter value: numbers as they are, text by its first number ("5s" -> 5). */
    static Optional<Double> number(Object v) {
        if (v instanceof Number n) return Optional.of(n.doubleValue());
        if (v == null) return Optional.empty();
        Matcher m = NUMBER.matcher(v.toString());
        return m.find() ? Optional.of(Double.parseDouble(m.group())) : Optional.empty();
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "");
    }
}
