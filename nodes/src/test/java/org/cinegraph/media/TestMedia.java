package org.cinegraph.media;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Synthetic test pictures and videos, made in the test so no binary media is committed. */
public final class TestMedia {
    private TestMedia() {
    }

    /** Frame i: four flat quadrants whose colours change with i (flat areas survive H.264 well). */
    public static Frame patches(int w, int h, int i) {
        int[] px = new int[w * h];
        int[] q = {
                Colours.argb(255, (i * 7) % 256, 60, 200),
                Colours.argb(255, 230, (i * 11) % 256, 40),
                Colours.argb(255, 30, 180, (i * 13) % 256),
                Colours.argb(255, (255 - i * 5 % 256), (i * 3) % 256, 120)};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) px[y * w + x] = q[(y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1)];
        }
        return new Frame(w, h, px);
    }

    public static Clip patchClip(int w, int h, Rational fps, int n) {
        return Clip.of(w, h, fps, n, i -> patches(w, h, i));
    }

    public static void encode(Path file, int w, int h, Rational fps, int n) {
        try (VideoEncoder enc = VideoEncoder.open(file, w, h, fps, 2000)) {
            for (int i = 0; i < n; i++) enc.write(patches(w, h, i));
            enc.finish();
        }
    }

    /** Mean absolute difference per channel (0..255) over R, G and B. */
    public static double meanAbsError(Frame a, Frame b) {
        int w = Math.min(a.width(), b.width());
        int h = Math.min(a.height(), b.height());
        long sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = a.pixel(x, y);
                int q = b.pixel(x, y);
                sum += Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((q >> 8) & 255)) + Math.abs((p & 255) - (q & 255));
            }
        }
        return sum / (3.0 * w * h);
    }

    /**
     * Records frames straight through FFmpegFrameRecorder, for inputs VideoEncoder never makes
     * (rotation metadata, alpha codecs, irregular timestamps).
     */
    public static void record(Path file, String format, String codec, int pixFmt, int w, int h, double fps,
                              Consumer<FFmpegFrameRecorder> setup, Frame... frames) throws Exception {
        record(file, format, codec, pixFmt, w, h, fps, setup, null, frames);
    }

    /** As above, giving frame i the timestamp {@code timestampsUs[i]} where that is not negative. */
    public static void record(Path file, String format, String codec, int pixFmt, int w, int h, double fps,
                              Consumer<FFmpegFrameRecorder> setup, long[] timestampsUs, Frame... frames) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat(format);
            r.setVideoCodecName(codec);
            r.setPixelFormat(pixFmt);
            r.setFrameRate(fps);
            setup.accept(r);
            r.start();
            ByteBuffer bb = ByteBuffer.allocateDirect(w * h * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < frames.length; i++) {
                Frame f = frames[i];
                bb.clear();
                bb.asIntBuffer().put(f.pixels());
                if (timestampsUs != null && timestampsUs[i] >= 0) r.setTimestamp(timestampsUs[i]);
                r.recordImage(w, h, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 4, w * 4, avutil.AV_PIX_FMT_BGRA, bb);
            }
            r.stop();
        }
    }
}
