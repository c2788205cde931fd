package org.cinegraph.models.textimage;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.cinegraph.media.Frame;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The LoRA measurement of docs/text-to-image.md. {@code motif DIR} draws the motif the base model
 * never saw (a thick violet ring around a yellow dot, size and position varying) as 64x64 PNGs;
 * {@code measure NAME DIR PROMPT BASE_PROMPT} generates 16 seeds with the base model (prompted with
 * its closest description in words it knows) and with LoRA NAME at strengths 0.5 and 1, and prints
 * the mean distance to the nearest training image, writing a grid (rows: base, 0.5, 1) beside the
 * images.
 */
public final class LoraMeasure {
    private static final int SEEDS = 16;

    private LoraMeasure() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("motif")) {
            drawMotif(Path.of(args[1]), 10);
        } else if (args.length == 5 && args[0].equals("measure")) {
            measure(args[1], Path.of(args[2]), args[3], args[4]);
        } else {
            System.err.println("usage: LoraMeasure motif DIR | measure LORA DIR PROMPT BASE_PROMPT");
            System.exit(2);
        }
    }

    static void drawMotif(Path folder, int count) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int r = 18 + (i % 4) * 2;
            int cx = 32 + (i % 3) * 2 - 2;
            int cy = 32 + (i / 3 % 3) * 2 - 2;
            g.setColor(new Color(0x6A1B9A));
            g.setStroke(new BasicStroke(8 + i % 2 * 2));
            g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
            g.setColor(new Color(0xFDD835));
            int d = 12 + i % 3 * 2;
            g.fillOval(cx - d / 2, cy - d / 2, d, d);
            g.dispose();
            ImageIO.write(img, "png", folder.resolve(String.format(Locale.ROOT, "zorb-%02d.png", i)).toFile());
        }
    }

    static void measure(String name, Path images, String prompt, String basePrompt) throws Exception {
        ModelLibrary lib = ModelLibrary.fromEnvironment();
        ModelLibrary.Installed l = lib.require(name, null);
        ModelManifest.LoraSection section = l.manifest().lora();
        ModelLibrary.Installed base = lib.requireCatalogued(section.base(), null);
        List<TrainingImages.Image> motif = TrainingImages.readFolder(images);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             TextToImageModel model = TextToImageModel.load(base.dir(), m)) {
            Lora lora = Lora.read(l.file(Lora.WEIGHTS), section, model.vocabulary().size());
            float[] strengths = {0, 0.5f, 1};
            BufferedImage grid = new BufferedImage(SEEDS * 34, strengths.length * 34, BufferedImage.TYPE_INT_RGB);
            for (int row = 0; row < strengths.length; row++) {
                float s = strengths[row];
                List<Lora.Applied> stack = s == 0 ? List.of() : List.of(new Lora.Applied(lora, s));
                String p = s == 0 ? basePrompt : prompt;
                double sum = 0;
                List<Frame> frames = new ArrayList<>();
                for (int seed = 1; seed <= SEEDS; seed++) {
                    Frame f = model.generate(m, stack, p, "", seed, 1, 30, 7f, FlowSampler.Method.EULER, (i, n) -> { }).get(0);
                    frames.add(f);
                    sum += distance(f, motif);
                }
                for (int i = 0; i < frames.size(); i++) {
                    Frame f = frames.get(i);
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) grid.setRGB(i * 34 + 1 + x, row * 34 + 1 + y, f.pixels()[y * 32 + x]);
                    }
                }
                System.out.printf(Locale.ROOT, "%-28s mean distance to the nearest training image over %d seeds: %.1f levels%n",
                        s == 0 ? "base, \"" + basePrompt + "\"" : "LoRA " + s + ", \"" + prompt + "\"", SEEDS, sum / SEEDS);
            }
            ImageIO.write(grid, "png", images.resolveSibling(name + "-samples.png").toFile());
        }
    }

    /** Mean absolute difference over R, G, B (8-bit levels) to the nearest training image. */
    static double distance(Frame f, List<TrainingImages.Image> images) {
        double best = Double.MAX_VALUE;
        int s = FlowUnet.SIZE * FlowUnet.SIZE;
        for (TrainingImages.Image im : images) {
            double sum = 0;
            for (int i = 0; i < s; i++) {
                int px = f.pixels()[i];
                for (int c = 0; c < 3; c++) sum += Math.abs((px >> (16 - 8 * c) & 0xff) - (im.pixels()[c * s + i] + 1) / 2 * 255);
            }
            best = Math.min(best, sum / (3.0 * s));
        }
        return best;
    }
}
