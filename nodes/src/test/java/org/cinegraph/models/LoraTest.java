package org.cinegraph.models;

import org.cinegraph.builtin.NodeHarness;
import org.cinegraph.media.Frame;
import org.cinegraph.models.textimage.Lora;
import org.cinegraph.models.textimage.LoraTrainer;
import org.cinegraph.models.textimage.TrainingImages;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LoRAs of the project's text-to-image model: trained here on a motif the base model never saw
 * (drawn below), kept in the library with their manifest, applied through Load LoRA nodes.
 */
class LoraTest {
    @TempDir
    static Path dir;
    private static ModelLibrary lib;
    private static ModelRuntime runtime;
    private static TextToImage t2i;
    private static LoadLora load;
    private static LoraTrainer.Result trained;
    private static List<TrainingImages.Image> motif;
    /** Few steps keep the test quick; the measured run (docs/text-to-image.md) trains longer. */
    private static final int STEPS = 60;

    /** The motif: a thick violet ring around a yellow dot, a little larger or smaller and off centre from image to image. */
    static void drawMotif(Path folder, int count) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int r = 20 + (i % 4) * 2;
            int cx = 32 + (i % 3) - 1;
            int cy = 32 + (i / 3 % 3) - 1;
            g.setColor(new Color(0x6A1B9A));
            g.setStroke(new BasicStroke(9));
            g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
            g.setColor(new Color(0xFDD835));
            g.fillOval(cx - 7, cy - 7, 14, 14);
            g.dispose();
            ImageIO.write(img, "png", folder.resolve(String.format("zorb-%02d.png", i)).toFile());
        }
    }

    @BeforeAll
    static void train() throws Exception {
        lib = new ModelLibrary(dir.resolve("lib"));
        runtime = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 256L << 20);
        t2i = new TextToImage(() -> lib, () -> runtime);
        load = new LoadLora(() -> lib);
        drawMotif(dir.resolve("motif"), 8);
        motif = TrainingImages.readFolder(dir.resolve("motif"));
        trained = LoraTrainer.train(lib, new LoraTrainer.Options("twemoji-flow", dir.resolve("motif"), "a zorb", "zorb", 4, 4, STEPS, 4, 0.005f, 1, false),
                (s, n, loss, left) -> { }, () -> false);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static Map<String, Object> params(String prompt, long seed) {
        return new HashMap<>(Map.of("prompt", prompt, "seed", seed, "steps", 12L));
    }

    private static Frame image(TestContext ctx, LoraStack stack, String prompt, long seed) throws Exception {
        Map<String, Object> inputs = stack == null ? Map.of() : Map.of("loras", stack);
        return (Frame) NodeHarness.run(t2i, ctx, inputs, params(prompt, seed)).get("image");
    }

    private static LoraStack stack(TestContext ctx, String name, double strength, LoraStack before) throws Exception {
        Map<String, Object> inputs = before == null ? Map.of() : Map.of("loras", before);
        return (LoraStack) NodeHarness.run(load, ctx, inputs, Map.of("lora", name, "strength", strength)).get("loras");
    }

    /** Mean absolute difference (8-bit levels) to the nearest training image. */
    static double distanceToMotif(Frame f, List<TrainingImages.Image> images) {
        double best = Double.MAX_VALUE;
        int s = 32 * 32;
        for (TrainingImages.Image im : images) {
            double sum = 0;
            for (int i = 0; i < s; i++) {
                int p = f.pixels()[i];
                for (int c = 0; c < 3; c++) {
                    double want = (im.pixels()[c * s + i] + 1) / 2 * 255;
                    sum += Math.abs((p >> (16 - 8 * c) & 0xff) - want);
                }
            }
            best = Math.min(best, sum / (3.0 * s));
        }
        return best;
    }

    @Test
    void theTrainedLoraIsInTheLibraryWithItsManifestAndVerifies() throws Exception {
        ModelLibrary.Installed l = trained.installed();
        assertThat(l.dir()).isEqualTo(lib.userDir().resolve("zorb"));
        ModelManifest m = ModelManifest.read(l.dir().resolve("manifest.json"));
        assertThat(m.isLora()).isTrue();
        assertThat(m.lora().base()).isEqualTo("twemoji-flow");
        assertThat(m.lora().baseDigest()).isEqualTo(ModelLibrary.catalogued("twemoji-flow").digest());
        assertThat(m.lora().rank()).isEqualTo(4);
        assertThat(m.lora().steps()).isEqualTo(STEPS);
        assertThat(m.lora().triggerWords()).containsExactly("zorb");
        assertThat(m.lora().images()).containsExactlyElementsOf(motif.stream().map(TrainingImages.Image::sha256).toList());
        assertThat(m.lora().targets()).contains("in.w", "mid.conv1.w", "text.proj.w");
        assertThat(m.files()).extracting(ModelManifest.FileEntry::path).contains(Lora.WEIGHTS);
        assertThat(lib.verify(l)).isEmpty();
        assertThat(Files.exists(LoraTrainer.checkpointFolder(lib, "zorb"))).isFalse();
        assertThat(load.requiredModels(Map.of("lora", "zorb"))).containsExactly(new ModelRef("zorb", m.digest()));
    }

    @Test
    void strengthZeroIsTheBaseModelBitForBitAndTheLoraDrawsTheMotif() throws Exception {
        double base = 0;
        double adapted = 0;
        try (TestContext ctx = new TestContext(dir)) {
            LoraStack off = stack(ctx, "zorb", 0, null);
            LoraStack on = stack(ctx, "zorb", 1, null);
            for (long seed = 1; seed <= 4; seed++) {
                Frame plain = image(ctx, null, "zorb ring", seed);
                assertThat(image(ctx, off, "zorb ring", seed).pixels()).isEqualTo(plain.pixels());
                Frame withLora = image(ctx, on, "zorb", seed);
                assertThat(withLora.pixels()).isNotEqualTo(plain.pixels());
                // the base model cannot read "zorb": its closest description in words it knows is the baseline
                base += distanceToMotif(image(ctx, null, "purple circle", seed), motif);
                adapted += distanceToMotif(withLora, motif);
            }
            // two LoRAs at strength 0 in a chain are still the base model
            LoraStack twoOff = stack(ctx, "zorb", 0, off);
            assertThat(image(ctx, twoOff, "red heart", 3).pixels()).isEqualTo(image(ctx, null, "red heart", 3).pixels());
        }
        System.out.printf("distance to the motif over 4 seeds: base %.1f, with the LoRA %.1f levels%n", base / 4, adapted / 4);
        assertThat(adapted).isLessThan(base * 0.9);
    }

    @Test
    void theSameImagesCaptionAndSeedTrainTheSameLoraBitForBit() throws Exception {
        // the LoRA scale once went through a scalar DJL frees before the backward pass reads it: trainings drifted apart
        // or went NaN whenever the garbage collector released its memory in between, as it does here all the time
        Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        collector.setDaemon(true);
        collector.start();
        LoraTrainer.Result again;
        try {
            again = LoraTrainer.train(lib, new LoraTrainer.Options("twemoji-flow", dir.resolve("motif"), "a zorb", "zorb-again", 4, 4, STEPS, 4,
                    0.005f, 1, false), (s, n, loss, left) -> { }, () -> false);
        } finally {
            collector.interrupt();
            collector.join();
        }
        assertThat(again.losses()).isEqualTo(trained.losses()).allMatch(Float::isFinite);
        assertThat(Files.readAllBytes(again.installed().dir().resolve(Lora.WEIGHTS)))
                .isEqualTo(Files.readAllBytes(trained.installed().dir().resolve(Lora.WEIGHTS)));
    }

    @Test
    void aDivergingTrainingStopsWithOneLineInsteadOfInstallingNaN() {
        LoraTrainer.Options wild = new LoraTrainer.Options("twemoji-flow", dir.resolve("motif"), "zorb", "zorb-wild", 2, 2, 30, 2, 1e9f, 1, false);
        assertThatThrownBy(() -> LoraTrainer.train(lib, wild, (s, n, loss, left) -> { }, () -> false))
                .isInstanceOf(ModelException.class).hasMessageStartingWith("LoRA zorb-wild diverged at step").hasMessageContaining("lower --lr");
        assertThat(lib.find("zorb-wild")).isEmpty();
    }

    @Test
    void aCancelledTrainingLeavesACheckpointThatResumes() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        LoraTrainer.Options first = new LoraTrainer.Options("twemoji-flow", dir.resolve("motif"), "zorb", "zorb-resumed", 2, 2, 12, 2, 0.003f, 5, false);
        LoraTrainer.Result stopped = LoraTrainer.train(lib, first, (s, n, loss, left) -> steps.set(s), () -> steps.get() >= 5);
        assertThat(stopped.cancelled()).isTrue();
        assertThat(stopped.step()).isEqualTo(5);
        assertThat(lib.find("zorb-resumed")).isEmpty();
        assertThat(stopped.checkpoint().resolve("checkpoint.safetensors")).exists();
        // the checkpoint holds the optimiser's moments of every trained tensor, so the resume goes on where it stopped
        java.util.Set<String> saved;
        try (java.io.InputStream in = Files.newInputStream(stopped.checkpoint().resolve("checkpoint.safetensors"))) {
            saved = org.cinegraph.models.Safetensors.read(in, "checkpoint").tensors().keySet();
        }
        List<String> trained = saved.stream().filter(k -> !k.startsWith("adam.")).toList();
        assertThat(trained).isNotEmpty();
        assertThat(saved).hasSize(3 * trained.size()).containsAll(trained.stream().map(k -> "adam.mean:" + k).toList())
                .containsAll(trained.stream().map(k -> "adam.variance:" + k).toList());
        List<Integer> seen = new ArrayList<>();
        LoraTrainer.Options again = new LoraTrainer.Options("twemoji-flow", dir.resolve("motif"), "zorb", "zorb-resumed", 2, 2, 12, 2, 0.003f, 5, true);
        LoraTrainer.Result done = LoraTrainer.train(lib, again, (s, n, loss, left) -> seen.add(s), () -> false);
        assertThat(seen.get(0)).isEqualTo(6);
        assertThat(done.losses()).hasSize(12);
        assertThat(lib.find("zorb-resumed")).isPresent();
        // a resume with another caption is refused rather than mixing two trainings
        LoraTrainer.Result again2 = LoraTrainer.train(lib, first, (s, n, loss, left) -> steps.set(s + 100), () -> steps.get() >= 103);
        assertThat(again2.cancelled()).isTrue();
        LoraTrainer.Options other = new LoraTrainer.Options("twemoji-flow", dir.resolve("motif"), "blue zorb", "zorb-resumed", 2, 2, 12, 2, 0.003f, 5, true);
        assertThatThrownBy(() -> LoraTrainer.train(lib, other, (s, n, loss, left) -> { }, () -> false))
                .hasMessageContaining("another base model, caption, image set or rank");
    }

    @Test
    void loadLoraNamesWhatIsWrong() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            assertThatThrownBy(() -> stack(ctx, "nope", 1, null)).hasMessageContaining("LoRA 'nope' is not in the model library");
            lib.require("twemoji-flow", null);
            assertThatThrownBy(() -> stack(ctx, "twemoji-flow", 1, null)).hasMessageContaining("not a LoRA");
            // a LoRA of other weights is refused by Text to Image, naming both digests
            ModelLibrary.Installed z = lib.find("zorb").orElseThrow();
            ModelManifest m = z.manifest();
            ModelManifest.LoraSection l = m.lora();
            ModelManifest other = new ModelManifest("zorb-old", m.version(), m.task(), m.format(), m.architecture(), m.description(), m.entry(),
                    m.files(), m.inputs(), m.outputs(), m.parameters(), m.licence(), null, null, null,
                    new ModelManifest.LoraSection(l.base(), "0".repeat(64), l.rank(), l.alpha(), l.targets(), l.triggerWords(), l.images(), l.steps(), null));
            Path staged = lib.stagingFolder("zorb-old");
            for (ModelManifest.FileEntry f : m.files()) Files.copy(z.file(f.path()), staged.resolve(f.path()));
            lib.install(other, staged);
            LoraStack old = stack(ctx, "zorb-old", 1, null);
            assertThatThrownBy(() -> image(ctx, old, "zorb", 1)).hasMessageContaining("adapts twemoji-flow (weights digest 0000");
            // a LoRA file changed after install is refused
            Path w = lib.find("zorb-old").orElseThrow().file(Lora.WEIGHTS);
            byte[] b = Files.readAllBytes(w);
            b[b.length - 1] ^= 1;
            Files.write(w, b);
            assertThatThrownBy(() -> stack(ctx, "zorb-old", 1, null)).hasMessageContaining("cannot be used");
        }
    }
}
