package org.cinegraph.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One still image through FFmpeg's image decoders (TIFF, WebP, EXR, 16-bit PNG, CMYK JPEG, DPX...):
 * the picture keeps its depth (a deep frame above 8 bits) and EXR's linear light is encoded like
 * every other frame.
 */
final class StillDecoder {
    static {
        FFmpegLog.quiet();
    }

    private StillDecoder() {
    }

    static Frame read(Path file) {
        if (!Files.exists(file)) throw new MediaException("cannot read image '" + file + "': file not found");
        if (!Files.isReadable(file)) throw new MediaException("cannot read image '" + file + "': permission denied");
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setImageMode(FrameGrabber.ImageMode.RAW);
        try (AvFrames converter = new AvFrames()) {
            g.start();
            if (g.getVideoStream() < 0) throw new MediaException("cannot read image '" + file + "': not an image, or a format that is not supported");
            org.bytedeco.javacv.Frame f = g.grabImage();
            if (f == null || f.opaque == null) throw new MediaException("cannot read image '" + file + "': not an image, or the file is corrupt or truncated");
            return converter.toFrame((AVFrame) f.opaque, "exr".equals(g.getVideoCodecName()));
        } catch (FrameGrabber.Exception e) {
            String why = VideoFileClip.describe(e);
            throw new MediaException("cannot read image '" + file + "': "
                    + (why.startsWith("not a video file") ? "not an image, or the file is corrupt or truncated" : "not an image FFmpeg can read (" + why + ")"), e);
        } finally {
            try {
                g.release();
            } catch (FrameGrabber.Exception ignored) {
                // the picture (or the error) stands
            }
        }
    }
}
