package org.cinegraph.models.esrgan;

import org.cinegraph.models.UpscalingNetwork;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The residual dense network of UpscalerJS's esrgan-slim / esrgan-medium packages (one folder per
 * scale: {@code model.json} + shards), run with DJL ops. Input and output are NCHW RGB in 0..255
 * (the network is trained on unnormalised values); the output is clipped to 0..255.
 */
public final class EsrganNetwork implements UpscalingNetwork {

    /** A "same"-padded, stride-1 convolution with weights already in DJL's [out, in, kh, kw] layout. */
    private record Conv(NDArray weight, NDArray bias, int kernel) {
        NDArray apply(NDArray x) {
            int p = kernel / 2;
            return Conv2d.conv2d(x, weight, bias, new Shape(1, 1), new Shape(p, p)).singletonOrThrow();
        }

        long macsPerPixel() {
            return weight.getShape().size();
        }
    }

    private final NDManager weights;
    private final Path folder;
    private final int scale;
    private final Conv fm1;
    private final Conv f0;
    private final List<Conv> dense;
    private final List<Conv> fusion;
    private final Conv gff1;
    /** GFF_1 split by input block: slice d takes block d's 64 channels (bias only on slice 0). */
    private final List<Conv> gff1Slices;
    private final Conv gff2;
    private final Conv upn1;
    private final Conv upn2;
    private final Conv upn3;
    /** SR conv folded with the nearest upsampling before it: a low-resolution conv to 3*s^2 phases. */
    private final Conv srPhases;

    private EsrganNetwork(NDManager weights, Path folder, TfjsWeights w) throws IOException {
        this.weights = weights;
        this.folder = folder;
        fm1 = conv(w, "F_m1");
        f0 = conv(w, "F_0");
        dense = new ArrayList<>();
        fusion = new ArrayList<>();
        for (int d = 1; w.tensors().containsKey("LFF_" + d + "/kernel"); d++) {
            dense.add(conv(w, "F_" + d + "_1"));
            fusion.add(conv(w, "LFF_" + d));
        }
        if (dense.isEmpty()) {
            throw new IOException(w.modelJson() + ": no residual dense blocks (LFF_1 missing); not an ESRGAN RDN model");
        }
        gff1 = conv(w, "GFF_1");
        gff1Slices = sliceInputs(gff1, dense.size(), w);
        gff2 = conv(w, "GFF_2");
        upn1 = conv(w, "UPN1");
        upn2 = conv(w, "UPN2");
        upn3 = conv(w, "UPN3");
        Conv sr = conv(w, "SR");
        long upOut = upn3.weight.getShape().get(0);
        int s = (int) Math.round(Math.sqrt(upOut / 3.0));
        if (s * s * 3L != upOut) {
            throw new IOException(w.modelJson() + ": UPN3 has " + upOut + " outputs, not 3*s^2");
        }
        int declared = upsamplingSize(w.topology());
        if (declared != 0 && declared != s) {
            throw new IOException(w.modelJson() + ": UpSampling2D size " + declared + " does not match UPN3 (" + s + ")");
        }
        if (sr.weight.getShape().get(1) != upOut || sr.kernel != 3 || sr.weight.getShape().get(0) != 3) {
            throw new IOException(w.modelJson() + ": SR must be a 3x3 conv from UPN3's " + upOut + " channels to RGB");
        }
        scale = s;
        srPhases = foldUpsampling(sr, s);
        sr.weight.close();
        sr.bias.close();
    }

