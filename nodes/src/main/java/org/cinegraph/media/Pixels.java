package org.cinegraph.media;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Shared pixel arithmetic for the built-in image nodes: channel access, premultiplied mixing and
 * sampling (so edges of transparent areas do not pick up dark fringes), a fast gaussian-like blur
 * and row-parallel loops. Frames are non-premultiplied ARGB; anything that averages pixels
 * premultiplies first and divides back at the end.
 */
public final class Pixels {
    /** Below this many pixels the fork/join overhead outweighs parallel rows. */
    private static final int PARALLEL_PIXELS = 1 << 16;

    private Pixels() {
    }

    public static int alpha(int p) { return p >>> 24; }
    public static int red(int p) { return (p >> 16) & 0xFF; }
    public static int green(int p) { return (p >> 8) & 0xFF; }
    public static int blue(int p) { return p & 0xFF; }

    /** Rec.709 luma of a pixel, 0..1 (alpha ignored). */
    public static double luma(int p) {
        return (0.2126 * red(p) + 0.7152 * green(p) + 0.0722 * blue(p)) / 255.0;
    }

    /** Runs {@code row} for every y in 0..height-1, in parallel for large frames. */
    public static void forRows(int width, int height, IntConsumer row) {
        if ((long) width * height >= PARALLEL_PIXELS) {
            IntStream.range(0, height).parallel().forEach(row);
        } else {
            for (int y = 0; y < height; y++) row.accept(y);
        }
    }

    /** Packs premultiplied channel values (alpha 0..255, colour 0..alpha scale) back to a straight ARGB pixel. */
    public static int unpremultiply(double a, double r, double g, double b) {
        if (a < 0.5) return 0; // rounds to fully transparent
        double inv = 255.0 / a;
        return Colours.argb(Colours.clamp8(a), Colours.clamp8(r * inv), Colours.clamp8(g * inv), Colours.clamp8(b * inv));
    }

    /** Linear mix from p (t=0) to q (t=1), in premultiplied space so transparent pixels add no colour. */
    public static int mix(int p, int q, double t) {
        if (t <= 0) return p;
        if (t >= 1) return q;
        if ((p >>> 24) == 0xFF && (q >>> 24) == 0xFF) {
            // Common opaque case: straight per-channel lerp, no divisions.
            double s = 1 - t;
            return Colours.argb(0xFF, Colours.clamp8(red(p) * s + red(q) * t),
                    Colours.clamp8(green(p) * s + green(q) * t), Colours.clamp8(blue(p) * s + blue(q) * t));
        }
        double ap = alpha(p) * (1 - t), aq = alpha(q) * t;
        double a = ap + aq;
        return unpremultiply(a, (red(p) * ap + red(q) * aq) / 255.0, (green(p) * ap + green(q) * aq) / 255.0,
                (blue(p) * ap + blue(q) * aq) / 255.0);
    }

    /** Per-pixel {@link #mix(int, int, double)} of two frames of equal size (dissolves, frame blending). */
    public static Frame mix(Frame p, Frame q, double t) {
        if (p.width() != q.width() || p.height() != q.height()) {
            throw new IllegalArgumentException("cannot mix a " + p.width() + "x" + p.height() + " frame with a " + q.width() + "x" + q.height() + " frame");
        }
        if (t <= 0) return p;
        if (t >= 1) return q;
        if (DeepPixels.anyDeep(p, q)) return DeepPixels.mix(p, q, t);
        int w = p.width(), h = p.height();
        int[] a = p.pixels(), b = q.pixels(), out = new int[w * h];
        forRows(w, h, row -> {
            for (int i = row * w, end = i + w; i < end; i++) out[i] = mix(a[i], b[i], t);
        });
        return new Frame(w, h, out);
    }

