package org.cinegraph.models;

import org.cinegraph.builtin.NodeHarness;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.models.textimage.TextToImageModel;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.NodeException;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text-to-image node with the weights the project trained (bundled in the catalogue, installed on first use). */
class TextToImageTest {
    @TempDir
    static Path libDir;
    @TempDir
    Path dir;
    private static ModelLibrary lib;
    private static ModelRuntime runtime;
    private static TextToImage node;

    @BeforeAll
    static void setUp() {
        lib = new ModelLibrary(libDir.resolve("lib"));
        runtime = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 256L << 20);
        node = new TextToImage(() -> lib, () -> runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private Map<String, Object> params(String prompt, long seed, Object... more) {
        Map<String, Object> p = new HashMap<>(Map.of("prompt", prompt, "seed", seed, "steps", 12L));
        for (int i = 0; i < more.length; i += 2) p.put((String) more[i], more[i + 1]);
        return p;
    }

    private Map<String, Object> run(TestContext ctx, Map<String, Object> params) throws Exception {
        return NodeHarness.run(node, ctx, Map.of(), params);
    }

    /** Mean absolute difference over R, G and B in 8-bit levels. */
    private static double meanDifference(Frame a, Frame b) {
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            for (int sh = 0; sh <= 16; sh += 8) sum += Math.abs((a.pixels()[i] >> sh & 0xff) - (b.pixels()[i] >> sh & 0xff));
        }
        return sum / (3.0 * a.pixels().length);
    }

    /** Mean R, G, B of the pixels that are not near-white background. */
    private static double[] inkColour(Frame f) {
        double[] sum = new double[3];
        int n = 0;
        for (int p : f.pixels()) {
            int r = p >> 16 & 0xff, g = p >> 8 & 0xff, b = p & 0xff;
            if (r > 225 && g > 225 && b > 225) continue;
            sum[0] += r;
            sum[1] += g;
            sum[2] += b;
            n++;
        }
        for (int i = 0; i < 3; i++) sum[i] /= Math.max(1, n);
        return sum;
    }

