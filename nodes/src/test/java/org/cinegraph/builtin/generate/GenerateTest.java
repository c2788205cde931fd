package org.cinegraph.builtin.generate;

import org.cinegraph.media.Frame;
import org.cinegraph.media.Pixels;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cinegraph.builtin.NodeHarness.image;

class GenerateTest {
    @TempDir
    Path dir;

    @Test
    void linearGradientRunsLeftToRightAtZeroDegrees() throws Exception {
        Frame f = image(new Gradient(), new TestContext(dir), Map.of(),
                Map.of("width", 10, "height", 2, "start_colour", "#000000", "end_colour", "#FFFFFF"));
        // Pixel x has centre x+0.5, so t = (x+0.5)/10.
        for (int x = 0; x < 10; x++) {
            int expected = (int) Math.round((x + 0.5) / 10 * 255);
            assertThat(Pixels.red(f.pixel(x, 0))).as("x=%d", x).isCloseTo(expected, org.assertj.core.data.Offset.offset(1));
            assertThat(f.pixel(x, 1)).isEqualTo(f.pixel(x, 0));
        }
    }

    @Test
    void ninetyDegreesRunsBottomToTop() throws Exception {
        Frame f = image(new Gradient(), new TestContext(dir), Map.of(),
                Map.of("width", 4, "height", 8, "angle", 90, "start_colour", "#000000", "end_colour", "#FF0000"));
        assertThat(Pixels.red(f.pixel(0, 7))).isLessThan(Pixels.red(f.pixel(0, 0)));
        assertThat(Pixels.red(f.pixel(0, 0))).isGreaterThan(230);
    }

    @Test
    void radialGradientIsStartColourAtCentreAndEndColourBeyondRadius() throws Exception {
        Frame f = image(new Gradient(), new TestContext(dir), Map.of(),
                Map.of("width", 21, "height", 21, "type", "radial", "radius", 0.5,
                        "start_colour", "#FF0000", "end_colour", "#0000FF"));
        assertThat(Pixels.red(f.pixel(10, 10))).isGreaterThan(245);
        assertThat(f.pixel(0, 0)).isEqualTo(0xFF0000FF);
    }

    @Test
    void noiseIsReproducibleForASeedAndDiffersBetweenSeeds() throws Exception {
        Map<String, Object> p1 = Map.of("width", 48, "height", 32, "seed", 7, "scale", 8);
        Frame a = image(new Noise(), new TestContext(dir), Map.of(), p1);
        Frame b = image(new Noise(), new TestContext(dir), Map.of(), p1);
        Frame c = image(new Noise(), new TestContext(dir), Map.of(), Map.of("width", 48, "height", 32, "seed", 8, "scale", 8));
        assertThat(a.pixels()).isEqualTo(b.pixels());
        assertThat(a.pixels()).isNotEqualTo(c.pixels());
    }

    @Test
    void noiseSpansARangeOfValuesAndColourModeHasDistinctChannels() throws Exception {
        Frame mono = image(new Noise(), new TestContext(dir), Map.of(), Map.of("width", 64, "height", 64, "scale", 8, "octaves", 1));
        int min = 255, max = 0;
        for (int p : mono.pixels()) {
            assertThat(Pixels.red(p)).isEqualTo(Pixels.green(p)).isEqualTo(Pixels.blue(p));
            min = Math.min(min, Pixels.red(p));
            max = Math.max(max, Pixels.red(p));
        }
        assertThat(max - min).isGreaterThan(128);
        Frame colour = image(new Noise(), new TestContext(dir), Map.of(), Map.of("width", 16, "height", 16, "scale", 4, "colour", "colour"));
        long differing = java.util.Arrays.stream(colour.pixels()).filter(p -> Pixels.red(p) != Pixels.blue(p)).count();
        assertThat(differing).isGreaterThan(128);
    }
}
