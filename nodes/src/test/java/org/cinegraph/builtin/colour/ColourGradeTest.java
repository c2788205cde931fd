package org.cinegraph.builtin.colour;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Pixels;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.NodeException;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cinegraph.builtin.NodeHarness.image;
import static org.cinegraph.builtin.NodeHarness.run;

class ColourGradeTest {
    @TempDir
    Path dir;

    /** Every 8-bit value in every channel, with varied alpha. */
    private static Frame ramp() {
        int[] px = new int[256 * 3];
        Random rnd = new Random(1);
        for (int i = 0; i < 256; i++) {
            px[i] = 0xFF000000 | i << 16 | (255 - i) << 8 | (i * 7 & 0xFF);
            px[256 + i] = (rnd.nextInt(256) << 24) | (rnd.nextInt() & 0xFFFFFF);
            px[512 + i] = 0xFF000000 | i << 16 | i << 8 | i;
        }
        return new Frame(256, 3, px);
    }

    private Frame grade(Frame src, Map<String, Object> params) throws Exception {
        return image(new ColourGrade(), new TestContext(dir), Map.of("image", src), params);
    }

    @Test
    void defaultsLeaveEveryPixelUnchanged() throws Exception {
        Frame src = ramp();
        assertThat(grade(src, Map.of()).pixels()).isEqualTo(src.pixels());
        // The per-pixel path (saturation/LUT/mix) must be exact at identity too.
        assertThat(grade(src, Map.of("saturation", 1.000001)).pixels()).isEqualTo(src.pixels());
    }

