package org.cinegraph.models.textimage;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.cinegraph.media.Frame;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The training report's pictures: the loss curve and a grid of samples for fixed prompts and seeds. */
public final class TrainingReport {
    static final List<String> PROMPTS = List.of("red heart", "smiling face", "fire", "cat", "pizza", "rocket", "evergreen tree", "sun", "blue car", "ghost");
    static final long[] SEEDS = {1, 2, 3, 4, 5, 6};
    static final int STEPS = 30;
    static final float GUIDANCE = 7f;

    private TrainingReport() {
    }

    public static void main(String[] args) throws Exception {
        write(Path.of(args.length > 0 ? args[0] : "assets/models/twemoji-flow"), Path.of(args.length > 1 ? args[1] : "docs/text-to-image"));
    }

    static void write(Path model, Path report) throws IOException {
        writeManifest(model);
        lossCurve(report.resolve("loss.csv"), report.resolve("loss.png"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             TextToImageModel t2i = TextToImageModel.load(model, m)) {
            int cell = 96;
            int label = 150;
            BufferedImage grid = new BufferedImage(label + cell * SEEDS.length, cell * PROMPTS.size(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = grid.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
            long t0 = System.nanoTime();
            for (int r = 0; r < PROMPTS.size(); r++) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(PROMPTS.get(r), 8, r * cell + cell / 2 + 5);
                for (int c = 0; c < SEEDS.length; c++) {
                    Frame f = t2i.generate(m, PROMPTS.get(r), "", SEEDS[c], 1, STEPS, GUIDANCE, FlowSampler.Method.EULER, (i, n) -> { }).get(0);
                    g.drawImage(f.toBufferedImage(), label + c * cell, r * cell, cell, cell, null);
                }
            }
            g.dispose();
            double perImage = (System.nanoTime() - t0) / 1e9 / (PROMPTS.size() * SEEDS.length);
            ImageIO.write(grid, "png", report.resolve("samples.png").toFile());
            System.out.printf(Locale.ROOT, "samples: %.3f s per image (%d Euler steps, guidance %.1f, batch 1)%n", perImage, STEPS, GUIDANCE);
        }
    }

    /**
     * The catalogue entry for the trained weights (beside the model folder in assets/models), so
     * the application installs them verified by sha256 like any pulled model.
     */
    static void writeManifest(Path model) throws IOException {
        String name = model.getFileName().toString();
        List<ModelManifest.FileEntry> files = new ArrayList<>();
        for (String f : List.of(TextToImageModel.WEIGHTS, TextToImageModel.VOCABULARY)) {
            files.add(new ModelManifest.FileEntry(f, ModelLibrary.sha256(model.resolve(f)), Files.size(model.resolve(f))));
        }
        ModelManifest m = new ModelManifest(name, "1.2.0", "text-to-image", "cinegraph-flow",
                "flow-matching UNet, 32x32 RGB, 32/64/128 channels, bag-of-words prompt embedding with FiLM conditioning",
                "Small text-to-image model trained by the Cinegraph project on Twemoji (emoji-style 32x32 images from words in emoji names)",
                TextToImageModel.WEIGHTS, files, List.of(),
                List.of(new ModelManifest.TensorSpec("image", "NCHW", "RGB", 1.0, null)), List.of(),
                "weights: trained by the Cinegraph project (docs/text-to-image.md); training images: Twemoji, CC-BY 4.0",
                new ModelManifest.Source(null, null, name));
        TrainTextToImage.writeAtomically(model.resolveSibling(name + ".json"), o -> o.write(m.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void lossCurve(Path csv, Path png) throws IOException {
        List<double[]> pts = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            if (line.startsWith("step")) continue;
            String[] p = line.split(",");
            pts.add(new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])});
        }
        int w = 720;
        int h = 360;
        int left = 60;
        int bottom = 40;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double maxStep = pts.isEmpty() ? 1 : pts.get(pts.size() - 1)[0];
        double maxLoss = pts.stream().mapToDouble(p -> p[1]).sorted().skip(Math.max(0, pts.size() / 50)).findFirst().orElse(1);
        maxLoss = Math.max(maxLoss, pts.stream().skip(Math.min(pts.size(), 20)).mapToDouble(p -> p[1]).max().orElse(1));
        double lo = 0;
        g.setColor(Color.GRAY);
        g.drawLine(left, h - bottom, w - 10, h - bottom);
        g.drawLine(left, 10, left, h - bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 4; i++) {
            double v = lo + (maxLoss - lo) * i / 4;
            int y = (int) (h - bottom - (h - bottom - 10) * i / 4.0);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), 8, y + 4);
            g.drawString(String.format(Locale.ROOT, "%d", (long) (maxStep * i / 4)), left + (int) ((w - 10 - left) * i / 4.0) - 10, h - bottom + 16);
        }
        g.drawString("step", w / 2, h - 6);
        g.drawString("flow-matching loss (MSE): light = per step, dark = moving average", left + 10, 24);
        Path2D raw = new Path2D.Double();
        Path2D avg = new Path2D.Double();
        double s = Double.NaN;
        for (int i = 0; i < pts.size(); i++) {
            double x = left + (w - 10 - left) * pts.get(i)[0] / maxStep;
            double l = Math.min(pts.get(i)[1], maxLoss);
            s = Double.isNaN(s) ? l : s * 0.98 + l * 0.02;
            double y = h - bottom - (h - bottom - 10) * (l - lo) / (maxLoss - lo);
            double ys = h - bottom - (h - bottom - 10) * (s - lo) / (maxLoss - lo);
            if (i == 0) {
                raw.moveTo(x, y);
                avg.moveTo(x, ys);
            } else {
                raw.lineTo(x, y);
                avg.lineTo(x, ys);
            }
        }
        g.setColor(new Color(150, 180, 230));
        g.draw(raw);
        g.setColor(new Color(20, 60, 160));
        g.setStroke(new BasicStroke(2f));
        g.draw(avg);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
