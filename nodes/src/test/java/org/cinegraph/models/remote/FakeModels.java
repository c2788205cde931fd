package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.Rational;
import org.cinegraph.media.VideoEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Stand-ins for hosted models behind {@link FakeProviders}: they answer in the providers' output
 * shapes with real files (PNGs, H.264 MP4s) whose pixels depend on the request, so a test can tell
 * which input made which output.
 */
public final class FakeModels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger N = new AtomicInteger();

    private FakeModels() {
    }

    /** A picture whose colour comes from the text (and seed): same request, same pixels. */
    public static Frame picture(String text, long seed, int w, int h) {
        int hash = (text + "#" + seed).hashCode();
        int r = 64 + (hash & 0x7F), g = 64 + ((hash >> 8) & 0x7F), b = 64 + ((hash >> 16) & 0x7F);
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int shade = (x * 64) / Math.max(1, w);
                px[y * w + x] = 0xFF000000 | Math.min(255, r + shade) << 16 | g << 8 | b;
            }
        }
        return new Frame(w, h, px);
    }

    public static byte[] png(Frame f) {
        try {
            Path t = Files.createTempFile("fake", ".png");
            ImageFiles.writePng(f, t);
            byte[] b = Files.readAllBytes(t);
            Files.delete(t);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An H.264 MP4 of {@code frames} frames that drift from {@code first} towards white. */
    public static byte[] mp4(Frame first, int frames, int fps) {
        try {
            Path t = Files.createTempFile("fake", ".mp4");
            try (VideoEncoder enc = VideoEncoder.open(t, first.width(), first.height(), Rational.of(fps), 2000)) {
                for (int i = 0; i < frames; i++) {
                    int[] px = first.pixels().clone();
                    int lift = i * 40 / Math.max(1, frames);
                    for (int k = 0; k < px.length; k++) {
                        int p = px[k];
                        px[k] = 0xFF000000 | Math.min(255, ((p >> 16) & 0xFF) + lift) << 16 | Math.min(255, ((p >> 8) & 0xFF) + lift) << 8 | Math.min(255, (p & 0xFF) + lift);
                    }
                    enc.write(new Frame(first.width(), first.height(), px));
                }
                enc.finish();
            }
            byte[] b = Files.readAllBytes(t);
            Files.delete(t);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * fal text-to-image: {@code {"images": [{"url", "width", "height", "content_type"}], "seed"}};
     * images are the requested preset's size divided by {@code shrink} (tests stay small).
     */
    public static Function<JsonNode, JsonNode> falTextToImage(FakeProviders server, int shrink) {
        return in -> {
            String size = in.path("image_size").asText("landscape_4_3");
            int w = switch (size) {
                case "square_hd" -> 1024; case "square" -> 512; case "portrait_4_3" -> 768; case "portrait_16_9" -> 576;
                case "landscape_16_9" -> 1024; default -> 1024;
            } / shrink;
            int h = switch (size) {
                case "square_hd" -> 1024; case "square" -> 512; case "portrait_4_3" -> 1024; case "portrait_16_9" -> 1024;
                case "landscape_16_9" -> 576; default -> 768;
            } / shrink;
            int n = in.path("num_images").asInt(1);
            ObjectNode out = JSON.createObjectNode();
            var images = out.putArray("images");
            for (int i = 0; i < n; i++) {
                Frame f = picture(in.path("prompt").asText(), in.path("seed").asLong() + i, w, h);
                String url = server.host("t2i-" + N.incrementAndGet() + ".png", png(f), "image/png");
                images.addObject().put("url", url).put("width", w).put("height", h).put("content_type", "image/png");
            }
            out.put("seed", in.path("seed").asLong());
            return out;
        };
    }

    /** fal image-to-video: reads image_url (data URI or uploaded), answers {@code {"video": {"url"}}}. */
    public static Function<JsonNode, JsonNode> falImageToVideo(FakeProviders server, int frames, int fps) {
        return in -> {
            Frame first = decode(server.fetchInput(in.path("image_url").asText()));
            String url = server.host("i2v-" + N.incrementAndGet() + ".mp4", mp4(first, frames, fps), "video/mp4");
            ObjectNode out = JSON.createObjectNode();
            out.putObject("video").put("url", url).put("content_type", "video/mp4");
            return out;
        };
    }

    /** Replicate text-to-image: a list of image URLs. */
    public static Function<JsonNode, JsonNode> replicateTextToImage(FakeProviders server, int w, int h) {
        return in -> {
            int n = in.path("num_outputs").asInt(1);
            var out = JSON.createArrayNode();
            for (int i = 0; i < n; i++) {
                out.add(server.host("rt2i-" + N.incrementAndGet() + ".png", png(picture(in.path("prompt").asText(), in.path("seed").asLong() + i, w, h)), "image/png"));
            }
            return out;
        };
    }

    /** Replicate upscaler: the input image doubled, as one URL. */
    public static Function<JsonNode, JsonNode> replicateUpscale(FakeProviders server) {
        return in -> {
            Frame src = decode(server.fetchInput(in.path("image").asText()));
            int s = 2;
            int[] px = new int[src.width() * s * src.height() * s];
            for (int y = 0; y < src.height() * s; y++) for (int x = 0; x < src.width() * s; x++) px[y * src.width() * s + x] = src.pixel(x / s, y / s);
            return JSON.getNodeFactory().textNode(server.host("up-" + N.incrementAndGet() + ".png", png(new Frame(src.width() * s, src.height() * s, px)), "image/png"));
        };
    }

    static Frame decode(byte[] png) {
        try {
            Path t = Files.createTempFile("fake-in", ".png");
            Files.write(t, png);
            Frame f = ImageFiles.read(t);
            Files.delete(t);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
