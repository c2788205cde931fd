package org.cinegraph.models.textimage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.cinegraph.models.Safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The text-to-image network the project trains itself: a small pixel-space UNet that predicts the
 * flow-matching velocity {@code v = noise - image} of a 32x32 RGB image at time t, conditioned on a
 * bag-of-words prompt embedding. Written as plain DJL ops over named parameters so the same code
 * trains (with gradients) and samples.
 *
 * <p>Layout: 32 channels at 32x32, 64 at 16x16, 128 at 8x8; one residual block per level down, a
 * middle block, one block per level up with skip connections. Each residual block is
 * GroupNorm-SiLU-conv twice; the time+text vector is added between the convolutions and also
 * scales and shifts the second normalisation (FiLM), so a prompt can switch features on and off
 * rather than only bias them. The FiLM layers start at zero (scale 1, shift 0): a network grown
 * from weights without them ({@link #grownFrom}) computes exactly what those weights computed.
 */
public final class FlowUnet implements AutoCloseable {
    public static final int SIZE = 32;
    static final int COND = 128;
    private static final int TIME_FEATURES = 64;
    private static final int GROUPS = 8;

    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final int vocabSize;
    /** False for a view made by {@link #withWeights}: the arrays belong to someone else. */
    private final boolean owner;

    private FlowUnet(NDManager manager, Map<String, NDArray> params, int vocabSize) {
        this(manager, params, vocabSize, true);
    }

    private FlowUnet(NDManager manager, Map<String, NDArray> params, int vocabSize, boolean owner) {
        this.manager = manager;
        this.params = params;
        this.vocabSize = vocabSize;
        this.owner = owner;
    }

    /** The convolution and linear weights a LoRA may adapt, in layout order (every ".w" tensor). */
    public static java.util.List<String> adaptable(int vocabSize) {
        return shapes(vocabSize).keySet().stream().filter(n -> n.endsWith(".w")).toList();
    }

    /**
     * The same network with some tensors replaced (adapted weights; a text embedding with extra
     * rows for new words). It shares the other tensors; closing it closes none of them.
     */
    public FlowUnet withWeights(Map<String, NDArray> replaced) {
        for (Map.Entry<String, NDArray> e : replaced.entrySet()) {
            NDArray old = params.get(e.getKey());
            if (old == null) throw new IllegalArgumentException("the network has no tensor " + e.getKey());
            boolean sameShape = old.getShape().equals(e.getValue().getShape());
            boolean moreWords = e.getKey().equals("text.embed") && old.getShape().get(1) == e.getValue().getShape().get(1);
            if (!sameShape && !moreWords) throw new IllegalArgumentException(e.getKey() + " is " + old.getShape() + ", not " + e.getValue().getShape());
        }
        Map<String, NDArray> p = new LinkedHashMap<>(params);
        p.putAll(replaced);
        return new FlowUnet(manager, p, vocabSize, false);
    }

    /** Every parameter's name and shape for a vocabulary of {@code vocabSize} tokens (index 0 is the empty prompt). */
    static Map<String, Shape> shapes(int vocabSize) {
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("text.embed", new Shape(vocabSize, COND));
        linear(s, "text.proj", COND, COND);
        linear(s, "time.fc1", TIME_FEATURES, COND);
        linear(s, "time.fc2", COND, COND);
        conv(s, "in", 3, 32, 3);
        res(s, "down1", 32, 32);
        conv(s, "down1.pool", 32, 64, 3);
        res(s, "down2", 64, 64);
        conv(s, "down2.pool", 64, 128, 3);
        res(s, "down3", 128, 128);
        res(s, "mid", 128, 128);
        res(s, "up3", 256, 128);
        conv(s, "up3.conv", 128, 64, 3);
        res(s, "up2", 128, 64);
        conv(s, "up2.conv", 64, 32, 3);
        res(s, "up1", 64, 32);
        norm(s, "out.norm", 32);
        conv(s, "out", 32, 3, 3);
        return s;
    }

    private static void linear(Map<String, Shape> s, String name, int in, int out) {
        s.put(name + ".w", new Shape(out, in));
        s.put(name + ".b", new Shape(out));
    }

    private static void conv(Map<String, Shape> s, String name, int in, int out, int k) {
        s.put(name + ".w", new Shape(out, in, k, k));
        s.put(name + ".b", new Shape(out));
    }

    private static void norm(Map<String, Shape> s, String name, int c) {
        // stored broadcastable ([1,C,1,1]) so no per-step reshape of a parameter is needed
        s.put(name + ".g", new Shape(1, c, 1, 1));
        s.put(name + ".b", new Shape(1, c, 1, 1));
    }

    private static void res(Map<String, Shape> s, String name, int in, int out) {
        norm(s, name + ".norm1", in);
        conv(s, name + ".conv1", in, out, 3);
        linear(s, name + ".cond", COND, out);
        norm(s, name + ".norm2", out);
        linear(s, name + ".film", COND, 2 * out);
        conv(s, name + ".conv2", out, out, 3);
        if (in != out) conv(s, name + ".skip", in, out, 1);
    }

    /** A freshly initialised network (He-uniform weights, zero biases, unit norms, zero FiLM and last layers). */
    public static FlowUnet initialise(NDManager manager, int vocabSize, long seed) {
        Random rnd = new Random(seed);
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes(vocabSize).entrySet()) {
            String name = e.getKey();
            Shape shape = e.getValue();
            float[] v = new float[(int) shape.size()];
            if (name.endsWith(".g")) {
                java.util.Arrays.fill(v, 1f);
            } else if (name.endsWith(".w") && !name.equals("out.w") && !name.endsWith(".film.w")) {
                long fanIn = shape.size() / shape.get(0);
                float bound = (float) Math.sqrt(6.0 / fanIn);
                for (int i = 0; i < v.length; i++) v[i] = (rnd.nextFloat() * 2 - 1) * bound;
            } else if (name.equals("text.embed")) {
                for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
            }
            p.put(name, manager.create(v, shape));
        }
        return new FlowUnet(manager, p, vocabSize);
    }

    public int vocabSize() {
        return vocabSize;
    }

    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(params);
    }

    public long parameterCount() {
        return params.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    /**
     * Prompt embeddings from bag-of-words rows: {@code words} is [B, vocab] with each row's weights
     * summing to 1 (the mean of its words' embeddings).
     */
    public NDArray embed(NDArray words) {
        return silu(Linear.linear(words.matMul(p("text.embed")), p("text.proj.w"), p("text.proj.b")).singletonOrThrow());
    }

    /**
     * The velocity field for images {@code x} [B,3,32,32] in -1..1 at times {@code t} [B] (1 = pure
     * noise, 0 = image) under prompt embeddings {@code text} [B, 128].
     */
    public NDArray forward(NDArray x, NDArray t, NDArray text) {
        NDArray c = silu(timeEmbedding(t).add(text));
        NDArray h0 = conv(x, "in", 1);
        NDArray d1 = res(h0, c, "down1");
        NDArray d2 = res(conv(d1, "down1.pool", 2), c, "down2");
        NDArray d3 = res(conv(d2, "down2.pool", 2), c, "down3");
        NDArray m = res(d3, c, "mid");
        NDArray u3 = res(NDArrays.concat(new ai.djl.ndarray.NDList(m, d3), 1), c, "up3");
        NDArray u2 = res(NDArrays.concat(new ai.djl.ndarray.NDList(conv(upsample(u3), "up3.conv", 1), d2), 1), c, "up2");
        NDArray u1 = res(NDArrays.concat(new ai.djl.ndarray.NDList(conv(upsample(u2), "up2.conv", 1), d1), 1), c, "up1");
        return conv(silu(groupNorm(u1, "out.norm")), "out", 1);
    }

    private NDArray timeEmbedding(NDArray t) {
        // Sinusoidal features of t*1000 at geometric frequencies, as in the diffusion literature.
        int half = TIME_FEATURES / 2;
        float[] freqs = new float[half];
        for (int i = 0; i < half; i++) freqs[i] = (float) Math.exp(-Math.log(10000) * i / half);
        NDArray f = t.getManager().create(freqs).reshape(1, half);
        NDArray angles = t.reshape(-1, 1).mul(1000f).matMul(f);
        NDArray feats = NDArrays.concat(new ai.djl.ndarray.NDList(angles.sin(), angles.cos()), 1);
        NDArray h = silu(Linear.linear(feats, p("time.fc1.w"), p("time.fc1.b")).singletonOrThrow());
        return Linear.linear(h, p("time.fc2.w"), p("time.fc2.b")).singletonOrThrow();
    }

    private NDArray res(NDArray x, NDArray c, String name) {
        NDArray h = conv(silu(groupNorm(x, name + ".norm1")), name + ".conv1", 1);
        NDArray cond = Linear.linear(c, p(name + ".cond.w"), p(name + ".cond.b")).singletonOrThrow();
        long b = cond.getShape().get(0);
        long ch = cond.getShape().get(1);
        h = groupNorm(h.add(cond.reshape(b, ch, 1, 1)), name + ".norm2");
        NDArray film = Linear.linear(c, p(name + ".film.w"), p(name + ".film.b")).singletonOrThrow().reshape(b, 2 * ch, 1, 1);
        h = conv(silu(h.mul(film.get(":, :" + ch).add(1)).add(film.get(":, " + ch + ":"))), name + ".conv2", 1);
        NDArray skip = params.containsKey(name + ".skip.w") ? conv(x, name + ".skip", 1) : x;
        return skip.add(h);
    }

    private NDArray conv(NDArray x, String name, int stride) {
        long k = p(name + ".w").getShape().get(2);
        long pad = k / 2;
        return Conv2d.conv2d(x, p(name + ".w"), p(name + ".b"), new Shape(stride, stride), new Shape(pad, pad)).singletonOrThrow();
    }

    private NDArray groupNorm(NDArray x, String name) {
        Shape s = x.getShape();
        NDArray g = x.reshape(s.get(0), GROUPS, -1);
        NDArray mean = g.mean(new int[] {2}, true);
        NDArray centred = g.sub(mean);
        NDArray var = centred.square().mean(new int[] {2}, true);
        NDArray n = centred.div(var.add(1e-5f).sqrt()).reshape(s);
        return n.mul(p(name + ".g")).add(p(name + ".b"));
    }

    private static NDArray upsample(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    private static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    // ---- weights file: safetensors, every parameter as float32 in layout order ----

    public void save(OutputStream out) throws IOException {
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
        params.forEach((name, a) -> t.put(name, tensor(a)));
        Safetensors.write(out, t, Map.of("format", "cinegraph-flow"));
    }

    /** A float32 copy of an array for a safetensors file. */
    public static Safetensors.Tensor tensor(NDArray a) {
        return new Safetensors.Tensor(a.getShape().getShape(), a.toType(DataType.FLOAT32, false).toFloatArray());
    }

    /**
     * Reads weights written by {@link #save}, checking that every tensor the layout needs is there
     * with its shape and that there is nothing else.
     *
     * @param source names the file in error messages
     */
    public static FlowUnet load(InputStream in, NDManager manager, String source) throws IOException {
        Map<String, Safetensors.Tensor> file = Safetensors.read(in, source).tensors();
        Safetensors.Tensor embed = file.get("text.embed");
        if (embed == null || embed.shape().length != 2) throw new IOException(source + ": not text-to-image weights (no 2-d text.embed tensor)");
        int vocab = (int) embed.shape()[0];
        Map<String, Shape> want = shapes(vocab);
        for (String name : file.keySet()) {
            if (!want.containsKey(name)) throw new IOException(source + ": tensor " + name + " is not part of the network");
        }
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : want.entrySet()) {
            Safetensors.Tensor t = file.get(e.getKey());
            if (t == null) throw new IOException(source + ": tensor " + e.getKey() + " " + e.getValue() + " is missing");
            Shape shape = new Shape(t.shape());
            if (!shape.equals(e.getValue())) throw new IOException(source + ": tensor " + e.getKey() + " is " + shape + ", expected " + e.getValue());
            p.put(e.getKey(), manager.create(t.data(), shape));
        }
        return new FlowUnet(manager, p, vocab);
    }

    /**
     * A freshly initialised network whose tensors are replaced by those of a weights file that
     * lacks some layers (an earlier layout): for training on from older weights. Every tensor in the
     * file must be part of the network with its shape; what is missing keeps its initial value.
     */
    static FlowUnet grownFrom(InputStream in, NDManager manager, String source, long seed) throws IOException {
        Map<String, Safetensors.Tensor> file = Safetensors.read(in, source).tensors();
        Safetensors.Tensor embed = file.get("text.embed");
        if (embed == null || embed.shape().length != 2) throw new IOException(source + ": not text-to-image weights (no 2-d text.embed tensor)");
        FlowUnet net = initialise(manager, (int) embed.shape()[0], seed);
        for (Map.Entry<String, Safetensors.Tensor> e : file.entrySet()) {
            NDArray old = net.params.get(e.getKey());
            Shape shape = new Shape(e.getValue().shape());
            if (old == null || !old.getShape().equals(shape)) throw new IOException(source + ": tensor " + e.getKey() + " " + shape + " is not part of the network");
            net.params.put(e.getKey(), manager.create(e.getValue().data(), shape));
            old.close();
        }
        return net;
    }

    /** A copy of the parameters (for the exponential moving average kept while training). */
    FlowUnet copy(NDManager into) {
        Map<String, NDArray> p = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            NDArray c = v.duplicate();
            c.attach(into);
            p.put(k, c);
        });
        return new FlowUnet(into, p, vocabSize);
    }

    @Override
    public void close() {
        if (owner) params.values().forEach(NDArray::close);
    }

    NDManager manager() {
        return manager;
    }
}
