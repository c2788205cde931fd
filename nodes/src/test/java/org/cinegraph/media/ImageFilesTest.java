package org.cinegraph.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void pngRoundTripIsExactIncludingAlpha() {
        int[] px = new int[37 * 23];
        for (int i = 0; i < px.length; i++) px[i] = (i * 2654435761L) > 0 ? (int) (i * 2654435761L) : i;
        Frame f = new Frame(37, 23, px);
        Path out = dir.resolve("sub/x.png");
        ImageFiles.writePng(f, out);
        assertThat(ImageFiles.read(out).pixels()).isEqualTo(px);
        assertThat(leftovers()).containsExactly("sub");
    }

    @Test
    void opaquePngRoundTripIsExact() {
        Frame f = TestMedia.patches(31, 17, 9);
        Path out = dir.resolve("o.png");
        ImageFiles.writePng(f, out);
        assertThat(ImageFiles.read(out).pixels()).isEqualTo(f.pixels());
        // overwriting replaces the earlier file
        Frame g = TestMedia.patches(31, 17, 10);
        ImageFiles.writePng(g, out);
        assertThat(ImageFiles.read(out).pixels()).isEqualTo(g.pixels());
        assertThat(leftovers()).containsExactly("o.png");
    }

    @Test
    void jpegIsRead() throws Exception {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 40; x++) img.setRGB(x, y, 0x3366CC);
        Path jpg = dir.resolve("a.jpg");
        ImageIO.write(img, "jpeg", jpg.toFile());
        Frame f = ImageFiles.read(jpg);
        assertThat(f.width()).isEqualTo(40);
        assertThat(TestMedia.meanAbsError(f, Frame.filled(40, 20, 0xFF3366CC))).isLessThan(3);
        assertThat(f.pixel(3, 3) >>> 24).isEqualTo(255);
    }

    @Test
    void badFilesFailNamingTheFileAndCause() throws Exception {
        Path missing = dir.resolve("missing.png");
        assertThatThrownBy(() -> ImageFiles.read(missing)).isInstanceOf(MediaException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not found");

        Path text = dir.resolve("text.png");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> ImageFiles.read(text)).isInstanceOf(MediaException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not an image");

        Path good = dir.resolve("good.png");
        ImageFiles.writePng(TestMedia.patches(64, 64, 1), good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ImageFiles.read(cut)).isInstanceOf(MediaException.class)
                .hasMessageContaining(cut.toString());
    }

    private java.util.List<String> leftovers() {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
