package org.cinegraph.render;

import org.cinegraph.graph.Command;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.SubgraphCommands;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.media.Clip;
import org.cinegraph.render.preview.Preview;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The executor runs subgraphs flattened: shared cache entries wherever they sit, clips crossing lazily, failures by path. */
class SubgraphRenderTest {
    private final NodeRegistry registry = TestNodes.registry();
    private final Commands cmd = new Commands(registry);
    private final SubgraphCommands sub = new SubgraphCommands(registry);
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        TestNodes.reset();
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    private static Graph apply(Graph g, Command... cs) {
        for (Command c : cs) g = c.apply(g);
        return g;
    }

    /** {@code value} -> sub (add1 +10, add2 +1) -> {@code write} (filename). */
    private Graph chain(String value, String write, String filename) {
        Graph g = Graph.of(List.of(node(value, "test.value", Map.of("value", 2.0)), node("add1", "test.add", Map.of("offset", 10.0)),
                node("add2", "test.add", Map.of("offset", 1.0)), node(write, "test.write", Map.of("filename", filename))), List.of(
                Link.of(value, "out", "add1", "a"), Link.of("add1", "out", "add2", "a"), Link.of("add2", "out", write, "value")));
        return sub.makeSubgraph(List.of("add1", "add2")).apply(g);
    }

    private Executor executor() {
        return new Executor(registry, new RenderCache(dir.resolve("cache"), 1 << 30, 1 << 28), 2);
    }

    private RenderResult render(Executor ex, Graph g) throws RenderException {
        return ex.render(RenderRequest.of(g, dir, dir.resolve("out")), null, RenderListener.NONE, new CancelToken());
    }

    @Test
    void innerNodesRunByPathAndCrossTheBoundary() throws Exception {
        RenderResult r = render(executor(), chain("value1", "write1", "a.txt"));
        assertThat(r.failed()).isFalse();
        assertThat(r.reports()).containsOnlyKeys("value1", "sub1/add1", "sub1/add2", "write1");
        assertThat(Files.readString(dir.resolve("out/a.txt"))).isEqualTo("13.0");
    }

