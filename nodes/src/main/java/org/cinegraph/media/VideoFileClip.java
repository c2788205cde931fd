package org.cinegraph.media;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lazy clip over a video file, decoded with FFmpeg.
 *
 * <p>The file is probed on first use: besides the stream headers, every video packet's
 * timestamp is read (packets only, nothing is decoded) because container frame counts are
 * often wrong or missing. The clip samples the file at a constant rate: frame i is the picture
 * on screen at time i/fps, so variable-rate files repeat frames rather than drift out of sync.
 *
 * <p>Decoding is serialised ({@code frame} is synchronized). Reading forward is cheap: frames
 * between the current position and the wanted one are decoded but not colour-converted.
 * Jumping backwards or far ahead seeks to the nearest key frame and decodes forward to the exact
 * frame. {@link #close()} releases the decoder; the next {@code frame} call reopens it.
 */
public final class VideoFileClip implements Clip, AutoCloseable {
    /** Forward jumps up to this many source frames decode through instead of seeking. */
    private static final int MAX_STEP_FORWARD = 48;

    static {
        FFmpegLog.quiet();
    }

    private final Path file;
    private VideoInfo info;
    /** Source frame presentation times in seconds from the first frame, ascending. */
    private double[] pts;
    /** Source frame shown at each output frame (index into pts). */
    private int[] sourceOf;

    private FFmpegFrameGrabber grabber;
    /** Timestamp (microseconds) the grabber reports for the first frame; maps pts to grabber time. */
    private long grabberOrigin;
    /** Source index of the picture the grabber last returned, -1 before any. */
    private int position = -1;
    private int cachedSource = -1;
    private Frame cached;
    private AvFrames converter;
    /** Whether a WebM VP9 stream declares an alpha channel (stored beside the picture). */
    private boolean alphaMode;
    private boolean hasAudioStream;
    private AudioFile sound;

    public VideoFileClip(Path file) {
        this.file = file;
    }

    /** Probes a file without keeping a decoder open. */
    public static VideoInfo probe(Path file) {
        try (VideoFileClip c = new VideoFileClip(file)) {
            return c.info();
        }
    }

    public Path file() {
        return file;
    }

    /** Probes the file if not done yet. @throws MediaException naming the file if it cannot be read as video */
    public synchronized VideoInfo info() {
        if (info == null) probeNow();
        return info;
    }

    @Override public int width() { return info().width(); }
    @Override public int height() { return info().height(); }
    @Override public Rational fps() { return info().fps(); }
    @Override public int frameCount() { return info().frameCount(); }

    /** The file's audio track, decoded on demand by its own decoder; empty for a file without one. */
    @Override
    public synchronized java.util.Optional<Audio> audio() {
        info();
        if (!hasAudioStream) return java.util.Optional.empty();
        if (sound == null) sound = new AudioFile(file);
        return java.util.Optional.of(sound);
    }

    @Override
    public synchronized Frame frame(int index) {
        VideoInfo vi = info();
        if (index < 0 || index >= vi.frameCount()) {
            throw new IndexOutOfBoundsException("frame " + index + " is outside 0.." + (vi.frameCount() - 1));
        }
        int src = sourceOf[index];
        if (src == cachedSource && cached != null) return cached;
        try {
            Frame f = decode(src);
            cached = f;
            cachedSource = src;
            return f;
        } catch (FrameGrabber.Exception e) {
            releaseGrabber();
            throw new MediaException("cannot decode frame " + index + " of '" + file + "': " + describe(e), e);
        } catch (RuntimeException e) {
            // start afresh next time rather than reuse a decoder in an unknown state
            releaseGrabber();
            throw e;
        }
    }

    /** Releases the decoder (the clip stays usable and reopens on demand). */
    @Override
    public synchronized void close() {
        releaseGrabber();
        if (sound != null) sound.close();
        cached = null;
        cachedSource = -1;
    }

    @Override
    public String toString() {
        return "VideoFileClip[" + file + "]";
    }

    // ---- probing ----

    private void probeNow() {
        if (!Files.exists(file)) throw new MediaException("cannot read video '" + file + "': file not found");
        if (Files.isDirectory(file)) throw new MediaException("cannot read video '" + file + "': it is a folder, not a file");
        if (!Files.isReadable(file)) throw new MediaException("cannot read video '" + file + "': permission denied");
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        try {
            g.start();
            int stream = g.getVideoStream();
            if (stream < 0 || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
                throw new MediaException("cannot read video '" + file + "': the file has no video stream");
            }
            AVStream st = g.getFormatContext().streams(stream);
            AVDictionaryEntry am = av_dict_get(st.metadata(), "alpha_mode", null, 0);
            alphaMode = am != null && "1".equals(am.value().getString());
            hasAudioStream = g.getAudioStream() >= 0 && g.getAudioChannels() > 0;
            AVRational tb = st.time_base();
            long[] raw = new long[1024];
            long[] dur = new long[1024];
            int n = 0;
            long present = 0;
            AVPacket pkt;
            while ((pkt = g.grabPacket()) != null) {
                if (pkt.stream_index() != stream) continue;
                present++;
                // edit lists mark packets before the start as discarded: the decoder never shows them
                if ((pkt.flags() & avcodec.AV_PKT_FLAG_DISCARD) != 0) continue;
                long t = pkt.pts() != avutil.AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                if (t == avutil.AV_NOPTS_VALUE) continue;
                if (n == raw.length) {
                    raw = Arrays.copyOf(raw, n * 2);
                    dur = Arrays.copyOf(dur, n * 2);
                }
                raw[n] = t;
                dur[n] = pkt.duration();
                n++;
            }
            if (n == 0) throw new MediaException("cannot read video '" + file + "': the video stream holds no frames (empty or truncated file)");
            long listed = st.nb_frames();
            if (listed > 0 && present < listed) {
                // an index written up front survives truncation; missing data means a cut-off file
                throw new MediaException("cannot read video '" + file + "': the file is truncated or damaged (its index lists "
                        + listed + " frames but only " + present + " are present)");
            }
            buildTiming(g, st, tb, Arrays.copyOf(raw, n), Arrays.copyOf(dur, n));
        } catch (FrameGrabber.Exception e) {
            throw new MediaException("cannot read video '" + file + "': " + describe(e), e);
        } finally {
            try {
                g.release();
            } catch (FrameGrabber.Exception ignored) {
                // nothing useful to do: the probe's result (or error) stands
            }
        }
    }

    private void buildTiming(FFmpegFrameGrabber g, AVStream st, AVRational tb, long[] raw, long[] dur) {
        // packets come in decode order; presentation order is by timestamp
        long[] order = raw.clone();
        Arrays.sort(order);
        double unit = (double) tb.num() / tb.den();
        int n = order.length;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = (order[i] - order[0]) * unit;

        Rational rate = chooseRate(rational(st.avg_frame_rate()), rational(st.r_frame_rate()), t);
        double period = 1 / rate.value();
        long lastDur = 0;
        for (int i = 0; i < raw.length; i++) if (raw[i] == order[n - 1]) lastDur = dur[i];
        double end = t[n - 1] + (lastDur > 0 ? lastDur * unit : period);
        int count = Math.max(1, (int) Math.round(end / period));

        // frame i shows the latest source frame starting at or before i/fps; the tolerance absorbs
        // timestamps rounded to the container's time base
        double tol = period / 4;
        int[] map = new int[count];
        int k = 0;
        boolean irregular = false;
        for (int i = 0; i < count; i++) {
            double at = i * period + tol;
            while (k + 1 < n && t[k + 1] <= at) {
                k++;
            }
            map[i] = k;
        }
        for (int i = 1; i < n && !irregular; i++) {
            irregular = Math.abs(t[i] - t[i - 1] - period) > tol;
        }
        int rotation = clockwiseRotation(g.getDisplayRotation());
        int w = g.getImageWidth();
        int h = g.getImageHeight();
        if (rotation % 180 != 0) {
            int s = w;
            w = h;
            h = s;
        }
        this.pts = t;
        this.sourceOf = map;
        this.info = new VideoInfo(file, w, h, rate, count, rotation, g.getVideoCodecName(), irregular);
    }

    private static final Rational[] COMMON_RATES = {
            new Rational(24000, 1001), Rational.of(24), Rational.of(25), new Rational(30000, 1001), Rational.of(30),
            Rational.of(48), Rational.of(50), new Rational(60000, 1001), Rational.of(60), Rational.of(120)};

    /**
     * The sampling rate. The stream's base rate (the finest rate its timestamps sit on) is used
     * when it is close to the average, so no frame of a variable-rate file is dropped; a base
     * rate far above the average (phones report 90000 or 600) would only multiply duplicates, so
     * the average is used then, snapped to a standard rate when within 2% of one.
     */
    static Rational chooseRate(Rational avg, Rational base, double[] t) {
        if (base != null && (avg == null ? base.value() <= 240 : base.value() >= avg.value() * 0.99 && base.value() <= avg.value() * 1.5)) {
            return base;
        }
        double a = avg != null ? avg.value() : t.length > 1 && t[t.length - 1] > 0 ? (t.length - 1) / t[t.length - 1] : 25;
        for (Rational c : COMMON_RATES) {
            if (Math.abs(a - c.value()) <= c.value() * 0.02) return c;
        }
        return Rational.of(Math.min(240, a));
    }

    private static Rational rational(AVRational r) {
        if (r == null || r.num() <= 0 || r.den() <= 0) return null;
        return new Rational(r.num(), r.den());
    }

    /** FFmpeg's display rotation is counter-clockwise; pictures are turned the other way to show upright. */
    static int clockwiseRotation(double ccwDegrees) {
        if (Double.isNaN(ccwDegrees)) return 0;
        long quarter = Math.round(-ccwDegrees / 90);
        return (int) Math.floorMod(quarter * 90, 360);
    }

    // ---- decoding ----

    private void open() throws FrameGrabber.Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        // the decoder's own pictures: AvFrames converts them with the file's matrix and keeps
        // more than 8 bits where the file has them
        g.setImageMode(FrameGrabber.ImageMode.RAW);
        g.setVideoOption("threads", "auto");
        // FFmpeg's own VP9 decoder drops the alpha channel WebM stores beside the picture
        if ("vp9".equals(info.codec()) && alphaMode) g.setVideoCodecName("libvpx-vp9");
        grabber = g;
        position = -1;
        g.start();
        org.bytedeco.javacv.Frame first = g.grabImage();
        if (first == null) throw new MediaException("cannot decode '" + file + "': no picture could be decoded");
        grabberOrigin = first.timestamp;
        position = 0;
        cached = toFrame(first);
        cachedSource = 0;
    }

    private Frame decode(int src) throws FrameGrabber.Exception {
        if (grabber == null) {
            open();
            if (src == 0) return cached;
        }
        if (src > position && src - position <= MAX_STEP_FORWARD) {
            // skip pictures without converting them; convert only the wanted one
            while (position < src - 1) {
                org.bytedeco.javacv.Frame f = grabber.grabFrame(false, true, false, false, false);
                if (f == null) return endOfStream(src);
                if (f.image == null) continue;
                position = sourceIndexAt(f.timestamp);
            }
            return grabUntil(src);
        }
        // backwards or far ahead: seek to the key frame before the target, decode forward to it
        long targetUs = grabberOrigin + Math.round(pts[src] * 1_000_000);
        grabber.setVideoTimestamp(targetUs);
        position = -1;
        org.bytedeco.javacv.Frame f = grabber.grabImage();
        if (f == null) return endOfStream(src);
        position = sourceIndexAt(f.timestamp);
        if (position == src) return toFrame(f);
        if (position > src) {
            // the seek landed past the target (sparse index): restart from the top, correct if slow
            grabber.setVideoTimestamp(grabberOrigin);
            position = -1;
        }
        return grabUntil(src);
    }

    /** Decodes pictures until the one at source index {@code src} (or the first after it). */
    private Frame grabUntil(int src) throws FrameGrabber.Exception {
        while (true) {
            org.bytedeco.javacv.Frame f = grabber.grabImage();
            if (f == null) return endOfStream(src);
            int at = sourceIndexAt(f.timestamp);
            position = at;
            if (at >= src) return toFrame(f);
        }
    }

    /**
     * The decoder ran out before the wanted frame: the last packets were damaged. Near the end the
     * last good picture is held (a common defect of cut files); elsewhere it is an error.
     */
    private Frame endOfStream(int src) {
        int missing = pts.length - src;
        if (cached != null && missing <= 3 && cachedSource >= src - 3) return cached;
        throw new MediaException("cannot decode '" + file + "': the file ends early (source frame " + src + " of " + pts.length + " is missing; truncated or damaged file)");
    }

    /** Index of the source frame whose timestamp is nearest to a grabber timestamp. */
    private int sourceIndexAt(long grabberUs) {
        double t = (grabberUs - grabberOrigin) / 1e6;
        int i = Arrays.binarySearch(pts, t);
        if (i >= 0) return i;
        int hi = -i - 1;
        if (hi == 0) return 0;
        if (hi >= pts.length) return pts.length - 1;
        return t - pts[hi - 1] <= pts[hi] - t ? hi - 1 : hi;
    }

    private Frame toFrame(org.bytedeco.javacv.Frame f) {
        if (converter == null) converter = new AvFrames();
        Frame frame = converter.toFrame((AVFrame) f.opaque, "exr".equals(info.codec()));
        // a stream that changes resolution midway is scaled to the probed size, so every frame
        // matches the size the clip reports
        boolean turned = info.rotation() % 180 != 0;
        int w = turned ? info.height() : info.width(), h = turned ? info.width() : info.height();
        if (frame.width() != w || frame.height() != h) frame = Pixels.resizeNearest(frame, w, h);
        return rotate(frame, info.rotation());
    }

    static Frame rotate(Frame f, int clockwise) {
        if (clockwise == 0) return f;
        if (clockwise != 90 && clockwise != 180 && clockwise != 270) {
            throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270, not " + clockwise);
        }
        int w = f.width();
        int h = f.height();
        int ow = clockwise == 180 ? w : h, oh = clockwise == 180 ? h : w;
        // destination index of source pixel (x, y)
        java.util.function.IntBinaryOperator to = switch (clockwise) {
            case 90 -> (x, y) -> x * h + (h - 1 - y);
            case 180 -> (x, y) -> (h - 1 - y) * w + (w - 1 - x);
            default -> (x, y) -> (w - 1 - x) * h + y;
        };
        if (f.isDeep()) {
            float[] s = f.floats(), d = new float[s.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) System.arraycopy(s, 4 * (y * w + x), d, 4 * to.applyAsInt(x, y), 4);
            }
            return Frame.deep(ow, oh, d);
        }
        int[] s = f.pixels(), d = new int[s.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) d[to.applyAsInt(x, y)] = s[row + x];
        }
        return new Frame(ow, oh, d);
    }

    private void releaseGrabber() {
        if (converter != null) converter.close();
        converter = null;
        if (grabber == null) return;
        try {
            grabber.release();
        } catch (FrameGrabber.Exception ignored) {
            // the decoder is being thrown away either way
        }
        grabber = null;
        position = -1;
    }

    private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");

    /** Turns JavaCV's "avformat_open_input() error -1094995529: ..." into FFmpeg's own words. */
    static String describe(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher mm = ERROR_CODE.matcher(m);
        if (mm.find()) {
            try {
                int code = Integer.parseInt(mm.group(1));
                byte[] buf = new byte[256];
                if (avutil.av_strerror(code, buf, buf.length) == 0) {
                    int len = 0;
                    while (len < buf.length && buf[len] != 0) len++;
                    String what = new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8);
                    if (code == avutil.AVERROR_INVALIDDATA()) return "not a video file, or the file is corrupt or truncated (" + what + ")";
                    return what;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the raw message
            }
        }
        return m;
    }
}
