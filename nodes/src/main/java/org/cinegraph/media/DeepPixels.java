package org.cinegraph.media;

/**
 * Pixel arithmetic for deep (float) frames, the counterpart of {@link Pixels}. Operations that
 * average neighbouring pixels (blur, resampling, mip-maps) work in linear light on premultiplied
 * values, as light adds up physically (a bright edge does not darken when blurred); mixes and
 * blend modes work on the encoded values like the 8-bit path, so a dissolve looks the same at
 * either depth. Values outside 0..1 are kept.
 */
public final class DeepPixels {
    private DeepPixels() {
    }

    /** Either frame deep: the depth-keeping path should run. */
    public static boolean anyDeep(Frame... frames) {
        for (Frame f : frames) if (f != null && f.isDeep()) return true;
        return false;
    }

    // ---- transfer, fast ----

    private static final int LUT = 4096;
    private static final float[] DECODE = new float[LUT + 1], ENCODE = new float[LUT + 1];

    static {
        for (int i = 0; i <= LUT; i++) {
            DECODE[i] = Transfer.decode((float) i / LUT);
            ENCODE[i] = Transfer.encode((float) i / LUT);
        }
    }

    /** Encoded value to linear light (a table for 0..1, exact beyond). */
    public static float toLinear(float v) {
        if (v < 0 || v > 1) return Transfer.decode(v);
        float x = v * LUT;
        int i = (int) x;
        if (i >= LUT) return DECODE[LUT];
        float t = x - i;
        return DECODE[i] + t * (DECODE[i + 1] - DECODE[i]);
    }

    /** Linear light to encoded value; below 1/4096 of white the exact curve (the table is too coarse there). */
    public static float toEncoded(float l) {
        if (l < 1f / LUT || l > 1) return Transfer.encode(l);
        float x = l * LUT;
        int i = (int) x;
        if (i >= LUT) return ENCODE[LUT];
        float t = x - i;
        return ENCODE[i] + t * (ENCODE[i + 1] - ENCODE[i]);
    }

    /** The frame as premultiplied linear RGBA floats (a new array). */
    public static float[] premultipliedLinear(Frame f) {
        float[] s = f.floats(), d = new float[s.length];
        int w = f.width();
        Pixels.forRows(w, f.height(), y -> {
            for (int i = 4 * y * w, end = i + 4 * w; i < end; i += 4) {
                float a = s[i + 3];
                d[i] = toLinear(s[i]) * a;
                d[i + 1] = toLinear(s[i + 1]) * a;
                d[i + 2] = toLinear(s[i + 2]) * a;
                d[i + 3] = a;
            }
        });
        return d;
    }

    /** Premultiplied linear RGBA back to a deep frame (encoded, straight alpha); {@code d} is reused. */
    public static Frame fromPremultipliedLinear(int w, int h, float[] d) {
        Pixels.forRows(w, h, y -> {
            for (int i = 4 * y * w, end = i + 4 * w; i < end; i += 4) unpremultiplyEncode(d, i);
        });
        return Frame.deep(w, h, d);
    }

    private static void unpremultiplyEncode(float[] d, int i) {
        float a = d[i + 3];
        if (a <= 1e-6f) {
            d[i] = d[i + 1] = d[i + 2] = d[i + 3] = 0;
            return;
        }
        float k = 1 / a;
        d[i] = toEncoded(d[i] * k);
        d[i + 1] = toEncoded(d[i + 1] * k);
        d[i + 2] = toEncoded(d[i + 2] * k);
    }

    // ---- mixing ----

    /** Per-pixel mix from p (t=0) to q (t=1) on encoded values, premultiplied so transparent pixels add no colour. */
    public static Frame mix(Frame p, Frame q, double t) {
        int w = p.width(), h = p.height();
        float[] a = p.floats(), b = q.floats(), out = new float[a.length];
        float s = (float) (1 - t), u = (float) t;
        Pixels.forRows(w, h, y -> {
            for (int i = 4 * y * w, end = i + 4 * w; i < end; i += 4) {
                float aa = a[i + 3] * s, ab = b[i + 3] * u, ao = aa + ab;
                if (ao <= 1e-6f) continue;
                for (int c = 0; c < 3; c++) out[i + c] = (a[i + c] * aa + b[i + c] * ab) / ao;
                out[i + 3] = ao;
            }
        });
        return Frame.deep(w, h, out);
    }

    /** {@code top} laid over {@code bottom} (same size, straight alpha, encoded values). */
    public static Frame over(Frame bottom, Frame top) {
        int w = bottom.width(), h = bottom.height();
        float[] b = bottom.floats(), out = b.clone();
        int[] t = top.pixels();
        Pixels.forRows(w, h, y -> {
            for (int p = y * w, end = p + w; p < end; p++) {
                int tp = t[p];
                float as = (tp >>> 24) / 255f;
                if (as == 0) continue;
                int i = 4 * p;
                float ab = b[i + 3], ao = as + ab * (1 - as);
                float[] c = {Frame.UNIT[(tp >> 16) & 0xFF], Frame.UNIT[(tp >> 8) & 0xFF], Frame.UNIT[tp & 0xFF]};
                for (int k = 0; k < 3; k++) out[i + k] = (as * c[k] + ab * (1 - as) * b[i + k]) / ao;
                out[i + 3] = ao;
            }
        });
        return Frame.deep(w, h, out);
    }

    // ---- blur ----

