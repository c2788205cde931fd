package org.cinegraph.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
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
 * FFmpeg's scaler for the 8-bit conversions on the hot path (decode to ARGB, ARGB to the
 * encoder's Y'CbCr): its SIMD code is an order of magnitude faster than a Java loop. It is told
 * the matrix and range on both sides ({@code sws_setColorspaceDetails}); left alone it would
 * assume BT.601 limited range whatever the file says. One instance per decoder or encoder; not
 * thread-safe.
 */
final class Scaler implements AutoCloseable {
    private SwsContext ctx;
    private int key = Integer.MIN_VALUE;
    private ByteBuffer bgra;
    private BytePointer bgraPointer;

    /**
     * A picture of 8-bit planar Y'CbCr (with or without alpha) to an ARGB frame, with the matrix
     * {@code avColorSpace} and range ({@code full}: 0..255 rather than 16..235).
     */
    Frame toFrame(AVFrame f, int avColorSpace, boolean full) {
        int w = f.width(), h = f.height();
        prepare(w, h, f.format(), AV_PIX_FMT_BGRA, swsColorSpace(avColorSpace, h), full, true);
        ensureBgra(w, h);
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(bgraPointer, null, null, null);
             IntPointer lines = new IntPointer(4 * w, 0, 0, 0)) {
            sws_scale(ctx, f.data(), f.linesize(), 0, h, dst, lines);
        }
        int[] px = new int[w * h];
        bgra.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(px);
        return new Frame(w, h, px);
    }

    /**
     * A picture of 9-16 bit planar Y'CbCr to a deep frame, through 16-bit RGBA with the matrix
     * and range of the file (accurate rounding, full chroma interpolation: this path is for
     * precision).
     */
    Frame toDeepFrame(AVFrame f, int avColorSpace, boolean full) {
        int w = f.width(), h = f.height();
        prepare(w, h, f.format(), AV_PIX_FMT_RGBA64LE, swsColorSpace(avColorSpace, h), full, true);
        ensureBgra(2 * w, h);
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(bgraPointer, null, null, null);
             IntPointer lines = new IntPointer(8 * w, 0, 0, 0)) {
            sws_scale(ctx, f.data(), f.linesize(), 0, h, dst, lines);
        }
        java.nio.ShortBuffer sb = bgra.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        float[] out = new float[4 * w * h];
        Pixels.forRows(w, h, y -> {
            short[] row = new short[4 * w];
            sb.get(4 * w * y, row, 0, 4 * w);
            for (int i = 0, o = 4 * w * y; i < row.length; i++) out[o + i] = (row[i] & 0xFFFF) * (1f / 65535);
        });
        return Frame.deep(w, h, out);
    }

    /** A deep frame into {@code out} as BT.709 limited-range Y'CbCr in {@code fmt}, through 16-bit RGBA (values clip to 0..1). */
    void fromDeepFrame(Frame f, int fmt, ByteBuffer out) {
        int w = f.width(), h = f.height();
        prepare(w, h, AV_PIX_FMT_RGBA64LE, fmt, SWS_CS_ITU709, false, false);
        ensureBgra(2 * w, h);
        float[] px = f.floats();
        java.nio.ShortBuffer sb = bgra.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        Pixels.forRows(w, h, y -> {
            short[] row = new short[4 * w];
            for (int i = 0, o = 4 * w * y; i < row.length; i++) {
                float v = px[o + i] * 65535 + 0.5f;
                row[i] = (short) (v <= 0 ? 0 : v >= 65535 ? 65535 : (int) v);
            }
            sb.put(4 * w * y, row, 0, 4 * w);
        });
        try (BytePointer dstData = new BytePointer(out);
             PointerPointer<BytePointer> dst = new PointerPointer<>(4);
             IntPointer lines = new IntPointer(4);
             PointerPointer<BytePointer> src = new PointerPointer<>(bgraPointer, null, null, null);
             IntPointer srcLines = new IntPointer(8 * w, 0, 0, 0)) {
            av_image_fill_arrays(dst, lines, dstData.position(0), fmt, w, h, 1);
            sws_scale(ctx, src, srcLines, 0, h, dst, lines);
        }
        out.position(0);
    }

    /**
     * An 8-bit frame into {@code out} (alignment 1, from position 0) as BT.709 limited-range
     * Y'CbCr in pixel format {@code fmt} (any depth the scaler writes).
     */
    void fromFrame(Frame f, int fmt, ByteBuffer out) {
        int w = f.width(), h = f.height();
        prepare(w, h, AV_PIX_FMT_BGRA, fmt, SWS_CS_ITU709, false, false);
        ensureBgra(w, h);
        bgra.clear();
        bgra.asIntBuffer().put(f.pixels());
        try (BytePointer dstData = new BytePointer(out);
             PointerPointer<BytePointer> dst = new PointerPointer<>(4);
             IntPointer lines = new IntPointer(4);
             PointerPointer<BytePointer> src = new PointerPointer<>(bgraPointer, null, null, null);
             IntPointer srcLines = new IntPointer(4 * w, 0, 0, 0)) {
            av_image_fill_arrays(dst, lines, dstData.position(0), fmt, w, h, 1);
            sws_scale(ctx, src, srcLines, 0, h, dst, lines);
        }
        out.position(0);
    }

    /** (Re)creates the context for these sizes and formats and sets the colour details once. */
    private void prepare(int w, int h, int srcFmt, int dstFmt, int cs, boolean fullYuv, boolean yuvIsSource) {
        // deep conversions ask for precision; 8-bit ones take the SIMD fast path
        boolean deep = av_pix_fmt_desc_get(srcFmt).comp(0).depth() > 8 || av_pix_fmt_desc_get(dstFmt).comp(0).depth() > 8;
        int flags = deep ? SWS_AREA | SWS_ACCURATE_RND : SWS_BILINEAR;
        SwsContext c = sws_getCachedContext(ctx, w, h, srcFmt, w, h, dstFmt, flags, null, null, (DoublePointer) null);
        if (c == null) throw new MediaException("cannot convert between pixel formats " + name(srcFmt) + " and " + name(dstFmt));
        int k = ((((w * 31 + h) * 31 + srcFmt) * 31 + dstFmt) * 31 + cs) * 2 + (fullYuv ? 1 : 0);
        if (c != ctx || k != key) {
            IntPointer coefficients = sws_getCoefficients(cs);
            // the Y'CbCr side gets the matrix and its range; the RGB side's flag stays 0 (RGB is
            // always full range to the scaler; 1 there would stretch it again)
            if (yuvIsSource) sws_setColorspaceDetails(c, coefficients, fullYuv ? 1 : 0, coefficients, 0, 0, 1 << 16, 1 << 16);
            else sws_setColorspaceDetails(c, coefficients, 0, coefficients, fullYuv ? 1 : 0, 0, 1 << 16, 1 << 16);
            key = k;
        }
        ctx = c;
    }

    /**
     * swscale's SIMD converters write whole blocks of pixels, so the last row of a width that is
     * not a multiple of the block (152 px, say) runs past the picture: the buffer has room for
     * that (without it the overrun corrupted the native heap when decoding such widths).
     */
    private static final int OVERRUN = 256;

    private void ensureBgra(int w, int h) {
        if (bgra == null || bgra.capacity() < 4 * w * h + OVERRUN) {
            bgra = ByteBuffer.allocateDirect(4 * w * h + OVERRUN).order(ByteOrder.LITTLE_ENDIAN);
            bgraPointer = new BytePointer(bgra);
        }
    }

    /** FFmpeg's AVColorSpace to the scaler's SWS_CS_* (unspecified: BT.601 below 720 lines, else BT.709). */
    private static int swsColorSpace(int av, int height) {
        return switch (av) {
            case 1 -> SWS_CS_ITU709;
            case 4 -> SWS_CS_FCC;
            case 5, 6 -> SWS_CS_ITU601;
            case 7 -> SWS_CS_SMPTE240M;
            case 9, 10 -> SWS_CS_BT2020;
            default -> height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601;
        };
    }

    private static String name(int fmt) {
        BytePointer n = av_get_pix_fmt_name(fmt);
        return n == null ? String.valueOf(fmt) : n.getString();
    }

    @Override
    public void close() {
        if (ctx != null) sws_freeContext(ctx);
        ctx = null;
        bgra = null;
        bgraPointer = null;
    }
}
