package org.cinegraph.models.textimage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The words the text-to-image model knows (from the emoji names and keywords it was trained on).
 * A prompt becomes the mean of its known words' embeddings; token 0 is the empty prompt, used for
 * the unconditional half of classifier-free guidance.
 */
public final class Vocabulary {
    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "and", "with", "in", "on", "at", "to", "for", "or", "by", "type");

    private final List<String> words;
    private final Map<String, Integer> index = new HashMap<>();

    public Vocabulary(Collection<String> words) {
        this(List.copyOf(new TreeSet<>(words)));
    }

    private Vocabulary(List<String> ordered) {
        this.words = ordered;
        for (int i = 0; i < this.words.size(); i++) index.putIfAbsent(this.words.get(i), i + 1);
    }

    /**
     * This vocabulary plus words a LoRA taught the model, as tokens after the known ones in the
     * order given (their embedding rows are appended in the same order). A word already known
     * keeps its first token.
     */
    public Vocabulary extendedWith(List<String> more) {
        if (more.isEmpty()) return this;
        List<String> all = new ArrayList<>(words);
        all.addAll(more);
        return new Vocabulary(List.copyOf(all));
    }

    /** Lower-case words of a text, without punctuation and filler words. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty() && !STOP.contains(w)) out.add(w);
        }
        return out;
    }

    /** Tokens including the empty prompt (index 0). */
    public int size() {
        return words.size() + 1;
    }

    public List<String> words() {
        return words;
    }

    /** The token of a word, trying its singular ("cats" -> "cat") when only that is known; 0 if unknown. */
    int token(String word) {
        Integer i = index.get(word);
        if (i == null && word.endsWith("s")) i = index.get(word.substring(0, word.length() - 1));
        if (i == null && word.endsWith("es")) i = index.get(word.substring(0, word.length() - 2));
        return i == null ? 0 : i;
    }

    /** The prompt's words that the model has never seen (they are ignored). */
    public List<String> unknown(String prompt) {
        List<String> out = new ArrayList<>();
        for (String w : new LinkedHashSet<>(tokens(prompt))) if (token(w) == 0) out.add(w);
        return out;
    }

    /** A bag-of-words row: each known word weighs 1/n; a prompt with no known word is the empty prompt. */
    public float[] bagOfWords(String prompt) {
        float[] row = new float[size()];
        Set<Integer> known = new LinkedHashSet<>();
        for (String w : tokens(prompt)) {
            int t = token(w);
            if (t != 0) known.add(t);
        }
        if (known.isEmpty()) {
            row[0] = 1;
        } else {
            for (int t : known) row[t] = 1f / known.size();
        }
        return row;
    }

    public String toText() {
        return String.join("\n", words) + "\n";
    }

    public static Vocabulary read(InputStream in, String source) throws IOException {
        List<String> words = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                if (!line.matches("[a-z0-9]+")) throw new IOException(source + ": '" + line + "' is not a vocabulary word");
                words.add(line);
            }
        }
        if (words.isEmpty()) throw new IOException(source + ": the vocabulary is empty");
        return new Vocabulary(words);
    }
}
