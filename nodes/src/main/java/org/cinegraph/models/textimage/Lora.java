package org.cinegraph.models.textimage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.Safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A low-rank adapter of the text-to-image network, as stored in the model library: for each
 * adapted layer {@code L} the file holds {@code L.lora_down} [rank, fan-in] and {@code L.lora_up}
 * [out, rank] (the naming other tools use), so the layer's weight becomes
 * {@code W + strength * alpha / rank * (up . down)} reshaped to W's shape. Words of its caption that
 * the base model did not know get rows of their own ({@value #NEW_WORDS}, one per word in the
 * order of the metadata entry {@code new_words}), appended to the prompt embedding table.
 */
public final class Lora {
    public static final String WEIGHTS = "lora.safetensors";
    public static final String DOWN = ".lora_down";
    public static final String UP = ".lora_up";
    public static final String NEW_WORDS = "text.embed.new_words";

    private final Map<String, Safetensors.Tensor> tensors;
    private final List<String> newWords;
    private final int rank;
    private final double alpha;

    public Lora(Map<String, Safetensors.Tensor> tensors, List<String> newWords, int rank, double alpha) {
        this.tensors = Map.copyOf(tensors);
        this.newWords = List.copyOf(newWords);
        this.rank = rank;
        this.alpha = alpha;
    }

    /** A LoRA applied with a strength (0 leaves the network as it is). */
    public record Applied(Lora lora, float strength) {
    }

    public List<String> newWords() {
        return newWords;
    }

    public Map<String, Safetensors.Tensor> tensors() {
        return tensors;
    }

    /**
     * Reads and checks a LoRA's weights against the network it adapts (a base of {@code vocabSize}
     * tokens): each target must be an adaptable layer, with down/up shapes that fit its weight and
     * the manifest's rank.
     */
    public static Lora read(Path file, ModelManifest.LoraSection section, int vocabSize) throws IOException {
        Safetensors.Contents c;
        try (InputStream in = Files.newInputStream(file)) {
            c = Safetensors.read(in, file.toString());
        }
        Map<String, Shape> shapes = FlowUnet.shapes(vocabSize);
        List<String> adaptable = FlowUnet.adaptable(vocabSize);
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>(c.tensors());
        for (String target : section.targets()) {
            if (!adaptable.contains(target)) throw new IOException(file + ": target " + target + " is not a layer of the network");
            Shape w = shapes.get(target);
            long out = w.get(0);
            long fanIn = w.size() / out;
            check(file, t, target + DOWN, new long[] {section.rank(), fanIn});
            check(file, t, target + UP, new long[] {out, section.rank()});
        }
        List<String> words = new ArrayList<>();
        String listed = c.metadata().getOrDefault("new_words", "").strip();
        if (!listed.isEmpty()) words.addAll(Arrays.asList(listed.split(" ")));
        if (!words.isEmpty()) check(file, t, NEW_WORDS, new long[] {words.size(), FlowUnet.COND});
        int expected = 2 * section.targets().size() + (words.isEmpty() ? 0 : 1);
        if (t.size() != expected) throw new IOException(file + ": holds " + t.size() + " tensors, the manifest's targets need " + expected);
        return new Lora(t, words, section.rank(), section.alpha());
    }

    private static void check(Path file, Map<String, Safetensors.Tensor> t, String name, long[] shape) throws IOException {
        Safetensors.Tensor x = t.get(name);
        if (x == null) throw new IOException(file + ": tensor " + name + " is missing");
        if (!Arrays.equals(x.shape(), shape)) {
            throw new IOException(file + ": tensor " + name + " is " + Arrays.toString(x.shape()) + ", expected " + Arrays.toString(shape));
        }
    }

    public void write(OutputStream out) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "cinegraph-flow-lora");
        meta.put("rank", Integer.toString(rank));
        meta.put("alpha", Double.toString(alpha));
        if (!newWords.isEmpty()) meta.put("new_words", String.join(" ", newWords));
        // a stable order: targets in layout order, then the new words
        Map<String, Safetensors.Tensor> ordered = new LinkedHashMap<>();
        tensors.keySet().stream().sorted().forEach(k -> ordered.put(k, tensors.get(k)));
        Safetensors.write(out, ordered, meta);
    }

    /**
     * The base network with a stack of LoRAs applied, in order; LoRAs at strength 0 are skipped,
     * so a stack of them is the base network itself. New arrays live on {@code m}.
     */
    public static FlowUnet apply(FlowUnet base, NDManager m, List<Applied> stack) {
        Map<String, NDArray> replaced = new HashMap<>();
        for (Applied a : stack) {
            if (a.strength() == 0) continue;
            Lora l = a.lora();
            float scale = (float) (a.strength() * l.alpha / l.rank);
            for (Map.Entry<String, Safetensors.Tensor> e : l.tensors.entrySet()) {
                if (!e.getKey().endsWith(DOWN)) continue;
                String target = e.getKey().substring(0, e.getKey().length() - DOWN.length());
                NDArray w = replaced.getOrDefault(target, base.parameters().get(target));
                NDArray down = m.create(e.getValue().data(), new Shape(e.getValue().shape()));
                Safetensors.Tensor upT = l.tensors.get(target + UP);
                NDArray up = m.create(upT.data(), new Shape(upT.shape()));
                // the delta first, so the sum lands on m and not on the manager of the (held) base weights
                replaced.put(target, delta(up, down, w.getShape()).mul(scale).add(w));
            }
            if (!l.newWords.isEmpty()) {
                NDArray table = replaced.get("text.embed");
                if (table == null) {
                    NDArray held = base.parameters().get("text.embed");
                    table = m.create(held.toFloatArray(), held.getShape());
                }
                Safetensors.Tensor rows = l.tensors.get(NEW_WORDS);
                replaced.put("text.embed", NDArrays.concat(new NDList(table, m.create(rows.data(), new Shape(rows.shape()))), 0));
            }
        }
        return replaced.isEmpty() ? base.withWeights(Map.of()) : base.withWeights(replaced);
    }

    /** {@code up . down} in the shape of the weight it adapts. */
    static NDArray delta(NDArray up, NDArray down, Shape weight) {
        return up.matMul(down).reshape(weight);
    }

    /** The vocabulary with the new words of every active LoRA of the stack, matching {@link #apply}'s table. */
    public static Vocabulary vocabulary(Vocabulary base, List<Applied> stack) {
        List<String> more = new ArrayList<>();
        for (Applied a : stack) if (a.strength() != 0) more.addAll(a.lora().newWords);
        return base.extendedWith(more);
    }
}
