package org.cinegraph.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;

/**
 * An 8-bit RGBA picture: pixels packed as non-premultiplied ARGB ints, row-major, top row
 * first. Treated as immutable once made: operations return new frames, so a cached frame can
 * be shared by every node and thread that reads it.
 */
public final class Frame {
    private final int width;
    private final int height;
    private final int[] argb;

    public Frame(int width, int height, int[] argb) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("frame size must be positive, not " + width + "x" + height);
        Objects.requireNonNull(argb, "argb");
        if (argb.length != width * height) throw new IllegalArgumentException("pixel array has " + argb.length + " entries, expected " + width * height);
        this.width = width;
        this.height = height;
        this.argb = argb;
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

    /** The pixel array itself (not a copy): never write to it. */
    public int[] pixels() {
        return argb;
    }

    public int pixel(int x, int y) {
        return argb[y * width + x];
    }

    /** A BufferedImage sharing this frame's pixels (for Java2D drawing onto a copy, or PNG writing). */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] dst = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(argb, 0, dst, 0, argb.length);
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

    /** Bytes held by the pixel array (for cache accounting). */
    public long byteSize() {
        return 4L * argb.length;
    }

    @Override
    public String toString() {
        return "Frame[" + width + "x" + height + "]";
    }
}
