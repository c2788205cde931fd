package org.cinegraph.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.media.Frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Frame <-> tensor conversion for model nodes, without per-pixel Java loops: the packed ARGB ints
 * are copied in bulk into a little-endian byte buffer, where each pixel reads as the bytes
 * B, G, R, A, and the channels are picked apart and reordered with tensor ops. Intermediate
 * arrays live in a sub-manager closed before returning, so only the result stays in native memory.
 *
 * <p>{@code scale} is the tensor value of full intensity: 1 for models that take 0..1, 255 for
 * models that take 0..255.
 */
public final class Tensors {
    private Tensors() {
    }

    /** RGB of the frame as float32 [1, 3, H, W] on the manager; alpha is left out (see {@link #alphaFromFrame}). */
    public static NDArray fromFrame(NDManager manager, Frame frame, float scale) {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray bgra = bytes(tmp, frame);
            NDArray rgb = NDArrays.stack(new NDList(bgra.get(":, :, 2"), bgra.get(":, :, 1"), bgra.get(":, :, 0")), 0);
            NDArray out = rgb.toType(DataType.FLOAT32, false).mul(scale / 255f).expandDims(0);
            out.attach(manager);
            return out;
        }
    }

    /** The alpha plane as float32 [1, 1, H, W] in the same range as {@link #fromFrame}. */
    public static NDArray alphaFromFrame(NDManager manager, Frame frame, float scale) {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray a = bytes(tmp, frame).get(":, :, 3").toType(DataType.FLOAT32, false).mul(scale / 255f).reshape(1, 1, frame.height(), frame.width());
            a.attach(manager);
            return a;
        }
    }

    /**
     * A frame from [1, C, H, W] or [C, H, W] with C = 3 (opaque) or 4 (RGBA), values rounded and
     * clipped to the 8-bit range. The tensor itself is left open.
     */
    public static Frame toFrame(NDArray tensor, float scale) {
        Shape s = tensor.getShape();
        boolean batched = s.dimension() == 4;
        if (!(batched && s.get(0) == 1 || s.dimension() == 3) || (s.get(batched ? 1 : 0) != 3 && s.get(batched ? 1 : 0) != 4)) {
            throw new IllegalArgumentException("expected an image tensor [1, 3|4, H, W], got " + s);
        }
        int c = (int) s.get(batched ? 1 : 0);
        int h = (int) s.get(batched ? 2 : 1);
        int w = (int) s.get(batched ? 3 : 2);
        try (NDManager tmp = tensor.getManager().newSubManager()) {
            tensor.tempAttach(tmp);
            NDArray chw = batched ? tensor.get(0) : tensor;
            NDArray u8 = chw.toType(DataType.FLOAT32, false).mul(255f / scale).clip(0, 255).round().toType(DataType.UINT8, false);
            NDArray alpha = c == 4 ? u8.get(3) : tmp.full(new Shape(h, w), 255f, DataType.UINT8);
            // back to B, G, R, A per pixel so the bytes read as little-endian ARGB ints
            NDArray bgra = NDArrays.stack(new NDList(u8.get(2), u8.get(1), u8.get(0), alpha), 2);
            // tryDirect: read the tensor's own memory (valid until tmp closes) instead of a copy
            ByteBuffer bytes = bgra.toByteBuffer(true).order(ByteOrder.LITTLE_ENDIAN);
            int[] px = new int[w * h];
            bytes.asIntBuffer().get(px);
            return new Frame(w, h, px);
        }
    }

    /**
     * The pixels as a uint8 (H, W, 4) tensor. PyTorch wraps a direct buffer without copying, so
     * the buffer is reused per thread rather than allocated per frame (a fresh direct buffer is
     * freed only by a GC, and native memory would climb between GCs). Safe because every caller
     * derives new tensors and closes this one, in its sub-manager, before returning.
     */
    private static NDArray bytes(NDManager manager, Frame frame) {
        int[] px = frame.pixels();
        ByteBuffer buf = STAGING.get();
        if (buf.capacity() < px.length * 4) {
            buf = ByteBuffer.allocateDirect(Math.max(px.length * 4, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
            STAGING.set(buf);
        }
        ByteBuffer view = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        view.clear().limit(px.length * 4);
        view.asIntBuffer().put(px);
        return manager.create(view.slice().order(ByteOrder.LITTLE_ENDIAN), new Shape(frame.height(), frame.width(), 4), DataType.UINT8);
    }

    private static final ThreadLocal<ByteBuffer> STAGING = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(0));
}
