package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.library.LibraryEntry;
import org.cinegraph.library.SubgraphLibrary;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.Provenance;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped library subgraphs and the team-library example, end to end through the CLI. */
class LibraryCliTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.standard();
    private static final Path EXAMPLES = Path.of("../assets/examples").toAbsolutePath().normalize();
    @TempDir
    Path dir;
    private String modelsBefore;

    @AfterEach
    void restore() {
        if (modelsBefore == null) System.clearProperty("cinegraph.models");
        else System.setProperty("cinegraph.models", modelsBefore);
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(ModelLibrary models, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                REGISTRY, new RenderSettings(dir.resolve("cache"), 1L << 30, 2), new CancelToken(), models,
                new RenderHistory(dir.resolve("history"))).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run run(String... args) {
        return run(ModelLibrary.fromEnvironment(), args);
    }

    @Test
    void theShippedLibraryIsCanonicalAndTheExampleUsesItsCurrentVersions() throws Exception {
        Run list = run("library", EXAMPLES.resolve("team-library.cgraph").toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("Enhance/Upscale and sharpen  v1  " + EXAMPLES.resolve("library/upscale-and-sharpen.cgraph"))
                .contains("Titles/Title over shot  v1  " + EXAMPLES.resolve("library/title-over-shot.cgraph"));
        assertThat(list.err()).isEmpty();
        for (String f : List.of("library/upscale-and-sharpen.cgraph", "library/title-over-shot.cgraph")) {
            assertThat(run("fmt", "--check", EXAMPLES.resolve(f).toString()).code()).as(f + " is canonical").isZero();
        }
        Run check = run("library", "check", EXAMPLES.resolve("team-library.cgraph").toString());
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("sub1: Upscale and sharpen v1 (as in the library)").contains("sub2: Title over shot v1 (as in the library)");
    }

    /** solid -> Title over shot (from a copy of the shipped library) -> Save Image, saved in dir. */
    private Path titledGraph() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("library"));
        Files.copy(EXAMPLES.resolve("library/title-over-shot.cgraph"), lib.resolve("title-over-shot.cgraph"));
        LibraryEntry title = new SubgraphLibrary(List.of(lib), REGISTRY).find("Title over shot").orElseThrow();
        Commands cmd = new Commands(REGISTRY);
        Graph g = Graph.of(List.of(GraphNode.of("plate1", "generate.solid", 1, "Plate", 0, 0).withParams(Map.of("width", 320L, "height", 180L, "colour", "#204060")),
                GraphNode.of("save1", "output.image", 1, "Save", 400, 0).withParams(Map.of("filename", "titled.png"))), List.of());
        g = SubgraphLibrary.add(title, 200, 0).apply(g);
        for (var c : List.of(cmd.connect(new PortRef("plate1", "image"), new PortRef("sub1", "shot")), cmd.connect(new PortRef("sub1", "image"), new PortRef("save1", "image")),
                cmd.setParam("sub1", "text", "SHOT 12"), cmd.setParam("sub1", "width", 320L), cmd.setParam("sub1", "height", 180L), cmd.setParam("sub1", "size", 40.0))) {
            g = c.apply(g);
        }
        Path file = dir.resolve("titled.cgraph");
        GraphFile.write(g, file, REGISTRY);
        return file;
    }

    private static int bright(Frame f, int y0, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = 0; x < f.width(); x++) if ((f.pixel(x, y) & 0xFF) > 200 && (f.pixel(x, y) >> 16 & 0xFF) > 200) n++;
        return n;
    }

    @Test
    void aLibrarySubgraphRendersTracksTheLibraryAndSurvivesItsLoss() throws Exception {
        Path graph = titledGraph();
        Run r = run("render", graph.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        Frame f = ImageFiles.read(dir.resolve("out/titled.png"));
        assertThat(f.width()).isEqualTo(320);
        assertThat(bright(f, 0, 90)).as("no text in the upper half").isZero();
        assertThat(bright(f, 90, 180)).as("white title in the lower third").isGreaterThan(100);
        // provenance: the graph with the subgraph's inside, so the file alone reopens and re-renders it
        Graph embedded = GraphFile.parse(Provenance.read(dir.resolve("out/titled.png")).orElseThrow(), "png", REGISTRY).graph();
        assertThat(Subgraphs.allNodes(embedded)).containsKeys("sub1/card1", "sub1/over1");

        // the library moves on: validate warns, check says so, update takes it
        SubgraphLibrary lib = new SubgraphLibrary(List.of(dir.resolve("library")), REGISTRY);
        GraphNode node = GraphFile.read(graph, REGISTRY).graph().requireNode("sub1");
        Graph red = Subgraphs.inside(List.of("sub1"), new Commands(REGISTRY).setParam("card1", "colour", "#FF0000")).apply(GraphFile.read(graph, REGISTRY).graph());
        lib.save(red.requireNode("sub1").subgraph(), "Title over shot", "Titles", "red text");
        Run v = run("validate", graph.toString());
        assertThat(v.code()).isZero();
        assertThat(v.err()).contains("warning: node sub1: library subgraph Title over shot v1 (the library has v2); `cinegraph library update");
        assertThat(run("library", "check", graph.toString()).code()).isEqualTo(1);
        Run u = run("library", "update", graph.toString());
        assertThat(u.code()).as(u.err()).isZero();
        assertThat(u.out()).contains("updated sub1 -> Title over shot v2");
        assertThat(run("library", "check", graph.toString()).code()).isZero();
        Graph updated = GraphFile.read(graph, REGISTRY).graph();
        assertThat(updated.requireNode("sub1").params()).isEqualTo(node.params());

        // no library at all: the embedded copy renders
        Files.walk(dir.resolve("library")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        assertThat(run("library", "check", graph.toString()).out()).contains("not in the library here; the embedded copy is used");
        Run again = run("render", graph.toString(), "--out", dir.resolve("out2").toString());
        assertThat(again.code()).as(again.err()).isZero();
        Frame f2 = ImageFiles.read(dir.resolve("out2/titled.png"));
        int redText = 0;
        for (int y = 90; y < 180; y++) for (int x = 0; x < 320; x++) if ((f2.pixel(x, y) >> 16 & 0xFF) > 200 && (f2.pixel(x, y) & 0xFF) < 80) redText++;
        assertThat(redText).isGreaterThan(100);
    }

    @Test
    void saveFromTheCommandLineLinksTheNode() throws Exception {
        Path graph = titledGraph();
        Files.delete(dir.resolve("library/title-over-shot.cgraph"));
        Run s = run("library", "save", graph.toString(), "sub1", "--name", "Lower third", "--category", "Titles");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("lower-third.cgraph: Lower third v1");
        assertThat(GraphFile.read(graph, REGISTRY).graph().requireNode("sub1").subgraph().library().orElseThrow().name()).isEqualTo("Lower third");
        assertThat(run("library", "check", graph.toString()).out()).contains("sub1: Lower third v1 (as in the library)");
        Run other = run("library", "--library", dir.resolve("elsewhere").toString(), "check", graph.toString());
        assertThat(other.out()).contains("not in the library here");
        assertThat(run("library", "save", graph.toString(), "plate1", "--name", "X").err()).contains("plate1 is not a subgraph node");
    }

    @Test
    void theTeamLibraryExampleRendersWithRealWeights() throws Exception {
        Path models = dir.resolve("models");
        ModelLibrary library = new ModelLibrary(models, Optional.empty(), ShowcaseTest::fetch);
        library.pull("esrgan-slim");
        modelsBefore = System.getProperty("cinegraph.models");
        System.setProperty("cinegraph.models", models.toString());
        Path graph = EXAMPLES.resolve("team-library.cgraph");
        Run v = run(library, "validate", graph.toString());
        assertThat(v.code()).as(v.out() + v.err()).isZero();
        Run r = run(library, "render", graph.toString(), "--out", dir.resolve("out").toString(), "--frames", "0-0",
                "--set", "save1.format=png-sequence");
        assertThat(r.code()).as(r.err()).isZero();
        Frame f = ImageFiles.read(dir.resolve("out/team-library/frame_00000.png"));
        assertThat(f.width()).isEqualTo(1280);
        assertThat(f.height()).isEqualTo(720);
        assertThat(bright(f, 0, 360)).isLessThan(bright(f, 480, 720));
    }
}
