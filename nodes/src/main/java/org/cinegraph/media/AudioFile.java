package org.cinegraph.media;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The sound of a file (WAV, MP3, AAC, FLAC, Opus, or a video's audio track), decoded lazily by
 * FFmpeg and resampled to {@link Audio#RATE} Hz stereo float. Reading on from where the last read
 * stopped continues the decoder; a read elsewhere seeks. Only the packet being consumed is held,
 * so memory does not grow with the length. {@link #close()} releases the decoder (it reopens on
 * demand). Reads are serialised.
 */
public final class AudioFile implements Audio, AutoCloseable {
    /** Jumps forward by up to this many sample frames decode through instead of seeking. */
    private static final long MAX_STEP_FORWARD = RATE * 2L;

    static {
        FFmpegLog.quiet();
    }

    private final Path file;
    private long length = -1;
    private FFmpegFrameGrabber grabber;
    private long originUs;
    /** Decoded samples not yet consumed, and the sample frame the first of them stands at. */
    private float[] chunk = new float[0];
    private int chunkFrames;
    private long chunkStart;
    private boolean ended;
    private int sourceChannels;

    public AudioFile(Path file) {
        this.file = file;
    }

    /** Whether {@code file} has an audio stream (a quick probe; false for unreadable files). */
    public static boolean hasAudio(Path file) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        try {
            g.start();
            return g.getAudioStream() >= 0 && g.getAudioChannels() > 0;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return false;
        } finally {
            try {
                g.release();
            } catch (FrameGrabber.Exception ignored) {
                // probe only
            }
        }
    }

    public Path file() {
        return file;
    }

    /**
     * The length in sample frames, from the container's duration (probing the file if needed).
     *
     * @throws MediaException naming the file when it has no audio or cannot be read
     */
    @Override
    public synchronized long length() {
        if (length < 0) {
            if (grabber == null) open();
            long us = grabber.getFormatContext().streams(grabber.getAudioStream()).duration() > 0
                    ? Math.round(grabber.getFormatContext().streams(grabber.getAudioStream()).duration()
                    * avutil.av_q2d(grabber.getFormatContext().streams(grabber.getAudioStream()).time_base()) * 1e6)
                    : grabber.getLengthInTime();
            length = Math.max(0, Math.round(us * (double) RATE / 1e6));
        }
        return length;
    }

    @Override
    public synchronized void read(long start, float[] dst, int n) {
        Arrays.fill(dst, 0, n * CHANNELS, 0f);
        long end = Math.min(start + n, length());
        long from = Math.max(0, start);
        if (from >= end) return;
        try {
            if (grabber == null) open();
            if (from < chunkStart || from > chunkStart + chunkFrames + MAX_STEP_FORWARD) seek(from);
            while (from < end) {
                if (from >= chunkStart && from < chunkStart + chunkFrames) {
                    int off = (int) (from - chunkStart);
                    int take = (int) Math.min(end - from, chunkFrames - off);
                    System.arraycopy(chunk, off * CHANNELS, dst, (int) (from - start) * CHANNELS, take * CHANNELS);
                    from += take;
                } else if (ended) {
                    return; // the stream is shorter than its declared duration: the rest stays silent
                } else if (from < chunkStart) {
                    return; // decoding resumed after the wanted samples (a damaged stretch): silence
                } else {
                    nextChunk();
                }
            }
        } catch (FrameGrabber.Exception e) {
            release();
            throw new MediaException("cannot decode the audio of '" + file + "': " + VideoFileClip.describe(e), e);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    private void open() {
        if (!Files.exists(file)) throw new MediaException("cannot read audio '" + file + "': file not found");
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setSampleRate(RATE);
        g.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT);
        try {
            g.start();
            if (g.getAudioStream() < 0) {
                g.release();
                throw new MediaException("cannot read audio '" + file + "': the file has no audio stream");
            }
            // mono is doubled here at full level (the resampler would lower it 3 dB); wider
            // layouts are downmixed to stereo by the resampler
            sourceChannels = g.getAudioChannels();
            if (sourceChannels > CHANNELS) {
                g.release();
                g = new FFmpegFrameGrabber(file.toFile());
                g.setSampleRate(RATE);
                g.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT);
                g.setAudioChannels(CHANNELS);
                g.start();
                sourceChannels = CHANNELS;
            }
            long start = g.getFormatContext().streams(g.getAudioStream()).start_time();
            originUs = start == avutil.AV_NOPTS_VALUE ? 0
                    : Math.round(start * avutil.av_q2d(g.getFormatContext().streams(g.getAudioStream()).time_base()) * 1e6);
        } catch (FrameGrabber.Exception e) {
            throw new MediaException("cannot read audio '" + file + "': " + VideoFileClip.describe(e), e);
        }
        grabber = g;
        chunkFrames = 0;
        chunkStart = 0;
        ended = false;
    }

    private void seek(long sample) throws FrameGrabber.Exception {
        long us = originUs + Math.round(sample * 1e6 / RATE);
        // land a little early so the decoder's own start-up samples are before the wanted ones
        grabber.setAudioTimestamp(Math.max(originUs, us - 100_000));
        chunkFrames = 0;
        chunkStart = 0;
        ended = false;
        nextChunk();
        if (chunkStart > sample) {
            // the seek went past (coarse index): decode from the top
            grabber.setAudioTimestamp(originUs);
            chunkFrames = 0;
            chunkStart = 0;
            nextChunk();
        }
    }

    private void nextChunk() throws FrameGrabber.Exception {
        org.bytedeco.javacv.Frame f = grabber.grabSamples();
        if (f == null || f.samples == null) {
            ended = true;
            chunkStart += chunkFrames;
            chunkFrames = 0;
            return;
        }
        FloatBuffer b = ((FloatBuffer) f.samples[0]).duplicate();
        int frames = b.remaining() / sourceChannels;
        if (chunk.length < frames * CHANNELS) chunk = new float[frames * CHANNELS];
        if (sourceChannels == CHANNELS) {
            b.get(chunk, 0, frames * CHANNELS);
        } else {
            for (int i = 0; i < frames; i++) chunk[2 * i] = chunk[2 * i + 1] = b.get();
        }
        long at = Math.round((f.timestamp - originUs) * (double) RATE / 1e6);
        // timestamps of consecutive packets are continuous to within rounding: keep samples contiguous
        long expected = chunkStart + chunkFrames;
        chunkStart = chunkFrames > 0 && Math.abs(at - expected) <= 2 ? expected : at;
        chunkFrames = frames;
    }

    private void release() {
        if (grabber == null) return;
        try {
            grabber.release();
        } catch (FrameGrabber.Exception ignored) {
            // the decoder is being dropped either way
        }
        grabber = null;
        chunkFrames = 0;
    }

    @Override
    public synchronized void close() {
        release();
    }

    @Override
    public String toString() {
        return "AudioFile[" + file + "]";
    }
}
