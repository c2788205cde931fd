package org.cinegraph.media;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Stills of every kind a camera, a compositor or a model writes, made by ImageMagick and read back. */
class StillInputsTest {
    @TempDir
    Path dir;
    private Frame reference;

    @BeforeEach
    void reference() throws Exception {
        // an 8-bit RGB picture with flat areas (lossy codecs keep them) as the ground truth
        Magick.convert("-size", "48x32", "xc:#C04020", "-fill", "#2060A0", "-draw", "rectangle 24,0 47,31", p("ref.png"));
        reference = ImageFiles.read(dir.resolve("ref.png"));
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void jpegExifOrientationIsApplied() throws Exception {
        // stored landscape, tagged "rotate 90 clockwise to show" as phones do when held upright
        // (ImageMagick 6 writes no EXIF of its own, so the tag is put in as a camera would)
        Magick.convert(p("ref.png"), "-quality", "95", p("plain.jpg"));
        byte[] jpg = java.nio.file.Files.readAllBytes(dir.resolve("plain.jpg"));
        byte[] exif = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
                0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpg, 0, 2);
        out.write(exif);
        out.write(jpg, 2, jpg.length - 2);
        java.nio.file.Files.write(dir.resolve("turned.jpg"), out.toByteArray());
        Frame f = ImageFiles.read(dir.resolve("turned.jpg"));
        assertThat(f.width()).isEqualTo(32);
        assertThat(f.height()).isEqualTo(48);
        // the left (red) half of the stored picture is now on top
        assertThat(TestMedia.meanAbsError(crop(f, 0, 0, 32, 20), Frame.filled(32, 20, 0xFFC04020))).isLessThan(4);
        assertThat(TestMedia.meanAbsError(crop(f, 0, 28, 32, 20), Frame.filled(32, 20, 0xFF2060A0))).isLessThan(4);
    }

    @Test
    void webpTiffGreyAndPalettePngsRead() throws Exception {
        Magick.convert(p("ref.png"), "-define", "webp:lossless=true", p("a.webp"));
        assertThat(TestMedia.meanAbsError(ImageFiles.read(dir.resolve("a.webp")), reference)).isZero();
        Magick.convert(p("ref.png"), "-depth", "8", p("a8.tif"));
        assertThat(TestMedia.meanAbsError(ImageFiles.read(dir.resolve("a8.tif")), reference)).isZero();
        Magick.convert(p("ref.png"), "-type", "Palette", "PNG8:" + p("pal.png"));
        assertThat(TestMedia.meanAbsError(ImageFiles.read(dir.resolve("pal.png")), reference)).isZero();
        Magick.convert(p("ref.png"), "-colorspace", "Gray", "-depth", "8", p("grey.png"));
        Magick.convert(p("grey.png"), "-type", "TrueColor", "PNG24:" + p("grey-rgb.png"));
        Frame grey = ImageFiles.read(dir.resolve("grey.png"));
        int g = grey.pixel(3, 3);
        assertThat(Pixels.red(g)).isEqualTo(Pixels.green(g)).isEqualTo(Pixels.blue(g));
        assertThat(TestMedia.meanAbsError(grey, ImageFiles.read(dir.resolve("grey-rgb.png")))).isZero();
        Magick.convert(p("grey.png"), "-quality", "98", p("grey.jpg"));
        assertThat(TestMedia.meanAbsError(ImageFiles.read(dir.resolve("grey.jpg")), grey)).isLessThan(2);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        Magick.convert(p("ref.png"), "-colorspace", "CMYK", "-quality", "95", p("cmyk.jpg"));
        Frame f = ImageFiles.read(dir.resolve("cmyk.jpg"));
        assertThat(f.width()).isEqualTo(48);
        assertThat(TestMedia.meanAbsError(f, reference)).isLessThan(6);
        assertThat(Pixels.alpha(f.pixel(3, 3))).isEqualTo(255);
    }

    @Test
    void sixteenBitPngAndTiffLoadWithoutTruncation() throws Exception {
        // a gentle vertical ramp: 8 bits hold ~128 of its levels, 16 bits all 1024 rows
        for (String name : new String[]{"ramp.png", "ramp.tif"}) {
            Magick.convert("-size", "4x1024", "gradient:gray(60%)-gray(10%)", "-depth", "16", "-define", "png:bit-depth=16", p(name));
            Frame f = ImageFiles.read(dir.resolve(name));
            assertThat(f.isDeep()).as(name).isTrue();
            Set<Float> levels = new HashSet<>();
            for (int y = 0; y < 1024; y++) levels.add(f.floats()[4 * (y * 4 + 1)]);
            assertThat(levels.size()).as(name + " distinct levels").isGreaterThan(256);
        }
    }

    @Test
    void exrIsReadFromLinearLightWithHighlightsKept() throws Exception {
        // EXR holds linear light ("RGB" is ImageMagick's name for linear sRGB primaries)
        Magick.convert(p("ref.png"), "-colorspace", "RGB", p("a.exr"));
        Frame f = ImageFiles.read(dir.resolve("a.exr"));
        assertThat(f.isDeep()).isTrue();
        assertThat(TestMedia.meanAbsError(f, reference)).isLessThan(1.5);
        // beyond white (4x the light of white) survives Cinegraph's EXR writer and reader
        float[] px = new float[4 * 8 * 8];
        for (int i = 0; i < 64; i++) {
            px[4 * i] = Transfer.encode(4f);
            px[4 * i + 1] = 0.5f;
            px[4 * i + 2] = 0.25f;
            px[4 * i + 3] = 1;
        }
        ImageSequenceFormat.EXR.write(Frame.deep(8, 8, px), dir.resolve("hot.exr"), false, "zip");
        Frame hot = ImageFiles.read(dir.resolve("hot.exr"));
        assertThat(Transfer.decode(hot.floats()[0])).isCloseTo(4f, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(hot.floats()[1]).isCloseTo(0.5f, org.assertj.core.data.Offset.offset(0.002f));
    }

    static Frame crop(Frame f, int x0, int y0, int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = f.pixel(x0 + x, y0 + y);
        return new Frame(w, h, px);
    }
}
