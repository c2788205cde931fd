package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Rational;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.models.LoraStack;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.Safetensors;
import org.cinegraph.spi.NodeContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A result as port values: image URLs become images (a batch, a clip of images at 1 fps), video
 * URLs clips decoded lazily from the downloaded file, strings text (a list of strings, as
 * Replicate streams text, joined), numbers numbers.
 */
final class RemoteOutputs {
    private RemoteOutputs() {
    }

    /** Which kind of file a port downloads; null for text and numbers. */
    static Downloads.Kind fileKind(RemoteModel.Port port) {
        return switch (port.type()) {
            case "image", "images" -> Downloads.Kind.IMAGE;
            case "video" -> Downloads.Kind.VIDEO;
            case "lora" -> Downloads.Kind.LORA;
            default -> null;
        };
    }

    /** The URLs a file port reads: a URL, a file object's url, or a list of either ("image" takes the first). */
    static List<String> urls(JsonNode output, RemoteModel.Port port, String who) throws RemoteException {
        JsonNode v = JsonPaths.read(output, port.field());
        List<String> out = new ArrayList<>();
        if (v.isArray()) v.forEach(e -> addUrl(e, out));
        else addUrl(v, out);
        if (out.isEmpty()) throw new RemoteException(who + ": the result has no " + port.type() + " at '" + port.field() + "' for output " + port.name());
        return port.type().equals("images") ? out : out.subList(0, 1);
    }

    private static void addUrl(JsonNode e, List<String> out) {
        if (e.isTextual() && !e.asText().isBlank()) out.add(e.asText());
        else if (e.isObject() && e.path("url").isTextual()) out.add(e.path("url").asText());
    }

    static Map<String, Object> values(ModelManifest m, RemoteNode.StoredResult result, NodeContext ctx, Supplier<ModelLibrary> library, String who)
            throws RemoteException {
        RemoteModel r = m.remote();
        Map<String, Object> values = new LinkedHashMap<>();
        for (RemoteModel.Port port : r.outputs()) {
            switch (port.type()) {
                case "image" -> values.put(port.name(), image(result.files().get(urls(result.output(), port, who).get(0)), who));
                case "images" -> {
                    List<Frame> frames = new ArrayList<>();
                    for (String u : urls(result.output(), port, who)) frames.add(image(result.files().get(u), who));
                    Frame first = frames.get(0);
                    for (Frame fr : frames) {
                        if (fr.width() != first.width() || fr.height() != first.height()) {
                            throw new RemoteException(who + ": the batch for output " + port.name() + " mixes image sizes ("
                                    + first.width() + "x" + first.height() + " and " + fr.width() + "x" + fr.height() + ")");
                        }
                    }
                    List<Frame> all = List.copyOf(frames);
                    values.put(port.name(), Clip.of(first.width(), first.height(), Rational.of(1), all.size(), all::get));
                }
                case "video" -> values.put(port.name(), video(result.files().get(urls(result.output(), port, who).get(0)), ctx, who));
                case "text" -> values.put(port.name(), text(result.output(), port, who));
                case "number" -> values.put(port.name(), number(result.output(), port, who));
                case "lora" -> {
                    String url = urls(result.output(), port, who).get(0);
                    values.put(port.name(), installLora(result.files().get(url), url, m, library.get(), who));
                }
                default -> throw new RemoteException(who + ": output " + port.name() + " has unknown type " + port.type());
            }
        }
        return values;
    }

    /**
     * A LoRA a provider trained, installed in the model library (as {@code lora-} and the start of
     * its sha256, so the same file is installed once) with a manifest naming the trainer, the
     * layers and rank read from the file, and the URL it is hosted at, so remote generators can
     * use it; the port's value is a stack of that one LoRA at strength 1.
     */
    static LoraStack installLora(Path file, String url, ModelManifest trainer, ModelLibrary lib, String who) throws RemoteException {
        if (file == null) throw new RemoteException(who + ": the LoRA file was not downloaded");
        try {
            String name = "lora-" + ModelLibrary.sha256(file).substring(0, 12);
            ModelLibrary.Installed installed = org.cinegraph.models.LoraFiles.install(lib, file, name, trainer, url,
                    "LoRA trained at " + trainer.remote().providerName() + " with " + trainer.name(), trainer.licence());
            return LoraStack.EMPTY.plus(new LoraStack.Entry(name, installed.manifest().digest(), 1, installed));
        } catch (IOException e) {
            throw new RemoteException(who + ": cannot install the trained LoRA: " + e.getMessage(), e);
        } catch (ModelException e) {
            throw new RemoteException(who + ": cannot install the trained LoRA: " + e.getMessage(), e);
        }
    }

    /** PNG, JPEG, GIF and BMP through ImageIO; WebP (which ImageIO lacks) through FFmpeg. */
    static Frame image(Path file, String who) throws RemoteException {
        if (file == null) throw new RemoteException(who + ": a result image was not downloaded");
        try {
            if ("webp".equals(Downloads.sniff(file))) {
                try (VideoFileClip c = new VideoFileClip(file)) {
                    return c.frame(0);
                }
            }
            return ImageFiles.read(file);
        } catch (MediaException | IndexOutOfBoundsException e) {
            throw new RemoteException(who + ": the result image cannot be decoded: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new RemoteException(who + ": cannot read the result image " + file + ": " + e.getMessage(), e);
        }
    }

    private static Clip video(Path file, NodeContext ctx, String who) throws RemoteException {
        if (file == null) throw new RemoteException(who + ": the result video was not downloaded");
        VideoFileClip clip = new VideoFileClip(file);
        ctx.closeAtEnd(clip);
        try {
            clip.info();   // probe now, so a bad file fails this node rather than a later frame
        } catch (MediaException e) {
            throw new RemoteException(who + ": the result video cannot be decoded: " + e.getMessage(), e);
        }
        return clip;
    }

    private static String text(JsonNode output, RemoteModel.Port port, String who) throws RemoteException {
        JsonNode v = JsonPaths.read(output, port.field());
        if (v.isTextual()) return v.asText();
        if (v.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode e : v) {
                if (!e.isTextual()) throw new RemoteException(who + ": output " + port.name() + " holds a list that is not all text");
                b.append(e.asText());
            }
            return b.toString();
        }
        if (v.isNumber() || v.isBoolean()) return v.asText();
        throw new RemoteException(who + ": the result has no text at '" + port.field() + "' for output " + port.name());
    }

    private static Double number(JsonNode output, RemoteModel.Port port, String who) throws RemoteException {
        JsonNode v = JsonPaths.read(output, port.field());
        if (v.isNumber()) return v.asDouble();
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().strip());
            } catch (NumberFormatException ignored) {
                // falls through to the message
            }
        }
        throw new RemoteException(who + ": the result has no number at '" + port.field() + "' for output " + port.name());
    }
}
