package org.cinegraph.builtin.filter;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Pixels;
import org.cinegraph.media.Rational;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.cinegraph.builtin.NodeHarness.image;
import static org.cinegraph.builtin.NodeHarness.run;

class FilterTest {
    @TempDir
    Path dir;

    private static double meanRed(Frame f) {
        return Arrays.stream(f.pixels()).map(Pixels::red).average().orElseThrow();
    }

    @Test
    void blurKeepsAFlatImageFlat() throws Exception {
        Frame flat = Frame.filled(17, 9, 0xFF4080C0);
        assertThat(image(new Blur(), new TestContext(dir), Map.of("image", flat), Map.of("radius", 6.0)).pixels()).containsOnly(0xFF4080C0);
    }

    @Test
    void blurSpreadsASquareAndPreservesTheMean() throws Exception {
        int[] px = new int[48 * 48];
        Arrays.fill(px, 0xFF000000);
        for (int y = 20; y < 28; y++) for (int x = 20; x < 28; x++) px[y * 48 + x] = 0xFFFFFFFF;
        Frame src = new Frame(48, 48, px);
        Frame out = image(new Blur(), new TestContext(dir), Map.of("image", src), Map.of("radius", 3.0));
        assertThat(meanRed(out)).isCloseTo(meanRed(src), within(meanRed(src) * 0.02));
        assertThat(Pixels.red(out.pixel(23, 23))).isBetween(100, 254);
        assertThat(Pixels.red(out.pixel(18, 23))).isGreaterThan(10);
        assertThat(Pixels.red(out.pixel(0, 0))).isZero();
        // Symmetric source, symmetric result.
        assertThat(out.pixel(16, 23)).isEqualTo(out.pixel(31, 23));
        assertThat(out.pixel(23, 16)).isEqualTo(out.pixel(23, 31));
    }

    @Test
    void blurDoesNotDarkenEdgesOfTransparentAreas() throws Exception {
        // Opaque red next to transparent black: colour must stay red, only alpha falls off.
        int[] px = new int[16];
        for (int x = 0; x < 16; x++) px[x] = x < 8 ? 0xFFFF0000 : 0x00000000;
        Frame out = image(new Blur(), new TestContext(dir), Map.of("image", new Frame(16, 1, px)), Map.of("radius", 2.0));
        int edge = out.pixel(8, 0);
        assertThat(Pixels.alpha(edge)).isBetween(20, 235);
        assertThat(edge & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void sharpenBoostsAnEdgeAndKeepsFlatAreas() throws Exception {
        int[] px = new int[20];
        for (int x = 0; x < 20; x++) px[x] = x < 10 ? 0xFF646464 : 0xFF969696;
        Frame out = image(new Sharpen(), new TestContext(dir), Map.of("image", new Frame(20, 1, px)), Map.of("amount", 1.0, "radius", 1.0));
        assertThat(Pixels.red(out.pixel(9, 0))).isLessThan(100);
        assertThat(Pixels.red(out.pixel(10, 0))).isGreaterThan(150);
        assertThat(out.pixel(0, 0)).isEqualTo(0xFF646464);
        assertThat(out.pixel(19, 0)).isEqualTo(0xFF969696);
    }

    @Test
    void liftedOverAClipFrameIIsTheNodeOnFrameIAndComputedOnDemand() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Clip src = Clip.of(12, 8, Rational.of(24), 5, i -> {
            calls.incrementAndGet();
            int[] px = new int[96];
            px[i * 7 % 96] = 0xFFFFFFFF;
            Arrays.fill(px, 0, i, 0xFF808080);
            for (int k = 0; k < 96; k++) if (px[k] == 0) px[k] = 0xFF000000;
            return new Frame(12, 8, px);
        });
        Clip out = (Clip) run(new Blur(), new TestContext(dir), Map.of("image", src), Map.of("radius", 1.5)).get("image");
        assertThat(out.frameCount()).isEqualTo(5);
        Frame f3 = out.frame(3);
        assertThat(calls.get()).isEqualTo(1);
        Frame expected = image(new Blur(), new TestContext(dir), Map.of("image", src.frame(3)), Map.of("radius", 1.5));
        assertThat(f3.pixels()).isEqualTo(expected.pixels());
    }
}
