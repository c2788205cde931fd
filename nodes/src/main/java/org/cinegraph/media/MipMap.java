package org.cinegraph.media;

import java.util.ArrayList;
import java.util.List;

/**
 * A picture and its successive half-size reductions, for sampling a large image at a small
 * scale without aliasing. Sampling blends the two levels around the wanted scale (trilinear
 * filtering), so a continuously changing scale (a slow zoom) never pops between levels.
 */
public final class MipMap {
    private final List<Frame> levels = new ArrayList<>();
    /** For a deep base: premultiplied linear levels, their sizes (deep sampling averages light). */
    private final List<float[]> deep = new ArrayList<>();
    private final List<int[]> deepSize = new ArrayList<>();

    /** Builds reductions down to about {@code minScale} of the original (at least the original). */
    public MipMap(Frame base, double minScale) {
        if (base.isDeep()) {
            levels.add(base);
            float[] lv = DeepPixels.premultipliedLinear(base);
            int w = base.width(), h = base.height();
            double scale = 1;
            deep.add(lv);
            deepSize.add(new int[]{w, h});
            while (scale > minScale && (w > 1 || h > 1)) {
                lv = DeepPixels.halve(lv, w, h);
                w = (w + 1) / 2;
                h = (h + 1) / 2;
                deep.add(lv);
                deepSize.add(new int[]{w, h});
                scale /= 2;
            }
            return;
        }
        levels.add(base);
        Frame f = base;
        double scale = 1;
        while (scale > minScale && (f.width() > 1 || f.height() > 1)) {
            f = halve(f);
            levels.add(f);
            scale /= 2;
        }
    }

    public Frame base() {
        return levels.get(0);
    }

    /**
     * Bilinear sample at (x, y), in base-image pixel coordinates, for a picture drawn at
     * {@code scale} (output pixels per base pixel).
     */
    public int sample(double x, double y, double scale) {
        if (scale >= 1 || levels.size() == 1) return Pixels.sampleBilinear(levels.get(0), x, y);
        double lod = Math.min(levels.size() - 1, Math.log(1 / scale) / Math.log(2));
        int l0 = (int) lod;
        double t = lod - l0;
        int a = sampleLevel(l0, x, y);
        return t < 1e-6 || l0 + 1 >= levels.size() ? a : Pixels.mix(a, sampleLevel(l0 + 1, x, y), t);
    }

    /** Whether this mip-map samples floats ({@link #sampleDeep}) rather than ints. */
    public boolean isDeep() {
        return !deep.isEmpty();
    }

    /**
     * The deep counterpart of {@link #sample}: the sample at (x, y) for scale {@code scale},
     * written as encoded straight RGBA into {@code out} at {@code i}.
     */
    public void sampleDeep(double x, double y, double scale, float[] out, int i) {
        float[] acc = new float[4];
        int bw = deepSize.get(0)[0], bh = deepSize.get(0)[1];
        if (scale >= 1 || deep.size() == 1) {
            DeepPixels.sampleBilinear(deep.get(0), bw, bh, x, y, 1, acc);
        } else {
            double lod = Math.min(deep.size() - 1, Math.log(1 / scale) / Math.log(2));
            int l0 = (int) lod;
            float t = (float) (lod - l0);
            sampleDeepLevel(l0, x, y, 1 - t, acc);
            if (t > 1e-6 && l0 + 1 < deep.size()) sampleDeepLevel(l0 + 1, x, y, t, acc);
        }
        DeepPixels.store(acc, out, i);
    }

    private void sampleDeepLevel(int level, double x, double y, float weight, float[] acc) {
        int[] base = deepSize.get(0), s = deepSize.get(level);
        DeepPixels.sampleBilinear(deep.get(level), s[0], s[1], x * s[0] / base[0], y * s[1] / base[1], weight, acc);
    }

    private int sampleLevel(int level, double x, double y) {
        Frame base = levels.get(0), f = levels.get(level);
        return Pixels.sampleBilinear(f, x * f.width() / base.width(), y * f.height() / base.height());
    }

    /** 2x2 box reduction in premultiplied space (odd edges repeat their last pixel). */
    static Frame halve(Frame f) {
        int w = f.width(), h = f.height(), hw = (w + 1) / 2, hh = (h + 1) / 2;
        int[] out = new int[hw * hh];
        Pixels.forRows(hw, hh, y -> {
            int y0 = 2 * y, y1 = Math.min(2 * y + 1, h - 1);
            for (int x = 0; x < hw; x++) {
                int x0 = 2 * x, x1 = Math.min(2 * x + 1, w - 1);
                double[] acc = new double[4];
                Pixels.accumulate(acc, f.pixel(x0, y0), 0.25);
                Pixels.accumulate(acc, f.pixel(x1, y0), 0.25);
                Pixels.accumulate(acc, f.pixel(x0, y1), 0.25);
                Pixels.accumulate(acc, f.pixel(x1, y1), 0.25);
                out[y * hw + x] = Pixels.unpremultiply(acc[0], acc[1], acc[2], acc[3]);
            }
        });
        return new Frame(hw, hh, out);
    }
}
