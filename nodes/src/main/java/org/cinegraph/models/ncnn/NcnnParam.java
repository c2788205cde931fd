package org.cinegraph.models.ncnn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ncnn {@code .param} text file: magic 7767517, "layer_count blob_count", then one layer a line:
 * {@code Type Name bottom_count top_count bottoms... tops... key=value...}. Keys at or below -23300
 * carry arrays ({@code -233xx=n,v1,...,vn}, for key xx); they are kept as raw text.
 */
public final class NcnnParam {

    static final int MAGIC = 7767517;

    /** One layer as written, with its line number for error messages. */
    public record Layer(String type, String name, List<String> bottoms, List<String> tops,
                        Map<Integer, String> params, int line) {

        public int intParam(int key, int fallback) {
            String v = params.get(key);
            return v == null ? fallback : (int) Double.parseDouble(v);
        }

        public float floatParam(int key, float fallback) {
            String v = params.get(key);
            return v == null ? fallback : Float.parseFloat(v);
        }
    }

    private final Path file;
    private final List<Layer> layers;

    private NcnnParam(Path file, List<Layer> layers) {
        this.file = file;
        this.layers = layers;
    }

    public static NcnnParam read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not found");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int n = 0;
        while (n < lines.size() && lines.get(n).isBlank()) {
            n++;
        }
        if (n >= lines.size() || !lines.get(n).trim().equals(String.valueOf(MAGIC))) {
            throw new IOException(file + ": not an ncnn text .param file (first line must be the magic " + MAGIC + ")");
        }
        String[] counts = n + 1 < lines.size() ? lines.get(n + 1).trim().split("\\s+") : new String[0];
        int layerCount;
        try {
            layerCount = Integer.parseInt(counts[0]);
            Integer.parseInt(counts[1]);
        } catch (RuntimeException e) {
            throw new IOException(file + ": line " + (n + 2) + ": expected \"layer_count blob_count\"");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = n + 2; i < lines.size(); i++) {
            String text = lines.get(i).trim();
            if (text.isEmpty()) {
                continue;
            }
            layers.add(parseLayer(file, text, i + 1));
        }
        if (layers.size() != layerCount) {
            throw new IOException(file + ": header says " + layerCount + " layers but " + layers.size() + " are listed");
        }
        return new NcnnParam(file, Collections.unmodifiableList(layers));
    }

    private static Layer parseLayer(Path file, String text, int line) throws IOException {
        String[] f = text.split("\\s+");
        try {
            int nb = Integer.parseInt(f[2]);
            int nt = Integer.parseInt(f[3]);
            int at = 4;
            List<String> bottoms = List.of(java.util.Arrays.copyOfRange(f, at, at + nb));
            at += nb;
            List<String> tops = List.of(java.util.Arrays.copyOfRange(f, at, at + nt));
            at += nt;
            Map<Integer, String> params = new HashMap<>();
            for (; at < f.length; at++) {
                int eq = f[at].indexOf('=');
                if (eq <= 0) {
                    throw new IOException(file + ": line " + line + ": bad parameter \"" + f[at] + "\"");
                }
                params.put(Integer.parseInt(f[at].substring(0, eq)), f[at].substring(eq + 1));
            }
            return new Layer(f[0], f[1], bottoms, tops, Collections.unmodifiableMap(params), line);
        } catch (RuntimeException e) {
            throw new IOException(file + ": line " + line + ": malformed layer line \"" + text + "\"", e);
        }
    }

    public Path file() {
        return file;
    }

    public List<Layer> layers() {
        return layers;
    }
}
