package org.cinegraph.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Widths that are not a multiple of swscale's SIMD block (found with a 152 px wide contact sheet):
 * decoding them used to write past the end of the conversion buffer and abort the JVM with a
 * corrupted native heap.
 */
class ScalerOverrunTest {
    @TempDir
    Path dir;

    @Test
    void videosOfAnyWidthDecodeWithoutOverrunningTheBuffer() {
        for (int w : new int[]{136, 152, 200, 248}) {
            Path f = dir.resolve(w + ".mp4");
            try (VideoEncoder e = VideoEncoder.open(f, w, 48, Rational.of(24), 2000)) {
                for (int i = 0; i < 6; i++) e.write(Frame.filled(w, 48, 0xFF3366CC));
                e.finish();
            }
            for (int round = 0; round < 3; round++) {
                try (VideoFileClip c = new VideoFileClip(f)) {
                    for (int i = 0; i < c.frameCount(); i++) {
                        Frame frame = c.frame(i);
                        assertThat(frame.width()).isEqualTo(w);
                        assertThat(Pixels.blue(frame.pixel(w - 1, 47))).isBetween(0xCC - 12, 0xCC + 12);
                    }
                }
            }
            // allocations after the decodes are where a corrupted heap showed
            byte[][] junk = new byte[500][];
            for (int i = 0; i < junk.length; i++) junk[i] = new byte[1000 + i];
            assertThat(junk[499]).hasSize(1499);
        }
    }
}
