package org.cinegraph.builtin.transform;

import org.cinegraph.media.Frame;
import org.cinegraph.spi.NodeException;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cinegraph.builtin.NodeHarness.image;

class TransformTest {
    private static final int RED = 0xFFFF0000, PAD = 0xFF102030;

    @TempDir
    Path dir;

    @Test
    void fitLetterboxesAWideImage() throws Exception {
        Frame src = Frame.filled(4, 2, RED);
        Frame f = image(new Resize(), new TestContext(dir), Map.of("image", src),
                Map.of("width", 8, "height", 8, "mode", "fit", "pad_colour", "#102030"));
        // Scale 2: the picture is 8x4, centred, so rows 0-1 and 6-7 are bars.
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                assertThat(f.pixel(x, y)).as("(%d,%d)", x, y).isEqualTo(y < 2 || y >= 6 ? PAD : RED);
            }
        }
    }

    @Test
    void fillCropsAndStretchIgnoresAspect() throws Exception {
        // Left half red, right half blue.
        int[] px = {RED, RED, 0xFF0000FF, 0xFF0000FF};
        Frame src = new Frame(4, 1, px);
        Frame fill = image(new Resize(), new TestContext(dir), Map.of("image", src),
                Map.of("width", 2, "height", 2, "mode", "fill", "filter", "nearest"));
        // Fill scales by 2 (to cover the height): only the middle 2 source pixels are visible.
        assertThat(fill.pixels()).containsExactly(RED, 0xFF0000FF, RED, 0xFF0000FF);
        Frame stretch = image(new Resize(), new TestContext(dir), Map.of("image", src),
                Map.of("width", 2, "height", 3, "mode", "stretch", "filter", "nearest"));
        assertThat(stretch.pixels()).containsExactly(RED, 0xFF0000FF, RED, 0xFF0000FF, RED, 0xFF0000FF);
    }

    @Test
    void bilinearUpscaleInterpolatesAndBicubicKeepsFlatAreas() throws Exception {
        Frame src = new Frame(2, 1, new int[]{0xFF000000, 0xFFC8C8C8});
        Frame f = image(new Resize(), new TestContext(dir), Map.of("image", src),
                Map.of("width", 4, "height", 2, "mode", "stretch", "filter", "bilinear"));
        // Output centres 0.5,1.5,2.5,3.5 map to source 0.25,0.75,1.25,1.75: weights 0,0.25,0.75,1 of the right pixel.
        assertThat(f.pixel(0, 0) & 0xFF).isEqualTo(0);
        assertThat(f.pixel(1, 0) & 0xFF).isEqualTo(50);
        assertThat(f.pixel(2, 0) & 0xFF).isEqualTo(150);
        assertThat(f.pixel(3, 0) & 0xFF).isEqualTo(200);
        Frame flat = image(new Resize(), new TestContext(dir), Map.of("image", Frame.filled(5, 5, 0xFF336699)),
                Map.of("width", 13, "height", 7, "mode", "stretch", "filter", "bicubic"));
        assertThat(flat.pixels()).containsOnly(0xFF336699);
    }

    @Test
    void cropCutsTheRectangleAndRejectsOneOutside() throws Exception {
        int[] px = new int[4 * 3];
        for (int i = 0; i < px.length; i++) px[i] = 0xFF000000 | i;
        Frame src = new Frame(4, 3, px);
        Frame f = image(new Crop(), new TestContext(dir), Map.of("image", src), Map.of("x", 1, "y", 1, "width", 2, "height", 2));
        assertThat(f.pixels()).containsExactly(0xFF000005, 0xFF000006, 0xFF000009, 0xFF00000A);
        assertThatThrownBy(() -> image(new Crop(), new TestContext(dir), Map.of("image", src), Map.of("x", 3, "y", 0, "width", 2, "height", 2)))
                .isInstanceOf(NodeException.class).hasMessageContaining("x=3").hasMessageContaining("4x3");
    }

    @Test
    void padAddsBordersOnEachSide() throws Exception {
        Frame f = image(new Pad(), new TestContext(dir), Map.of("image", Frame.filled(2, 1, RED)),
                Map.of("left", 1, "right", 2, "top", 1, "bottom", 0, "colour", "#102030"));
        assertThat(f.width()).isEqualTo(5);
        assertThat(f.height()).isEqualTo(2);
        assertThat(f.pixels()).containsExactly(PAD, PAD, PAD, PAD, PAD, PAD, RED, RED, PAD, PAD);
    }
}
