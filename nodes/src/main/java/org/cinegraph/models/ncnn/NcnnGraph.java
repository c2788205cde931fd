package org.cinegraph.models.ncnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A generic ncnn graph ({@code .param} + {@code .bin}) run with DJL ops: any number of named Input
 * blobs, any blob extractable by name (only the layers it needs run, as ncnn's extractor does).
 * Blobs are NCHW float32 (ncnn's c, h, w plus a batch axis; ncnn axis 0 is the channel axis).
 *
 * <p>Layer types: Input, Split, Concat, Crop (starts/ends/axes arrays, or to a second blob's size),
 * global Pooling, InnerProduct, Scale (see {@link NcnnVectorLayers}), Convolution (fused none,
 * ReLU, leaky ReLU, clip, sigmoid), Deconvolution, ReLU (leaky), PReLU, Sigmoid, PixelShuffle,
 * Interp (nearest with integer factors; bilinear with any size, align_corner both ways), BinaryOp
 * (add, sub, mul, div, max, min, pow, rsub, rdiv; scalar or broadcast) and Eltwise (prod, sum with
 * coefficients, max). Types an application registers itself (ncnn's custom layers, e.g. RIFE's
 * {@code rife.Warp}) come in through {@link LayerFactory}. Any other type is refused at load with
 * the file, line and type named.
 */
public final class NcnnGraph implements AutoCloseable {

    /** A layer's computation: its bottom blobs in .param order to its top blobs. */
    @FunctionalInterface
    public interface Op {
        NDArray[] apply(NDArray[] in);
    }

    /**
     * Builds an application-defined layer type from its .param line (like ncnn's
     * register_custom_layer). Custom layers read no weights from the .bin.
     */
    @FunctionalInterface
    public interface LayerFactory {
        Op build(NcnnParam.Layer layer) throws IOException;
    }

    private record Step(NcnnParam.Layer layer, Op op) {
    }

    private final NDManager weights;
    private final Path paramFile;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    /** Which step writes each blob. */
    private final Map<String, Integer> producer = new HashMap<>();

    private NcnnGraph(NDManager weights, NcnnParam param, NcnnBin bin, Map<String, LayerFactory> custom) throws IOException {
        this.weights = weights;
        this.paramFile = param.file();
        for (NcnnParam.Layer l : param.layers()) {
            Op op;
            if (l.type().equals("Input")) {
                arity(l, 0, 1);
                inputs.add(l.tops().get(0));
                op = null;
            } else if (custom.containsKey(l.type())) {
                op = custom.get(l.type()).build(l);
            } else {
                op = build(l, bin);
            }
            for (String top : l.tops()) {
                if (producer.put(top, steps.size()) != null) {
                    throw new IOException(where(l) + ": blob " + top + " is written by an earlier layer too");
                }
            }
            for (String b : l.bottoms()) {
                if (!producer.containsKey(b)) throw new IOException(where(l) + ": input blob " + b + " is not produced by an earlier layer");
            }
            steps.add(new Step(l, op));
        }
        bin.expectEnd();
        if (inputs.isEmpty()) throw new IOException(paramFile + ": no Input layer");
    }

    /** Loads {@code param} and {@code bin}; weights live in a sub-manager of {@code parent} until {@link #close()}. */
    public static NcnnGraph load(Path param, Path bin, NDManager parent) throws IOException {
        return load(param, bin, parent, Map.of());
    }

    /** As {@link #load(Path, Path, NDManager)}, with application-defined layer types by type name. */
    public static NcnnGraph load(Path param, Path bin, NDManager parent, Map<String, LayerFactory> custom) throws IOException {
        NcnnParam p = NcnnParam.read(param);
        NcnnBin b = new NcnnBin(bin);
        NDManager m = parent.newSubManager();
        try {
            return new NcnnGraph(m, p, b, custom);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public Path paramFile() {
        return paramFile;
    }

    /** Names of the Input blobs, in .param order. */
    public List<String> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    /** The layers, in .param order (Input layers included). */
    public List<NcnnParam.Layer> layers() {
        List<NcnnParam.Layer> out = new ArrayList<>();
        for (Step s : steps) out.add(s.layer());
        return out;
    }

    /** The top blob of the last layer (what a single-output model gives). */
    public String lastBlob() {
        NcnnParam.Layer last = steps.get(steps.size() - 1).layer();
        return last.tops().get(last.tops().size() - 1);
    }

    String where(NcnnParam.Layer l) {
        return paramFile + ": line " + l.line() + " (" + l.type() + " " + l.name() + ")";
    }

    private void arity(NcnnParam.Layer l, int bottoms, int tops) throws IOException {
        if ((bottoms >= 0 && l.bottoms().size() != bottoms) || (tops >= 0 && l.tops().size() != tops)) {
            throw new IOException(where(l) + ": expected " + (bottoms < 0 ? "some" : bottoms) + " input(s) and "
                    + (tops < 0 ? "some" : tops) + " output(s)");
        }
    }

    /** Runs what {@code output} needs and returns it (attached to the first input's manager). */
    public NDArray run(Map<String, NDArray> in, String output) {
        return run(in, List.of(output)).get(output);
    }

    /**
     * Binds {@code in} (by Input blob name; every Input the outputs depend on must be given), runs
     * only the layers the requested blobs depend on, and returns them. Intermediates are freed as soon
     * as their last reader has run; the caller's inputs are never closed. Results belong to the
     * manager of the first given input.
     */
    public Map<String, NDArray> run(Map<String, NDArray> in, Collection<String> outputs) {
        if (in.isEmpty()) throw new IllegalArgumentException(paramFile + ": no inputs given");
        // Layers needed, walking back from the outputs.
        boolean[] needed = new boolean[steps.size()];
        List<String> pending = new ArrayList<>(outputs);
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String blob = pending.remove(pending.size() - 1);
            if (!seen.add(blob)) continue;
            Integer s = producer.get(blob);
            if (s == null) throw new IllegalArgumentException(paramFile + ": no blob named " + blob);
            if (!needed[s]) {
                needed[s] = true;
                pending.addAll(steps.get(s).layer().bottoms());
            }
        }
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) if (needed[i]) for (String b : steps.get(i).layer().bottoms()) lastUse.put(b, i);
        NDManager caller = in.values().iterator().next().getManager();
        Set<String> wanted = new HashSet<>(outputs);
        try (NDManager scope = caller.newSubManager()) {
            Map<String, NDArray> blobs = new HashMap<>();
            for (int i = 0; i < steps.size(); i++) {
                if (!needed[i]) continue;
                Step st = steps.get(i);
                NcnnParam.Layer l = st.layer();
                if (st.op() == null) {
                    String name = l.tops().get(0);
                    NDArray x = in.get(name);
                    if (x == null) {
                        throw new IllegalArgumentException(paramFile + ": input " + name + " is needed but was not given (inputs: "
                                + inputs + ")");
                    }
                    // A copy in the run's scope: the caller's array is never attached elsewhere or closed.
                    NDArray own = x.duplicate();
                    own.attach(scope);
                    blobs.put(name, own);
                    continue;
                }
                NDArray[] args = new NDArray[l.bottoms().size()];
                for (int j = 0; j < args.length; j++) args[j] = blobs.get(l.bottoms().get(j));
                NDArray[] outs;
                // The layer's temporaries land in tmp (results go to their operands' manager) and are freed
                // after it; its outputs move to the scope, and the arguments go back there when tmp closes.
                try (NDManager tmp = scope.newSubManager()) {
                    for (NDArray a : args) a.tempAttach(tmp);
                    outs = st.op().apply(args);
                    for (NDArray o : outs) o.attach(scope);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(where(l) + ": " + e.getMessage(), e);
                }
                for (int j = 0; j < outs.length; j++) blobs.put(l.tops().get(j), outs[j]);
                for (String b : l.bottoms()) {
                    if (lastUse.get(b) == i && !wanted.contains(b)) {
                        NDArray a = blobs.remove(b);
                        // Split hands one array to several blobs; close only what nothing holds any more.
                        if (a != null && !containsSame(outs, a) && !containsSame(blobs.values().toArray(new NDArray[0]), a)) a.close();
                    }
                }
            }
            Map<String, NDArray> result = new LinkedHashMap<>();
            for (String o : outputs) {
                NDArray a = blobs.get(o);
                a.attach(caller);
                result.put(o, a);
            }
            return result;
        }
    }

    private static boolean containsSame(NDArray[] arrays, NDArray a) {
        for (NDArray o : arrays) if (o == a) return true;
        return false;
    }

    @Override
    public void close() {
        weights.close();
    }

    private Op build(NcnnParam.Layer l, NcnnBin bin) throws IOException {
        switch (l.type()) {
            case "Split" -> {
                arity(l, 1, -1);
                int n = l.tops().size();
                return in -> {
                    NDArray[] out = new NDArray[n];
                    for (int i = 0; i < n; i++) out[i] = in[0];
                    return out;
                };
            }
            case "Concat" -> {
                arity(l, -1, 1);
                int axis = blobAxis(l, l.intParam(0, 0));
                return in -> new NDArray[] {in.length == 1 ? in[0] : NDArrays.concat(new NDList(in), axis)};
            }
            case "Crop" -> {
                if (l.bottoms().size() == 2) {
                    arity(l, 2, 1);
                    return NcnnVectorLayers.cropToReference(l);
                }
                arity(l, 1, 1);
                return crop(l);
            }
            case "Pooling" -> {
                arity(l, 1, 1);
                return NcnnVectorLayers.pooling(l, where(l));
            }
            case "InnerProduct" -> {
                arity(l, 1, 1);
                return NcnnVectorLayers.innerProduct(l, bin, weights, where(l), activation(l, l.intParam(9, 0), l.floatArray(10)));
            }
            case "Scale" -> {
                arity(l, -1, 1);
                return NcnnVectorLayers.scale(l, bin, weights, where(l));
            }
            case "Convolution" -> {
                arity(l, 1, 1);
                return convolution(l, bin, false);
            }
            case "Deconvolution" -> {
                arity(l, 1, 1);
                return convolution(l, bin, true);
            }
            case "ReLU" -> {
                arity(l, 1, 1);
                float slope = l.floatParam(0, 0f);
                return in -> new NDArray[] {slope == 0f ? Activation.relu(in[0]) : Activation.leakyRelu(in[0], slope)};
            }
            case "PReLU" -> {
                arity(l, 1, 1);
                int n = l.intParam(0, 1);
                float[] slopes = bin.raw(n, l.name() + " slopes");
                NDArray s = weights.create(slopes, n == 1 ? new Shape(1) : new Shape(1, n, 1, 1));
                return in -> new NDArray[] {in[0].maximum(0f).addi(in[0].minimum(0f).muli(s))};
            }
            case "Sigmoid" -> {
                arity(l, 1, 1);
                return in -> new NDArray[] {Activation.sigmoid(in[0])};
            }
            case "PixelShuffle" -> {
                arity(l, 1, 1);
                int r = l.intParam(0, 1);
                if (l.intParam(1, 0) != 0) {
                    throw new IOException(where(l) + ": PixelShuffle mode " + l.intParam(1, 0)
                            + " not supported (only 0, PyTorch channel order)");
                }
                return in -> new NDArray[] {pixelShuffle(in[0], r)};
            }
            case "Interp" -> {
                arity(l, 1, 1);
                return interp(l);
            }
            case "BinaryOp" -> {
                return binary(l);
            }
            case "Eltwise" -> {
                arity(l, -1, 1);
                return eltwise(l);
            }
            default -> throw new IOException(where(l) + ": unsupported layer type " + l.type());
        }
    }

    /** ncnn axis of a c,h,w blob (negative counts from the end) to the NCHW axis. */
    private int blobAxis(NcnnParam.Layer l, int axis) throws IOException {
        int a = axis < 0 ? axis + 3 : axis;
        if (a < 0 || a > 2) throw new IOException(where(l) + ": axis " + axis + " not supported (blobs are c, h, w)");
        return a + 1;
    }

    private Op crop(NcnnParam.Layer l) throws IOException {
        if (!l.hasArray(9) || !l.hasArray(10)) throw new IOException(where(l) + ": Crop is supported only with starts/ends arrays (-23309, -23310)");
        int[] starts = l.intArray(9), ends = l.intArray(10), axes = l.hasArray(11) ? l.intArray(11) : new int[] {0, 1, 2};
        if (starts.length != ends.length || axes.length < starts.length) {
            throw new IOException(where(l) + ": Crop starts, ends and axes differ in length");
        }
        int[] dims = new int[starts.length];
        for (int i = 0; i < dims.length; i++) dims[i] = blobAxis(l, axes[i]);
        return in -> {
            Shape s = in[0].getShape();
            StringBuilder idx = new StringBuilder();
            for (int d = 0; d < 4; d++) {
                long from = 0, to = s.get(d);
                for (int i = 0; i < dims.length; i++) {
                    if (dims[i] == d) {
                        long size = s.get(d);
                        from = starts[i] < 0 ? starts[i] + size : starts[i];
                        to = ends[i] < 0 ? ends[i] + size : Math.min(ends[i], size);
                    }
                }
                idx.append(d == 0 ? "" : ",").append(from).append(':').append(to);
            }
            return new NDArray[] {in[0].get(new NDIndex(idx.toString()))};
        };
    }

    private Op convolution(NcnnParam.Layer l, NcnnBin bin, boolean transposed) throws IOException {
        int out = l.intParam(0, 0);
        int kw = l.intParam(1, 0);
        int kh = l.intParam(11, kw);
        int dw = l.intParam(2, 1), dh = l.intParam(12, dw);
        int sw = l.intParam(3, 1), sh = l.intParam(13, sw);
        int pl = l.intParam(4, 0), pt = l.intParam(14, pl), pr = l.intParam(15, pl), pb = l.intParam(16, pt);
        boolean bias = l.intParam(5, 0) != 0;
        int size = l.intParam(6, 0);
        if (l.intParam(8, 0) != 0) throw new IOException(where(l) + ": int8 " + l.type() + " not supported");
        if (transposed && (l.intParam(7, 1) != 1 || l.intParam(18, 0) != 0 || l.intParam(19, 0) != 0
                || l.params().containsKey(20) || l.params().containsKey(21))) {
            throw new IOException(where(l) + ": Deconvolution with groups, output padding or output size not supported");
        }
        UnaryOperator<NDArray> act = activation(l, l.intParam(9, 0), l.floatArray(10));
        if (!transposed && (pl == -233 || pl == -234)) {
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
        NDArray b = bias ? weights.create(bin.raw(out, l.name() + " bias")) : null;
        if (!transposed) {
            NDArray weight = weights.create(w, new Shape(out, in, kh, kw));
            Shape stride = new Shape(sh, sw), pad = new Shape(pt, pl), dil = new Shape(dh, dw);
            return x -> new NDArray[] {act.apply(Conv2d.conv2d(x[0], weight, b, stride, pad, dil).singletonOrThrow())};
        }
        if (dh != 1 || dw != 1 || sh != sw) {
            throw new IOException(where(l) + ": Deconvolution supported only without dilation and with equal strides");
        }
        // DJL's PyTorch engine has no transposed convolution, so it runs as s*s phase convolutions in one:
        // ncnn's deconvolution (weights [out, in, kh, kw]) scatters input pixel (i, j) times tap (y, x) to
        // output (i*s + y - pad, j*s + x - pad), like PyTorch's ConvTranspose2d. Before the padding is cut,
        // output row a*s + r is the sum over j of input row a - j times tap r + j*s: a plain convolution of
        // the input (padded by J - 1, J = ceil(k / s) taps per phase) for each phase r, whose results
        // interleave by pixel shuffle. The phase kernels are rearranged from the weights here, once.
        int jh = (kh + sh - 1) / sh, jw = (kw + sw - 1) / sw;
        float[] k = new float[sh * sw * out * in * jh * jw];
        for (int o = 0; o < out; o++) {
            for (int rh = 0; rh < sh; rh++) {
                for (int rw = 0; rw < sw; rw++) {
                    int oc = (o * sh + rh) * sw + rw;
                    for (int i = 0; i < in; i++) {
                        for (int th = 0; th < jh; th++) {
                            int ky = rh + (jh - 1 - th) * sh;
                            for (int tw = 0; tw < jw; tw++) {
                                int kx = rw + (jw - 1 - tw) * sw;
                                if (ky < kh && kx < kw) k[((oc * in + i) * jh + th) * jw + tw] = w[((o * in + i) * kh + ky) * kw + kx];
                            }
                        }
                    }
                }
            }
        }
        NDArray phases = weights.create(k, new Shape(sh * sw * out, in, jh, jw));
        NDArray phaseBias = b == null ? null : b.reshape(out, 1).repeat(1, sh * sw).reshape(sh * sw * out);
        Shape one = new Shape(1, 1), q = new Shape(jh - 1, jw - 1);
        int cropT = pt, cropL = pl, s = sh;
        return x -> {
            Shape xs = x[0].getShape();
            long oh = (xs.get(2) - 1) * s + kh - 2L * cropT, ow = (xs.get(3) - 1) * s + kw - 2L * cropL;
            NDArray full = pixelShuffle(Conv2d.conv2d(x[0], phases, phaseBias, one, q, one).singletonOrThrow(), s);
            return new NDArray[] {act.apply(full.get(new NDIndex(":, :, {}:{}, {}:{}", cropT, cropT + oh, cropL, cropL + ow)))};
        };
    }

    /** ncnn's fused activations (activation_type, activation_params). */
    private UnaryOperator<NDArray> activation(NcnnParam.Layer l, int type, float[] params) throws IOException {
        return switch (type) {
            case 0 -> x -> x;
            case 1 -> Activation::relu;
            case 2 -> {
                float slope = params.length > 0 ? params[0] : 0f;
                yield x -> Activation.leakyRelu(x, slope);
            }
            case 3 -> {
                if (params.length < 2) throw new IOException(where(l) + ": clip activation without min and max");
                float lo = params[0], hi = params[1];
                yield x -> x.clip(lo, hi);
            }
            case 4 -> Activation::sigmoid;
            default -> throw new IOException(where(l) + ": fused activation type " + type
                    + " not supported (only none, ReLU, leaky ReLU, clip and sigmoid)");
        };
    }

    private Op interp(NcnnParam.Layer l) throws IOException {
        int type = l.intParam(0, 0);
        float hs = l.floatParam(1, 1f), ws = l.floatParam(2, 1f);
        int oh = l.intParam(3, 0), ow = l.intParam(4, 0);
        boolean align = l.intParam(6, 0) != 0;
        if (l.intParam(5, 0) != 0) throw new IOException(where(l) + ": Interp dynamic_target_size not supported");
        if (type == 1) {
            if (oh != 0 || ow != 0 || hs != Math.rint(hs) || ws != Math.rint(ws) || hs < 1 || ws < 1) {
                throw new IOException(where(l) + ": nearest Interp supported only with integer scale factors >= 1");
            }
            int ih = (int) hs, iw = (int) ws;
            return in -> {
                Shape s = in[0].getShape();
                long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
                return new NDArray[] {in[0].reshape(n, c, h, 1, w, 1).broadcast(n, c, h, ih, w, iw)
                        .reshape(n, c, h * ih, w * iw)};
            };
        }
        if (type != 2) throw new IOException(where(l) + ": Interp resize_type " + type + " not supported (only 1, nearest, and 2, bilinear)");
        return in -> {
            Shape s = in[0].getShape();
            int h = (int) s.get(2), w = (int) s.get(3);
            // ncnn: an explicit output size wins, else (int)(size * scale).
            int toH = oh != 0 ? oh : (int) (h * hs), toW = ow != 0 ? ow : (int) (w * ws);
            return new NDArray[] {bilinear(in[0], toH, toW, align)};
        };
    }

    /**
     * Bilinear resize of [N, C, H, W] to [N, C, outH, outW], one axis at a time: each output
     * column (then row) mixes its two source neighbours, fetched by index. {@code alignCorners} false
     * samples at ((d + 0.5) * in / out - 0.5) clamped at 0, as ncnn's Interp and PyTorch do; true maps
     * the corner pixels onto each other. (DJL's own interpolation ignores align_corners, hence this.)
     */
    public static NDArray bilinear(NDArray x, int outH, int outW, boolean alignCorners) {
        Shape s = x.getShape();
        int h = (int) s.get(2), w = (int) s.get(3);
        NDManager m = x.getManager();
        try (NDManager tmp = m.newSubManager()) {
            NDArray y = x;
            if (outW != w) y = resizeAxis(y, 3, w, outW, alignCorners, tmp);
            if (outH != h) y = resizeAxis(y, 2, h, outH, alignCorners, tmp);
            y = y == x ? x.duplicate() : y;
            y.attach(m);
            return y;
        }
    }

    /** Linear resampling of one axis (2 or 3) of [N, C, H, W] from {@code in} to {@code out} samples. */
    private static NDArray resizeAxis(NDArray x, int axis, int in, int out, boolean alignCorners, NDManager tmp) {
        long[] i0 = new long[out], i1 = new long[out];
        float[] f = new float[out];
        taps(in, out, alignCorners, i0, i1, f);
        NDArray lo = tmp.create(i0), hi = tmp.create(i1);
        Shape fs = axis == 3 ? new Shape(1, 1, 1, out) : new Shape(1, 1, out, 1);
        NDArray frac = tmp.create(f, fs);
        String at = axis == 3 ? ":, :, :, {}" : ":, :, {}";
        NDArray a = x.get(new NDIndex(at, lo));
        NDArray b = x.get(new NDIndex(at, hi));
        a.attach(tmp);
        b.attach(tmp);
        return b.subi(a).muli(frac).addi(a);
    }

    /** For each output sample d: the two source samples and the weight of the second, as ncnn's linear_coeffs. */
    static void taps(int in, int out, boolean alignCorners, long[] i0, long[] i1, float[] f) {
        for (int d = 0; d < out; d++) {
            double src;
            if (alignCorners) {
                src = out > 1 ? (double) d * (in - 1) / (out - 1) : 0;
            } else {
                src = Math.max(0, (d + 0.5) * in / out - 0.5);
            }
            int a = Math.min((int) Math.floor(src), in - 1);
            i0[d] = a;
            i1[d] = Math.min(a + 1, in - 1);
            f[d] = (float) (src - a);
        }
    }

    private Op binary(NcnnParam.Layer l) throws IOException {
        int op = l.intParam(0, 0);
        boolean scalar = l.intParam(1, 0) != 0;
        float b = l.floatParam(2, 0f);
        arity(l, scalar ? 1 : 2, 1);
        if (op < 0 || op > 8) {
            throw new IOException(where(l) + ": BinaryOp op_type " + op
                    + " not supported (only add, sub, mul, div, max, min, pow, rsub, rdiv)");
        }
        return in -> {
            NDArray x = in[0];
            if (scalar) {
                return new NDArray[] {switch (op) {
                    case 0 -> x.add(b);
                    case 1 -> x.sub(b);
                    case 2 -> x.mul(b);
                    case 3 -> x.div(b);
                    case 4 -> x.maximum(b);
                    case 5 -> x.minimum(b);
                    case 6 -> x.pow(b);
                    case 7 -> x.neg().add(b);
                    default -> x.getNDArrayInternal().rdiv(b);
                }};
            }
            NDArray y = in[1];
            return new NDArray[] {switch (op) {
                case 0 -> x.add(y);
                case 1 -> x.sub(y);
                case 2 -> x.mul(y);
                case 3 -> x.div(y);
                case 4 -> x.maximum(y);
                case 5 -> x.minimum(y);
                case 6 -> x.pow(y);
                case 7 -> y.sub(x);
                default -> y.div(x);
            }};
        };
    }

    private Op eltwise(NcnnParam.Layer l) throws IOException {
        int op = l.intParam(0, 0);
        float[] coeffs = l.floatArray(1);
        if (op < 0 || op > 2) throw new IOException(where(l) + ": Eltwise op_type " + op + " not supported (only prod, sum, max)");
        if (coeffs.length != 0 && coeffs.length != l.bottoms().size()) {
            throw new IOException(where(l) + ": Eltwise has " + coeffs.length + " coefficients for " + l.bottoms().size() + " inputs");
        }
        return in -> {
            NDArray acc;
            if (op == 1) {
                acc = coeffs.length == 0 ? in[0].duplicate() : in[0].mul(coeffs[0]);
                for (int i = 1; i < in.length; i++) acc = acc.addi(coeffs.length == 0 ? in[i] : in[i].mul(coeffs[i]));
            } else {
                acc = in[0].duplicate();
                for (int i = 1; i < in.length; i++) acc = op == 0 ? acc.muli(in[i]) : acc.maximum(in[i]);
            }
            return new NDArray[] {acc};
        };
    }

    /** [N, C*r*r, H, W] -> [N, C, H*r, W*r], channel c*r*r + i*r + j going to offset (i, j): PyTorch's order. */
    public static NDArray pixelShuffle(NDArray x, int r) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1) / ((long) r * r), h = s.get(2), w = s.get(3);
        return x.reshape(n, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * r, w * r);
    }
}
