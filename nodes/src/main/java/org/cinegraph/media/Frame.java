package org.cinegraph.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;

/**
 * A picture, treated as immutable once made: operations return new frames, so a cached frame can
 * be shared by every node and thread that reads it. Row-major, top row first, straight
 * (non-premultiplied) alpha.
 *
 * <p>Two depths. An 8-bit frame holds packed ARGB ints ({@link #pixels()}), the fast path every
 * node understands. A deep frame ({@link #deep(int, int, float[])}) holds float RGBA: sources and
 * destinations of more than 8 bits (10/12-bit video, 16-bit PNG/TIFF, EXR) and the nodes that know
 * about depth keep it; any other node reads its {@link #pixels()}, an 8-bit view rounded once on
 * first use. Float values use the same encoding as the 8-bit ones (display-referred, sRGB-like
 * transfer, 1.0 = 255), so the two paths agree; values above 1 (an EXR's highlights) are kept.
 */
public final class Frame {
    private final int width;
    private final int height;
    /** 8-bit view; for deep frames computed on first use (the race is benign: same result). */
    private volatile int[] argb;
    /** R, G, B, A per pixel, or null for an 8-bit frame. */
    private final float[] rgba;

    public Frame(int width, int height, int[] argb) {
        checkSize(width, height);
        Objects.requireNonNull(argb, "argb");
        if (argb.length != width * height) throw new IllegalArgumentException("pixel array has " + argb.length + " entries, expected " + width * height);
        this.width = width;
        this.height = height;
        this.argb = argb;
        this.rgba = null;
    }

    private Frame(int width, int height, float[] rgba) {
        checkSize(width, height);
        Objects.requireNonNull(rgba, "rgba");
        if (rgba.length != 4 * width * height) throw new IllegalArgumentException("float pixel array has " + rgba.length + " entries, expected " + 4 * width * height);
        this.width = width;
        this.height = height;
        this.rgba = rgba;
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("frame size must be positive, not " + width + "x" + height);
    }

    /** A deep frame over {@code rgba} (4 floats per pixel, R G B A; the array is kept, not copied). */
    public static Frame deep(int width, int height, float[] rgba) {
        return new Frame(width, height, rgba);
    }

    public static Frame filled(int width, int height, int argb) {
        int[] px = new int[width * height];
        java.util.Arrays.fill(px, argb);
        return new Frame(width, height, px);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Whether this frame carries float channels (more than 8 bits per channel). */
    public boolean isDeep() {
        return rgba != null;
    }

    /**
     * The 8-bit ARGB pixels (not a copy): never write to them. For a deep frame this is its
     * rounded 8-bit view (values above 1 clip to 255).
     */
    public int[] pixels() {
        int[] px = argb;
        if (px == null) argb = px = quantise(rgba, width, height);
        return px;
    }

    /**
     * Float RGBA, 4 per pixel. For a deep frame the array itself (never write to it); for an
     * 8-bit frame a new array converted from the ints.
     */
    public float[] floats() {
        return rgba != null ? rgba : expand(pixels(), width, height);
    }

    /** This frame with float channels (itself when already deep). */
    public Frame toDeep() {
        return rgba != null ? this : new Frame(width, height, expand(argb, width, height));
    }

    public int pixel(int x, int y) {
        return pixels()[y * width + x];
    }

    /** A BufferedImage with a copy of the 8-bit pixels (for Java2D drawing onto a copy, or PNG writing). */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] dst = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int[] px = pixels();
        System.arraycopy(px, 0, dst, 0, px.length);
        return img;
    }

    public static Frame fromBufferedImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_INT_ARGB) {
            int[] src = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
            return new Frame(w, h, src.clone());
        }
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        return new Frame(w, h, px);
    }

    /** Bytes held by the pixel arrays (for cache accounting). */
    public long byteSize() {
        long n = (long) width * height;
        return rgba != null ? 16 * n + (argb != null ? 4 * n : 0) : 4 * n;
    }

    static int[] quantise(float[] f, int w, int h) {
        int[] out = new int[w * h];
        Pixels.forRows(w, h, y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                int k = 4 * i;
                out[i] = to8(f[k + 3]) << 24 | to8(f[k]) << 16 | to8(f[k + 1]) << 8 | to8(f[k + 2]);
            }
        });
        return out;
    }

    static float[] expand(int[] px, int w, int h) {
        float[] out = new float[4 * w * h];
        Pixels.forRows(w, h, y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                int p = px[i], k = 4 * i;
                out[k] = UNIT[(p >> 16) & 0xFF];
                out[k + 1] = UNIT[(p >> 8) & 0xFF];
                out[k + 2] = UNIT[p & 0xFF];
                out[k + 3] = UNIT[p >>> 24];
            }
        });
        return out;
    }

    /** i / 255 for every 8-bit value. */
    static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) UNIT[i] = i / 255f;
    }

    /** A float channel value rounded to 8 bits, clipped to 0..255. */
    public static int to8(float v) {
        float s = v * 255f + 0.5f;
        return s <= 0 ? 0 : s >= 255 ? 255 : (int) s;
    }

    @Override
    public String toString() {
        return "Frame[" + width + "x" + height + (rgba != null ? ", float" : "") + "]";
    }
}
