package org.cinegraph.app.viewer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineModelTest {
    private static final long S = 1_000_000_000L;

    @Test
    void playbackFollowsTheClockAndDropsFramesInsteadOfDrifting() {
        TimelineModel t = new TimelineModel();
        t.setContent(100, 24);
        t.play(0);
        assertThat(t.tick(S / 24 - 1)).isEqualTo(0);
        assertThat(t.tick(S / 24 + 1)).isEqualTo(1);
        // a pulse that comes 0.5 s late shows frame 12, not frame 2
        assertThat(t.tick(S / 2 + 1)).isEqualTo(12);
    }

    @Test
    void loopWrapsInsideTheInOutRangeAndWithoutLoopStopsAtOut() {
        TimelineModel t = new TimelineModel();
        t.setContent(100, 10);
        t.seek(10);
        t.markIn();
        t.seek(19);
        t.markOut();
        t.play(0);
        assertThat(t.frame()).isEqualTo(10);
        assertThat(t.tick(S + S / 20)).isEqualTo(10); // 10 frames later: wrapped to the in point
        assertThat(t.tick(S + S / 2 + 1)).isEqualTo(15);
        t.loopProperty().set(false);
        t.seek(10);
        t.play(0);
        assertThat(t.tick(5 * S)).isEqualTo(19);
        assertThat(t.isPlaying()).isFalse();
    }

    @Test
    void stepClampsAndTimecodeCountsFramesAtTheRoundedRate() {
        TimelineModel t = new TimelineModel();
        t.setContent(5000, 30);
        t.step(-1);
        assertThat(t.frame()).isZero();
        t.seek(30 * 3723 + 7);
        assertThat(t.frame()).isEqualTo(4999);
        assertThat(t.timecode(30 * 3723 + 7)).isEqualTo("01:02:03:07");
        t.setContent(10, 29.97);
        assertThat(t.timecode(31)).isEqualTo("00:00:01:01");
    }

    @Test
    void zoomShowsAWindowAroundThePlayhead() {
        TimelineModel t = new TimelineModel();
        t.setContent(100, 24);
        t.zoomProperty().set(4);
        t.seek(50);
        assertThat(t.visibleRange()).containsExactly(38, 62);
        t.seek(99);
        assertThat(t.visibleRange()).containsExactly(75, 99);
    }
}
