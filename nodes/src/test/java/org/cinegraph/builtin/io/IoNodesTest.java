package org.cinegraph.builtin.io;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.Rational;
import org.cinegraph.media.TestMedia;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.cinegraph.testing.TestContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IoNodesTest {
    @TempDir
    Path dir;

    private static NodeInputs inputs(NodeType type, Map<String, Object> in, Map<String, Object> params) {
        Map<String, Object> p = new HashMap<>();
        for (var spec : type.spec().params()) if (spec.defaultValue() != null) p.put(spec.name(), spec.defaultValue());
        params.forEach((k, v) -> p.put(k, type.spec().param(k).orElseThrow().coerce(v)));
        return new NodeInputs("test1", in, p);
    }

    @Test
    void nodesAreRegistered() {
        NodeRegistry reg = NodeRegistry.standard();
        for (String id : new String[]{"image.load", "video.load", "output.image", "output.video", "generate.solid"}) {
            assertThat(reg.find(id)).as(id).isPresent();
        }
        assertThat(new SaveImage().spec().output()).isTrue();
        assertThat(new SaveVideo().spec().output()).isTrue();
    }

    @Test
    void saveImageThenLoadImageRoundTrips() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            Frame f = TestMedia.patches(20, 10, 3);
            Map<String, Object> out = new SaveImage().evaluate(inputs(new SaveImage(), Map.of("image", f), Map.of("filename", "renders/a.png")), ctx);
            Path written = (Path) out.get("file");
            assertThat(written).isEqualTo(ctx.outDir().resolve("renders/a.png"));
            Frame back = (Frame) new LoadImage().evaluate(inputs(new LoadImage(), Map.of(), Map.of("file", "out/renders/a.png")), ctx).get("image");
            assertThat(back.pixels()).isEqualTo(f.pixels());
        }
    }

    @Test
    void loadNodesReportBadFilesAsNodeErrors() throws Exception {
        Files.writeString(dir.resolve("junk.mp4"), "junk junk junk");
        try (TestContext ctx = new TestContext(dir)) {
            assertThatThrownBy(() -> new LoadImage().evaluate(inputs(new LoadImage(), Map.of(), Map.of("file", "none.png")), ctx))
                    .isInstanceOf(NodeException.class).hasMessageContaining("none.png");
            assertThatThrownBy(() -> new LoadVideo().evaluate(inputs(new LoadVideo(), Map.of(), Map.of("file", "junk.mp4")), ctx))
                    .isInstanceOf(NodeException.class).hasMessageContaining("junk.mp4");
            assertThatThrownBy(() -> new LoadVideo().evaluate(inputs(new LoadVideo(), Map.of(), Map.of()), ctx))
                    .isInstanceOf(NodeException.class).hasMessageContaining("no video file chosen");
        }
    }

    @Test
    void saveVideoThenLoadVideoGivesTheFrames() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            Clip clip = TestMedia.patchClip(64, 48, Rational.of(25), 20);
            Path file = (Path) new SaveVideo().evaluate(inputs(new SaveVideo(), Map.of("clip", clip), Map.of("bitrate", 3000)), ctx).get("file");
            assertThat(file).isEqualTo(ctx.outDir().resolve("video.mp4"));
            // the writer says how many frames before the first, then counts them
            assertThat(ctx.frames).hasSize(21).startsWith("0/20").endsWith("20/20");
            assertThat(ctx.progress).hasSize(21).startsWith(0.0).endsWith(1.0);
            Clip back = (Clip) new LoadVideo().evaluate(inputs(new LoadVideo(), Map.of(), Map.of("file", "out/video.mp4")), ctx).get("clip");
            assertThat(back).isInstanceOf(VideoFileClip.class);
            assertThat(back.frameCount()).isEqualTo(20);
            assertThat(TestMedia.meanAbsError(back.frame(13), clip.frame(13))).isLessThan(4);
        }
    }

    @Test
    void frameRangeWritesExactlyThoseFramesClampedToTheClip() throws Exception {
        Clip clip = TestMedia.patchClip(64, 48, Rational.of(25), 30);
        try (TestContext ctx = new TestContext(dir).withRange(new FrameRange(10, 17))) {
            Path file = (Path) new SaveVideo().evaluate(inputs(new SaveVideo(), Map.of("clip", clip), Map.of()), ctx).get("file");
            try (VideoFileClip back = new VideoFileClip(file)) {
                assertThat(back.frameCount()).isEqualTo(8);
                assertThat(TestMedia.meanAbsError(back.frame(0), clip.frame(10))).isLessThan(4);
                assertThat(TestMedia.meanAbsError(back.frame(7), clip.frame(17))).isLessThan(4);
            }
        }
        try (TestContext ctx = new TestContext(dir).withRange(new FrameRange(25, 99))) {
            Path folder = (Path) new SaveVideo().evaluate(inputs(new SaveVideo(), Map.of("clip", clip),
                    Map.of("format", "png-sequence", "filename", "seq.mp4")), ctx).get("file");
            assertThat(folder).isEqualTo(ctx.outDir().resolve("seq"));
            try (var files = Files.list(folder)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted())
                        .containsExactly("frame_00025.png", "frame_00026.png", "frame_00027.png", "frame_00028.png", "frame_00029.png");
            }
            assertThat(ImageFiles.read(folder.resolve("frame_00027.png")).pixels()).isEqualTo(clip.frame(27).pixels());
        }
        try (TestContext ctx = new TestContext(dir).withRange(new FrameRange(30, 40))) {
            assertThatThrownBy(() -> new SaveVideo().evaluate(inputs(new SaveVideo(), Map.of("clip", clip), Map.of()), ctx))
                    .isInstanceOf(NodeException.class).hasMessageContaining("outside the clip");
        }
    }

    @Test
    void cancellingLeavesNoFileAndNoTemporaryFile() throws Exception {
        for (String format : new String[]{"mp4", "png-sequence"}) {
            Path sub = Files.createDirectories(dir.resolve(format));
            try (TestContext ctx = new TestContext(sub)) {
                AtomicInteger pulled = new AtomicInteger();
                Clip base = TestMedia.patchClip(64, 48, Rational.of(25), 50);
                Clip clip = Clip.of(64, 48, Rational.of(25), 50, i -> {
                    if (pulled.incrementAndGet() == 5) ctx.cancelled.set(true);
                    return base.frame(i);
                });
                assertThatThrownBy(() -> new SaveVideo().evaluate(inputs(new SaveVideo(), Map.of("clip", clip), Map.of("format", format)), ctx))
                        .isInstanceOf(CancelledException.class);
                // The writer reads a few frames ahead (FramePrefetcher), never the whole clip.
                assertThat(pulled.get()).isBetween(5, 8);
                try (var files = Files.list(ctx.outDir())) {
                    assertThat(files).as(format).isEmpty();
                }
            }
        }
    }

    @Test
    void outputNamesMayNotEscapeTheOutputFolder() throws Exception {
        try (TestContext ctx = new TestContext(dir)) {
            Clip clip = TestMedia.patchClip(64, 48, Rational.of(25), 2);
            assertThatThrownBy(() -> new SaveVideo().evaluate(inputs(new SaveVideo(), Map.of("clip", clip), Map.of("filename", "../escape.mp4")), ctx))
                    .isInstanceOf(NodeException.class).hasMessageContaining("climbs out of the output folder");
            assertThatThrownBy(() -> new SaveImage().evaluate(inputs(new SaveImage(), Map.of("image", clip.frame(0)), Map.of("filename", "../escape.png")), ctx))
                    .isInstanceOf(NodeException.class);
            assertThat(dir.resolve("escape.mp4")).doesNotExist();
            assertThat(dir.resolve("escape.png")).doesNotExist();
        }
    }

    @Test
    void stripExtensionKeepsFolders() {
        assertThat(SaveVideo.stripExtension("video.mp4")).isEqualTo("video");
        assertThat(SaveVideo.stripExtension("a.b/frames")).isEqualTo("a.b/frames");
        assertThat(SaveVideo.stripExtension(".hidden")).isEqualTo(".hidden");
    }
}
