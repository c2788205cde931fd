package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.Provenance;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.RenderHistory;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Output names: validate refuses every name a render refuses, both exit 2, nothing is created outside the output folder. */
class OutputNamesCliTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.standard();
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                REGISTRY, new RenderSettings(dir.resolve("cache"), 1L << 30, 2), new CancelToken(), ModelLibrary.fromEnvironment(),
                new RenderHistory(dir.resolve("history"))).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Graph saving(String filename) {
        return Graph.of(List.of(
                GraphNode.of("solid1", "generate.solid", 1, "solid1", 0, 0).withParams(Map.of("width", 8L, "height", 8L)),
                GraphNode.of("save1", "output.image", 1, "save1", 200, 0).withParams(Map.of("filename", filename))),
                List.of(Link.of("solid1", "image", "save1", "image")));
    }

    private static List<String> files(Path root) throws Exception {
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void everyNameARenderRefusesIsRefusedByValidateWithExitTwoAndEchoedEscaped() throws Exception {
        List<String> refused = List.of("evil\n../../victim.png", "../escape.png", "/tmp/abs.png", " ", ".", "sub/../../up.png",
                "nul\u0000.png", "tab\tname.png", "bell\u0007.png", "a//b.png", "dir/", "sub/./x.png", "line\u2028sep.png");
        int i = 0;
        for (String name : refused) {
            Path graph = dir.resolve("g" + i++ + ".cgraph");
            GraphFile.write(saving(name), graph, REGISTRY);
            Run v = run("validate", graph.toString());
            assertThat(v.code()).as("validate %s", name).isEqualTo(Cli.BAD_INPUT);
            assertThat(v.out()).as("validate %s", name).contains("save1").contains("output name");
            Path out = dir.resolve("out" + i);
            Run r = run("render", graph.toString(), "--out", out.toString());
            assertThat(r.code()).as("render %s: %s", name, r.err()).isEqualTo(Cli.BAD_INPUT);
            assertThat(r.out()).as("nothing listed as written").isEmpty();
            for (String text : List.of(v.out(), v.err(), r.out(), r.err())) {
                assertThat(text.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x2028)).as("raw control characters echoed").isEmpty();
                assertThat(text.lines().filter(l -> l.contains("victim"))).hasSizeLessThanOrEqualTo(2);
            }
        }
        assertThat(files(dir).stream().filter(f -> f.endsWith(".png"))).isEmpty();

        // names inside the folder, with sub folders, still render
        Path graph = dir.resolve("fine.cgraph");
        GraphFile.write(saving("plates/shot.png"), graph, REGISTRY);
        assertThat(run("validate", graph.toString()).code()).isZero();
        Run r = run("render", graph.toString(), "--out", dir.resolve("fine").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(dir.resolve("fine/plates/shot.png").toString());
    }

    @Test
    void aLinkedFolderLeadingOutIsRefusedWithExitTwoBeforeAnythingIsCreated() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("link"), elsewhere);
        Path graph = dir.resolve("g.cgraph");
        GraphFile.write(saving("link/made/x.png"), graph, REGISTRY);
        Run r = run("render", graph.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(r.err()).contains("save1").contains("through a link").doesNotContain("\tat ");
        assertThat(files(elsewhere)).isEmpty();
    }

    @Test
    void historyRestoreWarnsWhenACraftedFileCarriesAGraphThatWritesOutside() throws Exception {
        String crafted = GraphFile.toJson(saving("../../../home/victim/.bashrc"), REGISTRY);
        Path png = dir.resolve("sent.png");
        ImageFiles.writePng(Frame.filled(4, 4, 0xFF000000), png, Map.of(Provenance.PNG_KEYWORD, crafted));
        Run r = run("history", "restore", png.toString(), dir.resolve("restored.cgraph").toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("warning").contains("outside its output folder").contains("save1");
    }

    @Test
    void aNulInANodeIdOfAGraphFileIsShownEscaped() throws Exception {
        Path graph = dir.resolve("nul.cgraph");
        Files.writeString(graph, """
                {"format": "cinegraph", "version": 1,
                 "nodes": [{"id": "sa\\u0000ve\\u0007", "type": "output.image", "typeVersion": 1, "position": {"x": 0, "y": 0}, "params": {}}],
                 "links": []}
                """);
        for (String cmd : List.of("validate", "render")) {
            Run r = run(cmd, graph.toString());
            assertThat(r.code()).isEqualTo(Cli.BAD_INPUT);
            assertThat(r.out() + r.err()).doesNotContain("\u0000").doesNotContain("\u0007");
        }
    }
}
