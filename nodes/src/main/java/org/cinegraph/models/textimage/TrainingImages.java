package org.cinegraph.models.textimage;

import org.cinegraph.models.ModelLibrary;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Images as the text-to-image network sees them: 32x32 RGB on white, CHW floats in -1..1. */
public final class TrainingImages {
    /** One image of a folder: its file, sha256 and pixels. */
    public record Image(Path file, String sha256, float[] pixels) {
    }

    private TrainingImages() {
    }

    /** Every PNG/JPEG in a folder (not its subfolders), by name; a folder without any, or an unreadable image, is an error naming the file. */
    public static List<Image> readFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder of images");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)"))
                    .sorted().toList();
        }
        if (files.isEmpty()) throw new IOException(dir + ": no .png or .jpg images");
        List<Image> out = new ArrayList<>();
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) throw new IOException(f + ": not a readable PNG or JPEG image");
            out.add(new Image(f, ModelLibrary.sha256(f), downscaled(img)));
        }
        return out;
    }

    /** CHW floats in -1..1 at 32x32: alpha composited on white, then box averages over the source pixels of each cell. */
    public static float[] downscaled(BufferedImage img) {
        int s = FlowUnet.SIZE;
        int w = img.getWidth();
        int h = img.getHeight();
        float[] out = new float[3 * s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                float[] sum = new float[3];
                int n = 0;
                for (int sy = y * h / s; sy < Math.max((y + 1) * h / s, y * h / s + 1); sy++) {
                    for (int sx = x * w / s; sx < Math.max((x + 1) * w / s, x * w / s + 1); sx++) {
                        int argb = img.getRGB(sx, sy);
                        float a = (argb >>> 24) / 255f;
                        for (int c = 0; c < 3; c++) {
                            float v = ((argb >> (16 - 8 * c)) & 0xFF) / 255f;
                            sum[c] += v * a + (1 - a);
                        }
                        n++;
                    }
                }
                for (int c = 0; c < 3; c++) out[c * s * s + y * s + x] = sum[c] / n * 2 - 1;
            }
        }
        return out;
    }
}