    /**
     * SR is a 3x3 conv over the nearest-upsampled UPN3 output. Output pixel (s*i + py, s*j + px) only
     * sees low-resolution rows i-1..i+1 and columns j-1..j+1 (tap dy reads row i + floor((py + dy - 1) / s)),
     * so each of the s^2 output phases is a 3x3 conv on the low-resolution map whose taps are sums of
     * SR's taps. Stacking the phases as 3*s^2 output channels in PyTorch pixel-shuffle order gives the
     * same result without ever building the 3*s^2-channel map at full resolution, which was most of
     * the time and memory (a 3-output conv over a huge map is also the slowest shape for oneDNN).
     */
    private Conv foldUpsampling(Conv sr, int s) {
        int in = (int) sr.weight.getShape().get(1);
        float[] k = sr.weight.toFloatArray();
        float[] bias = sr.bias.toFloatArray();
        int phases = s * s;
        float[] f = new float[3 * phases * in * 9];
        float[] fb = new float[3 * phases];
        for (int o = 0; o < 3; o++) {
            for (int py = 0; py < s; py++) {
                for (int px = 0; px < s; px++) {
                    int oc = (o * s + py) * s + px;
                    fb[oc] = bias[o];
                    for (int c = 0; c < in; c++) {
                        for (int dy = 0; dy < 3; dy++) {
                            int ey = Math.floorDiv(py + dy - 1, s) + 1;
                            for (int dx = 0; dx < 3; dx++) {
                                int ex = Math.floorDiv(px + dx - 1, s) + 1;
                                f[((oc * in + c) * 3 + ey) * 3 + ex] += k[((o * in + c) * 3 + dy) * 3 + dx];
                            }
                        }
                    }
                }
            }
        }
        return new Conv(weights.create(f, new Shape(3L * phases, in, 3, 3)), weights.create(fb), 3);
    }

    /** Loads the model in {@code folder}; its weights live in a sub-manager of {@code parent} until {@link #close()}. */
    public static EsrganNetwork load(Path folder, NDManager parent) throws IOException {
        TfjsWeights w = TfjsWeights.read(folder);
        NDManager m = parent.newSubManager();
        try {
            return new EsrganNetwork(m, folder, w);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private Conv conv(TfjsWeights w, String layer) throws IOException {
        TfjsWeights.Tensor k = w.require(layer + "/kernel");
        TfjsWeights.Tensor b = w.require(layer + "/bias");
        long[] s = k.shape();
        if (s.length != 4 || s[0] != s[1] || s[0] % 2 == 0 || b.shape().length != 1 || b.shape()[0] != s[3]) {
            throw new IOException(w.modelJson() + ": " + layer + " kernel shape " + java.util.Arrays.toString(s)
                    + " / bias " + java.util.Arrays.toString(b.shape()) + " is not a square odd [kh, kw, in, out] kernel");
        }
        int kh = (int) s[0], kw = (int) s[1], in = (int) s[2], out = (int) s[3];
        // TF.js [kh, kw, in, out] -> DJL/PyTorch [out, in, kh, kw]; done once at load so every conv runs on contiguous weights.
        float[] src = k.data();
        float[] dst = new float[src.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    int base = ((y * kw + x) * in + i) * out;
                    for (int o = 0; o < out; o++) {
                        dst[((o * in + i) * kh + y) * kw + x] = src[base + o];
                    }
                }
            }
        }
        return new Conv(weights.create(dst, new Shape(out, in, kh, kw)), weights.create(b.data()), kh);
    }

    /**
     * GFF_1 (1x1) over concat[LRL_1..LRL_D] equals the sum of per-block 1x1 convs with the matching
     * input slices, so each block output can be folded in as soon as it exists and freed after the
     * next block: memory stays flat in D and the D-map concat copy disappears.
     */
    private List<Conv> sliceInputs(Conv c, int parts, TfjsWeights w) throws IOException {
        Shape s = c.weight.getShape();
        long in = s.get(1);
        if (c.kernel != 1 || in % parts != 0) {
            throw new IOException(w.modelJson() + ": GFF_1 is not a 1x1 conv over " + parts + " equal blocks");
        }
        long each = in / parts;
        List<Conv> out = new ArrayList<>(parts);
        for (int d = 0; d < parts; d++) {
            NDArray slice = c.weight.get(new NDIndex(":, {}:{}", d * each, (d + 1) * each))
                    .duplicate();
            slice.attach(weights);
            out.add(new Conv(slice, d == 0 ? c.bias : null, 1));
        }
        return out;
    }

