package org.cinegraph.builtin.io;

import org.cinegraph.media.Clip;
import org.cinegraph.media.FfProbe;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageSequenceClip;
import org.cinegraph.media.Provenance;
import org.cinegraph.media.Rational;
import org.cinegraph.media.TestMedia;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cinegraph.builtin.NodeHarness.inputs;

/** Save Video's containers and still sequences, read back through Load Video. */
class SaveVideoFormatsTest {
    @TempDir
    Path dir;

    private static Frame ramp(int w, int h, int i) {
        float[] px = new float[4 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = 4 * (y * w + x);
                px[k] = 0.2f + 0.6f * x / (w - 1);
                px[k + 1] = 0.3f + 0.001f * i;
                px[k + 2] = 0.7f - 0.4f * y / (h - 1);
                px[k + 3] = 1;
            }
        }
        return Frame.deep(w, h, px);
    }

    @Test
    void deepSequencesKeepTheirBitsAndAreReadBackAsClips() throws Exception {
        Clip clip = Clip.of(300, 4, Rational.of(24), 5, i -> ramp(300, 4, i));
        for (String[] c : new String[][]{{"png16-sequence", "shot.%04d.png"}, {"tiff16-sequence", "shot.####.tif"}, {"exr-sequence", "shot.*.exr"}}) {
            try (TestContext ctx = new TestContext(dir)) {
                Path folder = (Path) new SaveVideo().evaluate(inputs(new SaveVideo(), Map.of("clip", clip),
                        Map.of("format", c[0], "filename", c[0], "padding", 4, "start_frame", 1001)), ctx).get("file");
                String ext = c[1].substring(c[1].lastIndexOf('.'));
                for (int n = 1001; n <= 1005; n++) assertThat(folder.resolve("frame_" + n + ext)).exists();
                // the node's own names are frame_NNNN; a studio's shot.NNNN reads the same
                try (var files = Files.list(folder)) {
                    for (Path p : files.toList()) Files.move(p, p.resolveSibling(p.getFileName().toString().replace("frame_", "shot.")));
                }
                Clip back = (Clip) new LoadVideo().evaluate(inputs(new LoadVideo(), Map.of(),
                        Map.of("file", "out/" + c[0] + "/" + c[1], "sequence_fps", 25)), ctx).get("clip");
                assertThat(back).isInstanceOf(ImageSequenceClip.class);
                assertThat(back.frameCount()).as(c[0]).isEqualTo(5);
                assertThat(back.fps()).isEqualTo(Rational.of(25));
                Frame f = back.frame(3);
                assertThat(f.isDeep()).as(c[0]).isTrue();
                float[] want = clip.frame(3).floats(), got = f.floats();
                double err = 0;
                for (int k = 0; k < want.length; k++) err = Math.max(err, Math.abs(want[k] - got[k]));
                // 16-bit: 1/65535; half float: 11 bits of mantissa
                assertThat(err).as(c[0] + " largest error").isLessThan(c[0].startsWith("exr") ? 1e-3 : 2e-5);
                assertThat(ctx.outDir().resolve(c[0] + ".cgraph")).doesNotExist();
            }
        }
    }

    @Test
    void saveImageWritesDeepStillsThatLoadImageReadsBackDeep() throws Exception {
        Frame ramp = ramp(1024, 2, 0);
        try (TestContext ctx = new TestContext(dir).withProvenance("{\"format\": \"cinegraph\"}")) {
            for (String format : new String[]{"png16", "tiff16", "exr"}) {
                Path file = (Path) new SaveImage().evaluate(inputs(new SaveImage(), Map.of("image", ramp),
                        Map.of("format", format, "filename", "still.png")), ctx).get("file");
                assertThat(file.getFileName().toString()).startsWith("still.").doesNotEndWith(format.equals("png16") ? ".tif" : ".png");
                assertThat(Provenance.read(file)).as(format).isPresent();
                Frame back = (Frame) new LoadImage().evaluate(inputs(new LoadImage(), Map.of(),
                        Map.of("file", "out/" + file.getFileName())), ctx).get("image");
                assertThat(back.isDeep()).as(format).isTrue();
                java.util.Set<Float> levels = new java.util.HashSet<>();
                for (int x = 0; x < 1024; x++) levels.add(back.floats()[4 * x]);
                assertThat(levels.size()).as(format).isGreaterThan(256);
            }
        }
    }

    @Test
    void aGapInTheNumberingHoldsTheFrameBefore() throws Exception {
        for (int n : new int[]{1, 2, 4}) {
            org.cinegraph.media.ImageFiles.writePng(Frame.filled(4, 4, 0xFF000000 | n), dir.resolve(String.format("p.%03d.png", n)));
        }
        ImageSequenceClip seq = new ImageSequenceClip(dir.resolve("p.%03d.png"), Rational.of(24));
        assertThat(seq.frameCount()).isEqualTo(4);
        assertThat(seq.frame(2).pixel(0, 0)).isEqualTo(0xFF000002);
        assertThat(seq.frame(3).pixel(0, 0)).isEqualTo(0xFF000004);
        assertThat(ImageSequenceClip.stamp(dir.resolve("p.%03d.png"))).contains("p.004.png");
    }

    @Test
    void containerFollowsTheFormatAndMxfCarriesItsGraphInASidecar() throws Exception {
        Clip clip = TestMedia.patchClip(256, 120, Rational.of(25), 3);
        String graph = "{\"format\": \"cinegraph\"}";
        try (TestContext ctx = new TestContext(dir).withProvenance(graph)) {
            Path mov = (Path) new SaveVideo().evaluate(inputs(new SaveVideo(), Map.of("clip", clip),
                    Map.of("format", "prores-hq-mov", "filename", "cut.mp4")), ctx).get("file");
            assertThat(mov.getFileName().toString()).isEqualTo("cut.mov");
            assertThat(FfProbe.stream(mov, "v").path("codec_name").asText()).isEqualTo("prores");
            assertThat(Provenance.read(mov)).contains(graph);
            Path mxf = (Path) new SaveVideo().evaluate(inputs(new SaveVideo(), Map.of("clip", clip),
                    Map.of("format", "dnxhr-sq-mxf", "filename", "cut")), ctx).get("file");
            assertThat(mxf.getFileName().toString()).isEqualTo("cut.mxf");
            assertThat(Provenance.sidecar(mxf)).exists();
            assertThat(Provenance.read(mxf)).contains(graph);
        }
    }
}
