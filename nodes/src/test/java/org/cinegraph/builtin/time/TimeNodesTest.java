package org.cinegraph.builtin.time;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Pixels;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.NodeException;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.cinegraph.builtin.NodeHarness.clip;
import static org.cinegraph.builtin.NodeHarness.countingClip;
import static org.cinegraph.builtin.NodeHarness.grey;
import static org.cinegraph.builtin.NodeHarness.image;

class TimeNodesTest {
    @TempDir
    Path dir;

    private TestContext ctx() {
        return new TestContext(dir);
    }

    @Test
    void stillToClipHoldsTheImageAtNtscRate() throws Exception {
        Frame still = Frame.filled(4, 2, 0xFF123456);
        Clip c = clip(new StillToClip(), ctx(), Map.of("image", still), Map.of("duration", 2.0, "fps", 29.97));
        assertThat(c.fps()).isEqualTo(new Rational(30000, 1001));
        assertThat(c.frameCount()).isEqualTo(60);
        assertThat(c.frame(59)).isSameAs(still);
        assertThat(c.width()).isEqualTo(4);
    }

    @Test
    void kenBurnsMovesFromTheWholeImageToTheZoomedEnd() throws Exception {
        // Horizontal ramp: source pixel x has value 6x.
        int[] px = new int[40 * 20];
        for (int i = 0; i < px.length; i++) {
            int v = (i % 40) * 6;
            px[i] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        Clip c = clip(new KenBurns(), ctx(), Map.of("image", new Frame(40, 20, px)),
                Map.of("width", 20, "height", 10, "duration", 1.0, "fps", 10, "start_zoom", 1.0, "end_zoom", 2.0,
                        "end_x", 0.75, "easing", "linear"));
        assertThat(c.frameCount()).isEqualTo(10);
        assertThat(c.width()).isEqualTo(20);
        Frame first = c.frame(0), last = c.frame(9);
        // Frame 0 shows the whole image at half size: output x samples source 2x+1, between pixels 2x and 2x+1.
        assertThat(Pixels.red(first.pixel(0, 5))).isEqualTo(3);
        assertThat(Pixels.red(first.pixel(19, 5))).isEqualTo(231);
        // Last frame: 1:1 on the right half (centre x 30): output x shows source 20 + x.
        assertThat(Pixels.red(last.pixel(0, 5))).isEqualTo(120);
        assertThat(Pixels.red(last.pixel(19, 5))).isEqualTo(234);
        // Motion is gradual: the left edge value rises monotonically.
        int prev = -1;
        for (int i = 0; i < 10; i++) {
            int v = Pixels.red(c.frame(i).pixel(0, 5));
            assertThat(v).isGreaterThanOrEqualTo(prev);
            prev = v;
        }
    }

    @Test
    void kenBurnsEaseInOutStartsSlowerThanLinear() throws Exception {
        int[] px = new int[40 * 20];
        for (int i = 0; i < px.length; i++) {
            int v = (i % 40) * 6;
            px[i] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        Frame src = new Frame(40, 20, px);
        Map<String, Object> linear = Map.of("width", 20, "height", 10, "duration", 1.0, "fps", 25, "start_x", 0.25, "end_x", 0.75,
                "start_zoom", 2.0, "end_zoom", 2.0, "easing", "linear");
        Map<String, Object> eased = new java.util.HashMap<>(linear);
        eased.put("easing", "ease-in-out");
        Clip l = clip(new KenBurns(), ctx(), Map.of("image", src), linear), e = clip(new KenBurns(), ctx(), Map.of("image", src), eased);
        assertThat(l.frameCount()).isEqualTo(25);
        // Same start and end, but the eased move has covered less ground after two frames.
        assertThat(e.frame(0).pixels()).isEqualTo(l.frame(0).pixels());
        assertThat(e.frame(24).pixels()).isEqualTo(l.frame(24).pixels());
        assertThat(Pixels.red(e.frame(2).pixel(0, 5))).isLessThan(Pixels.red(l.frame(2).pixel(0, 5)));
    }

    @Test
    void kenBurnsFiltersAFineCheckerboardToGreyInsteadOfAliasing() throws Exception {
        int[] px = new int[64 * 64];
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) px[y * 64 + x] = (x + y) % 2 == 0 ? 0xFFFFFFFF : 0xFF000000;
        Clip c = clip(new KenBurns(), ctx(), Map.of("image", new Frame(64, 64, px)),
                Map.of("width", 8, "height", 8, "duration", 0.5, "fps", 10, "start_zoom", 1.0, "end_zoom", 1.5, "start_x", 0.4, "end_x", 0.6));
        for (int i = 0; i < c.frameCount(); i++) {
            for (int p : c.frame(i).pixels()) assertThat(Pixels.red(p)).as("frame %d", i).isBetween(120, 135);
        }
    }

    @Test
    void trimKeepsTheRangeAndComputesOnlyAskedFrames() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Clip src = countingClip(2, 2, 30, 24, calls);
        Clip t = clip(new Trim(), ctx(), Map.of("clip", src), Map.of("first", 5, "count", 10));
        assertThat(t.frameCount()).isEqualTo(10);
        assertThat(calls.get()).isZero();
        assertThat(grey(t.frame(3))).isEqualTo(8);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(clip(new Trim(), ctx(), Map.of("clip", src), Map.of("first", 5, "last", 9)).frameCount()).isEqualTo(5);
        assertThat(clip(new Trim(), ctx(), Map.of("clip", src), Map.of("first", 25)).frameCount()).isEqualTo(5);
        assertThatThrownBy(() -> clip(new Trim(), ctx(), Map.of("clip", src), Map.of("first", 30)))
                .isInstanceOf(NodeException.class).hasMessageContaining("'first'").hasMessageContaining("30 frames");
        assertThatThrownBy(() -> clip(new Trim(), ctx(), Map.of("clip", src), Map.of("first", 10, "last", 4)))
                .isInstanceOf(NodeException.class).hasMessageContaining("no frames");
    }

