package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Frame;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line end to end, with the real built-in nodes, FFmpeg encodes decoded back. */
class CliTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.standard();
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(CancelToken cancel, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RenderSettings settings = new RenderSettings(dir.resolve("cache"), 1L << 30, 2);
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                REGISTRY, settings, cancel, ModelLibrary.fromEnvironment(), new RenderHistory(dir.resolve("history"))).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run run(String... args) {
        return run(new CancelToken(), args);
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    /** A 64x48 clip of `seconds` at 24 fps: solid colour -> clip -> grade -> MP4. */
    private Path clipGraph(String name, double seconds) throws Exception {
        return clipGraph(name, seconds, 64, 48);
    }

    private Path clipGraph(String name, double seconds, long width, long height) throws Exception {
        Graph g = Graph.of(List.of(
                node("solid1", "generate.solid", Map.of("width", width, "height", height, "colour", "#806040")),
                node("clip1", "clip.from-still", Map.of("duration", seconds, "fps", 24.0)),
                node("grade1", "colour.grade", Map.of("gain", 1.0)),
                node("save1", "output.video", Map.of("filename", "out.mp4"))), List.of(
                Link.of("solid1", "image", "clip1", "image"),
                Link.of("clip1", "clip", "grade1", "image"),
                Link.of("grade1", "image", "save1", "clip")));
        Path f = dir.resolve(name);
        GraphFile.write(g, f, REGISTRY);
        return f;
    }

    private static double meanAbsDiff(Frame f, int argb) {
        long sum = 0;
        for (int p : f.pixels()) {
            for (int s = 0; s < 24; s += 8) sum += Math.abs(((p >> s) & 0xFF) - ((argb >> s) & 0xFF));
        }
        return sum / (3.0 * f.pixels().length);
    }

    @Test
    void setPointsATemplateGraphAtAnotherFileBeforeTheAssetCheck() throws Exception {
        try (org.cinegraph.media.VideoEncoder enc = org.cinegraph.media.VideoEncoder.open(dir.resolve("other.mp4"), 64, 48,
                org.cinegraph.media.Rational.of(24), 2000)) {
            for (int i = 0; i < 6; i++) enc.write(org.cinegraph.media.Frame.filled(64, 48, 0xFF000000 | i * 0x102030));
            enc.finish();
        }
        Path graph = dir.resolve("template.cgraph");
        Files.writeString(graph, """
                {"format": "cinegraph", "version": 1,
                 "nodes": [
                   {"id": "load1", "type": "video.load", "typeVersion": 1, "position": {"x": 0, "y": 0}, "params": {"file": "original.mp4"}},
                   {"id": "save1", "type": "output.video", "typeVersion": 1, "position": {"x": 200, "y": 0}, "params": {"filename": "out.mp4"}}],
                 "links": [{"from": "load1.clip", "to": "save1.clip"}]}
                """);
        Run without = run("render", graph.toString(), "--out", dir.resolve("out").toString());
        assertThat(without.code()).isEqualTo(2);
        assertThat(without.err()).contains("original.mp4");
        Run with = run("render", graph.toString(), "--out", dir.resolve("out").toString(), "--set", "load1.file=other.mp4");
        assertThat(with.code()).as(with.err()).isZero();
        try (VideoFileClip clip = new VideoFileClip(dir.resolve("out/out.mp4"))) {
            assertThat(clip.frameCount()).isEqualTo(6);
        }
        // a --set naming a file that is not there is still refused before anything runs
        Run wrong = run("render", graph.toString(), "--out", dir.resolve("out2").toString(), "--set", "load1.file=nope.mp4");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("nope.mp4");
    }

    @Test
    void printsTheVersion() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("cinegraph ").doesNotContain("${");
    }

    @Test
    void rendersAnMp4ThatDecodesBackWithTheExpectedFramesAndPixels() throws Exception {
        Path graph = clipGraph("clip.cgraph", 1.0);
        Run r = run("render", graph.toString(), "--out", dir.resolve("out").toString(), "--set", "grade1.gain=1.5");
        assertThat(r.code()).as(r.err()).isZero();
        Path mp4 = dir.resolve("out/out.mp4");
        assertThat(r.out().trim()).isEqualTo(mp4.toString());
        try (VideoFileClip clip = new VideoFileClip(mp4)) {
            assertThat(clip.frameCount()).isEqualTo(24);
            assertThat(clip.width()).isEqualTo(64);
            assertThat(clip.height()).isEqualTo(48);
            // gain 1.5 on #806040 gives about #C09060; H.264 in yuv420p keeps a flat colour within a few levels.
            assertThat(meanAbsDiff(clip.frame(12), 0xC09060)).isLessThan(4.0);
        }
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("out.mp4");
        }
    }

    @Test
    void frameRangeRendersOnlyThoseFrames() throws Exception {
        Path graph = clipGraph("clip.cgraph", 4.0);
        Run r = run("render", graph.toString(), "--out", dir.resolve("out").toString(), "--frames", "10-14");
        assertThat(r.code()).as(r.err()).isZero();
        try (VideoFileClip clip = new VideoFileClip(dir.resolve("out/out.mp4"))) {
            assertThat(clip.frameCount()).isEqualTo(5);
        }
    }

    @Test
    void aSecondRenderIsServedFromTheCacheAndSaysSoInJson() throws Exception {
        Path graph = clipGraph("clip.cgraph", 0.5);
        assertThat(run("render", graph.toString()).code()).isZero();
        assertThat(dir.resolve("renders/out.mp4")).exists();
        Run again = run("render", graph.toString(), "--json");
        assertThat(again.code()).isZero();
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String line : again.err().split("\n")) {
            if (!line.isBlank()) events.add(m.readTree(line));
        }
        assertThat(events).filteredOn(e -> e.path("node").asText().equals("save1") && e.path("state").asText().equals("cached")).hasSize(1);
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("event").asText()).isEqualTo("finished");
        assertThat(last.path("status").asText()).isEqualTo("ok");
        assertThat(last.path("files").get(0).asText()).endsWith("out.mp4");
    }

    @Test
    void jsonProgressCountsTheFramesWrittenNotTheNodesFinished() throws Exception {
        Path graph = clipGraph("clip.cgraph", 1.0);
        Run r = run("render", graph.toString(), "--json", "--no-cache");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> saves = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String line : r.err().split("\n")) {
            JsonNode e = line.isBlank() ? null : m.readTree(line);
            if (e != null && e.path("node").asText().equals("save1")) saves.add(e);
        }
        // the writer says how many frames it will write before the first one
        JsonNode first = saves.stream().filter(e -> e.has("frames_total")).findFirst().orElseThrow();
        assertThat(first.path("frames_total").asInt()).isEqualTo(24);
        assertThat(first.path("frames_done").asInt()).isZero();
        // three instant nodes are finished by then, and progress is still none of the frames
        assertThat(first.path("progress").asDouble()).isZero();
        JsonNode done = saves.get(saves.size() - 1);
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(done.path("frames_done").asInt()).isEqualTo(24);
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.has("millis")).isTrue();
    }

    @Test
    void badArgumentsAndBadFilesExitWithTwoAndSayWhy() throws Exception {
        Path graph = clipGraph("clip.cgraph", 0.5);
        assertThat(run("render").code()).isEqualTo(2);
        assertThat(run("render", graph.toString(), "--frames", "x").err()).contains("frame range");
        Run badSet = run("render", graph.toString(), "--set", "grade1.gain=99");
        assertThat(badSet.code()).isEqualTo(2);
        assertThat(badSet.err()).contains("grade1").contains("gain").contains("outside its range");
        assertThat(run("render", graph.toString(), "--set", "nosuch1.gain=1").err()).contains("nosuch1");

        Path truncated = dir.resolve("truncated.cgraph");
        String text = Files.readString(graph);
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        Run r = run("render", truncated.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("truncated.cgraph:").doesNotContain("Exception").doesNotContain("\tat ");

        Run missing = run("render", dir.resolve("nope.cgraph").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.cgraph: no such file");
    }

    @Test
    void aNodeFailureExitsWithOneAndNamesTheNodeAndFile() throws Exception {
        Path corrupt = dir.resolve("corrupt.mp4");
        Files.write(corrupt, new byte[]{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 1, 2, 3, 4, 5, 6});
        Graph g = Graph.of(List.of(
                node("load1", "video.load", Map.of("file", "corrupt.mp4")),
                node("save1", "output.video", Map.of("filename", "out.mp4"))), List.of(
                Link.of("load1", "clip", "save1", "clip")));
        Path graph = dir.resolve("corrupt.cgraph");
        GraphFile.write(g, graph, REGISTRY);
        Run r = run("render", graph.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("load1").contains("corrupt.mp4").doesNotContain("\tat ");
        assertThat(dir.resolve("renders/out.mp4")).doesNotExist();
    }

    @Test
    void cancellingExitsWith130AndLeavesNoPartialOutput() throws Exception {
        Path graph = clipGraph("long.cgraph", 600.0, 1280, 720);
        CancelToken cancel = new CancelToken();
        CompletableFuture<Run> f = CompletableFuture.supplyAsync(() -> run(cancel, "render", graph.toString(), "--out", dir.resolve("out").toString()));
        // Cancel once the encoder has started writing.
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !hasFiles(dir.resolve("out"))) Thread.sleep(20);
        Thread.sleep(300);
        cancel.cancel();
        Run r = f.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).isEqualTo(130);
        try (Stream<Path> s = Files.walk(dir.resolve("out"))) {
            assertThat(s.filter(Files::isRegularFile)).isEmpty();
        }
    }

    private static boolean hasFiles(Path d) throws java.io.IOException {
        if (!Files.isDirectory(d)) return false;
        try (Stream<Path> s = Files.walk(d)) {
            return s.anyMatch(Files::isRegularFile);
        }
    }

    @Test
    void validateReportsProblemsByNode() throws Exception {
        Path ok = clipGraph("clip.cgraph", 0.5);
        Run good = run("validate", ok.toString());
        assertThat(good.code()).isZero();
        assertThat(good.out()).contains("ok (4 nodes, 3 links)");

        Graph g = Graph.of(List.of(
                node("magic1", "plugin.magic", Map.of()),
                node("grade1", "colour.grade", Map.of()),
                node("load1", "image.load", Map.of("file", "plates/missing.png"))), List.of());
        Path bad = dir.resolve("bad.cgraph");
        GraphFile.write(g, bad, REGISTRY);
        Run r = run("validate", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("node magic1: node type 'plugin.magic'")
                .contains("node grade1: required input 'image'")
                .contains("missing.png");
        assertThat(r.out().lines().filter(l -> l.contains("plugin.magic")).count()).isEqualTo(1);
    }

    @Test
    void fmtRewritesToCanonicalFormAndCheckReportsDrift() throws Exception {
        Path f = clipGraph("clip.cgraph", 0.5);
        assertThat(run("fmt", "--check", f.toString()).code()).isZero();
        String canonical = Files.readString(f);
        Files.writeString(f, canonical.replace("\n  ", "\n    "));
        Run check = run("fmt", "--check", f.toString());
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.out()).contains("not in canonical form");
        assertThat(run("fmt", f.toString()).code()).isZero();
        assertThat(Files.readString(f)).isEqualTo(canonical);
    }

    @Test
    void nodesListsTheCatalogueAsJson() throws Exception {
        Run r = run("nodes", "--json");
        assertThat(r.code()).isZero();
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertThat(arr.size()).isEqualTo(REGISTRY.all().size());
        JsonNode save = null;
        for (JsonNode n : arr) if (n.path("id").asText().equals("output.video")) save = n;
        assertThat(save).isNotNull();
        assertThat(save.path("writesFiles").asBoolean()).isTrue();
        assertThat(save.path("inputs").get(0).path("type").asText()).isEqualTo("Clip");
    }

    @Test
    void everyExampleGraphIsCanonicalAndValid() throws Exception {
        Path examples = Path.of("../assets/examples").toAbsolutePath().normalize();
        try (Stream<Path> s = Files.list(examples)) {
            List<Path> graphs = s.filter(p -> p.toString().endsWith(".cgraph")).sorted().toList();
            assertThat(graphs).hasSizeGreaterThanOrEqualTo(3);
            for (Path g : graphs) {
                assertThat(run("fmt", "--check", g.toString()).code()).as(g + " is canonical").isZero();
                // These two read media/footage.mp4, which footage.cgraph makes (and upscale-video needs esrgan-slim installed);
                // the showcase needs esrgan-slim and rife-v4.6 (ShowcaseTest installs them and renders it); the remote
                // storyboard needs esrgan-slim (RemoteStoryboardTest installs it, validates it without keys and renders it);
                // team-library needs esrgan-slim too (LibraryCliTest renders it).
                if (!List.of("clip-processing.cgraph", "upscale-video.cgraph", "showcase.cgraph", "remote-storyboard.cgraph", "team-library.cgraph")
                        .contains(g.getFileName().toString())) {
                    Run v = run("validate", g.toString());
                    assertThat(v.code()).as(g + ": " + v.out()).isZero();
                }
            }
        }
    }

    @Test
    void theLaunchersWarmUpGraphIsCanonicalAndRenders() {
        // ./cinegraph renders it once after a build to make its class-data-sharing archive; a graph
        // that stopped rendering would only make every start slower, silently, so it is checked here
        Path warmUp = Path.of("../app/src/main/launcher/warm-up.cgraph").toAbsolutePath().normalize();
        assertThat(run("fmt", "--check", warmUp.toString()).code()).isZero();
        Run r = run("render", warmUp.toString(), "--out", dir.resolve("out").toString(), "--no-cache");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dir.resolve("out/warm-up.mp4")).isNotEmptyFile();
    }

    @Test
    void theStoryboardExampleRendersAFrameRange() {
        Path sb = Path.of("../assets/examples/storyboard.cgraph").toAbsolutePath().normalize();
        Run r = run("render", sb.toString(), "--out", dir.resolve("out").toString(), "--frames", "90-93",
                "--set", "save1.format=png-sequence");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dir.resolve("out/storyboard/frame_00090.png")).exists();
        assertThat(dir.resolve("out/storyboard/frame_00093.png")).exists();
        assertThat(dir.resolve("out/storyboard/frame_00094.png")).doesNotExist();
    }

    @Test
    void eachSuccessfulRenderIsRecordedAndItsGraphCanBeRestored() throws Exception {
        Path graph = clipGraph("history.cgraph", 0.5);
        Run r = run("render", graph.toString(), "--out", dir.resolve("out").toString(), "--set", "grade1.gain=1.5");
        assertThat(r.code()).as(r.err()).isZero();
        Run list = run("history", "--json");
        assertThat(list.code()).isZero();
        JsonNode arr = new ObjectMapper().readTree(list.out());
        assertThat(arr).hasSize(1);
        JsonNode e = arr.get(0);
        assertThat(e.get("graphFile").asText()).endsWith("history.cgraph");
        assertThat(e.get("outputs").get(0).asText()).endsWith("out.mp4");
        assertThat(e.get("durationMillis").asLong()).isPositive();
        Path thumb = Path.of(e.get("thumbnail").asText());
        assertThat(org.cinegraph.media.ImageFiles.read(thumb).width()).isEqualTo(64);

        Path restored = dir.resolve("restored.cgraph");
        assertThat(run("history", "restore", e.get("id").asText(), restored.toString()).code()).isZero();
        Graph back = GraphFile.read(restored, REGISTRY).graph();
        assertThat(back.requireNode("grade1").params().get("gain")).isEqualTo(1.5);

        // the MP4 itself carries the same graph
        Path fromVideo = dir.resolve("from-video.cgraph");
        Run fv = run("history", "restore", dir.resolve("out/out.mp4").toString(), fromVideo.toString());
        assertThat(fv.code()).as(fv.err()).isZero();
        assertThat(Files.readString(fromVideo)).isEqualTo(Files.readString(restored));

        assertThat(run("history").out()).contains(e.get("id").asText()).contains("out.mp4");
        Run missing = run("history", "restore", "19990101", dir.resolve("x.cgraph").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("19990101");
    }

    @Test
    void aFailedRenderIsNotRecorded() throws Exception {
        Files.writeString(dir.resolve("junk.png"), "not a picture");
        Graph g = Graph.of(List.of(node("load1", "image.load", Map.of("file", "junk.png")),
                node("save1", "output.image", Map.of())), List.of(Link.of("load1", "image", "save1", "image")));
        Path f = dir.resolve("bad.cgraph");
        GraphFile.write(g, f, REGISTRY);
        assertThat(run("render", f.toString()).code()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(run("history", "--json").out())).isEmpty();
    }
}