    private static int upsamplingSize(JsonNode topology) {
        for (JsonNode layer : topology.path("model_config").path("config").path("layers")) {
            if ("UpSampling2D".equals(layer.path("class_name").asText())) {
                return layer.path("config").path("size").path(0).asInt(0);
            }
        }
        return 0;
    }

    public int scale() {
        return scale;
    }

    /** Number of residual dense blocks (slim 2, medium 10). */
    public int blocks() {
        return dense.size();
    }

    public Path folder() {
        return folder;
    }

    /**
     * How many input pixels of context an output pixel depends on (sum of the kernel radii along the
     * deepest path). Tiles overlapping by this much give the same result as the whole frame.
     */
    public int receptiveRadius() {
        int r = fm1.kernel / 2 + f0.kernel / 2 + gff1.kernel / 2 + gff2.kernel / 2
                + upn1.kernel / 2 + upn2.kernel / 2 + upn3.kernel / 2;
        for (int d = 0; d < dense.size(); d++) {
            r += dense.get(d).kernel / 2 + fusion.get(d).kernel / 2;
        }
        // SR (folded with the upsampling) reaches one low-resolution pixel further.
        return r + srPhases.kernel / 2;
    }

    /** Multiply-accumulates per input pixel (SR counted at each of its scale^2 output pixels). */
    public long macsPerInputPixel() {
        long m = fm1.macsPerPixel() + f0.macsPerPixel() + gff1.macsPerPixel() + gff2.macsPerPixel()
                + upn1.macsPerPixel() + upn2.macsPerPixel() + upn3.macsPerPixel();
        for (int d = 0; d < dense.size(); d++) {
            m += dense.get(d).macsPerPixel() + fusion.get(d).macsPerPixel();
        }
        // 3*s^2 x 3*s^2 x 9: the same count as SR's 3 x 3*s^2 x 9 at each of the s^2 output pixels.
        return m + srPhases.macsPerPixel();
    }

    /**
     * Runs the network on {@code x} ([N, 3, H, W] float32, RGB 0..255). Intermediates live in a scope
     * closed before returning; the result [N, 3, H*s, W*s] belongs to {@code x}'s manager.
     */
    public NDArray forward(NDArray x) {
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(scope);
            // Each intermediate is closed once used, so a tile's peak memory is a handful of 64-channel
            // maps whatever the number of blocks, not every map of the forward pass.
            NDArray first = fm1.apply(in);
            in.close();
            NDArray prev = f0.apply(first);
            NDArray fused = null;
            for (int d = 0; d < dense.size(); d++) {
                NDArray grown = relu(dense.get(d).apply(prev));
                NDArray joined = prev.concat(grown, 1);
                grown.close();
                NDArray next = fusion.get(d).apply(joined).addi(prev);
                joined.close();
                prev.close();
                NDArray part = gff1Slices.get(d).apply(next);
                if (fused == null) {
                    fused = part;
                } else {
                    fused.addi(part);
                    part.close();
                }
                prev = next;
            }
            prev.close();
            NDArray g = gff2.apply(fused).addi(first);
            fused.close();
            first.close();
            NDArray y = relu(upn1.apply(g));
            g.close();
            NDArray y2 = relu(upn2.apply(y));
            y.close();
            NDArray up = upn3.apply(y2);
            y2.close();
            NDArray phases = srPhases.apply(up);
            up.close();
            NDArray out = pixelShuffle(phases, scale).clip(0f, 255f);
            out.attach(caller);
            return out;
        }
    }

    /** ReLU that frees its input. */
    private static NDArray relu(NDArray x) {
        NDArray y = Activation.relu(x);
        x.close();
        return y;
    }

    /** [N, C*s*s, H, W] -> [N, C, H*s, W*s]; channel (c*s + py)*s + px goes to offset (py, px). */
    static NDArray pixelShuffle(NDArray x, int s) {
        Shape sh = x.getShape();
        long n = sh.get(0), c = sh.get(1) / ((long) s * s), h = sh.get(2), w = sh.get(3);
        return x.reshape(n, c, s, s, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * s, w * s);
    }

    @Override
    public void close() {
        weights.close();
    }
}
