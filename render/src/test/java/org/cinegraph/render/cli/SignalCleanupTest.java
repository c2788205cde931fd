package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as its own process, stopped the ways a farm or a shell stops it: SIGTERM must
 * be as clean as Ctrl-C (exit 143, nothing partial anywhere), and the debris of a kill -9 is swept
 * by the next render.
 */
class SignalCleanupTest {
    @TempDir
    Path dir;
    private Path log;

    /** A long 640x360 clip through a Disk Cache node (frames go to the cache while it runs) into an MP4. */
    private Path longRender() throws Exception {
        Graph g = Graph.of(List.of(
                node("solid1", "generate.noise", Map.of("width", 640L, "height", 360L)),
                node("clip1", "clip.from-still", Map.of("duration", 600.0, "fps", 24.0)),
                node("grade1", "colour.grade", Map.of("gain", 1.1)),
                node("cache1", "clip.cache", Map.of()),
                node("save1", "output.video", Map.of("filename", "out.mp4"))), List.of(
                Link.of("solid1", "image", "clip1", "image"),
                Link.of("clip1", "clip", "grade1", "image"),
                Link.of("grade1", "image", "cache1", "clip"),
                Link.of("cache1", "clip", "save1", "clip")));
        Path f = dir.resolve("long.cgraph");
        GraphFile.write(g, f, NodeRegistry.standard());
        return f;
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    private int starts;

    private Process start(Path graph) throws Exception {
        log = dir.resolve("log" + ++starts + ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
                "-cp", System.getProperty("java.class.path"), CliMain.class.getName(),
                "render", graph.toString(), "--out", dir.resolve("out").toString(), "--no-pull")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("CINEGRAPH_CACHE_DIR", dir.resolve("cache").toString(), "CINEGRAPH_HISTORY_DIR", dir.resolve("history").toString(),
                "CINEGRAPH_MODELS", dir.resolve("models").toString()));
        Process p = pb.start();
        p.getOutputStream().close();
        // stopped once its writer and the cache are both writing
        String mine = "." + p.pid() + "-";
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && (temps(dir.resolve("out")).stream().noneMatch(t -> t.toString().contains(mine))
                || files(dir.resolve("cache")).size() < 3)) Thread.sleep(50);
        assertThat(temps(dir.resolve("out"))).as(Files.readString(log)).anyMatch(t -> t.toString().contains(mine));
        return p;
    }

    private static List<Path> files(Path root) throws Exception {
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> temps(Path root) throws Exception {
        return files(root).stream().filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    }

    private List<Path> renderTemps() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("cinegraph-render")).toList();
        }
    }

    @Test
    void sigtermCancelsLikeCtrlCAndLeavesNothingPartial() throws Exception {
        Process p = start(longRender());
        p.destroy();   // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(p.exitValue()).as(text).isEqualTo(143);
        assertThat(text).contains("cancelled").doesNotContain("\tat ");
        assertThat(files(dir.resolve("out"))).isEmpty();
        assertThat(temps(dir.resolve("cache"))).isEmpty();
        assertThat(renderTemps()).isEmpty();
    }

    @Test
    void theNextRenderSweepsWhatAKilledProcessLeft() throws Exception {
        Path graph = longRender();
        Process p = start(graph);
        p.destroyForcibly();   // kill -9: nothing runs in the process any more
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(temps(dir.resolve("out"))).isNotEmpty();
        assertThat(renderTemps()).isNotEmpty();
        // a live writer's temp file (this process) is left alone
        Path live = dir.resolve("out/.keep.mp4." + ProcessHandle.current().pid() + "-abc.part");
        Files.writeString(live, "in progress");

        Process next = start(graph);
        next.destroy();
        assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(next.exitValue()).as(Files.readString(log)).isEqualTo(143);
        assertThat(files(dir.resolve("out"))).containsExactly(live);
        assertThat(temps(dir.resolve("cache"))).isEmpty();
        assertThat(renderTemps()).isEmpty();
    }
}
