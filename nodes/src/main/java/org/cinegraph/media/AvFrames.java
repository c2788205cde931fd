package org.cinegraph.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Decoded FFmpeg pictures to {@link Frame}s. Planar Y'CbCr, the formats cameras and codecs
 * deliver, is converted with the matrix and range the file declares (FFmpeg's scaler would
 * assume BT.601 limited range whatever the file says): the {@link Scaler} is told those details;
 * 8-bit pictures become 8-bit frames (SIMD fast path), deeper ones float frames through 16-bit
 * RGBA (accurate path). Anything else
 * (RGB, palettes, grey, packed formats) goes through swscale to 8-bit BGRA or 16-bit RGBA. Float
 * pictures (EXR) are read as they are; linear-light ones are encoded with the sRGB curve so they
 * share the frames' display-referred encoding.
 *
 * <p>One instance per decoder: it keeps a scaler context between pictures. Not thread-safe.
 */
final class AvFrames implements AutoCloseable {
    private final Scaler scaler = new Scaler();
    private SwsContext sws;
    private ByteBuffer swsBuffer;
    private BytePointer swsPointer;

    /** Whether pictures of this pixel format carry more than 8 bits per component. */
    static boolean deepFormat(int pixFmt) {
        AVPixFmtDescriptor d = av_pix_fmt_desc_get(pixFmt);
        return d != null && d.comp(0).depth() > 8;
    }

    /**
     * The picture as a frame.
     *
     * @param linear whether float samples are linear light (EXR) rather than display-encoded
     */
    Frame toFrame(AVFrame f, boolean linear) {
        int fmt = f.format();
        int w = f.width(), h = f.height();
        AVPixFmtDescriptor d = av_pix_fmt_desc_get(fmt);
        if (d == null) throw new MediaException("unknown pixel format " + fmt);
        boolean planarYuv = (d.flags() & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_FLOAT | AV_PIX_FMT_FLAG_BE)) == 0
                && (d.flags() & AV_PIX_FMT_FLAG_PLANAR) != 0 && d.nb_components() >= 3 && d.comp(0).step() <= 2
                && d.comp(0).plane() == 0 && d.comp(1).plane() == 1 && d.comp(2).plane() == 2 && d.comp(0).shift() == 0;
        if (planarYuv) {
            int bits = d.comp(0).depth();
            boolean full = f.color_range() == AVCOL_RANGE_JPEG || isJpegFormat(fmt);
            return bits == 8 ? scaler.toFrame(f, f.colorspace(), full) : scaler.toDeepFrame(f, f.colorspace(), full);
        }
        if (fmt == AV_PIX_FMT_GBRPF32LE || fmt == AV_PIX_FMT_GBRAPF32LE) return floatPlanes(f, w, h, fmt == AV_PIX_FMT_GBRAPF32LE, linear);
        if (fmt == AV_PIX_FMT_GRAYF32LE) return floatGrey(f, w, h, linear);
        return scaled(f, w, h, d.comp(0).depth() > 8);
    }

    private static boolean isJpegFormat(int fmt) {
        return fmt == AV_PIX_FMT_YUVJ420P || fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P || fmt == AV_PIX_FMT_YUVJ440P;
    }

    private static byte[] plane(AVFrame f, int i, int rows) {
        int stride = f.linesize(i);
        byte[] b = new byte[stride * rows];
        f.data(i).capacity((long) stride * rows).get(b);
        return b;
    }

    /** Plane {@code i} of the picture as a buffer over the decoder's memory (valid until the next picture). */
    private static ByteBuffer buffer(AVFrame f, int i, int rows) {
        return f.data(i).capacity((long) f.linesize(i) * rows).asByteBuffer();
    }

    /** GBR(A) float planes (EXR). */
    private static Frame floatPlanes(AVFrame f, int w, int h, boolean alpha, boolean linear) {
        ByteBuffer g = ByteBuffer.wrap(plane(f, 0, h)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.wrap(plane(f, 1, h)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer r = ByteBuffer.wrap(plane(f, 2, h)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer a = alpha ? ByteBuffer.wrap(plane(f, 3, h)).order(ByteOrder.LITTLE_ENDIAN) : null;
        int[] s = {f.linesize(0), f.linesize(1), f.linesize(2), alpha ? f.linesize(3) : 0};
        float[] out = new float[4 * w * h];
        Pixels.forRows(w, h, y -> {
            for (int x = 0; x < w; x++) {
                int k = 4 * (y * w + x);
                out[k] = encode(r.getFloat(y * s[2] + 4 * x), linear);
                out[k + 1] = encode(g.getFloat(y * s[0] + 4 * x), linear);
                out[k + 2] = encode(b.getFloat(y * s[1] + 4 * x), linear);
                out[k + 3] = alpha ? a.getFloat(y * s[3] + 4 * x) : 1f;
            }
        });
        return Frame.deep(w, h, out);
    }

    private static Frame floatGrey(AVFrame f, int w, int h, boolean linear) {
        ByteBuffer g = ByteBuffer.wrap(plane(f, 0, h)).order(ByteOrder.LITTLE_ENDIAN);
        int s = f.linesize(0);
        float[] out = new float[4 * w * h];
        Pixels.forRows(w, h, y -> {
            for (int x = 0; x < w; x++) {
                int k = 4 * (y * w + x);
                float v = encode(g.getFloat(y * s + 4 * x), linear);
                out[k] = v;
                out[k + 1] = v;
                out[k + 2] = v;
                out[k + 3] = 1f;
            }
        });
        return Frame.deep(w, h, out);
    }

    private static float encode(float v, boolean linear) {
        return linear ? Transfer.encode(v) : v;
    }

    /** Any other format through swscale: BGRA for 8-bit sources, RGBA64 for deeper ones. */
    private Frame scaled(AVFrame f, int w, int h, boolean deep) {
        int dstFmt = deep ? AV_PIX_FMT_RGBA64LE : AV_PIX_FMT_BGRA;
        int bpp = deep ? 8 : 4;
        sws = sws_getCachedContext(sws, w, h, f.format(), w, h, dstFmt, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                null, null, (DoublePointer) null);
        if (sws == null) throw new MediaException("cannot convert pictures of pixel format " + av_get_pix_fmt_name(f.format()).getString());
        int size = w * h * bpp;
        if (swsBuffer == null || swsBuffer.capacity() < size) {
            swsBuffer = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
            swsPointer = new BytePointer(swsBuffer);
        }
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(swsPointer, null, null, null);
             IntPointer lines = new IntPointer(w * bpp, 0, 0, 0);
             PointerPointer<BytePointer> src = new PointerPointer<>(4)) {
            for (int i = 0; i < 4; i++) src.put(i, f.data(i));
            sws_scale(sws, src, f.linesize(), 0, h, dst, lines);
        }
        ByteBuffer buf = swsBuffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (!deep) {
            int[] px = new int[w * h];
            buf.asIntBuffer().get(px);
            return new Frame(w, h, px);
        }
        short[] s = new short[4 * w * h];
        buf.asShortBuffer().get(s);
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) out[i] = (s[i] & 0xFFFF) / 65535f;
        return Frame.deep(w, h, out);
    }

    @Override
    public void close() {
        scaler.close();
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        swsBuffer = null;
        swsPointer = null;
    }
}
