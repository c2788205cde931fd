package org.cinegraph.models.esrgan;

import org.cinegraph.models.FrameUpscaler;
import org.cinegraph.models.Tensors;
import org.cinegraph.models.Tiling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.media.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden tests against the real UpscalerJS packages (fetched with npm pack, cached outside the repo):
 * the network's output on the package's assets/fixture.png must match the package's own
 * assets/samples/Nx/result.png, made by the original TF.js model, within 0.5/255 mean absolute error.
 */
class EsrganGoldenTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    static Path pkg(String variant) throws IOException, InterruptedException {
        return TestPackages.unpacked("@upscalerjs/esrgan-" + variant, "1.0.0");
    }

    static Frame png(Path file) throws IOException {
        return Frame.fromBufferedImage(ImageIO.read(file.toFile()));
    }

    @ParameterizedTest(name = "esrgan-{0} x{1}")
    @CsvSource({"slim, 2, 2", "slim, 3, 2", "slim, 4, 2", "medium, 2, 10", "medium, 3, 10", "medium, 4, 10"})
    void matchesShippedSample(String variant, int scale, int blocks) throws Exception {
        Path pkg = pkg(variant);
        try (NDManager m = manager.newSubManager();
             EsrganNetwork net = EsrganNetwork.load(pkg.resolve("models/x" + scale), m)) {
            assertThat(net.scale()).isEqualTo(scale);
            assertThat(net.blocks()).isEqualTo(blocks);
            NDArray in = Tensors.fromFrame(m, png(pkg.resolve("assets/fixture.png")), 255f);
            NDArray out = net.forward(in);
            Frame expected = png(pkg.resolve("assets/samples/" + scale + "x/result.png"));
            assertThat(out.getShape()).isEqualTo(new Shape(1, 3, expected.height(), expected.width()));
            NDArray want = Tensors.fromFrame(m, expected, 255f);
            double maeFloat = out.sub(want).abs().mean().getFloat();
            NDArray rounded = Tensors.fromFrame(m, Tensors.toFrame(out, 255f), 255f);
            double maeRounded = rounded.sub(want).abs().mean().getFloat();
            System.out.printf("esrgan-%s x%d: MAE %.4f/255 (float output), %.4f/255 (8-bit output)%n",
                    variant, scale, maeFloat, maeRounded);
            assertThat(maeRounded).isLessThan(0.5);
            assertThat(maeFloat).isLessThan(0.5);
        }
    }

    /** No x8 sample ships; check shape and that averaging the output back down gives the input. */
    @ParameterizedTest(name = "esrgan-{0} x8 smoke")
    @CsvSource({"slim", "medium"})
    void x8Smoke(String variant) throws Exception {
        Path pkg = pkg(variant);
        try (NDManager m = manager.newSubManager();
             EsrganNetwork net = EsrganNetwork.load(pkg.resolve("models/x8"), m)) {
            assertThat(net.scale()).isEqualTo(8);
            NDArray in = Tensors.fromFrame(m, png(pkg.resolve("assets/fixture.png")), 255f)
                    .get(new ai.djl.ndarray.index.NDIndex(":, :, 32:96, 32:96"));
            NDArray out = net.forward(in);
            assertThat(out.getShape()).isEqualTo(new Shape(1, 3, 512, 512));
            NDArray down = out.reshape(1, 3, 64, 8, 64, 8).mean(new int[] {5}).mean(new int[] {3});
            double mae = down.sub(in).abs().mean().getFloat();
            System.out.printf("esrgan-%s x8: box-downsampled output vs input MAE %.3f/255%n", variant, mae);
            assertThat(mae).isLessThan(6.0);
        }
    }

    @Test
    void tiledEqualsUntiled() throws Exception {
        Path pkg = pkg("slim");
        try (NDManager m = manager.newSubManager();
             EsrganNetwork net = EsrganNetwork.load(pkg.resolve("models/x2"), m)) {
            // 128x128 fixture cropped to a non-square, non-multiple-of-tile size: 7 x 4 tiles of 20 (last ones partial).
            NDArray in = Tensors.fromFrame(m, png(pkg.resolve("assets/fixture.png")), 255f)
                    .get(new ai.djl.ndarray.index.NDIndex(":, :, 3:73, 0:127"));
            NDArray whole = net.forward(in);
            NDArray tiled = Tiling.upscale(in, 2, 20, net.receptiveRadius(), net::forward);
            assertThat(tiled.getShape()).isEqualTo(whole.getShape());
            float maxDiff = tiled.sub(whole).abs().max().getFloat();
            System.out.printf("tiled vs untiled (overlap %d): max abs diff %.6f/255%n", net.receptiveRadius(), maxDiff);
            assertThat(maxDiff).isLessThan(0.01f);
            // Without overlap each tile sees zero padding at its edges: visible seams, which the overlap removes.
            NDArray seamy = Tiling.upscale(in, 2, 20, 0, net::forward);
            assertThat(seamy.sub(whole).abs().max().getFloat()).isGreaterThan(1f);
        }
    }

    @Test
    void frameUpscalerMatchesWholeFrameAndCarriesAlpha() throws Exception {
        Path pkg = pkg("slim");
        try (NDManager m = manager.newSubManager();
             EsrganNetwork net = EsrganNetwork.load(pkg.resolve("models/x3"), m)) {
            Frame fixture = png(pkg.resolve("assets/fixture.png"));
            int w = 50, h = 37;
            int[] px = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = ((x * 5 + y) & 0xff) << 24 | (fixture.pixel(x + 40, y + 30) & 0xffffff);
                }
            }
            Frame src = new Frame(w, h, px);
            Frame up = FrameUpscaler.upscale(m, src, 3, 255f, 16, net.receptiveRadius(), net::forward);
            Frame whole = Tensors.toFrame(net.forward(Tensors.fromFrame(m, src, 255f)), 255f);
            assertThat(up.width()).isEqualTo(150);
            assertThat(up.height()).isEqualTo(111);
            int rgbOff = 0;
            for (int y = 0; y < up.height(); y++) {
                for (int x = 0; x < up.width(); x++) {
                    assertThat(up.pixel(x, y) >>> 24).isEqualTo(src.pixel(x / 3, y / 3) >>> 24);
                    if ((up.pixel(x, y) & 0xffffff) != (whole.pixel(x, y) & 0xffffff)) {
                        rgbOff++;
                    }
                }
            }
            // Tiles change float summation order only: a rare pixel may round the other way.
            assertThat(rgbOff).isLessThan(up.width() * up.height() / 1000);
        }
    }
}