    @Test
    void theSameSubgraphInTwoPlacesAndTwoGraphsHitsTheSameCacheEntries() throws Exception {
        Executor ex = executor();
        Graph a = chain("value1", "write1", "a.txt");
        render(ex, a);
        assertThat(TestNodes.evals("sub1/add1")).isEqualTo(1);

        // another graph: the same subgraph twice, under other ids, fed by a differently named node with the same value
        Graph one = chain("source7", "save1", "b.txt");
        GraphNode copy = one.requireNode("sub1").withId("grading").withPosition(500, 0);
        Graph b = apply(one.withNode(copy), cmd.addNode(node("save2", "test.write", Map.of("filename", "c.txt"))),
                cmd.connect(new PortRef("source7", "out"), new PortRef("grading", "a")), cmd.connect(new PortRef("grading", "out"), new PortRef("save2", "value")));
        b = sub.makeSubgraph(List.of("grading")).apply(b); // and one level deeper
        RenderRequest reqA = RenderRequest.of(a, dir, dir.resolve("out"));
        RenderRequest reqB = RenderRequest.of(b, dir, dir.resolve("out"));
        assertThat(ex.plan(reqB).key("sub2/grading/add2")).isEqualTo(ex.plan(reqA).key("sub1/add2")).isEqualTo(ex.plan(reqB).key("sub1/add2"));

        RenderResult r = render(ex, b);
        assertThat(r.failed()).isFalse();
        assertThat(r.report("sub1/add1").state()).isEqualTo(NodeState.CACHED);
        assertThat(r.report("sub2/grading/add1").state()).isEqualTo(NodeState.CACHED);
        assertThat(r.report("sub2/grading/add2").state()).isEqualTo(NodeState.CACHED);
        assertThat(TestNodes.evals("sub1/add1") + TestNodes.evals("sub2/grading/add1")).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("out/c.txt"))).isEqualTo("13.0");
    }

    @Test
    void promotedValuesAreInnerSettingsSoTheyChangeTheKey() throws Exception {
        Executor ex = executor();
        Graph g = sub.promote("sub1", "add1", "offset", "lift").apply(chain("value1", "write1", "a.txt"));
        String before = ex.plan(RenderRequest.of(g, dir, dir)).key("sub1/add1");
        Graph lifted = cmd.setParam("sub1", "lift", 20.0).apply(g);
        assertThat(ex.plan(RenderRequest.of(lifted, dir, dir)).key("sub1/add1")).isNotEqualTo(before);
        render(ex, lifted);
        assertThat(Files.readString(dir.resolve("out/a.txt"))).isEqualTo("23.0");
        // the same values set inside instead: the same key
        Graph inside = Subgraphs.inside(List.of("sub1"), cmd.setParam("add1", "offset", 20.0)).apply(g);
        assertThat(ex.plan(RenderRequest.of(inside, dir, dir)).key("sub1/add1")).isEqualTo(ex.plan(RenderRequest.of(lifted, dir, dir)).key("sub1/add1"));
    }

    @Test
    void failuresAndProblemsNameTheInnerNodeByPath() throws Exception {
        Graph g = Graph.of(List.of(node("value1", "test.value", Map.of()), node("fail1", "test.fail", Map.of()), node("write1", "test.write", Map.of())),
                List.of(Link.of("value1", "out", "fail1", "a"), Link.of("fail1", "out", "write1", "value")));
        g = sub.makeSubgraph(List.of("fail1")).apply(g);
        RenderResult r = render(executor(), g);
        assertThat(r.failures()).extracting(NodeReport::nodeId).containsExactly("sub1/fail1");
        assertThat(r.report("sub1/fail1").reason()).contains("broken.png");

        Graph bad = chain("value1", "write1", "a.txt");
        GraphNode inner = bad.requireNode("sub1").subgraph().graph().requireNode("add2").withParam("offset", "lots");
        bad = Subgraphs.inside(List.of("sub1"), Command.of("edit", x -> x.withNode(inner))).apply(bad);
        Graph broken = bad;
        assertThatThrownBy(() -> render(executor(), broken)).isInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).problems()).extracting(Problem::nodeId).containsExactly("sub1/add2"));
    }

    @Test
    void aClipFlowsInAndOutLazilyFrameByFrame() throws Exception {
        Graph g = Graph.of(List.of(node("frames1", "test.frames", Map.of()), node("bright1", "test.brighten", Map.of()),
                node("bright2", "test.brighten", Map.of()), node("out1", "test.write-frames", Map.of())), List.of(
                Link.of("frames1", "clip", "bright1", "image"), Link.of("bright1", "image", "bright2", "image"), Link.of("bright2", "image", "out1", "clip")));
        g = sub.makeSubgraph(List.of("bright1", "bright2")).apply(g);
        assertThat(g.requireNode("sub1").subgraph().inputs().get(0).type()).isEqualTo(org.cinegraph.spi.DataType.CLIP);
        Executor ex = executor();
        RenderResult r = ex.render(RenderRequest.of(g, dir, dir.resolve("out")).withFrames(new FrameRange(5, 6)), null, RenderListener.NONE, new CancelToken());
        assertThat(r.failed()).isFalse();
        assertThat(Files.readString(dir.resolve("out/frames.txt"))).isEqualTo("7\n8\n");
        assertThat(TestNodes.FRAMES.keySet()).containsExactlyInAnyOrder(5, 6);

        TestNodes.FRAMES.clear();
        try (Preview.Value v = new Preview(ex).pull(g, dir, new PortRef("sub1", "image"), new CancelToken())) {
            Clip c = v.clip().orElseThrow();
            assertThat(c.frameCount()).isEqualTo(100);
            assertThat((c.frame(40).pixel(0, 0) >> 16) & 0xFF).isEqualTo(42);
        }
        assertThat(TestNodes.FRAMES.keySet()).containsExactly(40);
        // a node inside, by path: what reaches it from outside flows in
        try (Preview.Value v = new Preview(ex).pull(g, dir, new PortRef("sub1/bright1", "image"), new CancelToken())) {
            assertThat((v.clip().orElseThrow().frame(41).pixel(0, 0) >> 16) & 0xFF).isEqualTo(42);
        }
    }

    @Test
    void aBypassedSubgraphPassesItsInputThrough() throws Exception {
        Graph g = cmd.setBypass(List.of("sub1"), true).apply(chain("value1", "write1", "a.txt"));
        RenderResult r = render(executor(), g);
        assertThat(r.reports()).containsOnlyKeys("value1", "write1");
        assertThat(Files.readString(dir.resolve("out/a.txt"))).isEqualTo("2.0");
    }
}
