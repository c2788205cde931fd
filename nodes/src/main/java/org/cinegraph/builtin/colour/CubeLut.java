package org.cinegraph.builtin.colour;

import org.cinegraph.spi.NodeException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An Adobe/Resolve .cube 3D LUT, applied with trilinear interpolation. Parsed LUTs are cached by
 * path and modification time: a per-frame grade over a clip would otherwise re-read the file
 * for every frame.
 */
public final class CubeLut {
    /** Input levels of the precomputed axis tables: grading works on 12-bit values (0..4095). */
    public static final int LEVELS = 4096;
    private static final int MAX_CACHED = 16;
    private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(FileTime modified, long size, CubeLut lut) {
    }

    private final int n;
    /** RGB triples, red index varying fastest (the .cube order). */
    private final float[] table;
    private final float[] min;
    private final float[] max;
    private final int[] offR = new int[LEVELS], offG = new int[LEVELS], offB = new int[LEVELS];
    private final float[] fracR = new float[LEVELS], fracG = new float[LEVELS], fracB = new float[LEVELS];

    private CubeLut(int n, float[] table, float[] min, float[] max) {
        this.n = n;
        this.table = table;
        this.min = min;
        this.max = max;
        axis(0, 3, offR, fracR);
        axis(1, 3 * n, offG, fracG);
        axis(2, 3 * n * n, offB, fracB);
    }

    public int size() {
        return n;
    }

    /** Loads (or reuses) the LUT at {@code file}; errors name the file and, for bad content, the line. */
    public static CubeLut load(Path file) throws NodeException {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long bytes = Files.size(file);
            Cached c = CACHE.get(file);
            if (c != null && c.modified.equals(modified) && c.size == bytes) return c.lut;
            CubeLut lut = parse(file);
            if (CACHE.size() >= MAX_CACHED) CACHE.clear();
            CACHE.put(file, new Cached(modified, bytes, lut));
            return lut;
        } catch (NoSuchFileException e) {
            throw new NodeException("LUT file '" + file + "' does not exist");
        } catch (IOException e) {
            throw new NodeException("LUT file '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }

    static CubeLut parse(Path file) throws IOException, NodeException {
        int n = 0, filled = 0, lineNo = 0;
        float[] table = null;
        float[] min = {0, 0, 0}, max = {1, 1, 1};
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                String[] f = t.split("\\s+");
                String key = f[0].toUpperCase(Locale.ROOT);
                switch (key) {
                    case "TITLE" -> { }
                    case "LUT_1D_SIZE" -> throw bad(file, lineNo, "1D LUTs are not supported, only LUT_3D_SIZE");
                    case "LUT_3D_SIZE" -> {
                        if (table != null) throw bad(file, lineNo, "LUT_3D_SIZE appears twice");
                        if (f.length != 2) throw bad(file, lineNo, "LUT_3D_SIZE needs one number");
                        try {
                            n = Integer.parseInt(f[1]);
                        } catch (NumberFormatException e) {
                            throw bad(file, lineNo, "LUT_3D_SIZE must be a whole number, not '" + f[1] + "'");
                        }
                        if (n < 2 || n > 256) throw bad(file, lineNo, "LUT_3D_SIZE must be 2 to 256, not " + n);
                        table = new float[n * n * n * 3];
                    }
                    case "DOMAIN_MIN" -> min = numbers(file, lineNo, f, 1, 3);
                    case "DOMAIN_MAX" -> max = numbers(file, lineNo, f, 1, 3);
                    case "LUT_3D_INPUT_RANGE" -> {
                        float[] range = numbers(file, lineNo, f, 1, 2);
                        min = new float[]{range[0], range[0], range[0]};
                        max = new float[]{range[1], range[1], range[1]};
                    }
                    default -> {
                        char first = key.charAt(0);
                        if (!Character.isDigit(first) && first != '-' && first != '.' && first != '+') {
                            // Some tools write their own header keywords; tolerate them until the data starts.
                            if (filled == 0) continue;
                            throw bad(file, lineNo, "unexpected '" + f[0] + "' among the LUT entries");
                        }
                        if (table == null) throw bad(file, lineNo, "LUT data before LUT_3D_SIZE");
                        if (filled == n * n * n) throw bad(file, lineNo, "more entries than LUT_3D_SIZE " + n + " allows (" + n * n * n + ")");
                        float[] rgb = numbers(file, lineNo, f, 0, 3);
                        System.arraycopy(rgb, 0, table, filled * 3, 3);
                        filled++;
                    }
                }
            }
        }
        if (table == null) throw bad(file, lineNo, "no LUT_3D_SIZE line");
        if (filled != n * n * n) {
            throw bad(file, lineNo, "file ends after " + filled + " entries; LUT_3D_SIZE " + n + " needs " + n * n * n);
        }
        for (int c = 0; c < 3; c++) {
            if (!(max[c] > min[c])) throw bad(file, lineNo, "DOMAIN_MAX must be above DOMAIN_MIN");
        }
        return new CubeLut(n, table, min, max);
    }

