package org.cinegraph.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentJoinTest {
    @TempDir
    Path dir;

    private Path piece(String name, int width, int frames, int shade) {
        Path f = dir.resolve(name);
        try (VideoEncoder enc = VideoEncoder.open(f, width, 48, Rational.of(24), 2000)) {
            for (int i = 0; i < frames; i++) enc.write(Frame.filled(width, 48, 0xFF000000 | (shade + 8 * i) << 8));
            enc.finish();
        }
        return f;
    }

    @Test
    void joinsPiecesFrameForFrame() {
        Path a = piece("a.mp4", 64, 10, 10), b = piece("b.mp4", 64, 14, 100);
        SegmentJoin.Result r = SegmentJoin.join(List.of(a, b), dir.resolve("out/joined.mp4"));
        assertThat(r.pieces()).isEqualTo(2);
        assertThat(r.frames()).isEqualTo(24);
        try (VideoFileClip joined = new VideoFileClip(dir.resolve("out/joined.mp4")); VideoFileClip x = new VideoFileClip(a);
             VideoFileClip y = new VideoFileClip(b)) {
            assertThat(joined.frameCount()).isEqualTo(24);
            assertThat(joined.frame(3).pixels()).isEqualTo(x.frame(3).pixels());
            assertThat(joined.frame(10 + 7).pixels()).isEqualTo(y.frame(7).pixels());
        }
    }

    @Test
    void piecesWrittenDifferentlyAreRefusedAndNothingIsWritten() throws Exception {
        Path a = piece("a.mp4", 64, 5, 10), b = piece("b.mp4", 80, 5, 10);
        Path target = dir.resolve("joined.mp4");
        assertThatThrownBy(() -> SegmentJoin.join(List.of(a, b), target)).isInstanceOf(MediaException.class)
                .hasMessageContaining("b.mp4").hasMessageContaining("video size 64x48 vs 80x48");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("a.mp4", "b.mp4");
        }
        assertThatThrownBy(() -> SegmentJoin.join(List.of(a, dir.resolve("missing.mp4")), target)).hasMessageContaining("missing.mp4");
    }

    @Test
    void aCancelledJoinLeavesNothing() throws Exception {
        Path a = piece("a.mp4", 64, 5, 10), b = piece("b.mp4", 64, 5, 40);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        assertThatThrownBy(() -> SegmentJoin.join(List.of(a, b), dir.resolve("joined.mp4"), () -> asked.incrementAndGet() > 3))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("a.mp4", "b.mp4");
        }
    }
}
