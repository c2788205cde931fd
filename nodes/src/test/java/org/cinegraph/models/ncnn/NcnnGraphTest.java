package org.cinegraph.models.ncnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The generic layers of {@link NcnnGraph} on small synthetic graphs, against values computed directly in Java. */
class NcnnGraphTest {
    private static NDManager manager;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private NcnnGraph graph(String layers, int count, float[]... blobs) throws Exception {
        Path param = dir.resolve("g.param");
        Files.writeString(param, "7767517\n" + count + " 20\n" + layers);
        int bytes = 0;
        for (float[] b : blobs) bytes += b.length * 4 + 4;
        ByteBuffer buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean tagged = true;
        for (float[] b : blobs) {
            if (b == null) continue;
            if (tagged) buf.putInt(NcnnBin.TAG_FP32);
            for (float v : b) buf.putFloat(v);
            tagged = !tagged; // weights (tagged) then bias (raw), per layer
        }
        Path bin = dir.resolve("g.bin");
        Files.write(bin, java.util.Arrays.copyOf(buf.array(), buf.position()));
        return NcnnGraph.load(param, bin, manager);
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) r.nextGaussian();
        return f;
    }

    /** ncnn's deconvolution written out: scatter x[i][y][x] * w[o][i][ky][kx] to (y*s + ky - p, x*s + kx - p). */
    private static float[] naiveDeconv(float[] x, int in, int h, int w, float[] wt, float[] bias, int out, int k, int s, int p) {
        int oh = (h - 1) * s + k - 2 * p, ow = (w - 1) * s + k - 2 * p;
        float[] y = new float[out * oh * ow];
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < oh * ow; j++) y[o * oh * ow + j] = bias[o];
            for (int i = 0; i < in; i++)
                for (int yy = 0; yy < h; yy++)
                    for (int xx = 0; xx < w; xx++)
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++) {
                                int ty = yy * s + ky - p, tx = xx * s + kx - p;
                                if (ty < 0 || tx < 0 || ty >= oh || tx >= ow) continue;
                                y[(o * oh + ty) * ow + tx] += x[(i * h + yy) * w + xx] * wt[((o * in + i) * k + ky) * k + kx];
                            }
        }
        return y;
    }

    @Test
    void deconvolutionMatchesTheScatterDefinition() throws Exception {
        int in = 3, out = 2, h = 5, w = 4;
        // RIFE's shape (k4 s2 p1) and two others that exercise uneven phases and larger padding
        for (int[] ksp : new int[][] {{4, 2, 1}, {3, 2, 0}, {5, 3, 2}}) {
            int k = ksp[0], s = ksp[1], p = ksp[2];
            float[] wt = random(out * in * k * k, k), bias = {0.5f, -0.25f};
            try (NcnnGraph g = graph("Input in0 0 1 x\nDeconvolution d 1 1 x y 0=" + out + " 1=" + k + " 3=" + s + " 4=" + p
                    + " 5=1 6=" + wt.length + "\n", 2, wt, bias); NDManager m = manager.newSubManager()) {
                float[] x = random(in * h * w, 7);
                NDArray y = g.run(Map.of("x", m.create(x, new Shape(1, in, h, w))), "y");
                int oh = (h - 1) * s + k - 2 * p, ow = (w - 1) * s + k - 2 * p;
                assertThat(y.getShape()).isEqualTo(new Shape(1, out, oh, ow));
                float[] want = naiveDeconv(x, in, h, w, wt, bias, out, k, s, p);
                float[] got = y.toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    assertThat(got[i]).as("k%d s%d p%d element %d", k, s, p, i).isCloseTo(want[i], within(1e-4f));
                }
            }
        }
    }

    @Test
    void bilinearInterpBothAlignments() throws Exception {
        // A 1x1x1x4 row [0, 10, 20, 30] resized to 8 across:
        //  align_corner 0: source x = (d + 0.5) / 2 - 0.5 clamped at 0 -> 0, 0.25, 0.75, ..., 3.25 (clamped to 3)
        //  align_corner 1: source x = d * 3 / 7
        try (NcnnGraph g = graph("Input in0 0 1 x\nSplit s 1 2 x a b\nInterp i0 1 1 a y0 0=2 1=1.0 2=2.0\n"
                + "Interp i1 1 1 b y1 0=2 1=1.0 2=2.0 6=1\n", 4); NDManager m = manager.newSubManager()) {
            NDArray x = m.create(new float[] {0, 10, 20, 30}, new Shape(1, 1, 1, 4));
            Map<String, NDArray> out = g.run(Map.of("x", x), List.of("y0", "y1"));
            assertThat(out.get("y0").toFloatArray()).containsExactly(0f, 2.5f, 7.5f, 12.5f, 17.5f, 22.5f, 27.5f, 30f);
            float[] y1 = out.get("y1").toFloatArray();
            for (int d = 0; d < 8; d++) assertThat(y1[d]).isCloseTo(d * 30f / 7, within(1e-4f));
            // halving averages pixel pairs (source x = 2d + 0.5)
            assertThat(NcnnGraph.bilinear(x, 1, 2, false).toFloatArray()).containsExactly(5f, 25f);
        }
    }

    @Test
    void cropEltwiseAndReverseOps() throws Exception {
        String layers = "Input in0 0 1 x\nSplit s 1 3 x a b c\n"
                + "Crop c1 1 1 a ch -23309=1,1 -23310=1,3 -23311=1,0\n"       // channels 1..2
                + "Crop c2 1 1 b lo -23309=1,0 -23310=1,1 -23311=1,0\n"       // channel 0
                + "Eltwise e 2 1 ch lo sum 0=1 -23301=2,1.0,4.0\n"            // ch + 4 * lo (broadcast over channels)
                + "BinaryOp r 1 1 c inv 0=7 1=1 2=1.0\n";                     // 1 - x
        try (NcnnGraph g = graph(layers, 6); NDManager m = manager.newSubManager()) {
            NDArray x = m.create(new float[] {1, 2, 3}, new Shape(1, 3, 1, 1));
            Map<String, NDArray> out = g.run(Map.of("x", x), List.of("ch", "sum", "inv"));
            assertThat(out.get("ch").toFloatArray()).containsExactly(2f, 3f);
            assertThat(out.get("sum").toFloatArray()).containsExactly(6f, 7f);
            assertThat(out.get("inv").toFloatArray()).containsExactly(0f, -1f, -2f);
            // the caller's input is untouched and still open
            assertThat(x.toFloatArray()).containsExactly(1f, 2f, 3f);
        }
    }

    @Test
    void missingInputsAndUnknownBlobsAreNamed() throws Exception {
        try (NcnnGraph g = graph("Input in0 0 1 x\nInput in1 0 1 z\nBinaryOp add 2 1 x z y 0=0\n", 3); NDManager m = manager.newSubManager()) {
            assertThat(g.inputs()).containsExactly("x", "z");
            NDArray x = m.zeros(new Shape(1, 1, 2, 2));
            assertThatThrownBy(() -> g.run(Map.of("x", x), "y")).hasMessageContaining("input z is needed but was not given");
            assertThatThrownBy(() -> g.run(Map.of("x", x), "nope")).hasMessageContaining("no blob named nope");
            assertThat(g.run(Map.of("x", x), "x").getShape()).isEqualTo(new Shape(1, 1, 2, 2)); // only what is needed runs
        }
    }
}
