package org.cinegraph.models;

import ai.djl.ndarray.NDManager;
import org.cinegraph.builtin.NodeHarness;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.models.esrgan.TestPackages;
import org.cinegraph.models.ncnn.NcnnNetwork;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.FrameStore;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in upscaler nodes with the real weights, installed through ModelLibrary.pull from the test package cache. */
class UpscaleNodesTest {
    @TempDir
    static Path libDir;
    @TempDir
    Path dir;
    private static ModelLibrary lib;
    private static ModelRuntime runtime;

    @BeforeAll
    static void install() throws Exception {
        lib = TestPackages.library(libDir.resolve("lib"), "esrgan-slim");
        runtime = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 256L << 20);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static Frame png(Path p) throws Exception {
        return Frame.fromBufferedImage(ImageIO.read(p.toFile()));
    }

    /** Mean absolute difference over R, G and B, in 8-bit steps. */
    private static double mae(Frame a, Frame b) {
        assertThat(a.width()).isEqualTo(b.width());
        assertThat(a.height()).isEqualTo(b.height());
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            int p = a.pixels()[i], q = b.pixels()[i];
            for (int sh = 0; sh <= 16; sh += 8) sum += Math.abs((p >> sh & 0xff) - (q >> sh & 0xff));
        }
        return sum / (3.0 * a.pixels().length);
    }

    @Test
    void esrganSlimX2MatchesThePackageSampleAndReportsProgressPerTile() throws Exception {
        Path pkg = TestPackages.unpacked("@upscalerjs/esrgan-slim", "1.0.0");
        UpscaleEsrgan node = new UpscaleEsrgan(() -> lib, () -> runtime);
        try (TestContext ctx = new TestContext(dir)) {
            Frame out = NodeHarness.image(node, ctx, Map.of("image", png(pkg.resolve("assets/fixture.png"))),
                    Map.of("variant", "slim", "scale", "2", "tile", 48L));
            double mae = mae(out, png(pkg.resolve("assets/samples/2x/result.png")));
            System.out.printf("Upscale (ESRGAN) slim x2 node vs result.png: MAE %.4f/255%n", mae);
            assertThat(mae).isLessThan(0.5);
            // 128x128 in tiles of 48: 3 x 3 tiles, one progress report each
            assertThat(ctx.progress).hasSize(9).endsWith(1.0);
        }
        // held by the runtime under model, weights digest and scale
        String digest = lib.require("esrgan-slim", null).manifest().digest();
        assertThat(runtime.loadedModels()).contains("esrgan-slim@" + digest + "/x2");
    }

    @Test
    void clipsAreUpscaledLazilyFrameByFrame() throws Exception {
        UpscaleEsrgan node = new UpscaleEsrgan(() -> lib, () -> runtime);
        AtomicInteger made = new AtomicInteger();
        Clip src = NodeHarness.countingClip(20, 12, 3, 24, made);
        try (TestContext ctx = new TestContext(dir)) {
            Clip out = (Clip) NodeHarness.run(node, ctx, Map.of("image", src), Map.of("scale", "2")).get("image");
            assertThat(made.get()).isZero();
            assertThat(out.frameCount()).isEqualTo(3);
            Frame f2 = out.frame(2);
            assertThat(f2.width()).isEqualTo(40);
            assertThat(f2.height()).isEqualTo(24);
            // a flat grey frame stays (nearly) that grey
            assertThat(Math.abs(NodeHarness.grey(f2) - 2)).isLessThanOrEqualTo(3);
            assertThat(made.get()).isLessThanOrEqualTo(2); // frame 0 for the size, frame 2 asked for
            ctx.cancelled.set(true);
            assertThatThrownBy(() -> out.frame(1)).isInstanceOf(CancelledException.class);
        }
    }

    @Test
    void missingModelNamesThePullCommand() throws Exception {
        ModelLibrary empty = new ModelLibrary(dir.resolve("empty"));
        UpscaleEsrgan node = new UpscaleEsrgan(() -> empty, () -> runtime);
        try (TestContext ctx = new TestContext(dir)) {
            assertThatThrownBy(() -> NodeHarness.image(node, ctx, Map.of("image", Frame.filled(8, 8, 0xff808080)), Map.of("variant", "medium")))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("node test1")
                    .hasMessageContaining("model 'esrgan-medium' is not installed")
                    .hasMessageContaining("run: ./cinegraph models pull esrgan-medium");
        }
    }

    @Test
    void mediumHasNoX8() throws Exception {
        UpscaleEsrgan node = new UpscaleEsrgan(() -> lib, () -> runtime);
        try (TestContext ctx = new TestContext(dir)) {
            assertThatThrownBy(() -> NodeHarness.image(node, ctx, Map.of("image", Frame.filled(8, 8, 0xff808080)), Map.of("variant", "medium", "scale", "8")))
                    .hasMessageContaining("node test1").hasMessageContaining("x8 with variant slim only");
        }
    }

    @Test
    void requiredModelsCarryTheDigestIntoTheGraphFile() throws Exception {
        NodeType node = NodeRegistry.standard().find(UpscaleEsrgan.TYPE).orElseThrow();
        assertThat(node.spec().category()).isEqualTo("Models");
        assertThat(node.spec().perFrame()).isTrue();
        assertThat(NodeRegistry.standard().find(UpscaleVideo.TYPE)).isPresent();
        String digest = lib.require("esrgan-slim", null).manifest().digest();
        assertThat(node.requiredModels(Map.of("variant", "slim", "scale", "4", "tile", 192L))).containsExactly(new ModelRef("esrgan-slim", digest));

        Graph g = Graph.of(List.of(
                GraphNode.of("solid1", "generate.solid", 1, "solid1", 0, 0).withParams(Map.of("width", 16L, "height", 8L)),
                GraphNode.of("up1", UpscaleEsrgan.TYPE, 1, "up1", 0, 0).withParams(Map.of("scale", "2")),
                GraphNode.of("save1", "output.image", 1, "save1", 0, 0)), List.of(
                Link.of("solid1", "image", "up1", "image"),
                Link.of("up1", "image", "save1", "image")));
        Path file = dir.resolve("g.cgraph");
        GraphFile.write(g, file, NodeRegistry.standard());
        assertThat(Files.readString(file)).contains("{\"name\": \"esrgan-slim\", \"sha256\": \"" + digest + "\"}");
    }

    @Test
    void upscaleVideoMatchesTheNetworkOnTheWholeFrame() throws Exception {
        ModelLibrary video = TestPackages.library(dir.resolve("video-lib"), UpscaleVideo.MODEL);
        UpscaleVideo node = new UpscaleVideo(() -> video, () -> runtime);
        int w = 40, h = 20;
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) px[i] = 0xff000000 | (i * 37 % 256) << 16 | (i * 91 % 256) << 8 | (i * 53 % 256);
        Frame src = new Frame(w, h, px);
        List<Double> progress = new ArrayList<>();
        Frame out;
        try (TestContext ctx = new TestContext(dir)) {
            out = NodeHarness.image(node, ctx, Map.of("image", src), Map.of("tile", 16L));
            progress.addAll(ctx.progress);
        }
        assertThat(progress).hasSize(6); // 40x20 in tiles of 16: 3 x 2
        Path param = video.require(UpscaleVideo.MODEL, null).file("realesr-animevideov3-x4.param");
        try (NDManager m = NDManager.newBaseManager(); NcnnNetwork net = NcnnNetwork.load(param, param.resolveSibling("realesr-animevideov3-x4.bin"), m)) {
            Frame whole = Tensors.toFrame(net.forward(Tensors.fromFrame(m, src, 1f)), 1f);
            assertThat(mae(out, whole)).isLessThan(0.01);
        }
    }

    /** Cancelling while a still is being upscaled stops it at the next tile. */
    @Test
    void cancellationIsCheckedBeforeEachTile() throws Exception {
        UpscaleEsrgan node = new UpscaleEsrgan(() -> lib, () -> runtime);
        try (TestContext base = new TestContext(dir)) {
            // cancels the render as soon as the first tile reports progress
            NodeContext ctx = new NodeContext() {
                @Override public String nodeId() { return base.nodeId(); }
                @Override public void progress(double f) { base.progress(f); base.cancelled.set(true); }
                @Override public void checkCancelled() { base.checkCancelled(); }
                @Override public boolean isCancelled() { return base.isCancelled(); }
                @Override public long seed() { return base.seed(); }
                @Override public Path tempDir() { return base.tempDir(); }
                @Override public Path resolveInput(String p) { return base.resolveInput(p); }
                @Override public Path resolveOutput(String name) throws NodeException { return base.resolveOutput(name); }
                @Override public Optional<FrameRange> frameRange() { return base.frameRange(); }
                @Override public Optional<FrameStore> frameStore() { return base.frameStore(); }
                @Override public void closeAtEnd(AutoCloseable r) { base.closeAtEnd(r); }
                @Override public void log(String message) { base.log(message); }
            };
            assertThatThrownBy(() -> NodeHarness.image(node, ctx, Map.of("image", Frame.filled(64, 64, 0xff808080)), Map.of("scale", "2", "tile", 16L)))
                    .isInstanceOf(CancelledException.class);
            assertThat(base.progress).containsExactly(1.0 / 16);
        }
    }
}
