package org.cinegraph.format;

import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.ViewState;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class GraphFileTest {
    static final org.cinegraph.spi.NodeRegistry REG = TestTypes.REGISTRY;

    static String fixture(String name) throws IOException {
        try (InputStream in = GraphFileTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Graph sample() {
        GraphNode src = GraphNode.of("source1", "test.source", 2, "Plate", 10, 20.5)
                .withParams(Map.of("count", 3L, "gain", 1.0, "path", "plates/bg.png"));
        GraphNode flt = GraphNode.of("filter1", "test.filter", 1, "Soften", 300, -4)
                .withParam("amount", 0.125).withBypass(true).withNotes("line one\nline two");
        Graph g = Graph.of(List.of(src, flt), List.of(Link.of("source1", "image", "filter1", "image")));
        return g.withGroup(new Group("group1", "Plates", "#112233", new Bounds(0, 0, 500, 200)))
                .withView(new ViewState(12.5, -3, 1.5));
    }

    @Test
    void canonicalFixtureParsesAndReserialisesIdentically() throws Exception {
        String text = fixture("canonical.cgraph");
        LoadedGraph loaded = GraphFile.parse(text, "canonical.cgraph", REG);
        assertThat(GraphFile.toJson(loaded.graph(), REG)).isEqualTo(text);
        Graph g = loaded.graph();
        assertThat(g.nodes()).containsOnlyKeys("filter1", "source1", "warp1");
        assertThat(g.nodes().get("source1").params().get("count")).isEqualTo(3L);
        assertThat(g.nodes().get("source1").params().get("gain")).isEqualTo(1.0);
        assertThat(g.nodes().get("filter1").notes()).contains("café → ok", "\"quoted\"");
        assertThat(g.links()).hasSize(2);
        assertThat(g.view()).isEqualTo(new ViewState(150, 0, 0.75));
        assertThat(g.extra()).containsEntry("license", "CC-BY-4.0");
    }

    @Test
    void unknownTypeAndUnknownFieldsSurviveOpenAndSaveByteForByte(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.cgraph");
        Files.writeString(in, fixture("canonical.cgraph"));
        Files.createDirectories(dir.resolve("plates"));
        Files.write(dir.resolve("plates/bg.png"), new byte[]{1});
        LoadedGraph loaded = GraphFile.read(in, REG);
        GraphNode warp = loaded.graph().nodes().get("warp1");
        assertThat(warp.type()).isEqualTo("future.warp");
        assertThat(warp.extra()).containsEntry("colourTag", "red").containsKey("cache");
        assertThat(loaded.warnings()).extracting(Problem::toString).anySatisfy(w -> assertThat(w)
                .contains("warp1", "future.warp", "placeholder"));
        Path out = dir.resolve("out.cgraph");
        GraphFile.write(loaded.graph(), out, REG);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(in));
    }

    @Test
    void writeReadWriteGivesIdenticalBytesAndKeepsLongVersusDouble(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("g.cgraph");
        GraphFile.write(sample(), f, REG);
        byte[] first = Files.readAllBytes(f);
        Graph back = GraphFile.read(f, REG).graph();
        assertThat(back).isEqualTo(sample());
        assertThat(back.nodes().get("source1").params().get("count")).isInstanceOf(Long.class);
        assertThat(back.nodes().get("source1").params().get("gain")).isInstanceOf(Double.class);
        GraphFile.write(back, f, REG);
        assertThat(Files.readAllBytes(f)).isEqualTo(first);
        String text = new String(first, StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").doesNotContain("\r").contains("\"gain\": 1.0", "\"count\": 3,",
                "{\"from\": \"source1.image\", \"to\": \"filter1.image\"}", "\"position\": {\"x\": 10.0, \"y\": 20.5}");
        assertThat(text.indexOf("\"format\"")).isLessThan(text.indexOf("\"version\""));
        assertThat(text.indexOf("\"requires\"")).isLessThan(text.indexOf("\"nodes\": ["));
        assertThat(text).contains("\"test.source\": 2", "\"plates/bg.png\"");
    }

    @Test
    void sameGraphBuiltInAnotherOrderGivesSameBytes() {
        Map<String, Object> p1 = new TreeMap<>(Map.of("gain", 0.5, "count", 2L));
        Map<String, Object> p2 = new java.util.LinkedHashMap<>();
        p2.put("gain", 0.5);
        p2.put("count", 2L);
        GraphNode a = GraphNode.of("b", "test.source", 2, "", 0, 0).withParams(p1);
        GraphNode b = GraphNode.of("a", "test.filter", 1, "", 0, 0);
        Graph g1 = Graph.of(List.of(a, b), List.of(Link.of("b", "image", "a", "image")));
        Graph g2 = Graph.of(List.of(b, a.withParams(p2)), List.of(Link.of("b", "image", "a", "image")));
        assertThat(GraphFile.toJson(g1, REG)).isEqualTo(GraphFile.toJson(g2, REG));
    }

    @Test
    void defaultFlagsAndEmptyNotesAreLeftOut() {
        String text = GraphFile.toJson(Graph.of(List.of(GraphNode.of("a", "test.text", 1, "T", 0, 0)), List.of()), REG);
        assertThat(text).doesNotContain("bypass", "muted", "collapsed", "notes");
        assertThat(text).contains("\"groups\": []", "\"models\": []", "\"assets\": []", "\"params\": {}");
    }

    @Test
    void copyAndPasteFragmentUsesTheSameJson() throws Exception {
        GraphNode t = GraphNode.of("text1", "test.text", 1, "", 0, 0);
        Graph g = sample().withNode(t);
        String clip = GraphFile.copy(g, List.of("source1", "filter1"), REG);
        assertThat(clip).startsWith("{\n  \"format\": \"cinegraph\"").doesNotContain("text1");
        Graph fragment = GraphFile.pasteFragment(clip, REG);
        assertThat(fragment.nodes()).containsOnlyKeys("source1", "filter1");
        assertThat(fragment.links()).containsExactly(Link.of("source1", "image", "filter1", "image"));
    }
}
