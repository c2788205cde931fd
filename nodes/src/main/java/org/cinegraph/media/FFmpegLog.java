package org.cinegraph.media;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * Keeps FFmpeg's console chatter (stream dumps, encoder notices) out of the user's terminal;
 * failures reach users as {@link MediaException}s instead.
 */
final class FFmpegLog {
    private FFmpegLog() {
    }

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** Loading this class applies the setting once; calling it is how users make sure it ran. */
    static void quiet() {
        // the static initialiser does the work
    }
}
