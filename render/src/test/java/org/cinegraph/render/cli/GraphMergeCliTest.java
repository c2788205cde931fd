package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
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

import static org.assertj.core.api.Assertions.assertThat;

/** diff and merge through the command line, in process: outputs, exit codes, what is written and what is not. */
class GraphMergeCliTest {
    static final NodeRegistry REGISTRY = NodeRegistry.standard();
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), REGISTRY,
                new RenderSettings(dir.resolve("cache"), 1L << 30, 1), new CancelToken(), ModelLibrary.fromEnvironment(),
                new RenderHistory(dir.resolve("history"))).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** solid1 -> grade1 -> save1, with real node types so ports are checked on every read. */
    static Graph base() {
        return Graph.of(List.of(
                GraphNode.of("solid1", "generate.solid", 1, "Plate", 0, 0).withParams(Map.of("width", 64L, "height", 48L, "colour", "#806040")),
                GraphNode.of("grade1", "colour.grade", 1, "Grade", 200, 0).withParams(Map.of("exposure", 0.0, "saturation", 1.0)),
                GraphNode.of("save1", "output.image", 1, "Save", 400, 0).withParams(Map.of("filename", "out.png"))), List.of(
                Link.of("solid1", "image", "grade1", "image"),
                Link.of("grade1", "image", "save1", "image")));
    }

    static Graph set(Graph g, String node, String param, Object v) {
        return g.withNode(g.requireNode(node).withParam(param, v));
    }

    Path write(String name, Graph g) throws Exception {
        Path f = dir.resolve(name);
        GraphFile.write(g, f, REGISTRY);
        return f;
    }

    @Test
    void diffSaysWhatChangedAndExitsLikeDiff() throws Exception {
        Path a = write("a.cgraph", base());
        Path b = write("b.cgraph", set(base(), "grade1", "exposure", 0.5).withNode(base().requireNode("save1").withPosition(420, 10)));
        Run same = run("diff", a.toString(), a.toString());
        assertThat(same.code()).isZero();
        assertThat(same.out()).isEqualTo("no changes\n");
        Run d = run("diff", a.toString(), b.toString());
        assertThat(d.code()).isEqualTo(1);
        assertThat(d.out()).isEqualTo("2 nodes changed\nnodes changed\n  ~ grade1  Grade (colour.grade v1)\n      exposure: 0.0 -> 0.5\n"
                + "  ~ save1  Save (output.image v1)\n      moved (400, 0) -> (420, 10)\n");
        JsonNode j = new ObjectMapper().readTree(run("diff", "--json", a.toString(), b.toString()).out());
        assertThat(j.get("nodes").get(0).get("changes").get(0).toString()).isEqualTo("{\"what\":\"param\",\"name\":\"exposure\",\"before\":0.0,\"after\":0.5}");
        Run missing = run("diff", a.toString(), dir.resolve("nope.cgraph").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("cinegraph: " + dir.resolve("nope.cgraph") + ": no such file\n");
    }

    @Test
    void gitFormsNeverFailTheDiff() throws Exception {
        Path a = write("a.cgraph", base());
        Path broken = dir.resolve("broken.cgraph");
        Files.writeString(broken, "{\"format\": \"cinegraph\",");
        Run tc = run("diff", "--textconv", "--", a.toString());
        assertThat(tc.code()).isZero();
        assertThat(tc.out()).startsWith("node grade1  Grade (colour.grade v1)\n  at (200, 0)\n  exposure = 0.0\n  saturation = 1.0\n  image <- solid1.image\n");
        Run raw = run("diff", "--textconv", "--", broken.toString());
        assertThat(raw.code()).isZero();
        assertThat(raw.out()).startsWith("(cinegraph: not a readable graph, shown as text: ").endsWith("{\"format\": \"cinegraph\",");

        Run added = run("diff", "--git-external", "--", "shots/a.cgraph", "/dev/null", "0000000", "100644", a.toString(), "abc1234", "100644");
        assertThat(added.code()).isZero();
        assertThat(added.out()).startsWith("cinegraph diff a/shots/a.cgraph b/shots/a.cgraph\n3 nodes added; 2 links added\n");
        Run bad = run("diff", "--git-external", "--", "b.cgraph", a.toString(), "1", "100644", broken.toString(), "2", "100644");
        assertThat(bad.code()).isZero();
        assertThat(bad.out()).contains("not a readable graph: b.cgraph:1:").contains("git diff --no-ext-diff shows the text");
        assertThat(run("diff", "--git-external", "--", "u.cgraph").out()).contains("unmerged");
    }

    @Test
    void mergeWritesTheMergedGraphAndExitsOneWithAConflictsBlock() throws Exception {
        Path base = write("base.cgraph", base());
        Path ours = write("ours.cgraph", set(base(), "grade1", "exposure", 0.5));
        Path theirs = write("theirs.cgraph", set(base(), "grade1", "saturation", 1.4));
        Path out = dir.resolve("out.cgraph");
        Run clean = run("merge", base.toString(), ours.toString(), theirs.toString(), "-o", out.toString());
        assertThat(clean.code()).isZero();
        assertThat(clean.err()).isEmpty();
        assertThat(GraphFile.read(out, REGISTRY).graph()).isEqualTo(set(set(base(), "grade1", "exposure", 0.5), "grade1", "saturation", 1.4));
        // Without -o the merged text goes to standard output.
        assertThat(run("merge", base.toString(), ours.toString(), theirs.toString()).out()).isEqualTo(Files.readString(out));

        Path other = write("other.cgraph", set(base(), "grade1", "exposure", -0.5));
        Run conflict = run("merge", base.toString(), ours.toString(), other.toString(), "-o", out.toString(), "--name", "shots/a.cgraph");
        assertThat(conflict.code()).isEqualTo(1);
        assertThat(conflict.err()).isEqualTo("cinegraph: shots/a.cgraph: 1 merge conflict (the graph holds ours; its conflicts block lists each side):\n"
                + "  node grade1: merge conflict on parameter 'exposure': ours 0.5, theirs -0.5, base 0.0\n");
        Graph merged = GraphFile.read(out, REGISTRY).graph();
        assertThat(merged.requireNode("grade1").params()).containsEntry("exposure", 0.5);
        assertThat(merged.conflicts()).extracting(Conflict::describe)
                .containsExactly("merge conflict on parameter 'exposure': ours 0.5, theirs -0.5, base 0.0");
        Run validate = run("validate", out.toString());
        assertThat(validate.code()).isEqualTo(2);
        assertThat(validate.out()).contains(out + ": error: node grade1: merge conflict on parameter 'exposure'");
        Run render = run("render", out.toString(), "--out", dir.resolve("renders").toString());
        assertThat(render.code()).isEqualTo(2);
        assertThat(render.err()).contains("grade1").contains("merge conflict");

        Run nothing = run("resolve", out.toString(), "--theirs", "save1");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).isEqualTo("cinegraph: " + out + ": no merge conflict about save1\n");
        Run resolve = run("resolve", out.toString(), "--theirs", "grade1.exposure");
        assertThat(resolve.code()).isZero();
        assertThat(resolve.out()).isEqualTo(out + ": took theirs for 1 conflict; none left\n");
        assertThat(GraphFile.read(out, REGISTRY).graph()).isEqualTo(set(base(), "grade1", "exposure", -0.5));
        assertThat(run("validate", out.toString()).code()).isZero();
    }

    @Test
    void unreadableInputsWriteNothingAndAnEmptyBaseMeansBothAdded() throws Exception {
        Path ours = write("ours.cgraph", base());
        Path broken = dir.resolve("broken.cgraph");
        Files.writeString(broken, "not json");
        Path out = dir.resolve("out.cgraph");
        Files.writeString(out, "ours, untouched");
        Run bad = run("merge", ours.toString(), ours.toString(), broken.toString(), "-o", out.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("cinegraph: " + broken + ":1:1: malformed JSON").endsWith("not merged; " + out + " is unchanged\n");
        assertThat(Files.readString(out)).isEqualTo("ours, untouched");

        Path empty = dir.resolve("empty");
        Files.createFile(empty);
        Path theirs = write("theirs.cgraph", set(base(), "grade1", "exposure", 1.0));
        Run added = run("merge", empty.toString(), ours.toString(), theirs.toString(), "-o", out.toString());
        // Both sides added grade1, differently: both kept, theirs renamed with its links; both feed save1.image, which conflicts.
        assertThat(added.code()).isEqualTo(1);
        Graph g = GraphFile.read(out, REGISTRY).graph();
        assertThat(g.nodes()).containsOnlyKeys("grade1", "grade2", "save1", "solid1");
        assertThat(g.links()).contains(Link.of("solid1", "image", "grade2", "image"), Link.of("grade1", "image", "save1", "image"));
        assertThat(added.err()).contains("theirs' new node grade1 is now grade2: ours added a different grade1",
                "node save1: merge conflict on input 'image': ours grade1.image, theirs grade2.image, base not connected");
    }

    @Test
    void gitSetupOutsideARepositoryRefusesWithOneLine() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Run r = run("git-setup", "--command", "cinegraph", plain.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("cinegraph: git-setup: " + plain + " is not inside a git work tree (run it in a clone, or git init first)\n");
    }
}
