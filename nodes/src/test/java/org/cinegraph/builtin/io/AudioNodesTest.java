package org.cinegraph.builtin.io;

import org.cinegraph.builtin.colour.ColourGrade;
import org.cinegraph.builtin.time.ChangeFrameRate;
import org.cinegraph.builtin.time.Concatenate;
import org.cinegraph.builtin.time.Crossfade;
import org.cinegraph.builtin.time.DiskCache;
import org.cinegraph.builtin.time.Trim;
import org.cinegraph.media.Audio;
import org.cinegraph.media.AudioFile;
import org.cinegraph.media.AudioTest;
import org.cinegraph.media.Clip;
import org.cinegraph.media.FfProbe;
import org.cinegraph.media.Rational;
import org.cinegraph.media.TestMedia;
import org.cinegraph.spi.NodeException;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.cinegraph.builtin.NodeHarness.clip;
import static org.cinegraph.builtin.NodeHarness.run;

/** Sound carried from Load Video through the edit nodes into Save Video, and Load Audio. */
class AudioNodesTest {
    @TempDir
    Path dir;
    private Path camera;

    @BeforeEach
    void cameraClip() throws Exception {
        // 2 s at 25 fps with a 440 Hz tone, as a phone would hand it over (made by Debian's ffmpeg)
        camera = dir.resolve("camera.mp4");
        AudioTest.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=2", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
                "-c:v", "mpeg4", "-c:a", "aac", "-shortest", camera.toString());
    }

    @Test
    void loadVideoKeepsItsSoundThroughTrimGradeRetimeAndCacheIntoTheFile() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            Clip loaded = clip(new LoadVideo(), ctx, Map.of(), Map.of("file", "camera.mp4"));
            assertThat(loaded.hasAudio()).isTrue();
            Clip trimmed = clip(new Trim(), ctx, Map.of("clip", loaded), Map.of("first", 10, "count", 25));
            assertThat(trimmed.audio().orElseThrow().length()).isEqualTo(Audio.RATE);
            Clip graded = (Clip) run(new ColourGrade(), ctx, Map.of("image", trimmed), Map.of("saturation", 0.5)).get("image");
            Clip retimed = clip(new ChangeFrameRate(), ctx, Map.of("clip", graded), Map.of("fps", 30));
            Clip cached = clip(new DiskCache(), ctx, Map.of("clip", retimed), Map.of());
            assertThat(cached.frameCount()).isEqualTo(30);
            assertThat(cached.audio()).isPresent();
            Path out = (Path) run(new SaveVideo(), ctx, Map.of("clip", cached), Map.of("filename", "graded.mp4")).get("file");
            var a = FfProbe.stream(out, "a");
            assertThat(a.path("codec_name").asText()).isEqualTo("aac");
            assertThat(a.path("duration").asDouble()).isCloseTo(1.0, within(0.05));
            try (AudioFile back = new AudioFile(out)) {
                assertThat(AudioTest.frequency(back, 4_000, 38_000)).isCloseTo(440, within(4.0));
            }
        }
    }

    @Test
    void concatenateAndCrossfadeJoinTheSoundWithTheFrames() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            Clip loaded = clip(new LoadVideo(), ctx, Map.of(), Map.of("file", "camera.mp4"));
            Clip silent = TestMedia.patchClip(64, 48, Rational.of(25), 25);
            Clip joined = clip(new Concatenate(), ctx, Map.of("a", silent, "b", loaded), Map.of());
            Audio s = joined.audio().orElseThrow();
            assertThat(s.length()).isEqualTo(3 * Audio.RATE);
            assertThat(AudioTest.rms(s, 1_000, 40_000)).isZero();
            assertThat(AudioTest.frequency(s, 60_000, 48_000)).isCloseTo(440, within(4.0));

            Clip high = TestMedia.patchClip(64, 48, Rational.of(25), 50).withAudio(AudioTest.tone(1000, 2));
            Clip faded = clip(new Crossfade(), ctx, Map.of("a", loaded, "b", high), Map.of("overlap", 25));
            Audio f = faded.audio().orElseThrow();
            assertThat(f.length()).isEqualTo(3 * Audio.RATE);
            assertThat(AudioTest.frequency(f, 5_000, 30_000)).isCloseTo(440, within(4.0));
            assertThat(AudioTest.frequency(f, 100_000, 40_000)).isCloseTo(1000, within(4.0));
            for (String[] c : new String[][]{{"vp9-webm", "opus"}, {"prores-422-mov", "pcm_s24le"}, {"ffv1-mkv", "pcm_s24le"}}) {
                Clip big = clip(new Trim(), ctx, Map.of("clip", faded), Map.of("count", 10));
                Path out = (Path) run(new SaveVideo(), ctx, Map.of("clip", big), Map.of("format", c[0], "filename", "x-" + c[0])).get("file");
                assertThat(FfProbe.stream(out, "a").path("codec_name").asText()).as(c[0]).isEqualTo(c[1]);
            }
        }
    }

    @Test
    void loadAudioFeedsSaveVideosAudioInput() throws Exception {
        Path wav = dir.resolve("music.wav");
        AudioTest.ffmpeg("-f", "lavfi", "-i", "sine=frequency=660:duration=3", "-ac", "2", wav.toString());
        try (TestContext ctx = new TestContext(dir)) {
            Audio music = (Audio) run(new LoadAudio(), ctx, Map.of(), Map.of("file", "music.wav")).get("audio");
            Clip pictures = TestMedia.patchClip(64, 48, Rational.of(24), 48);
            Path out = (Path) run(new SaveVideo(), ctx, Map.of("clip", pictures, "audio", music), Map.of("filename", "m.mp4")).get("file");
            var a = FfProbe.stream(out, "a");
            assertThat(a.path("duration").asDouble()).isCloseTo(2.0, within(0.05));
            try (AudioFile back = new AudioFile(out)) {
                assertThat(AudioTest.frequency(back, 10_000, 48_000)).isCloseTo(660, within(4.0));
            }
            assertThatThrownBy(() -> run(new SaveVideo(), ctx, Map.of("clip", pictures, "audio", music),
                    Map.of("filename", "w", "format", "vp9-webm", "audio_codec", "aac")))
                    .isInstanceOf(NodeException.class).hasMessageContaining("cannot carry aac");
            assertThatThrownBy(() -> run(new LoadAudio(), ctx, Map.of(), Map.of("file", "none.wav")))
                    .isInstanceOf(NodeException.class).hasMessageContaining("none.wav");
        }
    }
}