    /** Gaussian blur in linear light (see {@link Pixels#gaussianBlur}); the result is deep. */
    public static Frame gaussianBlur(Frame f, double sigma) {
        if (sigma < 0.2) return f;
        int w = f.width(), h = f.height(), n = w * h;
        float[] lin = premultipliedLinear(f);
        float[][] planes = new float[4][n];
        Pixels.forRows(w, h, y -> {
            for (int i = y * w, end = i + w; i < end; i++) for (int c = 0; c < 4; c++) planes[c][i] = lin[4 * i + c];
        });
        Pixels.blurPlanes(planes, w, h, sigma);
        Pixels.forRows(w, h, y -> {
            for (int i = y * w, end = i + w; i < end; i++) for (int c = 0; c < 4; c++) lin[4 * i + c] = planes[c][i];
        });
        return fromPremultipliedLinear(w, h, lin);
    }

    // ---- sampling (on premultiplied linear arrays) ----

    /** Adds to {@code acc} (4 floats) the bilinear sample at (x, y) of a w x h premultiplied array, edges clamped. */
    public static void sampleBilinear(float[] src, int w, int h, double x, double y, float weight, float[] acc) {
        double fx = x - 0.5, fy = y - 0.5;
        int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
        float tx = (float) (fx - x0), ty = (float) (fy - y0);
        int x1 = Pixels.clamp(x0 + 1, w), y1 = Pixels.clamp(y0 + 1, h);
        x0 = Pixels.clamp(x0, w);
        y0 = Pixels.clamp(y0, h);
        float w00 = (1 - tx) * (1 - ty) * weight, w10 = tx * (1 - ty) * weight, w01 = (1 - tx) * ty * weight, w11 = tx * ty * weight;
        int i00 = 4 * (y0 * w + x0), i10 = 4 * (y0 * w + x1), i01 = 4 * (y1 * w + x0), i11 = 4 * (y1 * w + x1);
        for (int c = 0; c < 4; c++) acc[c] += src[i00 + c] * w00 + src[i10 + c] * w10 + src[i01 + c] * w01 + src[i11 + c] * w11;
    }

    /** Catmull-Rom bicubic sample at (x, y) into {@code acc} (replaced), overshoot clamped to alpha. */
    public static void sampleBicubic(float[] src, int w, int h, double x, double y, float[] acc) {
        double fx = x - 0.5, fy = y - 0.5;
        int ix = (int) Math.floor(fx), iy = (int) Math.floor(fy);
        double[] wx = catmullRom(fx - ix), wy = catmullRom(fy - iy);
        acc[0] = acc[1] = acc[2] = acc[3] = 0;
        for (int j = 0; j < 4; j++) {
            int row = Pixels.clamp(iy - 1 + j, h) * w;
            for (int i = 0; i < 4; i++) {
                float k = (float) (wx[i] * wy[j]);
                int p = 4 * (row + Pixels.clamp(ix - 1 + i, w));
                for (int c = 0; c < 4; c++) acc[c] += src[p + c] * k;
            }
        }
        acc[3] = Math.max(0, acc[3]);
        for (int c = 0; c < 3; c++) acc[c] = Math.max(0, acc[c]);
    }

    private static double[] catmullRom(double t) {
        double t2 = t * t, t3 = t2 * t;
        return new double[]{0.5 * (-t3 + 2 * t2 - t), 0.5 * (3 * t3 - 5 * t2 + 2), 0.5 * (-3 * t3 + 4 * t2 + t), 0.5 * (t3 - t2)};
    }

    /** Writes an accumulated premultiplied linear sample as encoded straight RGBA at {@code out[i..i+3]}. */
    public static void store(float[] acc, float[] out, int i) {
        System.arraycopy(acc, 0, out, i, 4);
        unpremultiplyEncode(out, i);
    }

    /** {@link Pixels#resample} for deep frames: samples in linear light from premultiplied floats, so the depth survives. */
    static Frame resample(Frame s, int w, int h, double sx, double sy, double ox, double oy, boolean nearest, boolean bicubic, int pad) {
        int sw = s.width(), sh = s.height();
        float[] lin = premultipliedLinear(s), src = s.floats(), out = new float[4 * w * h];
        float[] padF = Frame.filled(1, 1, pad).floats();
        Pixels.forRows(w, h, y -> {
            float[] acc = new float[4];
            double u = (y + 0.5 - oy) / sy;
            for (int x = 0; x < w; x++) {
                double v = (x + 0.5 - ox) / sx;
                int o = 4 * (y * w + x);
                if (v < 0 || v >= sw || u < 0 || u >= sh) {
                    System.arraycopy(padF, 0, out, o, 4);
                } else if (nearest) {
                    System.arraycopy(src, 4 * (Pixels.clamp((int) u, sh) * sw + Pixels.clamp((int) v, sw)), out, o, 4);
                } else {
                    if (bicubic) {
                        sampleBicubic(lin, sw, sh, v, u, acc);
                    } else {
                        acc[0] = acc[1] = acc[2] = acc[3] = 0;
                        sampleBilinear(lin, sw, sh, v, u, 1, acc);
                    }
                    store(acc, out, o);
                }
            }
        });
        return Frame.deep(w, h, out);
    }

    /** 2x2 box reduction of a premultiplied linear w x h array (odd edges repeat). */
    public static float[] halve(float[] s, int w, int h) {
        int hw = (w + 1) / 2, hh = (h + 1) / 2;
        float[] d = new float[4 * hw * hh];
        Pixels.forRows(hw, hh, y -> {
            int y0 = 2 * y, y1 = Math.min(2 * y + 1, h - 1);
            for (int x = 0; x < hw; x++) {
                int x0 = 2 * x, x1 = Math.min(2 * x + 1, w - 1);
                for (int c = 0; c < 4; c++) {
                    d[4 * (y * hw + x) + c] = 0.25f * (s[4 * (y0 * w + x0) + c] + s[4 * (y0 * w + x1) + c] + s[4 * (y1 * w + x0) + c] + s[4 * (y1 * w + x1) + c]);
                }
            }
        });
        return d;
    }
}
