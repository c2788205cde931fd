package org.cinegraph.models.textimage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.media.Frame;
import org.cinegraph.models.Tensors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The trained network with its vocabulary: prompt in, 32x32 images out. */
public final class TextToImageModel implements AutoCloseable {
    public static final String WEIGHTS = "weights.safetensors";
    public static final String VOCABULARY = "vocab.txt";

    private final FlowUnet net;
    private final Vocabulary vocab;

    private TextToImageModel(FlowUnet net, Vocabulary vocab) {
        this.net = net;
        this.vocab = vocab;
    }

    /** Loads {@value #WEIGHTS} and {@value #VOCABULARY} from a model folder onto the manager. */
    public static TextToImageModel load(Path dir, NDManager manager) throws IOException {
        Vocabulary vocab;
        try (InputStream in = Files.newInputStream(dir.resolve(VOCABULARY))) {
            vocab = Vocabulary.read(in, dir.resolve(VOCABULARY).toString());
        }
        FlowUnet net;
        try (InputStream in = Files.newInputStream(dir.resolve(WEIGHTS))) {
            net = FlowUnet.load(in, manager, dir.resolve(WEIGHTS).toString());
        }
        if (net.vocabSize() != vocab.size()) {
            net.close();
            throw new IOException(dir.resolve(WEIGHTS) + " was trained with " + (net.vocabSize() - 1) + " words but "
                    + dir.resolve(VOCABULARY) + " lists " + vocab.words().size());
        }
        return new TextToImageModel(net, vocab);
    }

    public Vocabulary vocabulary() {
        return vocab;
    }

    public long parameterCount() {
        return net.parameterCount();
    }

    /** The words the model knows with these LoRAs applied. */
    public Vocabulary vocabulary(List<Lora.Applied> loras) {
        return Lora.vocabulary(vocab, loras);
    }

    /** The network (for LoRA training, which adapts it). */
    public FlowUnet network() {
        return net;
    }

    /**
     * {@code count} images for the prompt; image i starts from the noise of {@code seed + i}.
     * Runs on a sub-manager of {@code manager} that is closed before returning.
     */
    public List<Frame> generate(NDManager manager, String prompt, String negative, long seed, int count, int steps, float guidance,
                                FlowSampler.Method method, FlowSampler.StepListener listener) {
        return generate(manager, List.of(), prompt, negative, seed, count, steps, guidance, method, listener);
    }

    /** As above with a stack of LoRAs applied (strength 0 ones are skipped: the base model exactly). */
    public List<Frame> generate(NDManager manager, List<Lora.Applied> loras, String prompt, String negative, long seed, int count, int steps,
                                float guidance, FlowSampler.Method method, FlowSampler.StepListener listener) {
        try (NDManager m = manager.newSubManager()) {
            FlowUnet adapted = Lora.apply(net, m, loras);
            Vocabulary v = Lora.vocabulary(vocab, loras);
            NDArray cond = adapted.embed(rows(m, v, prompt, count));
            NDArray uncond = adapted.embed(rows(m, v, negative, count));
            NDArray x = FlowSampler.sample(adapted, m, cond, uncond, guidance, steps, method, seed, listener);
            NDArray img = x.clip(-1, 1).add(1).div(2);
            List<Frame> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) out.add(Tensors.toFrame(img.get(i), 1f));
            return out;
        }
    }

    private static NDArray rows(NDManager m, Vocabulary vocab, String prompt, int count) {
        float[] row = vocab.bagOfWords(prompt == null ? "" : prompt);
        float[] all = new float[row.length * count];
        for (int i = 0; i < count; i++) System.arraycopy(row, 0, all, i * row.length, row.length);
        return m.create(all, new Shape(count, row.length));
    }

    @Override
    public void close() {
        net.close();
    }
}
