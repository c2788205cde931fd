package org.cinegraph.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Sound files of every common kind, made by Debian's ffmpeg, decoded and edited. */
public class AudioTest {
    @TempDir
    Path dir;

    /** A sine of {@code hz} at amplitude 0.5 for {@code seconds}. */
    public static Audio tone(double hz, double seconds) {
        long len = Math.round(seconds * Audio.RATE);
        return new Audio() {
            public long length() { return len; }
            public void read(long start, float[] dst, int n) {
                for (int i = 0; i < n; i++) {
                    long t = start + i;
                    float v = t < 0 || t >= len ? 0 : (float) (0.5 * Math.sin(2 * Math.PI * hz * t / Audio.RATE));
                    dst[2 * i] = v;
                    dst[2 * i + 1] = v;
                }
            }
        };
    }

    /** The frequency of the left channel over {@code n} frames from {@code start}, by zero crossings. */
    public static double frequency(Audio a, long start, int n) {
        float[] s = new float[n * Audio.CHANNELS];
        a.read(start, s, n);
        int crossings = 0;
        for (int i = 1; i < n; i++) if ((s[2 * i - 2] < 0) != (s[2 * i] < 0)) crossings++;
        return crossings / 2.0 / ((double) n / Audio.RATE);
    }

    public static double rms(Audio a, long start, int n) {
        float[] s = new float[n * Audio.CHANNELS];
        a.read(start, s, n);
        double sum = 0;
        for (float v : s) sum += v * v;
        return Math.sqrt(sum / s.length);
    }

    /** Debian's ffmpeg (an independent encoder for test inputs); .ci/run installs it. */
    public static void ffmpeg(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError("ffmpeg failed: " + new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void wavMp3AacFlacAndOpusDecodeToTheirTone() throws Exception {
        for (String ext : new String[]{"wav", "mp3", "m4a", "flac", "opus"}) {
            Path f = dir.resolve("tone." + ext);
            // mono at 44.1 kHz: decoding resamples to 48 kHz and doubles to stereo
            ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", "-ac", "1", f.toString());
            try (AudioFile a = new AudioFile(f)) {
                assertThat(a.durationSeconds()).as(ext).isCloseTo(2.0, within(0.06));
                assertThat(frequency(a, 24_000, 48_000)).as(ext + " frequency").isCloseTo(440, within(3.0));
                float[] s = new float[200];
                a.read(48_000, s, 100);
                assertThat(s[0]).as(ext + " stereo from mono").isEqualTo(s[1]);
                // ffmpeg's sine source is at 1/8 of full scale: rms of a sine is amplitude / sqrt 2
                assertThat(rms(a, 24_000, 48_000)).as(ext + " level").isCloseTo(0.125 / Math.sqrt(2), within(0.01));
            }
        }
    }

    @Test
    void readingBackwardsAndForwardsGivesTheSameSamples() throws Exception {
        Path f = dir.resolve("t.flac");
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=300:sample_rate=48000:duration=6", "-ac", "2", f.toString());
        try (AudioFile a = new AudioFile(f)) {
            float[] first = new float[2 * 1000], again = new float[2 * 1000], tail = new float[2 * 1000];
            a.read(150_000, first, 1000);
            a.read(280_000, tail, 1000);
            a.read(150_000, again, 1000);
            assertThat(again).containsExactly(first);
            // past the end: silence
            a.read(a.length() + 10, tail, 1000);
            for (float v : tail) assertThat(v).isZero();
        }
    }

    @Test
    void slicesConcatenationAndEqualPowerCrossfade() {
        Audio one = new Audio() {
            public long length() { return 1000; }
            public void read(long start, float[] dst, int n) {
                for (int i = 0; i < n; i++) dst[2 * i] = dst[2 * i + 1] = start + i >= 0 && start + i < 1000 ? 1f : 0f;
            }
        };
        Audio joined = Audio.concat(List.of(one.slice(100, 300), Audio.silence(200), one.slice(0, 100)));
        assertThat(joined.length()).isEqualTo(600);
        float[] s = new float[2 * 600];
        joined.read(0, s, 600);
        assertThat(s[2 * 299]).isEqualTo(1f);
        assertThat(s[2 * 300]).isZero();
        assertThat(s[2 * 550]).isEqualTo(1f);
        Audio fade = Audio.crossfade(one, one, 400);
        assertThat(fade.length()).isEqualTo(1600);
        float[] f = new float[2 * 1600];
        fade.read(0, f, 1600);
        // equal power: two equal signals sum to sqrt 2 at the midpoint (a linear fade would dip to 1... and stay at 1)
        assertThat(f[2 * 800]).isCloseTo((float) Math.sqrt(2), within(0.01f));
        assertThat(f[2 * 100]).isEqualTo(1f);
        assertThat(f[2 * 1500]).isEqualTo(1f);
    }
}