    /**
     * Bilinear sample at (x, y) in pixel coordinates (pixel centres at i + 0.5), clamping at the
     * edges. Premultiplied so a transparent neighbour only reduces alpha.
     */
    public static int sampleBilinear(Frame f, double x, double y) {
        int w = f.width(), h = f.height();
        double fx = x - 0.5, fy = y - 0.5;
        int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
        double tx = fx - x0, ty = fy - y0;
        int x1 = clamp(x0 + 1, w), y1 = clamp(y0 + 1, h);
        x0 = clamp(x0, w);
        y0 = clamp(y0, h);
        int[] px = f.pixels();
        int p00 = px[y0 * w + x0], p10 = px[y0 * w + x1], p01 = px[y1 * w + x0], p11 = px[y1 * w + x1];
        double w00 = (1 - tx) * (1 - ty), w10 = tx * (1 - ty), w01 = (1 - tx) * ty, w11 = tx * ty;
        if ((p00 & p10 & p01 & p11) >>> 24 == 0xFF) {
            return Colours.argb(0xFF,
                    Colours.clamp8(red(p00) * w00 + red(p10) * w10 + red(p01) * w01 + red(p11) * w11),
                    Colours.clamp8(green(p00) * w00 + green(p10) * w10 + green(p01) * w01 + green(p11) * w11),
                    Colours.clamp8(blue(p00) * w00 + blue(p10) * w10 + blue(p01) * w01 + blue(p11) * w11));
        }
        double[] acc = new double[4];
        accumulate(acc, p00, w00);
        accumulate(acc, p10, w10);
        accumulate(acc, p01, w01);
        accumulate(acc, p11, w11);
        return unpremultiply(acc[0], acc[1], acc[2], acc[3]);
    }

    /**
     * Bicubic (Catmull-Rom) sample at (x, y) in pixel coordinates, clamping at the edges. Sharper
     * than bilinear when enlarging; overshoot is clamped.
     */
    public static int sampleBicubic(Frame f, double x, double y) {
        int w = f.width(), h = f.height();
        double fx = x - 0.5, fy = y - 0.5;
        int ix = (int) Math.floor(fx), iy = (int) Math.floor(fy);
        double[] wx = catmullRom(fx - ix), wy = catmullRom(fy - iy);
        int[] px = f.pixels();
        double[] acc = new double[4];
        for (int j = 0; j < 4; j++) {
            int row = clamp(iy - 1 + j, h) * w;
            for (int i = 0; i < 4; i++) {
                accumulate(acc, px[row + clamp(ix - 1 + i, w)], wx[i] * wy[j]);
            }
        }
        double a = Math.min(255, acc[0]);
        // Clamp premultiplied colour to alpha so overshoot cannot create super-white pixels.
        return unpremultiply(a, Math.min(a, acc[1]), Math.min(a, acc[2]), Math.min(a, acc[3]));
    }

    /** The frame stretched to w x h by nearest pixel (deep frames stay deep). */
    public static Frame resizeNearest(Frame f, int w, int h) {
        int fw = f.width(), fh = f.height();
        if (f.isDeep()) {
            float[] s = f.floats(), d = new float[4 * w * h];
            forRows(w, h, y -> {
                int sy = (int) ((long) y * fh / h);
                for (int x = 0; x < w; x++) System.arraycopy(s, 4 * (sy * fw + (int) ((long) x * fw / w)), d, 4 * (y * w + x), 4);
            });
            return Frame.deep(w, h, d);
        }
        int[] s = f.pixels(), d = new int[w * h];
        forRows(w, h, y -> {
            int sy = (int) ((long) y * fh / h);
            for (int x = 0; x < w; x++) d[y * w + x] = s[sy * fw + (int) ((long) x * fw / w)];
        });
        return new Frame(w, h, d);
    }

    /** Nearest-pixel sample at (x, y) in pixel coordinates, clamping at the edges. */
    public static int sampleNearest(Frame f, double x, double y) {
        return f.pixels()[clamp((int) Math.floor(y), f.height()) * f.width() + clamp((int) Math.floor(x), f.width())];
    }

