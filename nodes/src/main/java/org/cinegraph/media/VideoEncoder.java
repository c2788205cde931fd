package org.cinegraph.media;

import org.cinegraph.files.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes frames (and optionally audio) to a video file in one of the {@link VideoFormat}s,
 * atomically: everything goes to a hidden temporary file in the destination folder,
 * {@link #finish()} renames it into place, and {@link #close()} without a successful finish (error
 * or cancellation) deletes it, so a half-written video never appears under the target name.
 *
 * <p>Pictures are converted by {@link EncoderPlanes} (BT.709, tagged as such; deep frames keep
 * their bits in 10/16-bit formats). Formats whose codec refuses odd sides (4:2:0 H.264, HEVC, AV1;
 * ProRes 4:2:2 widths) get one extra column/row repeating the edge; the others keep the exact size. A hardware format
 * (NVENC) that cannot start here falls back to H.264 with OpenH264 and says so in
 * {@link #notice()}.
 *
 * <p>Not thread-safe: one thread writes the frames in order.
 */
public final class VideoEncoder implements AutoCloseable {
    public static final int DEFAULT_BITRATE_KBPS = 8000;

    /**
     * How to encode.
     *
     * @param alpha write an alpha plane when the format has one (ProRes 4444, VP9, FFV1)
     * @param tags  container tags (e.g. the graph as "comment"); ignored by containers without tags
     * @param audio the audio stream, or null for none
     */
    public record Settings(VideoFormat format, int bitrateKbps, boolean alpha, Map<String, String> tags, AudioSettings audio) {
        public Settings {
            if (bitrateKbps <= 0) throw new IllegalArgumentException("bitrate must be positive, not " + bitrateKbps);
            tags = Map.copyOf(tags);
        }

        public static Settings of(VideoFormat format) {
            return new Settings(format, DEFAULT_BITRATE_KBPS, false, Map.of(), null);
        }
    }

    /**
     * An audio stream: codec "aac", "opus" or "pcm" (24-bit), sample rate and channels of the
     * samples handed to {@link #writeAudio}.
     */
    public record AudioSettings(String codec, int sampleRate, int channels, int bitrateKbps) {
        String encoder() {
            return switch (codec) {
                case "aac" -> "aac";
                case "opus" -> "libopus";
                case "pcm" -> "pcm_s24le";
                default -> throw new IllegalArgumentException("unknown audio codec '" + codec + "' (aac, opus or pcm)");
            };
        }
    }

    static {
        FFmpegLog.quiet();
    }

    private final Path target;
    private final Path temp;
    private final int width;
    private final int height;
    private final int encWidth;
    private final int encHeight;
    private final int pixelFormat;
    private final VideoFormat format;
    private final String notice;
    private final AvWriter writer;
    private final ByteBuffer buffer;
    private final Scaler scaler = new Scaler();
    private int written;
    private boolean done;

    private VideoEncoder(Path target, int width, int height, Rational fps, Settings s) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("video size must be positive, not " + width + "x" + height);
        this.target = target;
        this.width = width;
        this.height = height;
        this.temp = AtomicFiles.tempSibling(target);
        try {
            AtomicFiles.createParents(target);
        } catch (IOException e) {
            throw new MediaException("cannot write video '" + target + "': cannot create its folder (" + ImageFiles.rootMessage(e) + ")", e);
        }
        VideoFormat f = s.format();
        if (width < f.minWidth() || height < f.minHeight()) {
            throw new MediaException("cannot write video '" + target + "': " + f.label() + " takes pictures of at least " + f.minWidth() + "x"
                    + f.minHeight() + ", and these are " + width + "x" + height + " (resize or pad the clip, or choose another format)");
        }
        AvWriter w;
        String why = null;
        try {
            w = start(f, width, height, fps, s);
        } catch (MediaException e) {
            AtomicFiles.deleteTree(temp);
            if (!f.hardware()) throw e;
            why = f.label() + " is not available here (" + e.getMessage().replaceFirst("^.*?\\(", "").replaceFirst("\\)$", "")
                    + "): wrote " + f.softwareFallback().label() + " instead";
            f = f.softwareFallback();
            w = start(f, width, height, fps, s);
        }
        this.format = f;
        this.notice = why;
        this.writer = w;
        this.encWidth = f.evenWidth() ? width + (width & 1) : width;
        this.encHeight = f.evenHeight() ? height + (height & 1) : height;
        this.pixelFormat = f.pixelFormat(s.alpha());
        this.buffer = ByteBuffer.allocateDirect(EncoderPlanes.size(pixelFormat, encWidth, encHeight)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private AvWriter start(VideoFormat f, int width, int height, Rational fps, Settings s) {
        int ew = f.evenWidth() ? width + (width & 1) : width;
        int eh = f.evenHeight() ? height + (height & 1) : height;
        long bitrate = f.rate() == VideoFormat.Rate.BITRATE ? s.bitrateKbps() * 1000L : 0;
        // a key frame every second or so keeps seeking cheap; intra-only codecs ignore it
        int gop = Math.max(1, (int) Math.round(fps.value()));
        AvWriter.Video v = new AvWriter.Video(f.encoder(), ew, eh, f.pixelFormat(s.alpha()), fps, bitrate, gop, f.options(eh), f.rgb());
        AvWriter.Audio a = null;
        if (s.audio() != null) {
            AudioSettings as = s.audio();
            if (!f.audioCodecs().contains(as.codec())) {
                throw new MediaException("cannot write video '" + target + "': " + f.label() + " cannot carry " + as.codec()
                        + " audio (it takes " + String.join(", ", f.audioCodecs()) + ")");
            }
            a = new AvWriter.Audio(as.encoder(), as.sampleRate(), as.channels(), as.codec().equals("pcm") ? 0 : as.bitrateKbps() * 1000L);
        }
        Map<String, String> muxer = new LinkedHashMap<>();
        // index at the front: players and browsers can start before the whole file has arrived
        if (f.muxer().equals("mp4") || f.muxer().equals("mov")) muxer.put("movflags", "+faststart");
        return new AvWriter(temp, target.toString(), f.muxer(), v, a, f.holdsTags() ? s.tags() : Map.of(), muxer);
    }

    /**
     * Opens an encoder writing to {@code target} (replaced on {@link #finish()}).
     *
     * @throws MediaException naming the file if the encoder cannot start
     */
    public static VideoEncoder open(Path target, int width, int height, Rational fps, Settings settings) {
        return new VideoEncoder(target, width, height, fps, settings);
    }

    /** An H.264 MP4 at {@code bitrateKbps}, without audio or tags. */
    public static VideoEncoder open(Path target, int width, int height, Rational fps, int bitrateKbps) {
        return new VideoEncoder(target, width, height, fps, new Settings(VideoFormat.H264_MP4, bitrateKbps, false, Map.of(), null));
    }

    /** The format being written (the software fallback when a hardware one could not start). */
    public VideoFormat format() {
        return format;
    }

    /** What the user should know about how the file is written (a hardware fallback), if anything. */
    public Optional<String> notice() {
        return Optional.ofNullable(notice);
    }

    /** Appends one frame; it must have the size the encoder was opened with. */
    public void write(Frame frame) {
        if (done) throw new IllegalStateException("encoder for '" + target + "' is already finished or closed");
        if (frame.width() != width || frame.height() != height) {
            throw new MediaException("cannot write video '" + target + "': frame " + written + " is " + frame.width() + "x" + frame.height()
                    + " but the video is " + width + "x" + height + " (all frames of a video must have one size)");
        }
        EncoderPlanes.write(EncoderPlanes.padTo(frame, encWidth, encHeight), pixelFormat, buffer, scaler);
        buffer.clear();
        writer.writeVideo(buffer);
        written++;
    }

    /** Appends interleaved float samples (-1..1) of the audio stream: {@code frames} sample frames from {@code offset}. */
    public void writeAudio(float[] samples, int offset, int frames) {
        if (done) throw new IllegalStateException("encoder for '" + target + "' is already finished or closed");
        if (!writer.hasAudio()) throw new IllegalStateException("encoder for '" + target + "' was opened without audio");
        writer.writeAudio(samples, offset, frames);
    }

    /** Flushes the encoder, closes the file and renames it to the target. */
    public void finish() {
        if (done) throw new IllegalStateException("encoder for '" + target + "' is already finished or closed");
        if (written == 0) throw new MediaException("cannot write video '" + target + "': no frames were written");
        try {
            writer.finish();
            writer.close();
            scaler.close();
            AtomicFiles.commitFile(temp, target);
            done = true;
        } catch (IOException e) {
            abort();
            throw new MediaException("cannot write video '" + target + "': " + ImageFiles.rootMessage(e), e);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Abandons an unfinished file (deleting it); does nothing after {@link #finish()}. */
    @Override
    public void close() {
        if (!done) abort();
    }

    private void abort() {
        done = true;
        writer.close();
        scaler.close();
        AtomicFiles.deleteTree(temp);
    }
}
