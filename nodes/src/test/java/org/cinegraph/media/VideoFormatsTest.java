package org.cinegraph.media;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every video format: a real encode at an odd size, decoded back, and its tags read by ffprobe. */
class VideoFormatsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = VideoFormat.class, mode = EnumSource.Mode.EXCLUDE, names = {"H264_NVENC_MP4", "HEVC_NVENC_MP4"})
    void encodesDecodeBackWithSizeTagsAndGraph(VideoFormat format) throws Exception {
        // an odd size at or above what the encoder takes
        int W = Math.max(65, format.minWidth() + 1), H = Math.max(37, format.minHeight() + 1);
        Path file = dir.resolve("v." + format.extension());
        String graph = "{\"format\": \"cinegraph\", \"nodes\": {}}";
        var settings = new VideoEncoder.Settings(format, 2000, false, Map.of(Provenance.VIDEO_TAG, graph), null);
        try (VideoEncoder enc = VideoEncoder.open(file, W, H, Rational.of(24), settings)) {
            for (int i = 0; i < 6; i++) enc.write(TestMedia.patches(W, H, i * 9));
            enc.finish();
        }
        // odd sides stay odd unless the codec cannot take them; then one edge column/row is added
        int ew = format.evenWidth() ? W + 1 : W, eh = format.evenHeight() ? H + 1 : H;
        try (VideoFileClip back = new VideoFileClip(file)) {
            assertThat(back.frameCount()).isEqualTo(6);
            assertThat(back.width()).isEqualTo(ew);
            assertThat(back.height()).isEqualTo(eh);
            double tolerance = format.rate() == VideoFormat.Rate.LOSSLESS ? 0 : 6;
            for (int i : new int[]{0, 5}) {
                assertThat(TestMedia.meanAbsError(back.frame(i), TestMedia.patches(W, H, i * 9))).as(format + " frame " + i).isLessThanOrEqualTo(tolerance);
            }
            if (format.evenWidth()) {
                // the added column repeats the last one
                assertThat(back.frame(2).pixel(W, 3)).isEqualTo(back.frame(2).pixel(W - 1, 3));
            }
        }
        JsonNode v = FfProbe.stream(file, "v");
        assertThat(v.path("color_primaries").asText()).as("primaries").isEqualTo("bt709");
        assertThat(v.path("color_transfer").asText()).as("transfer").isEqualTo("bt709");
        assertThat(v.path("color_space").asText()).as("matrix").isEqualTo(format.rgb() ? "gbr" : "bt709");
        assertThat(v.path("color_range").asText()).as("range").isEqualTo(format.rgb() ? "pc" : "tv");
        if (format.holdsTags()) assertThat(Provenance.read(file)).contains(graph);
    }

    @Test
    void proresProfilesAndBitDepthsAreTheOnesAsked() throws Exception {
        Map<VideoFormat, String> profiles = Map.of(VideoFormat.PRORES_PROXY_MOV, "Proxy", VideoFormat.PRORES_LT_MOV, "LT",
                VideoFormat.PRORES_422_MOV, "Standard", VideoFormat.PRORES_HQ_MOV, "HQ", VideoFormat.PRORES_4444_MOV, "4444",
                VideoFormat.DNXHR_HQX_MOV, "DNXHR HQX", VideoFormat.DNXHR_444_MXF, "DNXHR 444", VideoFormat.DNXHR_LB_MXF, "DNXHR LB");
        for (var e : profiles.entrySet()) {
            Path file = dir.resolve(e.getKey().id() + "." + e.getKey().extension());
            try (VideoEncoder enc = VideoEncoder.open(file, 256, 120, Rational.of(25), VideoEncoder.Settings.of(e.getKey()))) {
                enc.write(TestMedia.patches(256, 120, 1));
                enc.finish();
            }
            JsonNode v = FfProbe.stream(file, "v");
            assertThat(v.path("profile").asText()).as(e.getKey().id()).isEqualTo(e.getValue());
        }
    }

    @Test
    void alphaSurvivesProres4444Vp9AndFfv1() throws Exception {
        Frame rgba = halfTransparent(48, 32);
        for (VideoFormat f : new VideoFormat[]{VideoFormat.PRORES_4444_MOV, VideoFormat.VP9_WEBM, VideoFormat.FFV1_MKV, VideoFormat.FFV1_16_MKV}) {
            Path file = dir.resolve("alpha-" + f.id() + "." + f.extension());
            var settings = new VideoEncoder.Settings(f, 4000, true, Map.of(), null);
            try (VideoEncoder enc = VideoEncoder.open(file, 48, 32, Rational.of(24), settings)) {
                for (int i = 0; i < 3; i++) enc.write(rgba);
                enc.finish();
            }
            try (VideoFileClip back = new VideoFileClip(file)) {
                Frame fr = back.frame(1);
                assertThat(Pixels.alpha(fr.pixel(5, 5))).as(f.id() + " opaque half").isGreaterThan(245);
                assertThat(Pixels.alpha(fr.pixel(40, 5))).as(f.id() + " transparent half").isLessThan(10);
            }
        }
    }

    @Test
    void tenBitProresKeepsMoreThan256LevelsOfARamp() throws Exception {
        int w = 1024, h = 16;
        float[] px = new float[4 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = 4 * (y * w + x);
                float v = 0.1f + 0.5f * x / (w - 1);  // a gentle ramp: 8 bits would give ~128 steps
                px[k] = v;
                px[k + 1] = v;
                px[k + 2] = v;
                px[k + 3] = 1;
            }
        }
        Frame ramp = Frame.deep(w, h, px);
        for (VideoFormat f : new VideoFormat[]{VideoFormat.PRORES_4444_MOV, VideoFormat.PRORES_HQ_MOV, VideoFormat.FFV1_16_MKV}) {
            Path file = dir.resolve("ramp-" + f.id() + "." + f.extension());
            try (VideoEncoder enc = VideoEncoder.open(file, w, h, Rational.of(24), VideoEncoder.Settings.of(f))) {
                enc.write(ramp);
                enc.finish();
            }
            try (VideoFileClip back = new VideoFileClip(file)) {
                Frame fr = back.frame(0);
                assertThat(fr.isDeep()).as(f.id()).isTrue();
                Set<Float> levels = new HashSet<>();
                float[] b = fr.floats();
                double err = 0;
                for (int x = 0; x < w; x++) {
                    levels.add(b[4 * (4 * w + x) + 1]);
                    err += Math.abs(b[4 * (4 * w + x) + 1] - px[4 * (4 * w + x) + 1]);
                }
                assertThat(levels.size()).as(f.id() + " distinct green levels").isGreaterThan(256);
                assertThat(err / w).as(f.id() + " mean error").isLessThan(0.002);
            }
        }
        // an 8-bit format quantises the same ramp to at most 256 levels, and decodes to 8-bit frames
        Path h264 = dir.resolve("ramp.mp4");
        try (VideoEncoder enc = VideoEncoder.open(h264, w, h, Rational.of(24), VideoEncoder.Settings.of(VideoFormat.H264_MP4))) {
            enc.write(ramp);
            enc.finish();
        }
        try (VideoFileClip back = new VideoFileClip(h264)) {
            assertThat(back.frame(0).isDeep()).isFalse();
        }
    }

    @Test
    void coloursAgreeWithAnIndependentFfmpegBothWays() throws Exception {
        // Debian's ffmpeg writes a BT.709 limited-range H.264 of a flat colour; Cinegraph reads it
        Path theirs = dir.resolve("theirs.mp4");
        AudioTest.ffmpeg("-f", "lavfi", "-i", "color=c=0x3080C0:size=64x64:rate=24", "-frames:v", "3",
                "-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p", "-colorspace", "bt709", "-color_primaries", "bt709",
                "-color_trc", "bt709", "-color_range", "tv", "-c:v", "libx264", "-qp", "0", theirs.toString());
        try (VideoFileClip back = new VideoFileClip(theirs)) {
            // their 8-bit Y'CbCr of #3080C0 (114, 164, 90) decodes ideally to (46, 127, 190); BT.601 would give (53, 131, 187)
            int p = back.frame(1).pixel(32, 32);
            assertThat(Pixels.red(p)).isCloseTo(46, org.assertj.core.data.Offset.offset(2));
            assertThat(Pixels.green(p)).isCloseTo(127, org.assertj.core.data.Offset.offset(2));
            assertThat(Pixels.blue(p)).isCloseTo(190, org.assertj.core.data.Offset.offset(2));
        }
        // and reads back what Cinegraph wrote, as RGB, with the matrix the file is tagged with
        Path ours = dir.resolve("ours.mp4");
        try (VideoEncoder enc = VideoEncoder.open(ours, 64, 64, Rational.of(24), 4000)) {
            for (int i = 0; i < 3; i++) enc.write(Frame.filled(64, 64, 0xFF3080C0));
            enc.finish();
        }
        Path rgb = dir.resolve("ours.rgb");
        AudioTest.ffmpeg("-i", ours.toString(), "-frames:v", "1", "-vf", "scale=in_color_matrix=bt709:in_range=tv,format=rgb24",
                "-f", "rawvideo", rgb.toString());
        byte[] b = java.nio.file.Files.readAllBytes(rgb);
        int k = 3 * (32 * 64 + 32);
        assertThat(b[k] & 0xFF).isCloseTo(0x30, org.assertj.core.data.Offset.offset(3));
        assertThat(b[k + 1] & 0xFF).isCloseTo(0x80, org.assertj.core.data.Offset.offset(3));
        assertThat(b[k + 2] & 0xFF).isCloseTo(0xC0, org.assertj.core.data.Offset.offset(3));
    }

    @Test
    void h264IsCutIntoSlicesForEveryCoreButNoMoreThanItsMacroblockRows() {
        // OpenH264 threads only over slices; it refuses more slices than 16-line rows
        assertThat(VideoFormat.H264_MP4.options(1080)).containsEntry("slices", "4").containsEntry("threads", "auto");
        assertThat(VideoFormat.H264_MP4.options(49)).containsEntry("slices", "4");
        assertThat(VideoFormat.H264_MP4.options(48)).containsEntry("slices", "3");
        assertThat(VideoFormat.H264_MP4.options(16)).containsEntry("slices", "1");
        assertThat(VideoFormat.PRORES_HQ_MOV.options(16)).isEqualTo(VideoFormat.PRORES_HQ_MOV.options());
    }

    @Test
    void tooSmallPicturesAreRefusedNamingTheMinimum() {
        assertThatThrownBy(() -> VideoEncoder.open(dir.resolve("s.mov"), 64, 32, Rational.of(25), VideoEncoder.Settings.of(VideoFormat.DNXHR_HQ_MOV)))
                .isInstanceOf(MediaException.class).hasMessageContaining("at least 256x120").hasMessageContaining("64x32");
    }

    @Test
    void nvencFallsBackToOpenH264WithAClearMessageWhereThereIsNoNvidiaGpu() throws Exception {
        Path file = dir.resolve("nv.mp4");
        try (VideoEncoder enc = VideoEncoder.open(file, 64, 32, Rational.of(24), VideoEncoder.Settings.of(VideoFormat.HEVC_NVENC_MP4))) {
            enc.write(TestMedia.patches(64, 32, 1));
            enc.finish();
            if (enc.format() == VideoFormat.HEVC_NVENC_MP4) {
                assertThat(FfProbe.stream(file, "v").path("codec_name").asText()).isEqualTo("hevc");
            } else {
                assertThat(enc.format()).isEqualTo(VideoFormat.H264_MP4);
                assertThat(enc.notice()).get().asString().contains("HEVC (NVIDIA NVENC)").contains("is not available here")
                        .contains("H.264 (OpenH264)");
                assertThat(FfProbe.stream(file, "v").path("codec_name").asText()).isEqualTo("h264");
            }
        }
    }

    static Frame halfTransparent(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) px[y * w + x] = x < w / 2 ? 0xFF3080C0 : 0x00000000;
        }
        return new Frame(w, h, px);
    }
}
