package org.cinegraph.media;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoFileClipTest {
    @TempDir
    Path dir;

    @Test
    void encodedFramesDecodeBackWithSameCountSizeRateAndColours() {
        Path f = dir.resolve("clip.mp4");
        TestMedia.encode(f, 96, 64, Rational.of(24), 30);
        try (VideoFileClip clip = new VideoFileClip(f)) {
            assertThat(clip.frameCount()).isEqualTo(30);
            assertThat(clip.width()).isEqualTo(96);
            assertThat(clip.height()).isEqualTo(64);
            assertThat(clip.fps()).isEqualTo(Rational.of(24));
            assertThat(clip.info().variableRate()).isFalse();
            for (int i = 0; i < 30; i++) {
                Frame got = clip.frame(i);
                assertThat(TestMedia.meanAbsError(got, TestMedia.patches(96, 64, i))).as("frame %d", i).isLessThan(4);
                assertThat(got.pixel(5, 5) >>> 24).isEqualTo(255);
            }
        }
    }

    @Test
    void ntscRateIsKeptExactly() {
        Path f = dir.resolve("ntsc.mp4");
        TestMedia.encode(f, 64, 48, new Rational(30000, 1001), 12);
        VideoInfo info = VideoFileClip.probe(f);
        assertThat(info.fps()).isEqualTo(new Rational(30000, 1001));
        assertThat(info.frameCount()).isEqualTo(12);
    }

    @Test
    void randomAccessGivesTheSamePicturesAsSequentialReading() {
        Path f = dir.resolve("long.mp4");
        TestMedia.encode(f, 64, 48, Rational.of(25), 120);
        Frame[] seq = new Frame[120];
        try (VideoFileClip clip = new VideoFileClip(f)) {
            for (int i = 0; i < 120; i++) seq[i] = clip.frame(i);
        }
        try (VideoFileClip clip = new VideoFileClip(f)) {
            // far ahead (seek), backwards (seek), short hops forward (decode through), last frame
            for (int i : new int[]{57, 3, 20, 21, 60, 75, 119, 58, 0, 100, 118}) {
                assertThat(clip.frame(i).pixels()).as("frame %d", i).isEqualTo(seq[i].pixels());
            }
        }
        // sequential decode really is the frames in order
        assertThat(TestMedia.meanAbsError(seq[57], TestMedia.patches(64, 48, 57))).isLessThan(4);
    }

    @Test
    void concurrentReadersGetTheRightFrames() throws Exception {
        Path f = dir.resolve("shared.mp4");
        TestMedia.encode(f, 64, 48, Rational.of(25), 60);
        Frame[] seq = new Frame[60];
        try (VideoFileClip clip = new VideoFileClip(f)) {
            for (int i = 0; i < 60; i++) seq[i] = clip.frame(i);
        }
        try (VideoFileClip clip = new VideoFileClip(f)) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                var jobs = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
                for (int t = 0; t < 4; t++) {
                    int seed = t;
                    jobs.add(pool.submit(() -> {
                        java.util.Random rnd = new java.util.Random(seed);
                        for (int k = 0; k < 15; k++) {
                            int i = rnd.nextInt(60);
                            if (!Arrays.equals(clip.frame(i).pixels(), seq[i].pixels())) return false;
                        }
                        return true;
                    }));
                }
                for (var j : jobs) assertThat(j.get()).isTrue();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closedClipReopensOnDemand() {
        Path f = dir.resolve("c.mp4");
        TestMedia.encode(f, 64, 48, Rational.of(10), 5);
        VideoFileClip clip = new VideoFileClip(f);
        Frame a = clip.frame(4);
        clip.close();
        assertThat(clip.frame(4).pixels()).isEqualTo(a.pixels());
        clip.close();
    }

    @Test
    void oddSizeIsPaddedByRepeatingTheEdge() {
        Path f = dir.resolve("odd.mp4");
        TestMedia.encode(f, 321, 241, Rational.of(24), 3);
        try (VideoFileClip clip = new VideoFileClip(f)) {
            assertThat(clip.width()).isEqualTo(322);
            assertThat(clip.height()).isEqualTo(242);
            Frame got = clip.frame(2);
            assertThat(TestMedia.meanAbsError(got, TestMedia.patches(321, 241, 2))).isLessThan(4);
            // the padding column repeats the last real one instead of being black
            assertThat(channelDiff(got.pixel(321, 200), got.pixel(320, 200))).isLessThan(12);
            assertThat(channelDiff(got.pixel(300, 241), got.pixel(300, 240))).isLessThan(12);
        }
    }

    @Test
    void rotationMetadataIsApplied() throws Exception {
        int w = 64;
        int h = 32;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = x < w / 2 ? 0xFFFF0000 : 0xFF0000FF;
        Frame leftRed = new Frame(w, h, px);
        Path f = dir.resolve("rot.mp4");
        // FFmpeg's display matrix angle is counter-clockwise: the left half ends up at the bottom
        TestMedia.record(f, "mp4", "libopenh264", avutil.AV_PIX_FMT_YUV420P, w, h, 10, r -> r.setDisplayRotation(90), leftRed, leftRed);
        try (VideoFileClip clip = new VideoFileClip(f)) {
            assertThat(clip.info().rotation()).isEqualTo(270);
            assertThat(clip.width()).isEqualTo(32);
            assertThat(clip.height()).isEqualTo(64);
            Frame got = clip.frame(1);
            assertThat(isRed(got.pixel(16, 60))).isTrue();
            assertThat(isRed(got.pixel(16, 3))).isFalse();
        }
    }

    @Test
    void rotationTurnsPixelsTheRightWay() {
        Frame f = new Frame(3, 2, new int[]{1, 2, 3, 4, 5, 6});
        assertThat(VideoFileClip.rotate(f, 90).pixels()).containsExactly(4, 1, 5, 2, 6, 3);
        assertThat(VideoFileClip.rotate(f, 180).pixels()).containsExactly(6, 5, 4, 3, 2, 1);
        assertThat(VideoFileClip.rotate(f, 270).pixels()).containsExactly(3, 6, 2, 5, 1, 4);
        assertThat(VideoFileClip.clockwiseRotation(90)).isEqualTo(270);
        assertThat(VideoFileClip.clockwiseRotation(-90)).isEqualTo(90);
        assertThat(VideoFileClip.clockwiseRotation(180)).isEqualTo(180);
    }

    @Test
    void alphaSurvivesWhenTheCodecHasIt() throws Exception {
        int w = 16;
        int h = 8;
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) px[i] = Colours.argb((i * 17) % 256, 200, i % 256, 30);
        Frame f0 = new Frame(w, h, px);
        Path f = dir.resolve("alpha.mov");
        TestMedia.record(f, "mov", "png", avutil.AV_PIX_FMT_RGBA, w, h, 5, r -> { }, f0, f0);
        try (VideoFileClip clip = new VideoFileClip(f)) {
            assertThat(clip.frameCount()).isEqualTo(2);
            assertThat(clip.frame(1).pixels()).isEqualTo(px);
        }
    }

    @Test
    void variableRateIsSampledAtAConstantRate() throws Exception {
        // source frames at 0,1,2,3,4 then 8,9 (of 1/24 s): a hold of three frame periods
        Frame[] frames = new Frame[7];
        for (int i = 0; i < 7; i++) frames[i] = TestMedia.patches(64, 48, i * 30);
        long[] ts = {-1, -1, -1, -1, -1, 8 * 1_000_000L / 24 + 1, 9 * 1_000_000L / 24 + 1};
        Path f = dir.resolve("vfr.mp4");
        TestMedia.record(f, "mp4", "libopenh264", avutil.AV_PIX_FMT_YUV420P, 64, 48, 24, r -> { }, ts, frames);
        try (VideoFileClip clip = new VideoFileClip(f)) {
            assertThat(clip.fps()).isEqualTo(Rational.of(24));
            assertThat(clip.info().variableRate()).isTrue();
            assertThat(clip.frameCount()).isEqualTo(10);
            int[] expectSource = {0, 1, 2, 3, 4, 4, 4, 4, 5, 6};
            for (int i = 0; i < 10; i++) {
                assertThat(TestMedia.meanAbsError(clip.frame(i), frames[expectSource[i]])).as("frame %d", i).isLessThan(4);
            }
            // random access agrees
            assertThat(clip.frame(6).pixels()).isEqualTo(clip.frame(4).pixels());
        }
    }

    @Test
    void missingNonVideoAndTruncatedFilesFailNamingTheFile() throws Exception {
        Path missing = dir.resolve("nope.mp4");
        assertThatThrownBy(() -> new VideoFileClip(missing).frameCount())
                .isInstanceOf(MediaException.class).hasMessageContaining(missing.toString()).hasMessageContaining("not found");

        Path text = dir.resolve("notes.mp4");
        Files.writeString(text, "this is not a video\n".repeat(50));
        assertThatThrownBy(() -> VideoFileClip.probe(text))
                .isInstanceOf(MediaException.class).hasMessageContaining(text.toString()).hasMessageContaining("not a video");

        // VideoEncoder puts the index first: the cut is noticed from the missing frames
        Path good = dir.resolve("good.mp4");
        TestMedia.encode(good, 64, 48, Rational.of(24), 10);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> VideoFileClip.probe(cut))
                .isInstanceOf(MediaException.class).hasMessageContaining(cut.toString()).hasMessageContaining("truncated");

        // a plain recording has its index at the end: cut off, the file cannot be opened at all
        Path plain = dir.resolve("plain.mp4");
        Frame[] frames = new Frame[10];
        Arrays.fill(frames, TestMedia.patches(64, 48, 1));
        TestMedia.record(plain, "mp4", "libopenh264", avutil.AV_PIX_FMT_YUV420P, 64, 48, 24, r -> { }, frames);
        byte[] plainBytes = Files.readAllBytes(plain);
        Path cutPlain = dir.resolve("cut-plain.mp4");
        Files.write(cutPlain, Arrays.copyOf(plainBytes, plainBytes.length * 3 / 4));
        assertThatThrownBy(() -> VideoFileClip.probe(cutPlain))
                .isInstanceOf(MediaException.class).hasMessageContaining(cutPlain.toString());
    }

    @Test
    void samplingRateFollowsTheStream() {
        double[] t = {0, 0.04};
        assertThat(VideoFileClip.chooseRate(Rational.of(24), Rational.of(24), t)).isEqualTo(Rational.of(24));
        // base rate a little above the average: variable rate, sample at the base rate
        assertThat(VideoFileClip.chooseRate(new Rational(240, 13), Rational.of(24), t)).isEqualTo(Rational.of(24));
        // absurd base rates fall back to the average, snapped to a standard rate
        assertThat(VideoFileClip.chooseRate(new Rational(29_970, 1000), Rational.of(90_000), t)).isEqualTo(new Rational(30000, 1001));
        assertThat(VideoFileClip.chooseRate(new Rational(2987, 100), Rational.of(600), t)).isEqualTo(new Rational(30000, 1001));
        assertThat(VideoFileClip.chooseRate(null, null, t)).isEqualTo(Rational.of(25));
    }

    private static boolean isRed(int p) {
        return ((p >> 16) & 255) > 180 && (p & 255) < 80;
    }

    private static int channelDiff(int p, int q) {
        return Math.max(Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)),
                Math.max(Math.abs(((p >> 8) & 255) - ((q >> 8) & 255)), Math.abs((p & 255) - (q & 255))));
    }
}
