package org.cinegraph.models;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

import java.util.Locale;
import java.util.Random;

/**
 * PyTorch's CPU convolutions (oneDNN's AVX2 and AVX-512 kernels) have given wrong sums on some
 * machines: on a 2-core AMD EPYC sandbox that reports no cache sizes, every 3x3 convolution over
 * 17 to 47 input channels not a multiple of 16 was off by whole units (ESRGAN x3 pictures wrong,
 * LoRA gradients NaN now and then). oneDNN capped at SSE4.1 ({@code ONEDNN_MAX_CPU_ISA=SSE41},
 * read when the process starts; the launcher and the test build set it on such machines) is right.
 * One small convolution checked against plain Java, once per process, tells such a machine apart,
 * so that models stop with a one-line error rather than paint wrong pixels.
 */
public final class ConvolutionCheck {
    private static final String ISA = "ONEDNN_MAX_CPU_ISA";
    private static String failure;
    private static boolean checked;

    private ConvolutionCheck() {
    }

    /** Throws when PyTorch's convolutions are wrong in this process (checked on the first call). */
    public static synchronized void verify() throws ModelException {
        if (!checked) {
            failure = check();
            checked = true;
        }
        if (failure != null) throw new ModelException(failure);
    }

    private static String check() {
        double worst = 0;
        // shapes seen wrong (the fault needs input channels past a multiple of 16 and a map of some size)
        for (int[] shape : new int[][] {{17, 16, 40}, {27, 27, 40}}) worst = Math.max(worst, error(shape[0], shape[1], shape[2]));
        if (worst < 1e-3) return null;
        String isa = System.getenv(ISA);
        return String.format(Locale.ROOT, "PyTorch's convolutions give wrong results on this CPU (off by %.2f in a check against plain Java%s); "
                + "start Cinegraph with %s=SSE41 (the cinegraph launcher does so where the CPU reports no cache sizes)",
                worst, isa == null ? "" : ", with " + ISA + "=" + isa, ISA);
    }

    /** The largest difference between PyTorch's 3x3 convolution and plain Java's on random data. */
    private static double error(int c, int oc, int size) {
        Random rnd = new Random(c);
        float[] x = new float[c * size * size];
        float[] k = new float[oc * c * 9];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < k.length; i++) k[i] = (float) rnd.nextGaussian();
        float[] got;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            got = Conv2d.conv2d(m.create(x, new Shape(1, c, size, size)), m.create(k, new Shape(oc, c, 3, 3)), m.zeros(new Shape(oc)),
                    new Shape(1, 1), new Shape(1, 1)).singletonOrThrow().toFloatArray();
        }
        double worst = 0;
        for (int o = 0; o < oc; o++) {
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    double sum = 0;
                    for (int ci = 0; ci < c; ci++) {
                        for (int dy = 0; dy < 3; dy++) {
                            for (int dx = 0; dx < 3; dx++) {
                                int y = i + dy - 1;
                                int xx = j + dx - 1;
                                if (y >= 0 && y < size && xx >= 0 && xx < size) sum += x[(ci * size + y) * size + xx] * k[((o * c + ci) * 3 + dy) * 3 + dx];
                            }
                        }
                    }
                    double d = Math.abs(got[(o * size + i) * size + j] - sum);
                    if (!(d <= worst)) worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                }
            }
        }
        return worst;
    }
}
