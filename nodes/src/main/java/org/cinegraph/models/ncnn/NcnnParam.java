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

        /** Whether array parameter {@code key} was given (written as {@code -233xx=n,...} for key xx). */
        public boolean hasArray(int key) {
            return params.containsKey(-23300 - key);
        }

        /** Array parameter {@code key} (written {@code -233xx=n,v1,...,vn}); empty when absent. */
        public float[] floatArray(int key) {
            double[] d = array(key);
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }

        /** Array parameter {@code key} as integers; empty when absent. */
        public int[] intArray(int key) {
            double[] d = array(key);
            int[] out = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (int) d[i];
            }
            return out;
        }

        private double[] array(int key) {
            String v = params.get(-23300 - key);
            if (v == null) {
                return new double[0];
            }
            String[] f = v.split(",");
            int n = Integer.parseInt(f[0].trim());
            if (f.length != n + 1) {
                throw new IllegalArgumentException("line " + line + ": array parameter " + key + " says " + n
                        + " values but has " + (f.length - 1));
            }
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = Double.parseDouble(f[i + 1].trim());
            }
            return out;
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