    @Test
    void theSameSeedGivesTheSameImageAndAnotherSeedADifferentOne() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            Frame a = (Frame) run(ctx, params("cat", 5)).get("image");
            Frame b = (Frame) run(ctx, params("cat", 5)).get("image");
            Frame c = (Frame) run(ctx, params("cat", 6)).get("image");
            assertThat(a.width()).isEqualTo(32);
            assertThat(a.height()).isEqualTo(32);
            assertThat(a.pixels()).isEqualTo(b.pixels());
            assertThat(Arrays.equals(a.pixels(), c.pixels())).isFalse();
        }
        // installed from the application's catalogue on first use, sha256 verified
        assertThat(lib.find("twemoji-flow")).isPresent();
        assertThat(lib.verify(lib.find("twemoji-flow").orElseThrow())).isEmpty();
    }

    @Test
    void imageIOfABatchMatchesTheImageOfSeedPlusIAndProgressComesPerStep() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            Map<String, Object> out = run(ctx, params("fire", 10, "batch", 3L, "sampler", "heun"));
            assertThat(ctx.progress).hasSize(12).endsWith(1.0);
            Clip batch = (Clip) out.get("images");
            assertThat(batch.frameCount()).isEqualTo(3);
            Frame third = (Frame) run(ctx, params("fire", 12, "sampler", "heun")).get("image");
            // Same noise; a batch of 3 runs other float kernels than a batch of 1, so equal up to rounding.
            double diff = meanDifference(batch.frame(2), third);
            System.out.printf("batch image 3 vs single seed 12: %.3f levels%n", diff);
            assertThat(diff).isLessThan(2.0);
            assertThat(((Frame) out.get("image")).pixels()).isEqualTo(batch.frame(0).pixels());
        }
    }

    @Test
    void promptsFromTheVocabularyGiveTheirColours() throws Exception {
        // Reference: the Twemoji artwork for "red heart" is red, for "smiling face" yellow (R, G high, B low).
        // The model is small and briefly trained (docs/text-to-image.md), so most seeds, not all, must show it.
        int red = 0;
        int yellow = 0;
        try (TestContext ctx = new TestContext(dir)) {
            for (long seed = 1; seed <= 6; seed++) {
                double[] heart = inkColour((Frame) run(ctx, params("red heart", seed, "steps", 30L)).get("image"));
                double[] face = inkColour((Frame) run(ctx, params("smiling face", seed, "steps", 30L)).get("image"));
                System.out.printf("seed %d: red heart ink %s, smiling face ink %s%n", seed, Arrays.toString(heart), Arrays.toString(face));
                if (heart[0] > heart[1] + 40 && heart[0] > heart[2] + 40) red++;
                if (face[0] > face[2] + 80 && face[1] > face[2] + 60) yellow++;
            }
        }
        assertThat(red).as("red hearts among 6 seeds").isGreaterThanOrEqualTo(4);
        assertThat(yellow).as("yellow smiling faces among 6 seeds").isGreaterThanOrEqualTo(5);
    }

    @Test
    void cancellingStopsBetweenSteps() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            TestContext counting = ctx;
            Thread t = new Thread(() -> {
                while (counting.progress.size() < 3) Thread.onSpinWait();
                counting.cancelled.set(true);
            });
            t.start();
            assertThatThrownBy(() -> run(ctx, params("rocket", 1, "steps", 200L))).isInstanceOf(CancelledException.class);
            t.join();
            assertThat(ctx.progress.size()).isBetween(3, 199);
        }
    }

    @Test
    void aPromptWithNoKnownWordIsAClearError() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            assertThatThrownBy(() -> run(ctx, params("xylophagous quokkas", 1)))
                    .isInstanceOf(NodeException.class).hasMessageContaining("test1").hasMessageContaining("knows none of the words");
        }
    }

    @Test
    void anOlderInstalledCopyOfTheShippedWeightsIsReplaced() throws Exception {
        ModelLibrary other = new ModelLibrary(dir.resolve("lib"));
        ModelLibrary.Installed m = other.require("twemoji-flow", "t2i1");
        // what an earlier version of the application would have installed: other weights, other manifest
        ModelManifest old = m.manifest();
        List<ModelManifest.FileEntry> files = List.of(new ModelManifest.FileEntry(TextToImageModel.WEIGHTS, "0".repeat(64), 1),
                old.files().get(1));
        Files.writeString(m.dir().resolve("manifest.json"), new ModelManifest(old.name(), "0.9.0", old.task(), old.format(), old.architecture(),
                old.description(), old.entry(), files, old.inputs(), old.outputs(), old.parameters(), old.licence(), old.source()).toJson());
        ModelLibrary.Installed again = other.requireCatalogued("twemoji-flow", "t2i1");
        assertThat(again.manifest().digest()).isEqualTo(ModelLibrary.catalogued("twemoji-flow").digest());
        assertThat(other.verify(again)).isEmpty();
    }

    @Test
    void aTamperedInstallIsRefusedByVerify() throws Exception {
        ModelLibrary other = new ModelLibrary(dir.resolve("lib"));
        ModelLibrary.Installed m = other.require("twemoji-flow", "t2i1");
        Path w = m.file(TextToImageModel.WEIGHTS);
        byte[] b = Files.readAllBytes(w);
        b[b.length - 1] ^= 1;
        Files.write(w, b);
        assertThat(other.verify(m)).anySatisfy(line -> assertThat(line).contains("weights.safetensors"));
        // and a render refuses it (the library verifies the weights before they are loaded)
        try (TestContext ctx = new TestContext(dir); ModelRuntime fresh = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 256L << 20)) {
            TextToImage tampered = new TextToImage(() -> other, () -> fresh);
            assertThatThrownBy(() -> NodeHarness.run(tampered, ctx, Map.of(), params("cat", 1)))
                    .hasMessageContaining("cannot be used").hasMessageContaining("weights.safetensors").hasMessageContaining("reinstall");
        }
    }
}
