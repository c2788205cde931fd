package org.cinegraph.models.esrgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.media.Frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Minimal Frame <-> NDArray conversion for the upscalers (to be unified with the model runtime's
 * helpers): the ARGB ints are copied in bulk as big-endian bytes (A, R, G, B per pixel) and
 * reordered with array ops, never pixel by pixel in Java.
 */
public final class FrameTensors {

    private FrameTensors() {
    }

    /** [1, 3, H, W] float32 RGB in 0..255 (alpha dropped). */
    public static NDArray toRgb(NDManager manager, Frame frame) {
        int w = frame.width(), h = frame.height();
        ByteBuffer bytes = ByteBuffer.allocateDirect(w * h * 4).order(ByteOrder.BIG_ENDIAN);
        bytes.asIntBuffer().put(frame.pixels());
        try (NDManager scope = manager.newSubManager()) {
            NDArray argb = scope.create(bytes, new Shape(h, w, 4), DataType.UINT8);
            NDArray rgb = argb.get(new NDIndex(":, :, 1:4")).transpose(2, 0, 1).toType(DataType.FLOAT32, false)
                    .expandDims(0);
            rgb.attach(manager);
            return rgb;
        }
    }

    /** An opaque frame from [1, 3, H, W] RGB in 0..255 (rounded, clipped). */
    public static Frame fromRgb(NDArray rgb) {
        Shape s = rgb.getShape();
        if (s.dimension() != 4 || s.get(0) != 1 || s.get(1) != 3) {
            throw new IllegalArgumentException("expected [1, 3, H, W], got " + s);
        }
        int h = (int) s.get(2), w = (int) s.get(3);
        return new Frame(w, h, toArgb(rgb, null));
    }

    /** The alpha plane of {@code frame} as [H, W] float32 in 0..255. */
    public static NDArray alpha(NDManager manager, Frame frame) {
        int w = frame.width(), h = frame.height();
        ByteBuffer bytes = ByteBuffer.allocateDirect(w * h * 4).order(ByteOrder.BIG_ENDIAN);
        bytes.asIntBuffer().put(frame.pixels());
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.create(bytes, new Shape(h, w, 4), DataType.UINT8).get(new NDIndex(":, :, 0"))
                    .toType(DataType.FLOAT32, false);
            a.attach(manager);
            return a;
        }
    }

    /**
     * ARGB ints (row-major) from [1, 3, h, w] RGB and an optional [h, w] alpha, both 0..255; a null alpha
     * means opaque. Values are clipped and rounded.
     */
    static int[] toArgb(NDArray rgb, NDArray alpha) {
        int h = (int) rgb.getShape().get(2), w = (int) rgb.getShape().get(3);
        try (NDManager scope = rgb.getManager().newSubManager()) {
            NDArray chw = rgb.get(0);
            chw.attach(scope);
            NDArray a = alpha == null ? scope.full(new Shape(1, h, w), 255f) : alpha.reshape(1, h, w);
            a.attach(scope);
            NDArray argb = a.concat(chw, 0).clip(0f, 255f).round().toType(DataType.UINT8, false).transpose(1, 2, 0);
            byte[] bytes = argb.toByteArray();
            int[] pixels = new int[w * h];
            ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(pixels);
            return pixels;
        }
    }
}
