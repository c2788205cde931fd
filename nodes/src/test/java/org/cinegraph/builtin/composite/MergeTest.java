package org.cinegraph.builtin.composite;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cinegraph.builtin.NodeHarness.image;
import static org.cinegraph.builtin.NodeHarness.run;

class MergeTest {
    private static final int BLUE = 0xFF0000FF, RED = 0xFFFF0000;

    @TempDir
    Path dir;

    private int merge(int bg, int fg, Map<String, Object> params) throws Exception {
        return image(new Merge(), new TestContext(dir), Map.of("background", Frame.filled(1, 1, bg), "foreground", Frame.filled(1, 1, fg)), params).pixel(0, 0);
    }

    @Test
    void overAtHalfOpacityMixesEvenly() throws Exception {
        assertThat(merge(BLUE, RED, Map.of("opacity", 0.5))).isEqualTo(0xFF800080);
    }

    @Test
    void overUsesForegroundAlpha() throws Exception {
        // alpha 128/255: red 128, blue 255 * (1 - 128/255) = 127
        assertThat(merge(BLUE, 0x80FF0000, Map.of())).isEqualTo(0xFF80007F);
        // Onto a transparent background the foreground keeps its own colour and alpha.
        assertThat(merge(0x00000000, 0x80FF0000, Map.of())).isEqualTo(0x80FF0000);
        // Two half-transparent layers: alpha 1 - (1 - a)(1 - a).
        int out = merge(0x800000FF, 0x80FF0000, Map.of());
        double a = 128 / 255.0, ao = a + a * (1 - a);
        assertThat(out >>> 24).isEqualTo((int) Math.round(ao * 255));
        assertThat((out >> 16) & 0xFF).isEqualTo((int) Math.round(a / ao * 255));
    }

    @Test
    void blendModesFollowTheirFormulas() throws Exception {
        int bg = 0xFFC86432, fg = 0xFF80FF00; // bg (200,100,50), fg (128,255,0)
        assertThat(merge(bg, fg, Map.of("mode", "multiply"))).isEqualTo(rgb(200 * 128 / 255.0, 100, 0));
        assertThat(merge(bg, fg, Map.of("mode", "screen"))).isEqualTo(rgb(200 + 128 - 200 * 128 / 255.0, 255, 50));
        assertThat(merge(bg, fg, Map.of("mode", "add"))).isEqualTo(rgb(255, 255, 50));
        assertThat(merge(bg, fg, Map.of("mode", "difference"))).isEqualTo(rgb(72, 155, 50));
        assertThat(merge(bg, fg, Map.of("mode", "lighten"))).isEqualTo(rgb(200, 255, 50));
        assertThat(merge(bg, fg, Map.of("mode", "darken"))).isEqualTo(rgb(128, 100, 0));
        // overlay: bg <= half -> 2ab, else 1 - 2(1-a)(1-b)
        assertThat(merge(bg, fg, Map.of("mode", "overlay"))).isEqualTo(rgb(
                255 * (1 - 2 * (1 - 200 / 255.0) * (1 - 128 / 255.0)), 2 * 100 * 255 / 255.0, 2 * 50 * 0 / 255.0));
    }

    private static int rgb(double r, double g, double b) {
        return 0xFF000000 | (int) Math.round(r) << 16 | (int) Math.round(g) << 8 | (int) Math.round(b);
    }

    @Test
    void maskBlackShowsBackgroundAndGreyHalfMixes() throws Exception {
        Frame bg = Frame.filled(2, 2, BLUE), fg = Frame.filled(2, 2, RED);
        Frame black = image(new Merge(), new TestContext(dir), Map.of("background", bg, "foreground", fg, "mask", Frame.filled(2, 2, 0xFF000000)), Map.of());
        assertThat(black.pixels()).containsOnly(BLUE);
        Frame grey = image(new Merge(), new TestContext(dir), Map.of("background", bg, "foreground", fg, "mask", Frame.filled(1, 1, 0xFF808080)), Map.of());
        assertThat(grey.pixels()).containsOnly(0xFF80007F);
    }

    @Test
    void offsetPlacesTheForeground() throws Exception {
        Frame out = image(new Merge(), new TestContext(dir),
                Map.of("background", Frame.filled(4, 4, BLUE), "foreground", Frame.filled(2, 2, RED)), Map.of("x", 1, "y", 2));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                boolean inside = x >= 1 && x < 3 && y >= 2;
                assertThat(out.pixel(x, y)).as("(%d,%d)", x, y).isEqualTo(inside ? RED : BLUE);
            }
        }
    }

    @Test
    void stillOverClipGivesAClipOfComposites() throws Exception {
        Frame[] frames = {Frame.filled(3, 3, 0xFF000000), Frame.filled(3, 3, 0xFF404040), Frame.filled(3, 3, 0xFF808080)};
        Clip bg = Clip.of(3, 3, Rational.of(30), 3, i -> frames[i]);
        Map<String, Object> params = new HashMap<>(Map.of("mode", "screen", "opacity", 0.7));
        Frame fg = Frame.filled(3, 3, 0xFF2080F0);
        Clip out = (Clip) run(new Merge(), new TestContext(dir), Map.of("background", bg, "foreground", fg), params).get("image");
        assertThat(out.frameCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            Frame expected = image(new Merge(), new TestContext(dir), Map.of("background", frames[i], "foreground", fg), params);
            assertThat(out.frame(i).pixels()).isEqualTo(expected.pixels());
        }
    }
}