    private static double[] catmullRom(double t) {
        double t2 = t * t, t3 = t2 * t;
        return new double[]{
                0.5 * (-t3 + 2 * t2 - t),
                0.5 * (3 * t3 - 5 * t2 + 2),
                0.5 * (-3 * t3 + 4 * t2 + t),
                0.5 * (t3 - t2)};
    }

    /** Adds {@code weight} x the premultiplied pixel to acc (alpha, red, green, blue; 0..255 scale). */
    static void accumulate(double[] acc, int p, double weight) {
        double a = alpha(p) * weight;
        acc[0] += a;
        acc[1] += red(p) * a / 255.0;
        acc[2] += green(p) * a / 255.0;
        acc[3] += blue(p) * a / 255.0;
    }

    public static int clamp(int v, int size) {
        return v < 0 ? 0 : v >= size ? size - 1 : v;
    }

    /**
     * Gaussian blur with standard deviation {@code sigma} pixels, approximated by three
     * successive box blurs (within a few percent of a true gaussian, and O(1) per pixel whatever
     * the radius). Edges repeat the border pixel, so a flat image stays flat. Works on
     * premultiplied float planes so transparent areas do not darken their neighbours.
     */
    public static Frame gaussianBlur(Frame f, double sigma) {
        if (sigma < 0.2) return f;
        if (f.isDeep()) return DeepPixels.gaussianBlur(f, sigma);
        int w = f.width(), h = f.height();
        int n = w * h;
        int[] src = f.pixels();
        // Opaque pictures (all video) skip the alpha plane and the premultiply round trip.
        boolean opaque = isOpaque(src);
        float[][] planes = new float[opaque ? 3 : 4][n];
        forRows(w, h, y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                int p = src[i];
                float k = opaque ? 1f : alpha(p) / 255f;
                planes[0][i] = red(p) * k;
                planes[1][i] = green(p) * k;
                planes[2][i] = blue(p) * k;
                if (!opaque) planes[3][i] = alpha(p);
            }
        });
        blurPlanes(planes, w, h, sigma);
        int[] out = new int[n];
        forRows(w, h, y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                out[i] = opaque
                        ? Colours.argb(0xFF, Colours.clamp8(planes[0][i]), Colours.clamp8(planes[1][i]), Colours.clamp8(planes[2][i]))
                        : unpremultiply(planes[3][i], planes[0][i], planes[1][i], planes[2][i]);
            }
        });
        return new Frame(w, h, out);
    }

    /** Blurs each w x h float plane in place with the three-box gaussian of {@code sigma}. */
    static void blurPlanes(float[][] planes, int w, int h, double sigma) {
        int[] radii = boxRadii(sigma);
        for (float[] plane : planes) {
            boxHorizontal(plane, w, h, radii);
            boxVertical(plane, w, h, radii);
        }
    }

    /** Whether every pixel has alpha 255. */
    public static boolean isOpaque(int[] px) {
        int and = 0xFFFFFFFF;
        for (int p : px) and &= p;
        return and >>> 24 == 0xFF;
    }

    /** Radii of three boxes whose combined variance matches sigma (Kovesi's construction). */
    static int[] boxRadii(double sigma) {
        int boxes = 3;
        double ideal = Math.sqrt(12 * sigma * sigma / boxes + 1);
        int lower = (int) Math.floor(ideal);
        if (lower % 2 == 0) lower--;
        int upper = lower + 2;
        long m = Math.round((12 * sigma * sigma - boxes * lower * lower - 4.0 * boxes * lower - 3.0 * boxes) / (-4.0 * lower - 4));
        int[] radii = new int[boxes];
        for (int i = 0; i < boxes; i++) radii[i] = ((i < m ? lower : upper) - 1) / 2;
        return radii;
    }

    /** All box passes along each row, done while the row is in cache (box passes commute). */
    private static void boxHorizontal(float[] plane, int w, int h, int[] radii) {
        forRows(w, h, y -> {
            float[] a = new float[w], b = new float[w];
            System.arraycopy(plane, y * w, a, 0, w);
            for (int r : radii) {
                if (r == 0) continue;
                boxLanes(a, b, w, 1, r);
                float[] t = a;
                a = b;
                b = t;
            }
            System.arraycopy(a, 0, plane, y * w, w);
        });
    }

    /** All box passes down the columns, in strips of 64 columns so reads use whole cache lines. */
    private static void boxVertical(float[] plane, int w, int h, int[] radii) {
        int strip = 64;
        int strips = (w + strip - 1) / strip;
        IntConsumer work = s -> {
            int x0 = s * strip, sw = Math.min(w, x0 + strip) - x0;
            float[] a = new float[h * sw], b = new float[h * sw];
            for (int y = 0; y < h; y++) System.arraycopy(plane, y * w + x0, a, y * sw, sw);
            for (int r : radii) {
                if (r == 0) continue;
                boxLanes(a, b, h, sw, r);
                float[] t = a;
                a = b;
                b = t;
            }
            for (int y = 0; y < h; y++) System.arraycopy(a, y * sw, plane, y * w + x0, sw);
        };
        if ((long) w * h >= PARALLEL_PIXELS) IntStream.range(0, strips).parallel().forEach(work);
        else for (int s = 0; s < strips; s++) work.accept(s);
    }

    /**
     * Box average of radius r along {@code len} positions for {@code lanes} interleaved lines
     * (element (pos, lane) at pos * lanes + lane), repeating the end values past the edges.
     */
    private static void boxLanes(float[] src, float[] dst, int len, int lanes, int r) {
        float scale = 1f / (2 * r + 1);
        double[] sums = new double[lanes];
        for (int k = -r; k <= r; k++) {
            int row = clamp(k, len) * lanes;
            for (int c = 0; c < lanes; c++) sums[c] += src[row + c];
        }
        for (int pos = 0; pos < len; pos++) {
            int out = pos * lanes, add = clamp(pos + r + 1, len) * lanes, sub = clamp(pos - r, len) * lanes;
            for (int c = 0; c < lanes; c++) {
                dst[out + c] = (float) (sums[c] * scale);
                sums[c] += src[add + c] - src[sub + c];
            }
        }
    }

    /** {@code src} stretched to exactly w x h with the bilinear filter (aspect ratio not kept). */
    public static Frame stretch(Frame src, int w, int h) {
        if (src.width() == w && src.height() == h) return src;
        return resample(src, w, h, (double) w / src.width(), (double) h / src.height(), "bilinear", 0);
    }

    /**
     * Resamples src scaled by (sx, sy) and centred in a w x h frame; output pixels whose centre
     * falls outside the scaled picture get {@code pad}.
     */
    public static Frame resample(Frame src, int w, int h, double sx, double sy, String filter, int pad) {
        boolean nearest = filter.equals("nearest");
        // Point samplers alias when shrinking a lot: pre-blur roughly to the new pixel size.
        double shrink = Math.min(sx, sy);
        Frame s = !nearest && shrink < 0.5 ? gaussianBlur(src, 0.5 * (1 / shrink - 1)) : src;
        boolean bicubic = filter.equals("bicubic");
        double ox = (w - src.width() * sx) / 2, oy = (h - src.height() * sy) / 2;
        int sw = src.width(), sh = src.height();
        if (s.isDeep()) return DeepPixels.resample(s, w, h, sx, sy, ox, oy, nearest, bicubic, pad);
        int[] out = new int[w * h];
        forRows(w, h, y -> {
            double u = (y + 0.5 - oy) / sy;
            for (int x = 0; x < w; x++) {
                double v = (x + 0.5 - ox) / sx;
                int p;
                if (v < 0 || v >= sw || u < 0 || u >= sh) p = pad;
                else if (nearest) p = sampleNearest(s, v, u);
                else if (bicubic) p = sampleBicubic(s, v, u);
                else p = sampleBilinear(s, v, u);
                out[y * w + x] = p;
            }
        });
        return new Frame(w, h, out);
    }
}
