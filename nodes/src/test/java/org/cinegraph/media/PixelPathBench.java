package org.cinegraph.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Times the Java side of decode -> grade -> encode per 1080p frame: Y'CbCr to ARGB (AvFrames),
 * ARGB to Y'CbCr 4:2:0 (EncoderPlanes). Not a test (surefire skips *Bench). Run:
 * {@code java -cp "nodes/target/test-classes:nodes/target/classes:app/target/lib/*" org.cinegraph.media.PixelPathBench}
 */
public final class PixelPathBench {
    /** CPU time of the whole process (all threads), ns. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) {
        int w = 1920, h = 1080, n = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        AVFrame f = av_frame_alloc();
        f.format(AV_PIX_FMT_YUV420P);
        f.width(w);
        f.height(h);
        av_frame_get_buffer(f, 32);
        for (int p = 0; p < 3; p++) {
            int rows = p == 0 ? h : h / 2;
            ByteBuffer b = f.data(p).capacity((long) f.linesize(p) * rows).asByteBuffer();
            for (int i = 0; i < b.capacity(); i++) b.put(i, (byte) (i * 31 + p * 7));
        }
        f.colorspace(AVCOL_SPC_BT709);
        try (AvFrames conv = new AvFrames(); Scaler scaler = new Scaler()) {
            ByteBuffer out = ByteBuffer.allocateDirect(EncoderPlanes.size(AV_PIX_FMT_YUV420P, w, h)).order(ByteOrder.LITTLE_ENDIAN);
            for (int round = 0; round < 3; round++) {
                long t0 = cpu();
                Frame fr = null;
                for (int i = 0; i < n; i++) fr = conv.toFrame(f, false);
                long t1 = cpu();
                for (int i = 0; i < n; i++) EncoderPlanes.write(fr, AV_PIX_FMT_YUV420P, out, scaler);
                long t2 = cpu();
                // FFmpeg's scaler doing the decode-side conversion on the same picture, for scale
                org.bytedeco.ffmpeg.swscale.SwsContext sws = org.bytedeco.ffmpeg.global.swscale.sws_getContext(w, h, AV_PIX_FMT_YUV420P, w, h,
                        AV_PIX_FMT_BGRA, org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR, null, null, (org.bytedeco.javacpp.DoublePointer) null);
                AVFrame dst = av_frame_alloc();
                dst.format(AV_PIX_FMT_BGRA);
                dst.width(w);
                dst.height(h);
                av_frame_get_buffer(dst, 32);
                long s0 = cpu();
                for (int i = 0; i < n; i++) {
                    org.bytedeco.ffmpeg.global.swscale.sws_scale(sws, f.data(), f.linesize(), 0, h, dst.data(), dst.linesize());
                }
                long s1 = cpu();
                org.bytedeco.ffmpeg.global.swscale.sws_freeContext(sws);
                av_frame_free(dst);
                System.out.printf("swscale yuv420p->bgra (one thread): %.2f ms%n", (s1 - s0) / 1e6 / n);
                long sink = 0;
                for (int i = 0; i < n; i++) sink += new int[w * h].length;
                long t3 = cpu() - (s1 - s0);
                System.out.printf("CPU per frame: decode convert %.2f ms, encode convert %.2f ms, allocating a frame %.2f ms%n",
                        (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n + sink * 0);
            }
        }
        av_frame_free(f);
    }
}
