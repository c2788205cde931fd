package org.cinegraph.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Frames to the layouts encoders take, planes back to back without row padding (FFmpeg's
 * alignment 1). Y'CbCr is BT.709 limited range, the matrix the files are tagged with, through the
 * {@link Scaler} (8-bit frames on its fast path, deep ones through 16-bit RGBA so they keep their
 * bits); RGB layouts (FFV1, 16-bit PNG/TIFF) are filled here on parallel rows; float layouts (EXR)
 * take linear light, so they decode the frames' sRGB encoding.
 */
final class EncoderPlanes {
    private EncoderPlanes() {
    }

    private static void convert(Scaler scaler, Frame f, int fmt, ByteBuffer out) {
        if (f.isDeep()) scaler.fromDeepFrame(f, fmt, out);
        else scaler.fromFrame(f, fmt, out);
    }

    private static boolean yuv(int fmt) {
        return fmt == AV_PIX_FMT_YUV420P || fmt == AV_PIX_FMT_YUV422P || fmt == AV_PIX_FMT_YUV444P || fmt == AV_PIX_FMT_YUVA420P
                || fmt == AV_PIX_FMT_YUV420P10LE || fmt == AV_PIX_FMT_YUV422P10LE || fmt == AV_PIX_FMT_YUV444P10LE || fmt == AV_PIX_FMT_YUVA444P10LE;
    }

    /** Bytes of one w x h picture in {@code fmt} (alignment 1). */
    static int size(int fmt, int w, int h) {
        return av_image_get_buffer_size(fmt, w, h, 1);
    }

    /** Writes {@code f} (of exactly the picture size) into {@code out} from position 0 in layout {@code fmt}. */
    static void write(Frame f, int fmt, ByteBuffer out) {
        write(f, fmt, out, null);
    }

    /** As {@link #write(Frame, int, ByteBuffer)}; Y'CbCr layouts need the scaler (one per encoder). */
    static void write(Frame f, int fmt, ByteBuffer out, Scaler scaler) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        if (yuv(fmt)) {
            if (scaler == null) throw new IllegalArgumentException("Y'CbCr layouts are written through a Scaler");
            convert(scaler, f, fmt, out);
            return;
        }
        int w = f.width(), h = f.height();
        if (fmt == AV_PIX_FMT_BGRA || fmt == AV_PIX_FMT_BGR0) {
            out.clear();
            out.asIntBuffer().put(f.pixels());
            return;
        }
        switch (fmt) {
            case AV_PIX_FMT_GBRP16LE -> gbr16(f, out, false);
            case AV_PIX_FMT_GBRAP16LE -> gbr16(f, out, true);
            case AV_PIX_FMT_GBRPF32LE -> gbrFloat(f, out, false);
            case AV_PIX_FMT_GBRAPF32LE -> gbrFloat(f, out, true);
            case AV_PIX_FMT_RGB48BE -> packed16(f, out, false, ByteOrder.BIG_ENDIAN);
            case AV_PIX_FMT_RGBA64BE -> packed16(f, out, true, ByteOrder.BIG_ENDIAN);
            case AV_PIX_FMT_RGB48LE -> packed16(f, out, false, ByteOrder.LITTLE_ENDIAN);
            case AV_PIX_FMT_RGBA64LE -> packed16(f, out, true, ByteOrder.LITTLE_ENDIAN);
            default -> throw new IllegalArgumentException("pixel format " + fmt + " is not written by Cinegraph");
        }
        out.order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- general paths, through float rows ----

    private static void putPlane(ByteBuffer out, int[] plane, int bits) {
        if (bits == 8) {
            byte[] b = new byte[plane.length];
            for (int i = 0; i < plane.length; i++) b[i] = (byte) plane[i];
            out.put(b);
        } else {
            short[] s = new short[plane.length];
            for (int i = 0; i < plane.length; i++) s[i] = (short) plane[i];
            out.asShortBuffer().put(s);
            out.position(out.position() + 2 * s.length);
        }
    }

    private static int clamp(int v, int max) {
        return Math.min(Math.max(v, 0), max);
    }

    /** G, B, R (and A) planes of 16-bit little-endian values (FFV1's deep lossless layout). */
    private static void gbr16(Frame f, ByteBuffer out, boolean alpha) {
        int n = f.width() * f.height();
        float[] px = f.floats();
        int[][] planes = new int[alpha ? 4 : 3][n];
        int[] order = {1, 2, 0, 3};
        Pixels.forRows(f.width(), f.height(), y -> {
            for (int i = y * f.width(), end = i + f.width(); i < end; i++) {
                for (int p = 0; p < planes.length; p++) planes[p][i] = clamp(Math.round(px[4 * i + order[p]] * 65535), 65535);
            }
        });
        out.clear();
        for (int[] p : planes) putPlane(out, p, 16);
    }

    /** G, B, R (and A) planes of 32-bit floats in linear light (EXR). */
    private static void gbrFloat(Frame f, ByteBuffer out, boolean alpha) {
        int n = f.width() * f.height();
        float[] px = f.floats();
        float[][] planes = new float[alpha ? 4 : 3][n];
        int[] order = {1, 2, 0, 3};
        Pixels.forRows(f.width(), f.height(), y -> {
            for (int i = y * f.width(), end = i + f.width(); i < end; i++) {
                for (int p = 0; p < planes.length; p++) {
                    float v = px[4 * i + order[p]];
                    planes[p][i] = p == 3 ? v : Transfer.decode(v);
                }
            }
        });
        out.clear();
        for (float[] p : planes) {
            out.asFloatBuffer().put(p);
            out.position(out.position() + 4 * p.length);
        }
    }

    /** Packed 16-bit RGB(A) in the given byte order (PNG is big-endian, TIFF little-endian here). */
    private static void packed16(Frame f, ByteBuffer out, boolean alpha, ByteOrder order) {
        int n = f.width() * f.height(), c = alpha ? 4 : 3;
        float[] px = f.floats();
        short[] s = new short[n * c];
        Pixels.forRows(f.width(), f.height(), y -> {
            for (int i = y * f.width(), end = i + f.width(); i < end; i++) {
                for (int k = 0; k < c; k++) s[i * c + k] = (short) clamp(Math.round(px[4 * i + k] * 65535), 65535);
            }
        });
        out.clear();
        out.order(order).asShortBuffer().put(s);
    }

    /**
     * The frame grown to {@code w x h} by repeating its last column and row (4:2:0 and 4:2:2 need
     * even sizes; repeating, not black, keeps the edge's chroma clean). The picture itself is
     * not resampled.
     */
    static Frame padTo(Frame f, int w, int h) {
        int fw = f.width(), fh = f.height();
        if (fw == w && fh == h) return f;
        if (f.isDeep()) {
            float[] s = f.floats(), d = new float[4 * w * h];
            for (int y = 0; y < h; y++) {
                int sy = Math.min(y, fh - 1);
                for (int x = 0; x < w; x++) System.arraycopy(s, 4 * (sy * fw + Math.min(x, fw - 1)), d, 4 * (y * w + x), 4);
            }
            return Frame.deep(w, h, d);
        }
        int[] s = f.pixels(), d = new int[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(y, fh - 1);
            System.arraycopy(s, sy * fw, d, y * w, fw);
            for (int x = fw; x < w; x++) d[y * w + x] = s[sy * fw + fw - 1];
        }
        return new Frame(w, h, d);
    }
}
