package org.cinegraph.media;

import org.cinegraph.files.AtomicFiles;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes frames to an H.264 MP4 (yuv420p, encoded by libopenh264), atomically: frames go to a
 * hidden temporary file in the destination folder, {@link #finish()} renames it into place, and
 * {@link #close()} without a successful finish (error or cancellation) deletes it, so a
 * half-written video never appears under the target name.
 *
 * <p>4:2:0 chroma needs even dimensions. Odd widths/heights are padded by one column/row that
 * repeats the edge pixels (nothing of the picture is lost or resampled; the file is one pixel
 * wider/taller). Alpha is dropped: colours are written as they are, not composited.
 *
 * <p>Not thread-safe: one thread writes the frames in order.
 */
public final class VideoEncoder implements AutoCloseable {
    public static final int DEFAULT_BITRATE_KBPS = 8000;

    static {
        FFmpegLog.quiet();
    }

    private final Path target;
    private final Path temp;
    private final int width;
    private final int height;
    private final int encWidth;
    private final int encHeight;
    private final FFmpegFrameRecorder recorder;
    private final ByteBuffer buffer;
    private final IntBuffer ints;
    private int written;
    private boolean done;

    private VideoEncoder(Path target, int width, int height, Rational fps, int bitrateKbps, Map<String, String> metadata) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("video size must be positive, not " + width + "x" + height);
        if (bitrateKbps <= 0) throw new IllegalArgumentException("bitrate must be positive, not " + bitrateKbps);
        this.target = target;
        this.width = width;
        this.height = height;
        this.encWidth = width + (width & 1);
        this.encHeight = height + (height & 1);
        this.temp = AtomicFiles.tempSibling(target);
        try {
            AtomicFiles.createParents(target);
        } catch (IOException e) {
            throw new MediaException("cannot write video '" + target + "': cannot create its folder (" + ImageFiles.rootMessage(e) + ")", e);
        }
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(temp.toFile(), encWidth, encHeight, 0);
        r.setFormat("mp4");
        r.setVideoCodecName("libopenh264");
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps.value());
        r.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, bitrateKbps * 1000L));
        // a key frame every second or so keeps seeking in the result cheap
        r.setGopSize(Math.max(1, (int) Math.round(fps.value())));
        // openh264 may otherwise drop frames to hold the bitrate, which would change the frame count
        r.setVideoOption("allow_skip_frames", "0");
        r.setVideoOption("rc_mode", "bitrate");
        r.setVideoOption("threads", "auto");
        // index at the front: players and browsers can start before the whole file has arrived
        r.setOption("movflags", "+faststart");
        // container-level tags (the MP4 muxer keeps the standard keys, e.g. "comment")
        if (!metadata.isEmpty()) r.setMetadata(new HashMap<>(metadata));
        this.recorder = r;
        try {
            r.start();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            abort();
            throw new MediaException("cannot write video '" + target + "': the encoder could not start (" + VideoFileClip.describe(e) + ")", e);
        }
        this.buffer = ByteBuffer.allocateDirect(encWidth * encHeight * 4).order(ByteOrder.LITTLE_ENDIAN);
        this.ints = buffer.asIntBuffer();
    }

    /**
     * Opens an encoder writing to {@code target} (replaced on {@link #finish()}).
     *
     * @param bitrateKbps target bitrate in kbit/s
     * @throws MediaException naming the file if the encoder cannot start
     */
    public static VideoEncoder open(Path target, int width, int height, Rational fps, int bitrateKbps) {
        return new VideoEncoder(target, width, height, fps, bitrateKbps, Map.of());
    }

    /** As {@link #open(Path, int, int, Rational, int)}, writing {@code metadata} as container tags. */
    public static VideoEncoder open(Path target, int width, int height, Rational fps, int bitrateKbps, Map<String, String> metadata) {
        return new VideoEncoder(target, width, height, fps, bitrateKbps, metadata);
    }

    /** The size written to the file (the frame size rounded up to even). */
    public int encodedWidth() {
        return encWidth;
    }

    public int encodedHeight() {
        return encHeight;
    }

    public int framesWritten() {
        return written;
    }

    /** Appends one frame; it must have the size the encoder was opened with. */
    public void write(Frame frame) {
        if (done) throw new IllegalStateException("encoder for '" + target + "' is already finished or closed");
        if (frame.width() != width || frame.height() != height) {
            throw new MediaException("cannot write video '" + target + "': frame " + written + " is " + frame.width() + "x" + frame.height()
                    + " but the video is " + width + "x" + height + " (all frames of a video must have one size)");
        }
        int[] px = frame.pixels();
        for (int y = 0; y < height; y++) {
            ints.put(y * encWidth, px, y * width, width);
            if (encWidth != width) ints.put(y * encWidth + width, px[y * width + width - 1]);
        }
        if (encHeight != height) {
            // repeat the last row: a black row would bleed into the chroma of the real last row
            int last = (height - 1) * encWidth;
            for (int x = 0; x < encWidth; x++) ints.put(height * encWidth + x, ints.get(last + x));
        }
        buffer.clear();
        try {
            recorder.recordImage(encWidth, encHeight, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 4, encWidth * 4, avutil.AV_PIX_FMT_BGRA, buffer);
        } catch (FrameRecorder.Exception e) {
            throw new MediaException("cannot write video '" + target + "': encoding frame " + written + " failed (" + VideoFileClip.describe(e) + ")", e);
        }
        written++;
    }

    /** Flushes the encoder, closes the file and renames it to the target. */
    public void finish() {
        if (done) throw new IllegalStateException("encoder for '" + target + "' is already finished or closed");
        if (written == 0) throw new MediaException("cannot write video '" + target + "': no frames were written");
        try {
            recorder.stop();
            recorder.release();
            AtomicFiles.commitFile(temp, target);
            done = true;
        } catch (IOException e) {
            abort();
            throw new MediaException("cannot write video '" + target + "': " + ImageFiles.rootMessage(e), e);
        }
    }

    /** Abandons an unfinished file (deleting it); does nothing after {@link #finish()}. */
    @Override
    public void close() {
        if (!done) abort();
    }

    private void abort() {
        done = true;
        try {
            recorder.release();
        } catch (FrameRecorder.Exception | RuntimeException ignored) {
            // the temporary file is deleted below regardless
        }
        AtomicFiles.deleteTree(temp);
    }
}