    private static double decode(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double encode(double l) {
        return l <= 0.0031308 ? l * 12.92 : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
    }

    @Test
    void exposurePlusOneDoublesLinearLight() throws Exception {
        Frame src = ramp();
        Frame out = grade(src, Map.of("exposure", 1.0));
        for (int i = 0; i < 256; i++) {
            int expected = (int) Math.round(Math.min(1, encode(2 * decode(i / 255.0))) * 255);
            assertThat(Pixels.red(out.pixel(i, 2))).as("value %d", i).isEqualTo(expected);
        }
        // e.g. sRGB 128 (21.6% light) -> 43.2% light = sRGB 176
        assertThat(Pixels.red(out.pixel(128, 2))).isEqualTo(176);
    }

    @Test
    void saturationZeroGivesRec709GreyAndAlphaIsKept() throws Exception {
        Frame src = new Frame(2, 1, new int[]{0x80FF0000, 0xFF00FF00});
        Frame out = grade(src, Map.of("saturation", 0.0));
        assertThat(out.pixel(0, 0)).isEqualTo(0x80363636); // 0.2126 * 255 = 54.2
        assertThat(out.pixel(1, 0)).isEqualTo(0xFFB6B6B6); // 0.7152 * 255 = 182.4
    }

    /**
     * The saturation fast path (tables folded per channel) against the arithmetic the class
     * documents, written out plainly: curve to 12 bits, Rec.709 luma in 1/16384,
     * l + sat x (c - l) rounded in 12 bits and clipped, back to 8 bits. Every value of every
     * channel, random colours with alpha, saturations from grey to the maximum.
     */
    @Test
    void saturationFastPathMatchesTheDocumentedArithmeticExactly() {
        Random rnd = new Random(7);
        int[] px = new int[256 * 4];
        for (int i = 0; i < px.length; i++) px[i] = i < 256 ? 0xFF000000 | i << 16 | (255 - i) << 8 | (i * 7 & 0xFF) : rnd.nextInt();
        Frame src = new Frame(256, 4, px);
        float[][] curves = new float[3][256];
        for (int i = 0; i < 256; i++) {
            double v = i / 255.0;
            curves[0][i] = (float) Math.min(1, Math.pow(Math.max(0, 0.435 + (v - 0.435) * 1.2), 1 / 1.1));
            curves[1][i] = (float) v;
            curves[2][i] = (float) Math.min(1, 0.1 + 0.9 * v * 1.3);
        }
        for (float saturation : new float[]{0f, 0.37f, 0.5f, 1.3f, 2.5f, 4f}) {
            int sat = Math.round(saturation * 4096);
            int[] out = ColourGrade.apply(src, curves, saturation, null, 1f).pixels();
            for (int i = 0; i < px.length; i++) {
                int p = px[i];
                int r = to12(curves[0][(p >> 16) & 0xFF]), g = to12(curves[1][(p >> 8) & 0xFF]), b = to12(curves[2][p & 0xFF]);
                int l = (3483 * r + 11718 * g + 1183 * b + 8192) >> 14;
                int expected = (p & 0xFF000000) | to8(l + ((sat * (r - l) + 2048) >> 12)) << 16
                        | to8(l + ((sat * (g - l) + 2048) >> 12)) << 8 | to8(l + ((sat * (b - l) + 2048) >> 12));
                assertThat(out[i]).as("saturation %s, pixel %08x", saturation, p).isEqualTo(expected);
            }
        }
    }

    private static int to12(float v) {
        return Math.round(Math.max(0, Math.min(1, v)) * 4095);
    }

    /** A 12-bit value, clipped to 0..4095, rounded to 8 bits. */
    private static int to8(int v12) {
        return Math.round(Math.max(0, Math.min(4095, v12)) * 255f / 4095);
    }

    @Test
    void contrastGainLiftAndGammaFollowTheirFormulas() throws Exception {
        Frame src = new Frame(1, 1, new int[]{0xFF406080});
        double r = 0x40 / 255.0, g = 0x60 / 255.0, b = 0x80 / 255.0;
        Frame c = grade(src, Map.of("contrast", 2.0, "pivot", 0.4));
        assertThat(c.pixel(0, 0)).isEqualTo(0xFF000000 | round(0.4 + (r - 0.4) * 2) << 16 | round(0.4 + (g - 0.4) * 2) << 8 | round(0.4 + (b - 0.4) * 2));
        Frame gain = grade(src, Map.of("gain", 1.5, "gain_b", 0.5));
        assertThat(gain.pixel(0, 0)).isEqualTo(0xFF000000 | round(r * 1.5) << 16 | round(g * 1.5) << 8 | round(b * 0.75));
        Frame lift = grade(src, Map.of("lift", 0.2));
        assertThat(Pixels.red(lift.pixel(0, 0))).isEqualTo(round(r + 0.2 * (1 - r)));
        Frame gamma = grade(src, Map.of("gamma", 2.0));
        assertThat(Pixels.green(gamma.pixel(0, 0))).isEqualTo(round(Math.pow(g, 0.5)));
    }

    private static int round(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    @Test
    void temperatureWarmsAndMixHalvesTheChange() throws Exception {
        Frame grey = Frame.filled(1, 1, 0xFF808080);
        Frame warm = grade(grey, Map.of("temperature", 0.5));
        assertThat(Pixels.red(warm.pixel(0, 0))).isGreaterThan(0x80);
        assertThat(Pixels.blue(warm.pixel(0, 0))).isLessThan(0x80);
        assertThat(Pixels.green(warm.pixel(0, 0))).isEqualTo(0x80);
        Frame half = grade(grey, Map.of("gain", 2.0, "mix", 0.5));
        assertThat(Pixels.red(half.pixel(0, 0))).isEqualTo(round((128 / 255.0 + 1) / 2));
    }

    private Path writeLut(String name, int n, java.util.function.IntFunction<String> entry) throws Exception {
        StringBuilder sb = new StringBuilder("# test LUT\nTITLE \"t\"\nLUT_3D_SIZE " + n + "\n\n");
        for (int i = 0; i < n * n * n; i++) sb.append(entry.apply(i)).append('\n');
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    /** Lattice coordinate along one axis for entry i (red fastest). */
    private static double at(int i, int axis, int n) {
        int v = axis == 0 ? i % n : axis == 1 ? (i / n) % n : i / (n * n);
        return (double) v / (n - 1);
    }

    @Test
    void identityCubeLutIsIdentity() throws Exception {
        int n = 5;
        writeLut("identity.cube", n, i -> at(i, 0, n) + " " + at(i, 1, n) + " " + at(i, 2, n));
        Frame src = ramp();
        assertThat(grade(src, Map.of("lut", "identity.cube")).pixels()).isEqualTo(src.pixels());
    }

    @Test
    void channelSwapLutSwapsRedAndBlue() throws Exception {
        int n = 3;
        writeLut("swap.cube", n, i -> at(i, 2, n) + " " + at(i, 1, n) + " " + at(i, 0, n));
        Frame src = new Frame(2, 1, new int[]{0xFFC83214, 0x80102030});
        Frame out = grade(src, Map.of("lut", "swap.cube"));
        assertThat(out.pixels()).containsExactly(0xFF1432C8, 0x80302010);
    }

    @Test
    void malformedLutErrorNamesFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.cube"), "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 zero\n");
        assertThatThrownBy(() -> grade(ramp(), Map.of("lut", "bad.cube")))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("bad.cube").hasMessageContaining("line 4").hasMessageContaining("'zero'");
        Files.writeString(dir.resolve("short.cube"), "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n");
        assertThatThrownBy(() -> grade(ramp(), Map.of("lut", "short.cube")))
                .hasMessageContaining("short.cube").hasMessageContaining("line 3").hasMessageContaining("needs 8");
        assertThatThrownBy(() -> grade(ramp(), Map.of("lut", "missing.cube")))
                .isInstanceOf(NodeException.class).hasMessageContaining("missing.cube").hasMessageContaining("does not exist");
    }

    @Test
    void gradesAClipFrameByFrame() throws Exception {
        Frame[] frames = {Frame.filled(4, 4, 0xFF202020), Frame.filled(4, 4, 0xFF606060), Frame.filled(4, 4, 0xFFA0A0A0)};
        Clip clip = Clip.of(4, 4, Rational.of(25), 3, i -> frames[i]);
        Map<String, Object> params = new HashMap<>(Map.of("gain", 1.3, "saturation", 0.5));
        Clip out = (Clip) run(new ColourGrade(), new TestContext(dir), Map.of("image", clip), params).get("image");
        assertThat(out.frameCount()).isEqualTo(3);
        assertThat(out.fps()).isEqualTo(Rational.of(25));
        for (int i = 0; i < 3; i++) {
            assertThat(out.frame(i).pixels()).isEqualTo(grade(frames[i], params).pixels());
        }
    }
}
