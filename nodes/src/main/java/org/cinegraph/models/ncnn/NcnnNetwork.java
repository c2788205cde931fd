package org.cinegraph.models.ncnn;

import org.cinegraph.models.UpscalingNetwork;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ncnn model ({@code .param} + {@code .bin}) run with DJL ops. Supports the layer types of the
 * SRVGG-compact upscalers (realesr-animevideov3): Input, Split, Convolution, ReLU, PReLU,
 * PixelShuffle, Interp (nearest, integer scale) and BinaryOp; any other type is refused at load with
 * the file, line and type named. Blobs are NCHW float32 with batch 1 or more.
 */
public final class NcnnNetwork implements UpscalingNetwork {

    @FunctionalInterface
    private interface Op {
        NDArray[] apply(NDArray[] in);
    }

    private record Step(NcnnParam.Layer layer, Op op) {
    }

    private final NDManager weights;
    private final Path paramFile;
    private final List<Step> steps;
    private final String input;
    private final String output;
    /** Index of the last step that reads each blob, so blobs are freed as soon as possible. */
    private final Map<String, Integer> lastUse;
    private long macsPerInputPixel;
    private int scale = 1;

    private NcnnNetwork(NDManager weights, NcnnParam param, NcnnBin bin) throws IOException {
        this.weights = weights;
        this.paramFile = param.file();
        this.steps = new ArrayList<>();
        String in = null;
        for (NcnnParam.Layer l : param.layers()) {
            if (l.type().equals("Input")) {
                if (in != null || l.tops().size() != 1) {
                    throw new IOException(where(l) + ": only one single-blob Input layer is supported");
                }
                in = l.tops().get(0);
                continue;
            }
            steps.add(new Step(l, build(l, bin)));
        }
        bin.expectEnd();
        if (in == null || steps.isEmpty()) {
            throw new IOException(paramFile + ": no Input layer or no layers after it");
        }
        NcnnParam.Layer last = steps.get(steps.size() - 1).layer();
        if (last.tops().size() != 1) {
            throw new IOException(where(last) + ": the last layer must have exactly one output blob");
        }
        this.input = in;
        this.output = last.tops().get(0);
        this.lastUse = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            for (String b : steps.get(i).layer().bottoms()) {
                lastUse.put(b, i);
            }
        }
    }

    /** Loads {@code param} and {@code bin}; weights live in a sub-manager of {@code parent} until {@link #close()}. */
    public static NcnnNetwork load(Path param, Path bin, NDManager parent) throws IOException {
        NcnnParam p = NcnnParam.read(param);
        NcnnBin b = new NcnnBin(bin);
        NDManager m = parent.newSubManager();
        try {
            return new NcnnNetwork(m, p, b);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private String where(NcnnParam.Layer l) {
        return paramFile + ": line " + l.line() + " (" + l.type() + " " + l.name() + ")";
    }

    private void arity(NcnnParam.Layer l, int bottoms, int tops) throws IOException {
        if (l.bottoms().size() != bottoms || (tops >= 0 && l.tops().size() != tops)) {
            throw new IOException(where(l) + ": expected " + bottoms + " input(s) and " + (tops < 0 ? "some" : tops)
                    + " output(s)");
        }
    }

    private Op build(NcnnParam.Layer l, NcnnBin bin) throws IOException {
        switch (l.type()) {
            case "Split": {
                arity(l, 1, -1);
                int n = l.tops().size();
                return in -> {
                    NDArray[] out = new NDArray[n];
                    for (int i = 0; i < n; i++) {
                        out[i] = in[0];
                    }
                    return out;
                };
            }
            case "Convolution":
                arity(l, 1, 1);
                return convolution(l, bin);
            case "ReLU": {
                arity(l, 1, 1);
                float slope = l.floatParam(0, 0f);
                return in -> new NDArray[] {slope == 0f ? Activation.relu(in[0]) : Activation.leakyRelu(in[0], slope)};
            }
            case "PReLU": {
                arity(l, 1, 1);
                int n = l.intParam(0, 1);
                float[] slopes = bin.raw(n, l.name() + " slopes");
                NDArray s = weights.create(slopes, n == 1 ? new Shape(1) : new Shape(1, n, 1, 1));
                return in -> new NDArray[] {in[0].maximum(0f).addi(in[0].minimum(0f).muli(s))};
            }
            case "PixelShuffle": {
                arity(l, 1, 1);
                int r = l.intParam(0, 1);
                if (l.intParam(1, 0) != 0) {
                    throw new IOException(where(l) + ": PixelShuffle mode " + l.intParam(1, 0)
                            + " not supported (only 0, PyTorch channel order)");
                }
                scale *= r;
                return in -> new NDArray[] {pixelShuffle(in[0], r)};
            }
            case "Interp":
                arity(l, 1, 1);
                return interp(l);
            case "BinaryOp":
                return binary(l);
            default:
                throw new IOException(where(l) + ": unsupported layer type " + l.type());
        }
    }

    private Op convolution(NcnnParam.Layer l, NcnnBin bin) throws IOException {
        int out = l.intParam(0, 0);
        int kw = l.intParam(1, 0);
        int kh = l.intParam(11, kw);
        int dw = l.intParam(2, 1), dh = l.intParam(12, dw);
        int sw = l.intParam(3, 1), sh = l.intParam(13, sw);
        int pl = l.intParam(4, 0), pt = l.intParam(14, pl), pr = l.intParam(15, pl), pb = l.intParam(16, pt);
        boolean bias = l.intParam(5, 0) != 0;
        int size = l.intParam(6, 0);
        if (l.intParam(8, 0) != 0) {
            throw new IOException(where(l) + ": int8 convolution not supported");
        }
        int act = l.intParam(9, 0);
        if (act != 0 && act != 1) {
            throw new IOException(where(l) + ": fused activation type " + act + " not supported (only none and ReLU)");
        }
        if (pl == -233 || pl == -234) {
            // ncnn's SAME padding: with stride 1 and odd kernels it is symmetric.
            if (sw != 1 || sh != 1 || kw % 2 == 0 || kh % 2 == 0) {
                throw new IOException(where(l) + ": SAME padding only supported for stride 1 and odd kernels");
            }
            pl = pr = dw * (kw - 1) / 2;
            pt = pb = dh * (kh - 1) / 2;
        }
        if (pl != pr || pt != pb || pl < 0 || pt < 0) {
            throw new IOException(where(l) + ": asymmetric padding " + pl + "," + pt + "," + pr + "," + pb + " not supported");
        }
        if (out <= 0 || kw <= 0 || size <= 0 || size % (out * kw * kh) != 0) {
            throw new IOException(where(l) + ": weight_data_size " + size + " does not fit " + out + " outputs of "
                    + kw + "x" + kh);
        }
        int in = size / (out * kw * kh);
        float[] w = bin.tagged(size, l.name() + " weights");
        NDArray weight = weights.create(w, new Shape(out, in, kh, kw));
        NDArray b = bias ? weights.create(bin.raw(out, l.name() + " bias")) : null;
        // MACs per pixel of this layer's input grid; exact for stride 1, which is all these models use.
        macsPerInputPixel += (long) size * scale * scale;
        Shape stride = new Shape(sh, sw), pad = new Shape(pt, pl), dil = new Shape(dh, dw);
        boolean relu = act == 1;
        return x -> {
            NDArray y = Conv2d.conv2d(x[0], weight, b, stride, pad, dil).singletonOrThrow();
            return new NDArray[] {relu ? Activation.relu(y) : y};
        };
    }

    private Op interp(NcnnParam.Layer l) throws IOException {
        int type = l.intParam(0, 0);
        float hs = l.floatParam(1, 1f), ws = l.floatParam(2, 1f);
        if (type != 1) {
            throw new IOException(where(l) + ": Interp resize_type " + type + " not supported (only 1, nearest)");
        }
        if (l.params().containsKey(3) || l.params().containsKey(4) || hs != Math.rint(hs) || ws != Math.rint(ws)
                || hs < 1 || ws < 1) {
            throw new IOException(where(l) + ": Interp supported only with integer scale factors >= 1");
        }
        int ih = (int) hs, iw = (int) ws;
        return in -> {
            Shape s = in[0].getShape();
            long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
            return new NDArray[] {in[0].reshape(n, c, h, 1, w, 1).broadcast(n, c, h, ih, w, iw)
                    .reshape(n, c, h * ih, w * iw)};
        };
    }

    private Op binary(NcnnParam.Layer l) throws IOException {
        int op = l.intParam(0, 0);
        boolean scalar = l.intParam(1, 0) != 0;
        float b = l.floatParam(2, 0f);
        arity(l, scalar ? 1 : 2, 1);
        if (op < 0 || op > 3) {
            throw new IOException(where(l) + ": BinaryOp op_type " + op + " not supported (only add, sub, mul, div)");
        }
        return in -> {
            NDArray x = in[0];
            if (scalar) {
                return new NDArray[] {op == 0 ? x.add(b) : op == 1 ? x.sub(b) : op == 2 ? x.mul(b) : x.div(b)};
            }
            NDArray y = in[1];
            return new NDArray[] {op == 0 ? x.add(y) : op == 1 ? x.sub(y) : op == 2 ? x.mul(y) : x.div(y)};
        };
    }

    /** [N, C*r*r, H, W] -> [N, C, H*r, W*r], channel c*r*r + i*r + j going to offset (i, j): PyTorch's order. */
    static NDArray pixelShuffle(NDArray x, int r) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1) / ((long) r * r), h = s.get(2), w = s.get(3);
        return x.reshape(n, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * r, w * r);
    }

    /** Overall upscaling factor (product of the PixelShuffle factors). */
    public int scale() {
        return scale;
    }

    /** Convolution multiply-accumulates per input pixel. */
    public long macsPerInputPixel() {
        return macsPerInputPixel;
    }

    /**
     * Input pixels of context an output pixel depends on: the sum of the convolution radii (all at
     * input resolution in SRVGG). Tiles overlapping by this much match the untiled result.
     */
    public int receptiveRadius() {
        int r = 0;
        int s = 1;
        for (Step st : steps) {
            NcnnParam.Layer l = st.layer();
            if (l.type().equals("Convolution")) {
                int k = Math.max(l.intParam(1, 0), l.intParam(11, l.intParam(1, 0)));
                int d = Math.max(l.intParam(2, 1), l.intParam(12, l.intParam(2, 1)));
                r += (d * (k - 1) / 2 + s - 1) / s;
            } else if (l.type().equals("PixelShuffle")) {
                s *= l.intParam(0, 1);
            }
        }
        return r;
    }

    /**
     * Runs the model on {@code x} (bound to the Input blob). Intermediates are freed as soon as their
     * last reader has run; the output belongs to {@code x}'s manager.
     */
    public NDArray forward(NDArray x) {
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(scope);
            Map<String, NDArray> blobs = new HashMap<>();
            blobs.put(input, in);
            for (int i = 0; i < steps.size(); i++) {
                Step st = steps.get(i);
                List<String> bottoms = st.layer().bottoms();
                NDArray[] args = new NDArray[bottoms.size()];
                for (int j = 0; j < args.length; j++) {
                    args[j] = blobs.get(bottoms.get(j));
                    if (args[j] == null) {
                        throw new IllegalStateException(where(st.layer()) + ": input blob " + bottoms.get(j)
                                + " is not produced by an earlier layer");
                    }
                }
                NDArray[] outs = st.op().apply(args);
                for (int j = 0; j < outs.length; j++) {
                    blobs.put(st.layer().tops().get(j), outs[j]);
                }
                for (String b : bottoms) {
                    if (lastUse.get(b) == i) {
                        NDArray a = blobs.remove(b);
                        // Split hands the same array to several blobs; close only what nothing holds any more.
                        if (a != null && !containsSame(outs, a) && !containsSame(blobs.values().toArray(new NDArray[0]), a)) {
                            a.close();
                        }
                    }
                }
            }
            NDArray out = blobs.get(output);
            out.attach(caller);
            return out;
        }
    }

    private static boolean containsSame(NDArray[] arrays, NDArray a) {
        for (NDArray o : arrays) {
            if (o == a) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        weights.close();
    }
}
