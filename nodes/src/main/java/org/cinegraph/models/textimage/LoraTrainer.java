package org.cinegraph.models.textimage;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.cinegraph.files.AtomicFiles;
import org.cinegraph.models.ConvolutionCheck;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.Safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Trains a LoRA of the project's text-to-image model on a folder of images with one caption, on
 * the CPU with DJL: low-rank adapters on every convolution and linear layer of the frozen
 * {@link FlowUnet}, plus an embedding row for each caption word the base model does not know (the
 * trigger words of a new motif). The flow-matching loss is the base model's. Checkpoints go to a
 * hidden folder in the model library ({@code .NAME.lora-train}) every {@value #CHECKPOINT_EVERY}
 * steps and when cancelled, so a stopped run resumes; the finished LoRA is installed in the library
 * with its manifest and verified.
 */
public final class LoraTrainer {
    static final int CHECKPOINT_EVERY = 25;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param base    the model to adapt (a cinegraph-flow model of the library or catalogue)
     * @param out     the LoRA's name in the library
     * @param steps   training steps in all (a resumed run continues up to this many)
     */
    public record Options(String base, Path images, String caption, String out, int rank, double alpha, int steps, int batch, float lr,
                          long seed, boolean resume) {
        public Options {
            if (rank < 1 || rank > 64) throw new IllegalArgumentException("rank must be 1..64, not " + rank);
            if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, not " + steps);
            if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, not " + batch);
            if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be positive");
            if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive");
        }
    }

    /** Progress: after each step, with the loss and the estimated seconds left. */
    public interface Listener {
        void step(int step, int steps, float loss, double secondsLeft);

        /** A line worth telling the user (resumed, dataset size...). */
        default void message(String line) {
        }
    }

    /** @param installed the installed LoRA, or null when cancelled (then {@code checkpoint} holds the state to resume from) */
    public record Result(ModelLibrary.Installed installed, int step, List<Float> losses, Path checkpoint) {
        public boolean cancelled() {
            return installed == null;
        }
    }

    /** Saved between runs so a resumed one can refuse different inputs. */
    record State(String base, String baseDigest, String caption, List<String> images, int rank, double alpha, int batch, float lr, long seed,
                 int step, List<Float> losses) {
    }

    private LoraTrainer() {
    }

    /** The hidden folder where the checkpoint of LoRA {@code name} is kept until it is installed. */
    public static Path checkpointFolder(ModelLibrary lib, String name) {
        return lib.userDir().resolve("." + name + ".lora-train");
    }

    public static Result train(ModelLibrary lib, Options o, Listener listener, BooleanSupplier cancelled) throws ModelException, IOException {
        if (!o.out().matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new ModelException("LoRA name '" + o.out() + "' must be lower-case letters, digits, '.', '-', '_'");
        }
        ModelLibrary.Installed base = ModelLibrary.catalogue().containsKey(o.base()) ? lib.requireCatalogued(o.base(), null) : lib.require(o.base(), null);
        if (!"cinegraph-flow".equals(base.manifest().format())) {
            throw new ModelException("model " + o.base() + " is a " + base.manifest().format() + " model; LoRAs are trained here for cinegraph-flow models (e.g. twemoji-flow)");
        }
        List<TrainingImages.Image> images = TrainingImages.readFolder(o.images());
        List<String> digests = images.stream().map(TrainingImages.Image::sha256).toList();

        Path ckDir = checkpointFolder(lib, o.out());
        State state = null;
        if (o.resume()) {
            Path sf = ckDir.resolve("state.json");
            if (!Files.isRegularFile(sf)) throw new ModelException("nothing to resume for LoRA " + o.out() + " (no checkpoint in " + ckDir + ")");
            state = JSON.readValue(sf.toFile(), State.class);
            if (!state.baseDigest().equals(base.manifest().digest()) || !state.caption().equals(o.caption()) || !state.images().equals(digests)
                    || state.rank() != o.rank()) {
                throw new ModelException("the checkpoint in " + ckDir + " was made with another base model, caption, image set or rank; "
                        + "train again without --resume to start over");
            }
            listener.message(String.format(Locale.ROOT, "resuming LoRA %s after step %d of %d", o.out(), state.step(), o.steps()));
        } else if (Files.exists(ckDir)) {
            AtomicFiles.deleteTree(ckDir);
        }

        ConvolutionCheck.verify();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            TextToImageModel model = TextToImageModel.load(base.dir(), m);
            FlowUnet net = model.network();
            Vocabulary vocab = model.vocabulary();
            List<String> words = Vocabulary.tokens(o.caption()).stream().distinct().toList();
            if (words.isEmpty()) throw new ModelException("the caption \"" + o.caption() + "\" has no words to train (filler words like 'a', 'the' are dropped)");
            List<String> newWords = words.stream().filter(w -> vocab.token(w) == 0).toList();
            Vocabulary extended = vocab.extendedWith(newWords);
            float[] bag = extended.bagOfWords(o.caption());
            listener.message(String.format(Locale.ROOT, "%d images, caption words: %s%s", images.size(), String.join(" ", words),
                    newWords.isEmpty() ? "" : " (new to the model: " + String.join(" ", newWords) + ")"));

            List<String> targets = FlowUnet.adaptable(net.vocabSize());
            Map<String, NDArray> trainable = initial(m, net, targets, o, newWords.size());
            AdamMoments adam = new AdamMoments(m, trainable);
            if (state != null) {
                Path file = ckDir.resolve("checkpoint.safetensors");
                try (InputStream in = Files.newInputStream(file)) {
                    Map<String, Safetensors.Tensor> saved = Safetensors.read(in, file.toString()).tensors();
                    for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
                        Safetensors.Tensor t = saved.get(e.getKey());
                        if (t == null || t.data().length != e.getValue().size()) {
                            throw new ModelException(ckDir + ": checkpoint lacks " + e.getKey() + " in its shape; train again without --resume");
                        }
                        NDArray old = e.getValue();
                        e.setValue(m.create(t.data(), old.getShape()));
                        old.close();
                    }
                    adam.restore(saved, trainable, file.toString());
                } catch (IOException e) {
                    throw new ModelException(e.getMessage() + "; train again without --resume");
                }
            }
            trainable.values().forEach(a -> a.setRequiresGradient(true));
            // a tensor of PyTorch's own that outlives every step: a product with a Java number goes through a
            // scalar array DJL frees right after the call, while autograd keeps it for the backward pass
            NDArray scale = m.full(new Shape(), (float) (o.alpha() / o.rank()));
            int warm = Math.min(20, o.steps() / 10);

            int px = 3 * FlowUnet.SIZE * FlowUnet.SIZE;
            int b = o.batch();
            List<Float> losses = new ArrayList<>(state == null ? List.of() : state.losses());
            int step = state == null ? 0 : state.step();
            int first = step;
            // every image of a batch has the caption's words
            float[] rows = new float[b * bag.length];
            for (int i = 0; i < b; i++) System.arraycopy(bag, 0, rows, i * bag.length, bag.length);
            long t0 = System.nanoTime();
            while (step < o.steps()) {
                if (cancelled.getAsBoolean()) {
                    checkpoint(ckDir, trainable, adam, new State(o.base(), base.manifest().digest(), o.caption(), digests, o.rank(), o.alpha(), b, o.lr(),
                            o.seed(), step, losses));
                    return new Result(null, step, losses, ckDir);
                }
                // each step draws from its own generator, so a resumed run sees the batches an uninterrupted one would
                Random rnd = new Random(o.seed() * 1_000_003L + step);
                float[] x0 = new float[b * px];
                float[] eps = new float[b * px];
                float[] t = new float[b];
                for (int i = 0; i < b; i++) {
                    float[] img = images.get(rnd.nextInt(images.size())).pixels();
                    boolean flip = rnd.nextBoolean();
                    int s = FlowUnet.SIZE;
                    for (int c = 0; c < 3; c++) {
                        for (int y = 0; y < s; y++) {
                            for (int x = 0; x < s; x++) x0[i * px + c * s * s + y * s + x] = img[c * s * s + y * s + (flip ? s - 1 - x : x)];
                        }
                    }
                    t[i] = (float) (1 / (1 + Math.exp(-rnd.nextGaussian())));
                    for (int j = 0; j < px; j++) eps[i * px + j] = (float) rnd.nextGaussian();
                }
                float loss = lossAndGradients(m, net, trainable, targets, scale, b, x0, eps, t, rows);
                if (!finite(loss, trainable, m)) {
                    // PyTorch's CPU backward has now and then returned NaN gradients for a finite loss (two test machines,
                    // mostly a process's first steps): the same batch once more tells that apart from divergence
                    listener.message(String.format(Locale.ROOT, "step %d: the gradients were not finite; the step is computed again", step + 1));
                    zeroGradients(trainable, m);
                    loss = lossAndGradients(m, net, trainable, targets, scale, b, x0, eps, t, rows);
                    if (!finite(loss, trainable, m)) {
                        throw new ModelException(String.format(Locale.ROOT, "LoRA %s diverged at step %d (loss %s); train again with a lower --lr than %s",
                                o.out(), step + 1, loss, o.lr()));
                    }
                }
                float lr = step < warm ? o.lr() * (step + 1) / warm : o.lr();
                try (NDManager sm = m.newSubManager()) {
                    Map<String, NDArray> gradients = gradients(trainable, sm);
                    for (Map.Entry<String, NDArray> e : trainable.entrySet()) adam.update(e.getKey(), e.getValue(), gradients.get(e.getKey()), lr, step, sm);
                }
                zeroGradients(trainable, m);
                step++;
                losses.add(loss);
                double secs = (System.nanoTime() - t0) / 1e9;
                listener.step(step, o.steps(), loss, secs / (step - first) * (o.steps() - step));
                if (step % CHECKPOINT_EVERY == 0 && step < o.steps()) {
                    checkpoint(ckDir, trainable, adam, new State(o.base(), base.manifest().digest(), o.caption(), digests, o.rank(), o.alpha(), b, o.lr(),
                            o.seed(), step, losses));
                }
            }
            ModelLibrary.Installed installed = install(lib, o, base.manifest(), trainable, targets, newWords, words, digests, losses);
            AtomicFiles.deleteTree(ckDir);
            return new Result(installed, step, losses, null);
        }
    }

    /**
     * The loss of one batch, with its gradients left on the trainable tensors. Results of operations
     * on the weights land in a step manager closed here (not leaked into {@code m}).
     */
    private static float lossAndGradients(NDManager m, FlowUnet net, Map<String, NDArray> trainable, List<String> targets, NDArray scale, int b,
                                          float[] x0, float[] eps, float[] t, float[] rows) {
        try (NDManager sm = m.newSubManager()) {
            sm.tempAttachAll(frozenAndTrainable(net, trainable));
            Shape images = new Shape(b, 3, FlowUnet.SIZE, FlowUnet.SIZE);
            NDArray xa = sm.create(x0, images);
            NDArray ea = sm.create(eps, images);
            NDArray ta = sm.create(t, new Shape(b));
            NDArray tb = ta.reshape(b, 1, 1, 1);
            NDArray xt = xa.mul(tb.neg().add(1)).add(ea.mul(tb));
            NDArray target = ea.sub(xa);
            NDArray words = sm.create(rows, new Shape(b, rows.length / b));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                FlowUnet adapted = adapted(net, trainable, targets, scale);
                NDArray pred = adapted.forward(xt, ta, adapted.embed(words));
                NDArray l = pred.sub(target).square().mean();
                gc.backward(l);
                return l.getFloat();
            }
        }
    }

    /** Whether the loss and every gradient are finite (a diverged step would write NaN into the weights and go on silently). */
    private static boolean finite(float loss, Map<String, NDArray> trainable, NDManager m) {
        if (!Float.isFinite(loss)) return false;
        try (NDManager sm = m.newSubManager()) {
            return gradients(trainable, sm).values().stream().allMatch(g -> Float.isFinite(g.abs().max().getFloat()));
        }
    }

    /** Clears the gradients before the next step adds to them (by assignment: a product with zero keeps NaN). */
    private static void zeroGradients(Map<String, NDArray> trainable, NDManager m) {
        try (NDManager sm = m.newSubManager()) {
            gradients(trainable, sm).values().forEach(g -> g.set(new NDIndex("..."), 0f));
        }
    }

    /** Views of the trainable tensors' gradients (sharing their storage), released with {@code sm}. */
    private static Map<String, NDArray> gradients(Map<String, NDArray> trainable, NDManager sm) {
        Map<String, NDArray> g = new LinkedHashMap<>();
        trainable.forEach((name, w) -> {
            NDArray view = w.getGradient();
            view.attach(sm);
            g.put(name, view);
        });
        return g;
    }

    /** Down matrices small and random, up matrices zero (so training starts from the base model), new word rows like the base's initial ones. */
    private static Map<String, NDArray> initial(NDManager m, FlowUnet net, List<String> targets, Options o, int newWords) {
        Random rnd = new Random(o.seed());
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (String target : targets) {
            Shape w = net.parameters().get(target).getShape();
            long out = w.get(0);
            long fanIn = w.size() / out;
            float[] down = new float[(int) (o.rank() * fanIn)];
            float bound = (float) (1 / Math.sqrt(fanIn));
            for (int i = 0; i < down.length; i++) down[i] = (rnd.nextFloat() * 2 - 1) * bound;
            p.put(target + Lora.DOWN, m.create(down, new Shape(o.rank(), fanIn)));
            p.put(target + Lora.UP, m.zeros(new Shape(out, o.rank())));
        }
        if (newWords > 0) {
            float[] rows = new float[newWords * FlowUnet.COND];
            for (int i = 0; i < rows.length; i++) rows[i] = (float) rnd.nextGaussian();
            p.put(Lora.NEW_WORDS, m.create(rows, new Shape(newWords, FlowUnet.COND)));
        }
        return p;
    }

    /** The base network with the adapters being trained added (the same sum {@link Lora#apply} makes at strength 1). */
    private static FlowUnet adapted(FlowUnet net, Map<String, NDArray> p, List<String> targets, NDArray scale) {
        Map<String, NDArray> replaced = new LinkedHashMap<>();
        for (String target : targets) {
            NDArray w = net.parameters().get(target);
            replaced.put(target, w.add(Lora.delta(p.get(target + Lora.UP), p.get(target + Lora.DOWN), w.getShape()).mul(scale)));
        }
        NDArray rows = p.get(Lora.NEW_WORDS);
        if (rows != null) replaced.put("text.embed", NDArrays.concat(new NDList(net.parameters().get("text.embed"), rows), 0));
        return net.withWeights(replaced);
    }

    private static NDArray[] frozenAndTrainable(FlowUnet net, Map<String, NDArray> trainable) {
        List<NDArray> all = new ArrayList<>(net.parameters().values());
        all.addAll(trainable.values());
        return all.toArray(new NDArray[0]);
    }

    private static Map<String, Safetensors.Tensor> tensors(Map<String, NDArray> p) {
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
        p.forEach((k, v) -> t.put(k, FlowUnet.tensor(v)));
        return t;
    }

    private static void checkpoint(Path dir, Map<String, NDArray> p, AdamMoments adam, State state) throws IOException {
        Files.createDirectories(dir);
        Map<String, Safetensors.Tensor> t = tensors(p);
        adam.addTo(t);
        AtomicFiles.write(dir.resolve("checkpoint.safetensors"), true, out -> Safetensors.write(out, t, Map.of()));
        AtomicFiles.writeString(dir.resolve("state.json"), JSON.writeValueAsString(state));
    }

    private static ModelLibrary.Installed install(ModelLibrary lib, Options o, ModelManifest base, Map<String, NDArray> p, List<String> targets,
                                                  List<String> newWords, List<String> words, List<String> digests, List<Float> losses)
            throws IOException, ModelException {
        Path staged = lib.stagingFolder(o.out());
        try {
            Lora lora = new Lora(tensors(p), newWords, o.rank(), o.alpha());
            AtomicFiles.write(staged.resolve(Lora.WEIGHTS), false, lora::write);
            StringBuilder csv = new StringBuilder("step,loss\n");
            for (int i = 0; i < losses.size(); i++) csv.append(i + 1).append(',').append(String.format(Locale.ROOT, "%.5f", losses.get(i))).append('\n');
            AtomicFiles.writeString(staged.resolve("loss.csv"), csv.toString());
            List<ModelManifest.FileEntry> files = new ArrayList<>();
            for (String f : List.of(Lora.WEIGHTS, "loss.csv")) {
                files.add(new ModelManifest.FileEntry(f, ModelLibrary.sha256(staged.resolve(f)), Files.size(staged.resolve(f))));
            }
            ModelManifest m = new ModelManifest(o.out(), "1.0.0", "lora", "lora",
                    String.format(Locale.ROOT, "LoRA rank %d on the %d convolution and linear layers of %s", o.rank(), targets.size(), base.name()),
                    String.format(Locale.ROOT, "Trained by cinegraph train lora on %d images captioned \"%s\" (%d steps of %d)", digests.size(),
                            o.caption().strip(), losses.size(), o.batch()),
                    Lora.WEIGHTS, files, List.of(), List.of(), List.of(), "trained on the user's images; see their licence", null, null, null,
                    new ModelManifest.LoraSection(base.name(), base.digest(), o.rank(), o.alpha(), targets, words, digests, losses.size(), null));
            return lib.install(m, staged);
        } finally {
            AtomicFiles.deleteTree(staged);
        }
    }
}
