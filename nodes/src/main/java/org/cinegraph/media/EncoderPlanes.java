package org.cinegraph.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Frames to the planar layouts encoders take. The Y'CbCr matrix is the BT.709 the files are tagged
 * with; 8-bit frames go through the {@link Scaler} told so, deep frames through float rows here
 * (parallel, chroma averaged over the pixels it covers) so they keep their bits. Planes are laid out back to back without row padding (FFmpeg's alignment 1). Float
 * layouts (EXR) take linear light, so they decode the frames' sRGB encoding.
 */
final class EncoderPlanes {
    private EncoderPlanes() {
    }

    /** The pixel formats this class can write. */
    static boolean supported(int fmt) {
        return fmt == AV_PIX_FMT_YUV420P || fmt == AV_PIX_FMT_YUV422P || fmt == AV_PIX_FMT_YUV444P || fmt == AV_PIX_FMT_YUVA420P
                || fmt == AV_PIX_FMT_YUV420P10LE || fmt == AV_PIX_FMT_YUV422P10LE || fmt == AV_PIX_FMT_YUV444P10LE
                || fmt == AV_PIX_FMT_YUVA444P10LE || fmt == AV_PIX_FMT_BGRA || fmt == AV_PIX_FMT_BGR0
                || fmt == AV_PIX_FMT_GBRP16LE || fmt == AV_PIX_FMT_GBRAP16LE || fmt == AV_PIX_FMT_GBRPF32LE
                || fmt == AV_PIX_FMT_GBRAPF32LE || fmt == AV_PIX_FMT_RGB48BE || fmt == AV_PIX_FMT_RGBA64BE
                || fmt == AV_PIX_FMT_RGB48LE || fmt == AV_PIX_FMT_RGBA64LE;
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

    /**
     * As {@link #write(Frame, int, ByteBuffer)}; with a scaler, 8-bit frames going to Y'CbCr are
     * converted by FFmpeg's SIMD code (same matrix and range) instead of the float rows below,
     * which serve deep frames.
     */
    static void write(Frame f, int fmt, ByteBuffer out, Scaler scaler) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        if (scaler != null && !f.isDeep() && yuv(fmt)) {
            scaler.fromFrame(f, fmt, out);
            return;
        }
        int w = f.width(), h = f.height();
        if (fmt == AV_PIX_FMT_BGRA || fmt == AV_PIX_FMT_BGR0) {
            out.clear();
            out.asIntBuffer().put(f.pixels());
            return;
        }
        switch (fmt) {
            case AV_PIX_FMT_YUV420P -> yuv(f, out, 8, 1, 1, false);
            case AV_PIX_FMT_YUV422P -> yuv(f, out, 8, 1, 0, false);
            case AV_PIX_FMT_YUV444P -> yuv(f, out, 8, 0, 0, false);
            case AV_PIX_FMT_YUVA420P -> yuv(f, out, 8, 1, 1, true);
            case AV_PIX_FMT_YUV420P10LE -> yuv(f, out, 10, 1, 1, false);
            case AV_PIX_FMT_YUV422P10LE -> yuv(f, out, 10, 1, 0, false);
            case AV_PIX_FMT_YUV444P10LE -> yuv(f, out, 10, 0, 0, false);
            case AV_PIX_FMT_YUVA444P10LE -> yuv(f, out, 10, 0, 0, true);
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

    /** Y'CbCr of {@code bits} bits (8: bytes, else 16-bit little-endian), chroma shifts sx/sy, optional alpha plane. */
    private static void yuv(Frame f, ByteBuffer out, int bits, int sx, int sy, boolean alpha) {
        int w = f.width(), h = f.height(), cw = -(-w >> sx), ch = -(-h >> sy);
        float[] px = f.floats();
        YuvMatrix m = YuvMatrix.BT709;
        float kr = (float) m.kr(), kb = (float) m.kb(), kg = (float) m.kg();
        float yo = (float) m.yOffset(bits), ys = (float) m.yScale(bits), co = (float) m.cOffset(bits), cs = (float) m.cScale(bits);
        int max = (1 << bits) - 1;
        int[] yp = new int[w * h], up = new int[cw * ch], vp = new int[cw * ch], ap = alpha ? new int[w * h] : null;
        Pixels.forRows(w, h, y -> {
            for (int x = 0, i = y * w; x < w; x++, i++) {
                int k = 4 * i;
                yp[i] = clamp(Math.round(yo + ys * (kr * px[k] + kg * px[k + 1] + kb * px[k + 2])), max);
                if (alpha) ap[i] = clamp(Math.round(px[k + 3] * max), max);
            }
        });
        int bw = 1 << sx, bh = 1 << sy;
        Pixels.forRows(cw, ch, cy -> {
            for (int cx = 0; cx < cw; cx++) {
                float r = 0, g = 0, b = 0;
                int n = 0;
                for (int dy = 0; dy < bh; dy++) {
                    int y = Math.min(cy * bh + dy, h - 1);
                    for (int dx = 0; dx < bw; dx++) {
                        int k = 4 * (y * w + Math.min(cx * bw + dx, w - 1));
                        r += px[k];
                        g += px[k + 1];
                        b += px[k + 2];
                        n++;
                    }
                }
                r /= n;
                g /= n;
                b /= n;
                float yy = kr * r + kg * g + kb * b;
                up[cy * cw + cx] = clamp(Math.round(co + cs * (b - yy) / (2 * (1 - kb))), max);
                vp[cy * cw + cx] = clamp(Math.round(co + cs * (r - yy) / (2 * (1 - kr))), max);
            }
        });
        out.clear();
        putPlane(out, yp, bits);
        putPlane(out, up, bits);
        putPlane(out, vp, bits);
        if (alpha) putPlane(out, ap, bits);
    }

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
