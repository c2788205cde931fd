package org.cinegraph.models.textimage;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.cinegraph.files.AtomicFiles;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.TarGz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains the text-to-image model on Twemoji (see docs/text-to-image.md for the command and the
 * report). Writes the weights and vocabulary into the model folder (checkpointing as it goes), and
 * the loss log, loss curve and sample grid into the report folder.
 */
public final class TrainTextToImage {
    private TrainTextToImage() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>(Map.of(
                "steps", "6000", "batch", "48", "lr", "0.001", "seed", "7", "minutes", "0", "resume", "false", "variations", "natural",
                "out", "assets/models/twemoji-flow", "report", "docs/text-to-image"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !a.containsKey(args[i].substring(2))) {
                System.err.println("usage: TrainTextToImage [--steps N] [--batch N] [--lr X] [--seed N] [--minutes M] [--resume true] [--variations natural|SHARE] [--out DIR] [--report DIR]");
                System.exit(2);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        int steps = Integer.parseInt(a.get("steps"));
        int batch = Integer.parseInt(a.get("batch"));
        float lr = Float.parseFloat(a.get("lr"));
        long seed = Long.parseLong(a.get("seed"));
        double minutes = Double.parseDouble(a.get("minutes"));
        Path out = Path.of(a.get("out"));
        Path report = Path.of(a.get("report"));
        Files.createDirectories(out);
        Files.createDirectories(report);

        List<TwemojiDataset.Item> items = TwemojiDataset.read(fetchDataset());
        java.util.Set<String> vocabWords = new java.util.TreeSet<>();
        for (TwemojiDataset.Item it : items) vocabWords.addAll(Vocabulary.tokens(it.caption()));
        Vocabulary vocab = new Vocabulary(vocabWords);
        boolean resume = Boolean.parseBoolean(a.get("resume"));
        if (!resume) writeAtomically(out.resolve(TextToImageModel.VOCABULARY), o -> o.write(vocab.toText().getBytes(StandardCharsets.UTF_8)));
        // Skin-tone variations are half the images; a share below 0.5 spends more steps on the other emoji.
        double variationShare = a.get("variations").equals("natural") ? -1 : Double.parseDouble(a.get("variations"));
        List<Integer> plain = new ArrayList<>();
        List<Integer> varied = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) (items.get(i).variation() ? varied : plain).add(i);
        int[][] captions = new int[items.size()][];
        int[][] names = new int[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            captions[i] = Vocabulary.tokens(items.get(i).caption()).stream().mapToInt(vocab::token).distinct().toArray();
            names[i] = Vocabulary.tokens(items.get(i).name()).stream().mapToInt(vocab::token).filter(t -> t != 0).distinct().toArray();
        }
        System.out.printf(Locale.ROOT, "dataset: %d images, %d words%n", items.size(), vocab.words().size());

        int px = 3 * FlowUnet.SIZE * FlowUnet.SIZE;
        int v = vocab.size();
        List<String> log = new ArrayList<>(List.of("step,loss,seconds"));
        int firstStep = 0;
        double firstSecond = 0;
        if (resume && Files.isRegularFile(report.resolve("loss.csv"))) {
            log = new ArrayList<>(Files.readAllLines(report.resolve("loss.csv")));
            String[] last = log.get(log.size() - 1).split(",");
            if (!last[0].equals("step")) {
                firstStep = Integer.parseInt(last[0]);
                firstSecond = Double.parseDouble(last[2]);
            }
        }
        try (NDManager base = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             NDManager emaManager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            FlowUnet net;
            if (resume) {
                // grown: weights saved before a layer was added (FiLM) train on with that layer at its neutral start
                try (java.io.InputStream in = Files.newInputStream(out.resolve(TextToImageModel.WEIGHTS))) {
                    net = FlowUnet.grownFrom(in, base, out.resolve(TextToImageModel.WEIGHTS).toString(), seed);
                }
                if (net.vocabSize() != v) throw new IOException("cannot resume: the saved weights know " + (net.vocabSize() - 1) + " words, the dataset " + (v - 1));
                System.out.printf(Locale.ROOT, "resuming from %s after step %d%n", out.resolve(TextToImageModel.WEIGHTS), firstStep);
            } else {
                net = FlowUnet.initialise(base, v, seed);
            }
            FlowUnet ema = net.copy(emaManager);
            net.parameters().values().forEach(p -> p.setRequiresGradient(true));
            System.out.printf(Locale.ROOT, "network: %,d parameters%n", net.parameterCount());
            int warm = Math.min(200, steps / 10);
            Tracker schedule = n -> n < warm ? lr * (n + 1) / warm
                    : (float) (lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, (double) (n - warm) / Math.max(1, steps - warm))))));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(schedule).build();
            Random rnd = new Random(seed);
            long t0 = System.nanoTime();
            double smooth = Double.NaN;
            int step = 0;
            while (step < steps) {
                if (minutes > 0 && (System.nanoTime() - t0) / 6e10 > minutes) {
                    System.out.printf(Locale.ROOT, "time budget of %.1f minutes reached at step %d%n", minutes, step);
                    break;
                }
                float[] x0 = new float[batch * px];
                float[] eps = new float[batch * px];
                float[] t = new float[batch];
                float[] bag = new float[batch * v];
                for (int b = 0; b < batch; b++) {
                    int i = variationShare < 0 ? rnd.nextInt(items.size())
                            : rnd.nextDouble() < variationShare ? varied.get(rnd.nextInt(varied.size())) : plain.get(rnd.nextInt(plain.size()));
                    System.arraycopy(items.get(i).pixels(), 0, x0, b * px, px);
                    caption(captions[i], names[i], rnd, bag, b * v);
                    t[b] = (float) (1 / (1 + Math.exp(-rnd.nextGaussian()))); // logit-normal: most weight mid-way
                    for (int j = 0; j < px; j++) eps[b * px + j] = (float) rnd.nextGaussian();
                }
                float loss;
                try (NDManager sm = base.newSubManager()) {
                    NDArray xa = sm.create(x0, new Shape(batch, 3, FlowUnet.SIZE, FlowUnet.SIZE));
                    NDArray ea = sm.create(eps, new Shape(batch, 3, FlowUnet.SIZE, FlowUnet.SIZE));
                    NDArray ta = sm.create(t, new Shape(batch));
                    NDArray tb = ta.reshape(batch, 1, 1, 1);
                    NDArray xt = xa.mul(tb.neg().add(1)).add(ea.mul(tb));
                    NDArray target = ea.sub(xa);
                    NDArray words = sm.create(bag, new Shape(batch, v));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray pred = net.forward(xt, ta, net.embed(words));
                        NDArray l = pred.sub(target).square().mean();
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                        NDArray g = e.getValue().getGradient();
                        g.attach(sm);
                        adam.update(e.getKey(), e.getValue(), g);
                        g.muli(0);
                    }
                    float decay = Math.min(0.998f, (1f + step) / (10f + step));
                    for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                        NDArray w = e.getValue().mul(1 - decay);
                        w.attach(sm);
                        ema.parameters().get(e.getKey()).muli(decay).addi(w);
                    }
                }
                step++;
                smooth = Double.isNaN(smooth) ? loss : smooth * 0.98 + loss * 0.02;
                double secs = (System.nanoTime() - t0) / 1e9;
                log.add(String.format(Locale.ROOT, "%d,%.5f,%.1f", firstStep + step, loss, firstSecond + secs));
                if (step % 50 == 0) {
                    System.out.printf(Locale.ROOT, "step %d/%d loss %.4f (smoothed %.4f) %.2f steps/s%n", step, steps, loss, smooth, step / secs);
                }
                if (step % 250 == 0 || step == steps) {
                    save(ema, out);
                    Files.write(report.resolve("loss.csv"), log);
                }
            }
            save(ema, out);
            Files.write(report.resolve("loss.csv"), log);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "trained %d steps of %d images in %.1f minutes%n", step, batch, secs / 60);
        }
        TrainingReport.write(out, report);
    }

    /**
     * One training caption as a bag-of-words row at {@code offset}: 10% empty (the unconditional
     * flow that guidance needs), 30% the emoji's name alone ("red heart": how people prompt), 30%
     * all of the image's words, 30% one to three of them at random, so short prompts like "fire"
     * are as familiar to the model as full captions.
     */
    static void caption(int[] words, int[] name, Random rnd, float[] bag, int offset) {
        float r = rnd.nextFloat();
        if (r < 0.1f || words.length == 0) {
            bag[offset] = 1;
            return;
        }
        int[] chosen = r < 0.4f && name.length > 0 ? name : words;
        if (r >= 0.7f) {
            int[] shuffled = words.clone();
            for (int k = shuffled.length - 1; k > 0; k--) {
                int j = rnd.nextInt(k + 1);
                int t = shuffled[k];
                shuffled[k] = shuffled[j];
                shuffled[j] = t;
            }
            chosen = java.util.Arrays.copyOf(shuffled, 1 + rnd.nextInt(Math.min(3, shuffled.length)));
        }
        for (int w : chosen) bag[offset + w] = 1f / chosen.length;
    }

    static void save(FlowUnet net, Path out) throws IOException {
        writeAtomically(out.resolve(TextToImageModel.WEIGHTS), net::save);
    }

    interface Writer {
        void write(OutputStream o) throws IOException;
    }

    /** Writes through a hidden temporary sibling, so a stopped run never leaves a half-written file. */
    static void writeAtomically(Path file, Writer w) throws IOException {
        Path tmp = AtomicFiles.tempSibling(file);
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                w.write(o);
            }
            AtomicFiles.commitFile(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Fetches and unpacks the dataset package (sha256 checked) into a temporary folder; returns its package folder. */
    static Path fetchDataset() throws Exception {
        Path work = Files.createTempDirectory("cinegraph-twemoji");
        Path tgz = ModelLibrary.npmPack(TwemojiDataset.PACKAGE, TwemojiDataset.VERSION, work);
        String sha = ModelLibrary.sha256(tgz);
        if (!sha.equals(TwemojiDataset.SHA256)) {
            throw new IOException(tgz + ": sha256 " + sha + " is not the pinned " + TwemojiDataset.SHA256);
        }
        TarGz.extract(tgz, work.resolve("unpacked"));
        return work.resolve("unpacked/package");
    }
}
