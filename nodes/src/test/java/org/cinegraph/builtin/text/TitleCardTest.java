package org.cinegraph.builtin.text;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cinegraph.builtin.NodeHarness.image;
import static org.cinegraph.builtin.NodeHarness.run;

class TitleCardTest {
    @TempDir
    Path dir;

    /** Counts pixels equal to argb inside the rows y0..y1-1. */
    private static int count(Frame f, int argb, int y0, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = 0; x < f.width(); x++) if (f.pixel(x, y) == argb) n++;
        return n;
    }

    @Test
    void drawsTextColourInTheMiddleOnly() throws Exception {
        Frame f = image(new TitleCard(), new TestContext(dir), Map.of(),
                Map.of("text", "HELLO", "size", 40, "colour", "#FF0000", "background", "#0000FF", "width", 320, "height", 240));
        assertThat(f.width()).isEqualTo(320);
        assertThat(count(f, 0xFFFF0000, 90, 150)).as("solid red glyph pixels around the centre").isGreaterThan(200);
        assertThat(count(f, 0xFFFF0000, 0, 70) + count(f, 0xFFFF0000, 170, 240)).isZero();
        assertThat(f.pixel(0, 0)).isEqualTo(0xFF0000FF);
    }

    @Test
    void topAndBottomPositionsMoveTheText() throws Exception {
        Map<String, Object> base = Map.of("text", "Top", "size", 30, "colour", "#FFFFFF", "width", 200, "height", 200, "position", "top");
        Frame top = image(new TitleCard(), new TestContext(dir), Map.of(), base);
        assertThat(count(top, 0xFFFFFFFF, 0, 60)).isGreaterThan(50);
        assertThat(count(top, 0xFFFFFFFF, 100, 200)).isZero();
        Map<String, Object> bottom = new java.util.HashMap<>(base);
        bottom.put("position", "bottom");
        Frame b = image(new TitleCard(), new TestContext(dir), Map.of(), bottom);
        assertThat(count(b, 0xFFFFFFFF, 140, 200)).isGreaterThan(50);
        assertThat(count(b, 0xFFFFFFFF, 0, 100)).isZero();
    }

    @Test
    void everyFontChoiceRendersWithoutSubstitution() throws Exception {
        for (String font : TitleCard.FONTS) {
            TestContext ctx = new TestContext(dir);
            Frame f = image(new TitleCard(), ctx, Map.of(), Map.of("text", "Ag", "font", font, "size", 30, "width", 100, "height", 60));
            assertThat(count(f, 0xFFFFFFFF, 0, 60)).as(font).isGreaterThan(20);
            assertThat(ctx.logs).as(font).isEmpty();
        }
    }

    @Test
    void transparentBackgroundStaysTransparent() throws Exception {
        Frame f = image(new TitleCard(), new TestContext(dir), Map.of(),
                Map.of("text", "A", "background", "#00000000", "width", 64, "height", 64, "size", 20));
        assertThat(f.pixel(0, 0) >>> 24).isZero();
    }

    @Test
    void drawsOverEachFrameOfAClip() throws Exception {
        Frame plate = Frame.filled(160, 120, 0xFF00FF00);
        Clip clip = Clip.of(160, 120, Rational.of(24), 3, i -> plate);
        Clip out = (Clip) run(new TitleCard(), new TestContext(dir), Map.of("image", clip),
                Map.of("text", "X", "size", 60, "colour", "#FF0000")).get("image");
        assertThat(out.frameCount()).isEqualTo(3);
        Frame f2 = out.frame(2);
        assertThat(f2.width()).isEqualTo(160);
        assertThat(f2.pixel(0, 0)).isEqualTo(0xFF00FF00);
        assertThat(count(f2, 0xFFFF0000, 0, 120)).isGreaterThan(50);
    }
}