    @Test
    void concatenatePlaysClipsInOrderLazily() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Clip a = countingClip(4, 4, 3, 25, calls), b = countingClip(4, 4, 4, 30, calls), c = countingClip(4, 4, 2, 25, calls);
        Clip out = clip(new Concatenate(), ctx(), Map.of("a", a, "b", b, "c", c), Map.of());
        assertThat(out.frameCount()).isEqualTo(9);
        assertThat(out.fps()).isEqualTo(Rational.of(25));
        assertThat(grey(out.frame(2))).isEqualTo(2);
        assertThat(grey(out.frame(3))).isEqualTo(0);
        assertThat(grey(out.frame(6))).isEqualTo(3);
        assertThat(grey(out.frame(8))).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(4);
        Clip wide = countingClip(8, 4, 2, 25, calls);
        assertThatThrownBy(() -> clip(new Concatenate(), ctx(), Map.of("a", a, "b", wide), Map.of()))
                .isInstanceOf(NodeException.class).hasMessageContaining("4x4").hasMessageContaining("8x4");
    }

    @Test
    void crossfadeDissolvesOverTheOverlap() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Clip a = Clip.of(2, 2, Rational.of(24), 10, i -> { calls.incrementAndGet(); return Frame.filled(2, 2, 0xFF000000); });
        Clip b = Clip.of(2, 2, Rational.of(24), 10, i -> { calls.incrementAndGet(); return Frame.filled(2, 2, 0xFFFFFFFF); });
        Clip out = clip(new Crossfade(), ctx(), Map.of("a", a, "b", b), Map.of("overlap", 4));
        assertThat(out.frameCount()).isEqualTo(16);
        assertThat(out.frame(5).pixel(0, 0)).isEqualTo(0xFF000000);
        assertThat(calls.get()).isEqualTo(1);
        // Overlap frames 6..9 mix with weights 1/5..4/5 of b.
        for (int k = 0; k < 4; k++) {
            assertThat(Pixels.red(out.frame(6 + k).pixel(0, 0))).isEqualTo((int) Math.round(255 * (k + 1) / 5.0));
        }
        assertThat(out.frame(10).pixel(0, 0)).isEqualTo(0xFFFFFFFF);
        assertThatThrownBy(() -> clip(new Crossfade(), ctx(), Map.of("a", a, "b", b), Map.of("overlap", 11)))
                .isInstanceOf(NodeException.class).hasMessageContaining("'overlap'");
    }

    @Test
    void retimeKeepsDuration() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Clip src = countingClip(2, 2, 48, 24, calls);
        Clip half = clip(new ChangeFrameRate(), ctx(), Map.of("clip", src), Map.of("fps", 12));
        assertThat(half.frameCount()).isEqualTo(24);
        assertThat(half.durationSeconds()).isCloseTo(src.durationSeconds(), within(1e-9));
        assertThat(grey(half.frame(5))).isEqualTo(10);
        Clip ntsc = clip(new ChangeFrameRate(), ctx(), Map.of("clip", countingClip(2, 2, 300, 30, calls)), Map.of("fps", 29.97));
        assertThat(ntsc.fps()).isEqualTo(new Rational(30000, 1001));
        assertThat(ntsc.frameCount()).isEqualTo(300);
    }

    @Test
    void retimeBlendMixesNeighbouringFrames() throws Exception {
        Clip src = Clip.of(1, 1, Rational.of(24), 24, i -> Frame.filled(1, 1, 0xFF000000 | (i * 10) << 16));
        Clip out = clip(new ChangeFrameRate(), ctx(), Map.of("clip", src), Map.of("fps", 16, "method", "blend"));
        assertThat(out.frameCount()).isEqualTo(16);
        // Output frame 1 sits at source position 1.5: halfway between 10 and 20.
        assertThat(Pixels.red(out.frame(1).pixel(0, 0))).isEqualTo(15);
        assertThat(Pixels.red(out.frame(2).pixel(0, 0))).isEqualTo(30);
        Clip nearest = clip(new ChangeFrameRate(), ctx(), Map.of("clip", src), Map.of("fps", 48, "method", "nearest"));
        assertThat(nearest.frameCount()).isEqualTo(48);
        assertThat(Pixels.red(nearest.frame(3).pixel(0, 0))).isEqualTo(20);
    }

    @Test
    void extractFrameReturnsTheFrameOrNamesTheRange() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Clip src = countingClip(2, 2, 10, 24, calls);
        assertThat(grey(image(new ExtractFrame(), ctx(), Map.of("clip", src), Map.of("frame", 7)))).isEqualTo(7);
        assertThat(calls.get()).isEqualTo(1);
        assertThatThrownBy(() -> image(new ExtractFrame(), ctx(), Map.of("clip", src), Map.of("frame", 10)))
                .isInstanceOf(NodeException.class).hasMessageContaining("10").hasMessageContaining("0..9");
    }
}
