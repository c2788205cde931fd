package org.cinegraph.builtin;

import org.cinegraph.builtin.colour.ColourGrade;
import org.cinegraph.builtin.composite.Merge;
import org.cinegraph.builtin.filter.Blur;
import org.cinegraph.builtin.io.LoadVideo;
import org.cinegraph.builtin.io.SaveVideo;
import org.cinegraph.builtin.text.TitleCard;
import org.cinegraph.builtin.time.Crossfade;
import org.cinegraph.builtin.time.KenBurns;
import org.cinegraph.builtin.transform.Resize;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.media.TestMedia;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cinegraph.builtin.NodeHarness.clip;
import static org.cinegraph.builtin.NodeHarness.image;
import static org.cinegraph.builtin.NodeHarness.run;

/** The high-bit-depth path: every depth-aware node keeps float frames and agrees with its 8-bit path. */
class DeepChainTest {
    @TempDir
    Path dir;

    /** A gentle horizontal ramp (more than 256 distinct levels across 1024 pixels at 10+ bits). */
    static Frame ramp(int w, int h, float shift) {
        float[] px = new float[4 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = 4 * (y * w + x);
                float v = 0.2f + 0.5f * x / (w - 1) + shift;
                px[k] = v;
                px[k + 1] = v * 0.9f;
                px[k + 2] = 0.4f + 0.2f * y / (h - 1);
                px[k + 3] = 1;
            }
        }
        return Frame.deep(w, h, px);
    }

    static int levels(Frame f, int row, int channel) {
        Set<Float> s = new HashSet<>();
        float[] px = f.floats();
        for (int x = 0; x < f.width(); x++) s.add(px[4 * (row * f.width() + x) + channel]);
        return s.size();
    }

    /** Mean difference in 8-bit units between the deep result (rounded) and the 8-bit path on rounded input. */
    static double agreement(Frame deep, Frame eight) {
        return TestMedia.meanAbsError(new Frame(deep.width(), deep.height(), deep.pixels()), eight);
    }

    @Test
    void eachNodeKeepsDepthAndMatchesItsEightBitPath() throws Exception {
        Frame d = ramp(1024, 16, 0);
        Frame e = new Frame(d.width(), d.height(), d.pixels());
        try (TestContext ctx = new TestContext(dir)) {
            Map<String, Object> grade = Map.of("exposure", 0.3, "saturation", 1.2, "gamma", 1.1, "lift", 0.02);
            Frame g = image(new ColourGrade(), ctx, Map.of("image", d), grade);
            assertThat(g.isDeep()).isTrue();
            assertThat(levels(g, 5, 1)).isGreaterThan(256);
            assertThat(agreement(g, image(new ColourGrade(), ctx, Map.of("image", e), grade))).isLessThan(1.0);
            assertThat(image(new ColourGrade(), ctx, Map.of("image", e), grade).isDeep()).as("8-bit stays 8-bit").isFalse();

            Frame r = image(new Resize(), ctx, Map.of("image", d), Map.of("width", 900, "height", 14, "mode", "stretch"));
            assertThat(r.isDeep()).isTrue();
            assertThat(levels(r, 5, 0)).isGreaterThan(256);
            assertThat(agreement(r, image(new Resize(), ctx, Map.of("image", e), Map.of("width", 900, "height", 14, "mode", "stretch")))).isLessThan(1.0);

            Frame b = image(new Blur(), ctx, Map.of("image", d), Map.of("radius", 2));
            assertThat(b.isDeep()).isTrue();
            assertThat(levels(b, 8, 0)).isGreaterThan(256);
            assertThat(agreement(b, image(new Blur(), ctx, Map.of("image", e), Map.of("radius", 2)))).isLessThan(1.0);

            Frame fg = Frame.filled(100, 8, 0x80FF0000);
            Frame m = image(new Merge(), ctx, Map.of("background", d, "foreground", fg), Map.of("x", 10, "y", 4));
            assertThat(m.isDeep()).isTrue();
            assertThat(levels(m, 2, 0)).isGreaterThan(256);
            assertThat(agreement(m, image(new Merge(), ctx, Map.of("background", e, "foreground", fg), Map.of("x", 10, "y", 4)))).isLessThan(1.0);

            Frame t = image(new TitleCard(), ctx, Map.of("image", d), Map.of("text", "A", "size", 12));
            assertThat(t.isDeep()).isTrue();
            assertThat(levels(t, 0, 0)).isGreaterThan(256);
            assertThat(agreement(t, image(new TitleCard(), ctx, Map.of("image", e), Map.of("text", "A", "size", 12)))).isLessThan(1.0);

            Clip a = Clip.of(1024, 16, Rational.of(24), 4, i -> ramp(1024, 16, 0));
            Clip c = Clip.of(1024, 16, Rational.of(24), 4, i -> ramp(1024, 16, 0.1f));
            Clip x = clip(new Crossfade(), ctx, Map.of("a", a, "b", c), Map.of("overlap", 2));
            assertThat(x.frame(2).isDeep()).isTrue();
            assertThat(levels(x.frame(2), 3, 0)).isGreaterThan(256);
            assertThat(x.frame(2).floats()[0]).isBetween(0.21f, 0.29f);

            Clip k = clip(new KenBurns(), ctx, Map.of("image", d), Map.of("width", 800, "height", 12, "duration", 0.125, "fps", 24,
                    "start_zoom", 1, "end_zoom", 1.1));
            assertThat(k.frame(1).isDeep()).isTrue();
            assertThat(levels(k.frame(1), 6, 0)).isGreaterThan(256);
        }
    }

    @Test
    void tenBitProresThroughGradeAndResizeBackToProres4444KeepsTheDepth() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            Clip src = Clip.of(1024, 16, Rational.of(24), 3, i -> ramp(1024, 16, 0.01f * i));
            run(new SaveVideo(), ctx, Map.of("clip", src), Map.of("format", "prores-4444-mov", "filename", "plate"));
            Clip plate = clip(new LoadVideo(), ctx, Map.of(), Map.of("file", "out/plate.mov"));
            Clip graded = (Clip) run(new ColourGrade(), ctx, Map.of("image", plate), Map.of("exposure", -0.2)).get("image");
            Clip sized = (Clip) run(new Resize(), ctx, Map.of("image", graded), Map.of("width", 1000, "height", 16, "mode", "stretch")).get("image");
            Path out = (Path) run(new SaveVideo(), ctx, Map.of("clip", sized), Map.of("format", "prores-4444-mov", "filename", "final")).get("file");
            try (VideoFileClip back = new VideoFileClip(out)) {
                Frame f = back.frame(1);
                assertThat(f.isDeep()).isTrue();
                assertThat(levels(f, 8, 1)).isGreaterThan(256);
            }
        }
    }
}
