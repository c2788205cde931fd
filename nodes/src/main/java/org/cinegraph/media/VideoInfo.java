package org.cinegraph.media;

import java.nio.file.Path;

/**
 * What a probe of a video file found. {@code width}/{@code height} are the displayed size (after
 * rotation metadata), {@code frameCount} the number of frames when sampled at {@code fps}.
 *
 * @param rotation clockwise degrees (0, 90, 180 or 270) applied to decoded pictures for display
 * @param variableRate whether the frame timestamps are irregular (frames are then repeated to
 *                     sample the file at {@code fps})
 */
public record VideoInfo(Path file, int width, int height, Rational fps, int frameCount, int rotation,
                        String codec, boolean variableRate) {

    public double durationSeconds() {
        return frameCount / fps.value();
    }
}
