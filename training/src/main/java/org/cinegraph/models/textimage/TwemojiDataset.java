package org.cinegraph.models.textimage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training set: Twemoji artwork (CC-BY 4.0) from the emoji-datasource-twitter package, each
 * 64x64 image composited on white and averaged down to 32x32, captioned with its name, short names
 * and subcategory (and skin tone for the variations).
 */
final class TwemojiDataset {
    static final String PACKAGE = "emoji-datasource-twitter";
    static final String VERSION = "16.0.0";
    static final String SHA256 = "f64a530c63bca463bd8317fdc4615ce63a53a0c65018e4ce2d848aaba7a28877";
    private static final Map<String, String> TONES = Map.of(
            "1F3FB", "light skin tone", "1F3FC", "medium light skin tone", "1F3FD", "medium skin tone",
            "1F3FE", "medium dark skin tone", "1F3FF", "dark skin tone");

    /**
     * @param emoji     the image file of the emoji this image shows (a skin-tone variation's is its base emoji's)
     * @param name      that emoji's name in lower case ("red heart")
     * @param variation a skin-tone variation of another image
     */
    record Item(String file, String emoji, String name, String caption, float[] pixels, boolean variation) {
    }

    private TwemojiDataset() {
    }

    /** Reads every captioned image of the unpacked package (its {@code package/} folder). */
    static List<Item> read(Path pkg) throws IOException {
        JsonNode all = new ObjectMapper().readTree(pkg.resolve("emoji.json").toFile());
        Path images = pkg.resolve("img/twitter/64");
        List<Item> out = new ArrayList<>();
        for (JsonNode e : all) {
            String base = caption(e);
            String emoji = e.path("image").asText();
            String name = e.path("name").asText("").toLowerCase(java.util.Locale.ROOT);
            add(out, images, emoji, emoji, name, base, false);
            Iterator<Map.Entry<String, JsonNode>> vars = e.path("skin_variations").fields();
            while (vars.hasNext()) {
                Map.Entry<String, JsonNode> v = vars.next();
                Set<String> tones = new LinkedHashSet<>();
                for (String part : v.getKey().split("-")) if (TONES.containsKey(part)) tones.add(TONES.get(part));
                add(out, images, v.getValue().path("image").asText(), emoji, name, base + " " + String.join(" ", tones), true);
            }
        }
        if (out.isEmpty()) throw new IOException(pkg + ": no images found under img/twitter/64");
        return out;
    }

    private static String caption(JsonNode e) {
        StringBuilder sb = new StringBuilder(e.path("name").asText(""));
        for (JsonNode s : e.path("short_names")) sb.append(' ').append(s.asText().replace('_', ' ').replace('-', ' '));
        // the subcategory ("heart", "animal-mammal") is specific; the category ("Smileys & Emotion") is left out
        sb.append(' ').append(e.path("subcategory").asText("").replace('-', ' '));
        return sb.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static void add(List<Item> out, Path images, String file, String emoji, String name, String caption, boolean variation)
            throws IOException {
        Path f = images.resolve(file);
        if (file.isEmpty() || !Files.isRegularFile(f)) return;
        BufferedImage img = ImageIO.read(f.toFile());
        if (img == null) throw new IOException(f + ": not a readable PNG");
        out.add(new Item(file, emoji, name, caption, TrainingImages.downscaled(img), variation));
    }
}
