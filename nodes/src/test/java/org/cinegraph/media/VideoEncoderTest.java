package org.cinegraph.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoEncoderTest {
    @TempDir
    Path dir;

    @Test
    void unfinishedEncoderLeavesNothingBehind() throws Exception {
        Path out = dir.resolve("v.mp4");
        try (VideoEncoder enc = VideoEncoder.open(out, 64, 48, Rational.of(24), 1000)) {
            enc.write(TestMedia.patches(64, 48, 0));
            enc.write(TestMedia.patches(64, 48, 1));
            // the frames are going to a hidden temporary file, not the target
            assertThat(out).doesNotExist();
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void finishReplacesAnEarlierFileAtomically() throws Exception {
        Path out = dir.resolve("v.mp4");
        Files.writeString(out, "old");
        TestMedia.encode(out, 64, 48, Rational.of(24), 4);
        assertThat(VideoFileClip.probe(out).frameCount()).isEqualTo(4);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void wrongSizedFrameIsRefusedAndNothingIsKept() throws Exception {
        Path out = dir.resolve("v.mp4");
        try (VideoEncoder enc = VideoEncoder.open(out, 64, 48, Rational.of(24), 1000)) {
            enc.write(TestMedia.patches(64, 48, 0));
            assertThatThrownBy(() -> enc.write(TestMedia.patches(32, 48, 0)))
                    .isInstanceOf(MediaException.class).hasMessageContaining(out.toString()).hasMessageContaining("32x48");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
