package org.cinegraph.models.textimage;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.cinegraph.media.Frame;
import org.cinegraph.models.Safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Prompt adherence of the text-to-image model, measured (docs/text-to-image.md). A small
 * convolutional classifier learns to name the emoji of a 32x32 Twemoji image (one class per emoji,
 * its skin-tone variations folded in); its own accuracy is reported on images it never trained on
 * (one skin-tone variation held out per emoji that has them, and noisy, shifted, blurred copies
 * of every emoji). The model is then prompted with emoji names (a fixed draw of 100 emoji) for a
 * few seeds each, and the classifier scores whether each image shows the emoji its prompt names
 * (top-1 and top-5), with two diversity figures across the seeds of a prompt.
 *
 * <p>Two disjoint prompt sets: {@code tune} (seeds 1-N) to choose sampling settings, {@code report}
 * (other emoji, seeds 1001-1000+N) to publish figures. The classifier is cached in a temporary
 * folder (keyed by its recipe), never committed; the command retrains it when missing.
 */
public final class AdherenceMeasure {
    static final int SIZE = FlowUnet.SIZE;
    static final int PX = 3 * SIZE * SIZE;
    private static final String RECIPE = "adherence-classifier-v1";

    private AdherenceMeasure() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("AdherenceMeasure: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of(
                "model", "assets/models/twemoji-flow", "cache", System.getProperty("java.io.tmpdir") + "/cinegraph-adherence",
                "set", "report", "prompts", "100", "seeds", "4", "steps", "30", "guidance", "7", "sampler", "euler",
                "train-steps", "1200"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !a.containsKey(args[i].substring(2))) {
                System.err.println("usage: AdherenceMeasure [--set tune|report] [--prompts N] [--seeds N] [--steps N,..] [--guidance X,..]"
                        + " [--sampler euler|heun,..] [--model DIR] [--cache DIR] [--train-steps N]");
                System.exit(2);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        String set = a.get("set");
        if (!set.equals("tune") && !set.equals("report")) throw new IllegalArgumentException("--set is tune or report, not " + set);
        List<TwemojiDataset.Item> items = TwemojiDataset.read(TrainTextToImage.fetchDataset());
        Labels labels = Labels.of(items);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Classifier c = classifier(m, items, labels, Path.of(a.get("cache")), Integer.parseInt(a.get("train-steps")));
            List<Integer> prompts = prompts(items, labels, set.equals("tune"), Integer.parseInt(a.get("prompts")));
            int seeds = Integer.parseInt(a.get("seeds"));
            long firstSeed = set.equals("tune") ? 1 : 1001;
            System.out.printf(Locale.ROOT, "prompts: %d emoji names (%s set), seeds %d-%d; chance: top-1 %.2f%%, top-5 %.2f%%; "
                            + "mean distance between two random dataset emoji: %.1f levels%n",
                    prompts.size(), set, firstSeed, firstSeed + seeds - 1, 100.0 / labels.count(), 500.0 / labels.count(), datasetSpread(items, labels));
            try (TextToImageModel model = TextToImageModel.load(Path.of(a.get("model")), m)) {
                System.out.println("sampler steps guidance | top-1  top-5 | distinct top-1 of " + seeds + " seeds | pairwise distance (levels) | s/image");
                for (String sampler : a.get("sampler").split(",")) {
                    for (String steps : a.get("steps").split(",")) {
                        for (String g : a.get("guidance").split(",")) {
                            Score s = score(model, m, c, items, labels, prompts, firstSeed, seeds, Integer.parseInt(steps), Float.parseFloat(g),
                                    FlowSampler.Method.parse(sampler));
                            System.out.printf(Locale.ROOT, "%-7s %5s %8s | %5.1f%% %5.1f%% | %4.2f | %5.1f | %.2f%n", sampler, steps, g,
                                    100 * s.top1, 100 * s.top5, s.distinct, s.spread, s.secondsPerImage);
                        }
                    }
                }
            }
        }
    }

    // ---- labels and prompts ----

    /** One class per emoji (its base image file), in dataset order. */
    record Labels(Map<String, Integer> index, List<String> names) {
        static Labels of(List<TwemojiDataset.Item> items) {
            Map<String, Integer> index = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (TwemojiDataset.Item it : items) {
                if (!index.containsKey(it.emoji())) {
                    index.put(it.emoji(), names.size());
                    names.add(it.name());
                }
            }
            return new Labels(index, names);
        }

        int count() {
            return names.size();
        }

        int of(TwemojiDataset.Item it) {
            return index.get(it.emoji());
        }
    }

    /**
     * The prompt emoji (indices into items, base images only): one fixed shuffle of the emoji with a
     * name, the tune set its first {@code n}, the report set the next {@code n}, so they never overlap.
     */
    static List<Integer> prompts(List<TwemojiDataset.Item> items, Labels labels, boolean tune, int n) {
        List<Integer> base = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            TwemojiDataset.Item it = items.get(i);
            if (!it.variation() && !it.name().isBlank() && !Vocabulary.tokens(it.name()).isEmpty() && seen.add(it.name())) base.add(i);
        }
        Collections.shuffle(base, new Random(20261201L));
        if (2 * n > base.size()) throw new IllegalArgumentException("--prompts " + n + ": only " + base.size() / 2 + " per set");
        return base.subList(tune ? 0 : n, tune ? n : 2 * n);
    }

    // ---- the classifier ----

    /** A 4-convolution network with a two-layer head: 32, 64, 128, 128 channels at 32, 16, 8, 4 pixels. */
    static final class Classifier {
        final Map<String, NDArray> p;

        Classifier(Map<String, NDArray> p) {
            this.p = p;
        }

        static Map<String, Shape> shapes(int classes) {
            Map<String, Shape> s = new LinkedHashMap<>();
            s.put("c1.w", new Shape(32, 3, 3, 3));
            s.put("c1.b", new Shape(32));
            s.put("c2.w", new Shape(64, 32, 3, 3));
            s.put("c2.b", new Shape(64));
            s.put("c3.w", new Shape(128, 64, 3, 3));
            s.put("c3.b", new Shape(128));
            s.put("c4.w", new Shape(128, 128, 3, 3));
            s.put("c4.b", new Shape(128));
            s.put("f1.w", new Shape(256, 128 * 4 * 4));
            s.put("f1.b", new Shape(256));
            s.put("f2.w", new Shape(classes, 256));
            s.put("f2.b", new Shape(classes));
            return s;
        }

        static Classifier initialise(NDManager m, int classes, long seed) {
            Random rnd = new Random(seed);
            Map<String, NDArray> p = new LinkedHashMap<>();
            for (Map.Entry<String, Shape> e : shapes(classes).entrySet()) {
                float[] v = new float[(int) e.getValue().size()];
                if (e.getKey().endsWith(".w")) {
                    float bound = (float) Math.sqrt(6.0 / (e.getValue().size() / e.getValue().get(0)));
                    for (int i = 0; i < v.length; i++) v[i] = (rnd.nextFloat() * 2 - 1) * bound;
                }
                p.put(e.getKey(), m.create(v, e.getValue()));
            }
            return new Classifier(p);
        }

        /** Class logits [B, classes] for images [B, 3, 32, 32] in -1..1. */
        NDArray forward(NDArray x) {
            NDArray h = conv(x, "c1", 1);
            h = conv(h, "c2", 2);
            h = conv(h, "c3", 2);
            h = conv(h, "c4", 2);
            h = Activation.relu(Linear.linear(h.reshape(h.getShape().get(0), -1), p.get("f1.w"), p.get("f1.b")).singletonOrThrow());
            return Linear.linear(h, p.get("f2.w"), p.get("f2.b")).singletonOrThrow();
        }

        private NDArray conv(NDArray x, String name, int stride) {
            return Activation.relu(Conv2d.conv2d(x, p.get(name + ".w"), p.get(name + ".b"), new Shape(stride, stride), new Shape(1, 1))
                    .singletonOrThrow());
        }

        /** The {@code k} most likely classes of each image, best first. */
        int[][] topK(NDManager manager, float[] images, int count, int k) {
            int[][] out = new int[count][];
            for (int start = 0; start < count; start += 256) {
                int n = Math.min(256, count - start);
                try (NDManager sm = manager.newSubManager()) {
                    float[] chunk = java.util.Arrays.copyOfRange(images, start * PX, (start + n) * PX);
                    float[] logits = forward(sm.create(chunk, new Shape(n, 3, SIZE, SIZE))).toFloatArray();
                    int classes = logits.length / n;
                    for (int i = 0; i < n; i++) {
                        Integer[] order = new Integer[classes];
                        for (int j = 0; j < classes; j++) order[j] = j;
                        final int row = i * classes;
                        java.util.Arrays.sort(order, (u, v) -> Float.compare(logits[row + v], logits[row + u]));
                        out[start + i] = new int[k];
                        for (int j = 0; j < k; j++) out[start + i][j] = order[j];
                    }
                }
            }
            return out;
        }
    }

    /**
     * The classifier from the cache, or trained now (and cached): {@code trainSteps} Adam steps of
     * 128 augmented images, with one skin-tone variation per emoji that has any held out. Prints its
     * held-out accuracy either way.
     */
    static Classifier classifier(NDManager m, List<TwemojiDataset.Item> items, Labels labels, Path cache, int trainSteps) throws Exception {
        List<Integer> train = new ArrayList<>();
        List<Integer> heldOut = new ArrayList<>();
        split(items, labels, train, heldOut);
        String key = hex(MessageDigest.getInstance("SHA-256").digest((RECIPE + " " + TwemojiDataset.SHA256 + " " + trainSteps)
                .getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        Path file = cache.resolve("classifier-" + key + ".safetensors");
        Classifier c;
        if (Files.isRegularFile(file)) {
            Map<String, NDArray> p = new LinkedHashMap<>();
            try (InputStream in = Files.newInputStream(file)) {
                Safetensors.read(in, file.toString()).tensors().forEach((n, t) -> p.put(n, m.create(t.data(), new Shape(t.shape()))));
            }
            if (!p.keySet().equals(Classifier.shapes(labels.count()).keySet()) || p.get("f2.b").getShape().get(0) != labels.count()) {
                throw new IOException(file + ": not a classifier for this dataset; delete it to retrain");
            }
            c = new Classifier(p);
            System.out.println("classifier: " + file);
        } else {
            c = train(m, items, labels, train, trainSteps, 128);
            Files.createDirectories(cache);
            Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
            c.p.forEach((n, arr) -> t.put(n, FlowUnet.tensor(arr)));
            TrainTextToImage.writeAtomically(file, o -> Safetensors.write(o, t, Map.of("format", RECIPE)));
            System.out.println("classifier: trained, cached in " + file);
        }
        report(m, c, items, labels, train, heldOut);
        return c;
    }

    /** Every base image trains; of each emoji's skin-tone variations, one (a fixed draw) is held out and the rest train. */
    static void split(List<TwemojiDataset.Item> items, Labels labels, List<Integer> train, List<Integer> heldOut) {
        Map<Integer, List<Integer>> variations = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).variation()) variations.computeIfAbsent(labels.of(items.get(i)), k -> new ArrayList<>()).add(i);
            else train.add(i);
        }
        Random rnd = new Random(5);
        for (List<Integer> v : variations.values()) {
            int out = rnd.nextInt(v.size());
            for (int j = 0; j < v.size(); j++) (j == out ? heldOut : train).add(v.get(j));
        }
    }

    static Classifier train(NDManager m, List<TwemojiDataset.Item> items, Labels labels, List<Integer> train, int steps, int batch) {
        Classifier c = Classifier.initialise(m, labels.count(), 11);
        c.p.values().forEach(a -> a.setRequiresGradient(true));
        float lr = 0.002f;
        Tracker schedule = n -> n < 100 ? lr * (n + 1) / 100 : (float) (lr * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * (n - 100) / Math.max(1, steps - 100)))));
        Optimizer adam = Optimizer.adam().optLearningRateTracker(schedule).build();
        Random rnd = new Random(12);
        long t0 = System.nanoTime();
        double smooth = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            float[] x = new float[batch * PX];
            float[] y = new float[batch];
            for (int b = 0; b < batch; b++) {
                int i = train.get(rnd.nextInt(train.size()));
                augment(items.get(i).pixels(), rnd, x, b * PX);
                y[b] = labels.of(items.get(i));
            }
            try (NDManager sm = m.newSubManager()) {
                NDArray xa = sm.create(x, new Shape(batch, 3, SIZE, SIZE));
                NDArray ya = sm.create(y, new Shape(batch));
                float loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logp = c.forward(xa).logSoftmax(1);
                    NDArray l = logp.mul(ya.oneHot(labels.count())).sum(new int[] {1}).neg().mean();
                    gc.backward(l);
                    loss = l.getFloat();
                }
                for (Map.Entry<String, NDArray> e : c.p.entrySet()) {
                    NDArray g = e.getValue().getGradient();
                    g.attach(sm);
                    adam.update(e.getKey(), e.getValue(), g);
                    g.muli(0);
                }
                smooth = Double.isNaN(smooth) ? loss : smooth * 0.95 + loss * 0.05;
            }
            if (step % 100 == 0) {
                System.out.printf(Locale.ROOT, "classifier step %d/%d loss %.3f (smoothed) %.1f s%n", step, steps, smooth, (System.nanoTime() - t0) / 1e9);
            }
        }
        return c;
    }

    /**
     * A training copy of an image: shifted up to 2 pixels (white comes in), blurred half the time
     * (generated images are soft), contrast and brightness jittered, Gaussian noise of up to 0.15.
     */
    static void augment(float[] src, Random rnd, float[] dst, int offset) {
        int dx = rnd.nextInt(5) - 2;
        int dy = rnd.nextInt(5) - 2;
        boolean blur = rnd.nextBoolean();
        float contrast = 0.8f + 0.3f * rnd.nextFloat();
        float bright = (rnd.nextFloat() - 0.5f) * 0.2f;
        float noise = 0.15f * rnd.nextFloat();
        for (int ch = 0; ch < 3; ch++) {
            for (int yy = 0; yy < SIZE; yy++) {
                for (int xx = 0; xx < SIZE; xx++) {
                    float v;
                    if (blur) {
                        float s = 0;
                        for (int by = -1; by <= 1; by++) for (int bx = -1; bx <= 1; bx++) s += at(src, ch, yy - dy + by, xx - dx + bx);
                        v = s / 9;
                    } else {
                        v = at(src, ch, yy - dy, xx - dx);
                    }
                    v = v * contrast + bright + noise * (float) rnd.nextGaussian();
                    dst[offset + ch * SIZE * SIZE + yy * SIZE + xx] = Math.max(-1, Math.min(1, v));
                }
            }
        }
    }

    private static float at(float[] src, int ch, int y, int x) {
        return y < 0 || x < 0 || y >= SIZE || x >= SIZE ? 1f : src[ch * SIZE * SIZE + y * SIZE + x];
    }

    /** Top-1 accuracy on the given images (indices into items), each shown as a fresh augmented copy when {@code augmented}. */
    static double accuracy(NDManager m, Classifier c, List<TwemojiDataset.Item> items, Labels labels, List<Integer> idx, boolean augmented) {
        float[] x = new float[idx.size() * PX];
        Random rnd = new Random(99);
        for (int j = 0; j < idx.size(); j++) {
            if (augmented) augment(items.get(idx.get(j)).pixels(), rnd, x, j * PX);
            else System.arraycopy(items.get(idx.get(j)).pixels(), 0, x, j * PX, PX);
        }
        int[][] top = c.topK(m, x, idx.size(), 1);
        int hits = 0;
        for (int j = 0; j < idx.size(); j++) if (top[j][0] == labels.of(items.get(idx.get(j)))) hits++;
        return (double) hits / idx.size();
    }

    /** The classifier's own accuracy: clean training images, held-out skin-tone variations, and fresh augmented copies of every emoji. */
    static void report(NDManager m, Classifier c, List<TwemojiDataset.Item> items, Labels labels, List<Integer> train, List<Integer> heldOut) {
        List<Integer> base = train.stream().filter(i -> !items.get(i).variation()).toList();
        float[] clean = new float[base.size() * PX];
        float[] noisy = new float[base.size() * PX];
        Random rnd = new Random(99); // not the training draw
        for (int j = 0; j < base.size(); j++) {
            System.arraycopy(items.get(base.get(j)).pixels(), 0, clean, j * PX, PX);
            augment(items.get(base.get(j)).pixels(), rnd, noisy, j * PX);
        }
        float[] held = new float[heldOut.size() * PX];
        for (int j = 0; j < heldOut.size(); j++) System.arraycopy(items.get(heldOut.get(j)).pixels(), 0, held, j * PX, PX);
        System.out.printf(Locale.ROOT, "classifier accuracy (top-1 / top-5), %d classes:%n", labels.count());
        printAccuracy("  clean base images (trained on)", c.topK(m, clean, base.size(), 5), base, items, labels);
        printAccuracy("  fresh augmented copies (shift, blur, noise; not seen)", c.topK(m, noisy, base.size(), 5), base, items, labels);
        printAccuracy("  held-out skin-tone variations (never trained on)", c.topK(m, held, heldOut.size(), 5), heldOut, items, labels);
    }

    private static void printAccuracy(String what, int[][] top, List<Integer> idx, List<TwemojiDataset.Item> items, Labels labels) {
        int t1 = 0;
        int t5 = 0;
        for (int j = 0; j < idx.size(); j++) {
            int want = labels.of(items.get(idx.get(j)));
            if (top[j][0] == want) t1++;
            for (int k : top[j]) if (k == want) t5++;
        }
        System.out.printf(Locale.ROOT, "%-56s %5.1f%% / %5.1f%% of %d%n", what, 100.0 * t1 / idx.size(), 100.0 * t5 / idx.size(), idx.size());
    }

    // ---- scoring the model ----

    record Score(double top1, double top5, double distinct, double spread, double secondsPerImage) {
    }

    static Score score(TextToImageModel model, NDManager m, Classifier c, List<TwemojiDataset.Item> items, Labels labels, List<Integer> prompts,
                       long firstSeed, int seeds, int steps, float guidance, FlowSampler.Method method) {
        float[] images = new float[prompts.size() * seeds * PX];
        List<int[]> pixels = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int p = 0; p < prompts.size(); p++) {
            List<Frame> frames = model.generate(m, items.get(prompts.get(p)).name(), "", firstSeed, seeds, steps, guidance, method, (i, n) -> { });
            for (int s = 0; s < seeds; s++) {
                int[] argb = frames.get(s).pixels();
                pixels.add(argb);
                int o = (p * seeds + s) * PX;
                for (int i = 0; i < SIZE * SIZE; i++) {
                    for (int ch = 0; ch < 3; ch++) images[o + ch * SIZE * SIZE + i] = ((argb[i] >> (16 - 8 * ch)) & 0xff) / 127.5f - 1;
                }
            }
        }
        double perImage = (System.nanoTime() - t0) / 1e9 / (prompts.size() * seeds);
        int[][] top = c.topK(m, images, prompts.size() * seeds, 5);
        int t1 = 0;
        int t5 = 0;
        double distinct = 0;
        double spread = 0;
        for (int p = 0; p < prompts.size(); p++) {
            int want = labels.of(items.get(prompts.get(p)));
            Set<Integer> firsts = new HashSet<>();
            for (int s = 0; s < seeds; s++) {
                int[] t = top[p * seeds + s];
                if (t[0] == want) t1++;
                for (int k : t) if (k == want) t5++;
                firsts.add(t[0]);
            }
            distinct += firsts.size();
            double sum = 0;
            int pairs = 0;
            for (int s = 0; s < seeds; s++) {
                for (int r = s + 1; r < seeds; r++) {
                    sum += distance(pixels.get(p * seeds + s), pixels.get(p * seeds + r));
                    pairs++;
                }
            }
            spread += pairs == 0 ? 0 : sum / pairs;
        }
        int n = prompts.size() * seeds;
        return new Score((double) t1 / n, (double) t5 / n, distinct / prompts.size(), spread / prompts.size(), perImage);
    }

    /** Mean absolute difference over R, G, B in 8-bit levels. */
    static double distance(int[] a, int[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int ch = 0; ch < 3; ch++) sum += Math.abs(((a[i] >> (16 - 8 * ch)) & 0xff) - ((b[i] >> (16 - 8 * ch)) & 0xff));
        }
        return sum / (3.0 * a.length);
    }

    /** The scale of the pairwise distance: its mean over 2,000 fixed pairs of different emoji's base images. */
    static double datasetSpread(List<TwemojiDataset.Item> items, Labels labels) {
        List<int[]> base = new ArrayList<>();
        for (TwemojiDataset.Item it : items) {
            if (it.variation()) continue;
            int[] argb = new int[SIZE * SIZE];
            for (int i = 0; i < argb.length; i++) {
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) rgb = rgb << 8 | Math.round((it.pixels()[ch * SIZE * SIZE + i] + 1) * 127.5f);
                argb[i] = rgb;
            }
            base.add(argb);
        }
        Random rnd = new Random(3);
        double sum = 0;
        for (int k = 0; k < 2000; k++) {
            int i = rnd.nextInt(base.size());
            int j = (i + 1 + rnd.nextInt(base.size() - 1)) % base.size();
            sum += distance(base.get(i), base.get(j));
        }
        return sum / 2000;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }
}
