package org.cinegraph.models;

import org.cinegraph.builtin.NodeHarness;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestNodeTest {
    private static ModelRuntime runtime;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        runtime = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 64L << 20);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private NodeType node(String name) throws ModelException {
        ModelLibrary lib = new ModelLibrary(ModelFixtures.library(dir.resolve("lib"), "gain", "swap-channels"));
        return new ManifestNode(lib.require(name, null), () -> lib, () -> runtime);
    }

    @Test
    void manifestBecomesANodeTypeThroughTheNodeTypeSource() {
        Path lib = ModelFixtures.library(dir.resolve("lib"), "gain", "swap-channels");
        String before = System.getProperty("cinegraph.models");
        System.setProperty("cinegraph.models", lib.toString());
        try {
            NodeRegistry registry = NodeRegistry.load(getClass().getClassLoader());
            NodeType gain = registry.find("model.gain").orElseThrow();
            assertThat(registry.find("model.swap-channels")).isPresent();
            assertThat(registry.find("filter.blur")).isPresent();
            assertThat(gain.spec().category()).isEqualTo("Models");
            assertThat(gain.spec().perFrame()).isTrue();
            assertThat(gain.spec().inputs()).singleElement().satisfies(p -> assertThat(p.type()).isEqualTo(DataType.IMAGE));
            assertThat(gain.spec().params()).extracting(p -> p.name() + ":" + p.type() + "=" + p.defaultValue())
                    .containsExactly("amount:NUMBER=1.0", "invert:BOOLEAN=false");
            assertThat(gain.spec().param("amount").orElseThrow().max()).isEqualTo(4.0);
            ModelManifest m = ((ManifestNode) gain).manifest();
            assertThat(gain.requiredModels(Map.of())).containsExactly(new ModelRef("gain", m.digest()));
        } finally {
            if (before == null) System.clearProperty("cinegraph.models");
            else System.setProperty("cinegraph.models", before);
        }
    }

    @Test
    void runsTheModelWithParametersAsTensorsAndKeepsAlpha() throws Exception {
        NodeType gain = node("gain");
        Frame src = Frame.filled(5, 4, 0x80_64_32_C8); // alpha 128, r 100, g 50, b 200
        try (TestContext ctx = new TestContext(dir)) {
            Frame half = NodeHarness.image(gain, ctx, Map.of("image", src), Map.of("amount", 0.5));
            assertThat(half.pixel(3, 2)).isEqualTo(0x80_32_19_64);
            Frame inverted = NodeHarness.image(gain, ctx, Map.of("image", src), Map.of("amount", 1.0, "invert", true));
            assertThat(inverted.pixel(0, 0)).isEqualTo(0x80_9B_CD_37);
            Frame swapped = NodeHarness.image(node("swap-channels"), ctx, Map.of("image", src), Map.of());
            assertThat(swapped.pixel(4, 3)).isEqualTo(0x80_C8_32_64);
        }
    }

    @Test
    void appliesPerFrameToClips() throws Exception {
        NodeType gain = node("gain");
        Clip clip = Clip.of(8, 8, Rational.of(24), 5, i -> Frame.filled(8, 8, 0xFF000000 | (i * 10) << 16));
        try (TestContext ctx = new TestContext(dir)) {
            Clip out = (Clip) NodeHarness.run(gain, ctx, Map.of("image", clip), Map.of("amount", 2.0)).get("image");
            assertThat(out.frameCount()).isEqualTo(5);
            assertThat(out.frame(3).pixel(1, 1)).isEqualTo(0xFF3C0000);
        }
    }

    @Test
    void missingModelAtRenderTimeSaysHowToPullIt() throws Exception {
        NodeType gain = node("gain");
        org.cinegraph.files.AtomicFiles.deleteTree(dir.resolve("lib/gain"));
        try (TestContext ctx = new TestContext(dir)) {
            assertThatThrownBy(() -> NodeHarness.image(gain, ctx, Map.of("image", Frame.filled(2, 2, -1)), Map.of()))
                    .hasMessageContaining("node test1").hasMessageContaining("./cinegraph models pull gain");
        }
    }

    /**
     * Hundreds of frames through a model node: after warm-up, Java heap and process RSS stay
     * flat (each frame's tensors are freed with its session). Thresholds are generous; a leak
     * of one frame's tensors per frame would be ~240 MB here.
     */
    @Test
    void memoryStaysFlatOverManyFrames() throws Exception {
        NodeType gain = node("gain");
        int w = 320, h = 240, frames = 400;
        Clip clip = Clip.of(w, h, Rational.of(24), frames, i -> Frame.filled(w, h, 0xFF000000 | (i % 256) << 8));
        try (TestContext ctx = new TestContext(dir)) {
            Clip out = (Clip) NodeHarness.run(gain, ctx, Map.of("image", clip), Map.of("amount", 0.5)).get("image");
            for (int i = 0; i < 50; i++) out.frame(i);
            long heap0 = usedHeap();
            long rss0 = rss();
            long t0 = System.nanoTime();
            // torch.round rounds halves to even, as Math.rint does
            for (int i = 50; i < frames; i++) assertThat(out.frame(i).pixel(0, 0) >> 8 & 255).isEqualTo((int) Math.rint((i % 256) * 0.5));
            double msPerFrame = (System.nanoTime() - t0) / 1e6 / (frames - 50);
            long heap1 = usedHeap();
            long rss1 = rss();
            System.out.printf("TorchScript node %dx%d: %.2f ms/frame; heap %d -> %d MB, RSS %d -> %d MB%n",
                    w, h, msPerFrame, heap0 >> 20, heap1 >> 20, rss0 >> 20, rss1 >> 20);
            assertThat(heap1 - heap0).isLessThan(48L << 20);
            if (rss0 > 0) assertThat(rss1 - rss0).isLessThan(96L << 20);
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) return -1;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        return -1;
    }

    @Test
    void aTileSectionIsRefusedWhereTilesCannotBeStitched() throws Exception {
        String json = new String(ManifestNodeTest.class.getResourceAsStream("/org/cinegraph/models/catalogue/blazeface-front.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String tiled = json.replaceFirst("\"node\"\\s*:\\s*\\{", "\"node\": {\"tile\": {\"size\": 64, \"overlap\": 8},");
        assertThatThrownBy(() -> ModelManifest.parse(tiled, "blazeface-front.json"))
                .hasMessageContaining("node: tile: only a model with one image input and image or mask outputs runs tile by tile");
        assertThat(ModelLibrary.catalogued("waifu2x-cunet").node().tile()).isEqualTo(new NodeSection.Tile(256, 18));
        assertThat(ModelLibrary.catalogued("realcugan-up2x").node().tile()).as("Real-CUGAN's gates differ per tile").isNull();
    }
}