    private static float[] numbers(Path file, int lineNo, String[] f, int from, int count) throws NodeException {
        if (f.length - from != count) {
            throw bad(file, lineNo, "expected " + count + " numbers, found '" + String.join(" ", f) + "'");
        }
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Float.parseFloat(f[from + i]);
            } catch (NumberFormatException e) {
                throw bad(file, lineNo, "'" + f[from + i] + "' is not a number");
            }
            if (!Float.isFinite(v[i])) throw bad(file, lineNo, "'" + f[from + i] + "' is not a finite number");
        }
        return v;
    }

    private static NodeException bad(Path file, int line, String why) {
        return new NodeException("LUT file '" + file + "' line " + line + ": " + why);
    }

    /**
     * Maps a 12-bit rgb triple through the LUT, returning 12-bit values packed as
     * {@code r << 24 | g << 12 | b}. Per-axis lattice offsets and fractions are precomputed, so a
     * pixel costs the 24 table reads and 21 lerps of trilinear interpolation and nothing else.
     */
    public long apply12(int r, int g, int b) {
        int i000 = offR[r] + offG[g] + offB[b];
        int sr = 3, sg = 3 * n, sb = 3 * n * n;
        int i100 = i000 + sr, i010 = i000 + sg, i110 = i010 + sr;
        int i001 = i000 + sb, i101 = i001 + sr, i011 = i001 + sg, i111 = i011 + sr;
        float tr = fracR[r], tg = fracG[g], tb = fracB[b];
        float ur = 1 - tr, ug = 1 - tg, ub = 1 - tb;
        // Trilinear interpolation written as one weighted sum of the 8 corners: independent
        // multiply-adds pipeline better than nested lerps.
        float w000 = ur * ug * ub, w100 = tr * ug * ub, w010 = ur * tg * ub, w110 = tr * tg * ub;
        float w001 = ur * ug * tb, w101 = tr * ug * tb, w011 = ur * tg * tb, w111 = tr * tg * tb;
        float[] t = table;
        long out = 0;
        for (int c = 0; c < 3; c++) {
            float v = w000 * t[i000 + c] + w100 * t[i100 + c] + w010 * t[i010 + c] + w110 * t[i110 + c]
                    + w001 * t[i001 + c] + w101 * t[i101 + c] + w011 * t[i011 + c] + w111 * t[i111 + c];
            int q = (int) (Math.min(Math.max(v, 0f), 1f) * (LEVELS - 1) + 0.5f);
            out = out << 12 | q;
        }
        return out;
    }

    /** Fills the lattice offset (scaled by {@code stride}) and fraction of every input level along one axis. */
    private void axis(int c, int stride, int[] off, float[] frac) {
        for (int v = 0; v < LEVELS; v++) {
            float p = ((float) v / (LEVELS - 1) - min[c]) / (max[c] - min[c]) * (n - 1);
            p = p <= 0 ? 0 : Math.min(p, n - 1);
            int i = Math.min((int) p, n - 2);
            off[v] = i * stride;
            frac[v] = p - i;
        }
    }
}
