package org.cinegraph.render.farm;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Provenance;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.NodeState;
import org.cinegraph.render.RenderJob;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.cli.Cli;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Prepare, chunks and assembly give what a local render gives; killed chunks leave nothing; re-runs use the cache. */
class ChunkedRenderTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.standard();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                renderer(), new CancelToken()).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Renderer renderer() {
        return new Renderer(REGISTRY, ModelLibrary.fromEnvironment(), new RenderSettings(dir.resolve("cache"), 1L << 30, 2),
                new RenderHistory(dir.resolve("history")));
    }

    /** Noise -> Ken Burns (a push-in, every frame different) -> Save Video; the noise also saved as a still. */
    private Path graph(String format, long w, long h, double seconds) throws Exception {
        Graph g = Graph.of(List.of(
                GraphNode.of("noise1", "generate.noise", 1, "noise1", 0, 0).withParams(Map.of("width", 2 * w, "height", 2 * h, "seed", 5L)),
                GraphNode.of("move1", "clip.ken-burns", 1, "move1", 0, 0).withParams(Map.of("width", w, "height", h, "duration", seconds,
                        "fps", 24.0, "start_zoom", 1.0, "end_zoom", 1.4)),
                GraphNode.of("save1", "output.video", 1, "save1", 0, 0).withParams(Map.of("filename", "clip", "format", format)),
                GraphNode.of("still1", "output.image", 1, "still1", 0, 0).withParams(Map.of("filename", "noise.png"))), List.of(
                Link.of("noise1", "image", "move1", "image"),
                Link.of("move1", "clip", "save1", "clip"),
                Link.of("noise1", "image", "still1", "image")));
        Path f = dir.resolve("g-" + format + ".cgraph");
        GraphFile.write(g, f, REGISTRY);
        return f;
    }

    private void farm(Path graph, Path work, Path out, String all, String... chunks) {
        farm(graph, work, out, all, false, chunks);
    }

    private void farm(Path graph, Path work, Path out, String all, boolean keep, String... chunks) {
        Run p = run("farm", "prepare", graph.toString(), "--work", work.toString(), "--of", all, "--out", out.toString());
        assertThat(p.code()).as(p.err()).isZero();
        for (String c : chunks) {
            Run r = run("farm", "chunk", graph.toString(), "--work", work.toString(), "--of", all, "--frames", c);
            assertThat(r.code()).as(r.err()).isZero();
        }
        Run a = keep ? run("farm", "assemble", graph.toString(), "--work", work.toString(), "--of", all, "--out", out.toString(), "--keep-chunks")
                : run("farm", "assemble", graph.toString(), "--work", work.toString(), "--of", all, "--out", out.toString());
        assertThat(a.code()).as(a.err()).isZero();
    }

    @Test
    void anAssembledH264RenderDecodesToTheFramesOfALocalRender() throws Exception {
        Path graph = graph("mp4", 96, 64, 3.0);   // 72 frames, key frames every 24
        Run local = run("render", graph.toString(), "--out", dir.resolve("local").toString());
        assertThat(local.code()).as(local.err()).isZero();
        Path work = dir.resolve("work");
        farm(graph, work, dir.resolve("farm"), "0-71", true, "0-23", "24-47", "48-71");

        Path a = dir.resolve("local/clip.mp4"), b = dir.resolve("farm/clip.mp4");
        assertThat(FarmFixture.timestamps(b)).hasSize(72).isEqualTo(FarmFixture.timestamps(a));
        // the join copies the chunks' pictures bit for bit
        try (VideoFileClip joined = new VideoFileClip(b)) {
            int i = 0;
            for (String c : List.of("0-23", "24-47", "48-71")) {
                try (VideoFileClip seg = new VideoFileClip(ChunkedRender.chunkDir(work, FrameRange.parse(c)).resolve("clip.mp4"))) {
                    for (int k = 0; k < seg.frameCount(); k++, i++) assertThat(FarmFixture.maxDifference(seg.frame(k), joined.frame(i))).isZero();
                }
            }
            assertThat(i).isEqualTo(72);
        }
        // OpenH264's rate control carries state from one key-frame interval to the next, which separate chunk
        // encoders cannot share: the pictures are as close as two encodes of the same frames, not identical
        FarmFixture.Closeness c = FarmFixture.closeness(a, b);
        assertThat(c.minPsnr()).as(c.toString()).isGreaterThan(35);
        assertThat(Provenance.read(b)).isEqualTo(Provenance.read(a));
        // the still comes from the first chunk only
        assertThat(dir.resolve("farm/noise.png")).exists();
        assertThat(ChunkedRender.chunkDir(work, FrameRange.parse("24-47")).resolve("noise.png")).doesNotExist();
        // one history record for the local render, one for the farm render (chunks are not recorded)
        assertThat(new RenderHistory(dir.resolve("history")).list()).hasSize(2);
    }

    @Test
    void aLosslessRenderJoinsExactlyAndChunksNeedNotBeEqual() throws Exception {
        Path graph = graph("ffv1-mkv", 64, 48, 2.0);
        Run local = run("render", graph.toString(), "--out", dir.resolve("local").toString());
        assertThat(local.code()).as(local.err()).isZero();
        farm(graph, dir.resolve("work"), dir.resolve("farm"), "0-47", "0-9", "10-40", "41-47");
        assertThat(FarmFixture.timestamps(dir.resolve("farm/clip.mkv"))).isEqualTo(FarmFixture.timestamps(dir.resolve("local/clip.mkv")));
        assertThat(FarmFixture.maxDifference(dir.resolve("local/clip.mkv"), dir.resolve("farm/clip.mkv"))).isZero();
        assertThat(dir.resolve("work/chunks")).doesNotExist();   // removed once assembled
    }

    @Test
    void soundFollowsTheVideoAcrossChunks() throws Exception {
        // pink noise (no period, so a shift shows) from Debian's ffmpeg (not the FFmpeg inside JavaCV)
        Process tone = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anoisesrc=d=4:c=pink:r=48000:a=0.3:seed=7",
                "-ac", "2", dir.resolve("tone.wav").toString()).redirectErrorStream(true).start();
        assertThat(tone.waitFor(60, TimeUnit.SECONDS) && tone.exitValue() == 0).isTrue();
        for (String format : List.of("mp4", "prores-proxy-mov")) {
            Graph g = Graph.of(List.of(
                    GraphNode.of("noise1", "generate.noise", 1, "noise1", 0, 0).withParams(Map.of("width", 64L, "height", 48L)),
                    GraphNode.of("move1", "clip.ken-burns", 1, "move1", 0, 0).withParams(Map.of("width", 64L, "height", 48L, "duration", 3.0, "fps", 24.0)),
                    GraphNode.of("sound1", "audio.load", 1, "sound1", 0, 0).withParams(Map.of("file", "tone.wav")),
                    GraphNode.of("save1", "output.video", 1, "save1", 0, 0).withParams(Map.of("filename", "clip", "format", format))), List.of(
                    Link.of("noise1", "image", "move1", "image"),
                    Link.of("move1", "clip", "save1", "clip"),
                    Link.of("sound1", "audio", "save1", "audio")));
            Path graph = dir.resolve("sound-" + format + ".cgraph");
            GraphFile.write(g, graph, REGISTRY);
            Run local = run("render", graph.toString(), "--out", dir.resolve("local-" + format).toString());
            assertThat(local.code()).as(local.err()).isZero();
            farm(graph, dir.resolve("work-" + format), dir.resolve("farm-" + format), "0-71", "0-23", "24-47", "48-71");
            String name = format.equals("mp4") ? "clip.mp4" : "clip.mov";
            double[] a = FarmFixture.sound(dir.resolve("local-" + format).resolve(name));
            double[] b = FarmFixture.sound(dir.resolve("farm-" + format).resolve(name));
            if (format.equals("prores-proxy-mov")) {
                // 24-bit PCM joins sample for sample
                assertThat(b.length).isEqualTo(a.length);
                assertThat(FarmFixture.worst(a, b, 0, a.length)).isLessThan(1e-6);
            } else {
                // AAC: the first chunk is the same encode; later, the sound stays within half a frame (512 samples) of the picture
                assertThat(Math.abs(b.length - a.length)).isLessThanOrEqualTo(1024);
                assertThat(FarmFixture.worst(a, b, 0, 46_000)).isLessThan(1e-6);
                for (int at : List.of(60_000, 110_000, 140_000)) assertThat(Math.abs(FarmFixture.lag(a, b, at, 2_000, 700))).isLessThanOrEqualTo(512);
            }
        }
    }

    @Test
    void sequencesAreGatheredFromTheChunks() throws Exception {
        Path graph = graph("png-sequence", 64, 48, 1.0);
        farm(graph, dir.resolve("work"), dir.resolve("farm"), "0-23", "0-11", "12-23");
        try (Stream<Path> s = Files.list(dir.resolve("farm/clip"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(24).startsWith("frame_00000.png").endsWith("frame_00023.png");
        }
    }

    @Test
    void assemblyRefusesMissingFramesInOneLine() throws Exception {
        Path graph = graph("mp4", 64, 48, 2.0);
        Path work = dir.resolve("work");
        Run c = run("farm", "chunk", graph.toString(), "--work", work.toString(), "--of", "0-47", "--frames", "0-23");
        assertThat(c.code()).as(c.err()).isZero();
        Run a = run("farm", "assemble", graph.toString(), "--work", work.toString(), "--of", "0-47", "--out", dir.resolve("farm").toString());
        assertThat(a.code()).isEqualTo(1);
        assertThat(a.err().strip()).doesNotContain("\n").contains("frames from 24 have not been rendered");
        assertThat(dir.resolve("farm/clip.mp4")).doesNotExist();
    }

    @Test
    void aGraphEditedAfterSubmissionIsRefused() throws Exception {
        Path graph = graph("mp4", 64, 48, 1.0);
        Run r = run("farm", "chunk", graph.toString(), "--work", dir.resolve("w").toString(), "--of", "0-23", "--frames", "0-23",
                "--graph-sha256", "00".repeat(32));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("changed since the farm render was submitted");
    }

    @Test
    void aChunkStoppedBySigtermLeavesNoPartialSegmentAndItsRerunUsesTheCache() throws Exception {
        Path graph = graph("mp4", 640, 360, 4.0);
        Path work = dir.resolve("work");
        Path chunkDir = ChunkedRender.chunkDir(work, new FrameRange(0, 95));
        Path launcher = FarmFixture.launcher(dir, dir.resolve("cache"), dir.resolve("history"));
        Process p = new ProcessBuilder(launcher.toString(), "farm", "chunk", graph.toString(), "--work", work.toString(), "--of", "0-95",
                "--frames", "0-95").redirectErrorStream(true).redirectOutput(dir.resolve("chunk.log").toFile()).start();
        // wait until the segment is being written under its temporary name, then stop it as a scheduler would
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!partial(chunkDir) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(p.isAlive()).as(Files.readString(dir.resolve("chunk.log"))).isTrue();
        p.destroy();   // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("chunk.log"))).isEqualTo(Cli.TERMINATED);
        // no temporary file, no segment, no manifest (the still, written whole before the signal, may stay)
        try (Stream<Path> s = Files.walk(chunkDir)) {
            assertThat(s.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList()).allMatch(n -> n.equals("noise.png"));
        }
        // the re-run finds what the killed task computed before the writer started
        RenderJob job = RenderJob.of(GraphFile.read(graph, REGISTRY).graph(), graph);
        Renderer.Outcome again = new ChunkedRender(renderer()).chunk(job, new FrameRange(0, 95), true, work, e -> { }, new CancelToken());
        assertThat(again.succeeded()).isTrue();
        assertThat(again.result().report("noise1").state()).isEqualTo(NodeState.CACHED);
        assertThat(chunkDir.resolve(ChunkedRender.MANIFEST)).exists();
        try (VideoFileClip clip = new VideoFileClip(chunkDir.resolve("clip.mp4"))) {
            assertThat(clip.frameCount()).isEqualTo(96);
        }
    }

    private static boolean partial(Path d) throws java.io.IOException {
        if (!Files.isDirectory(d)) return false;
        try (Stream<Path> s = Files.list(d)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".part"));
        }
    }
}
