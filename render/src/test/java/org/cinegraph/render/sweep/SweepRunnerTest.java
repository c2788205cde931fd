package org.cinegraph.render.sweep;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderJob;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Every combination through the one render path: shared upstream work once, files side by side, one history entry. */
class SweepRunnerTest {
    static final AtomicInteger UPSTREAM = new AtomicInteger();
    @TempDir
    Path dir;

    /** An expensive upstream value (counted), an offset added per combination, a text file written. */
    static NodeRegistry registry() {
        NodeType source = new NodeType() {
            public NodeSpec spec() {
                return NodeSpec.builder("t.source", 1).param(ParamSpec.number("value", 1, -100, 100, "")).output("out", DataType.NUMBER, "").build();
            }

            public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
                UPSTREAM.incrementAndGet();
                return Map.of("out", in.number("value"));
            }
        };
        NodeType add = new NodeType() {
            public NodeSpec spec() {
                return NodeSpec.builder("t.add", 1).input("a", DataType.NUMBER, "").param(ParamSpec.number("offset", 0, -100, 100, ""))
                        .param(ParamSpec.number("fail_at", 99, -100, 100, "")).output("out", DataType.NUMBER, "").build();
            }

            public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
                if (in.number("offset") == in.number("fail_at")) throw new org.cinegraph.spi.NodeException("offset " + in.number("offset") + " is cursed");
                return Map.of("out", in.inputNumber("a") + in.number("offset"));
            }
        };
        NodeType write = new NodeType() {
            public NodeSpec spec() {
                return NodeSpec.builder("t.write", 1).input("v", DataType.NUMBER, "").param(ParamSpec.text("filename", "value.txt", ""))
                        .output("file", DataType.FILE, "").writesFiles().build();
            }

            public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
                Path p = ctx.resolveOutput(in.text("filename"));
                Files.writeString(p, Double.toString(in.inputNumber("v")));
                return Map.of("file", p);
            }
        };
        return new NodeRegistry(List.of(source, add, write));
    }

    @Test
    void rendersEachCombinationOnceSharingTheUpstreamWorkAndRecordsTheSweepOnce() throws Exception {
        NodeRegistry reg = registry();
        Renderer renderer = new Renderer(reg, ModelLibrary.fromEnvironment(), new RenderSettings(dir.resolve("cache"), 1L << 30, 2),
                new RenderHistory(dir.resolve("history")));
        Graph g = Graph.of(List.of(GraphNode.of("source1", "t.source", 1, "", 0, 0).withParams(Map.of("value", 10.0)),
                GraphNode.of("add1", "t.add", 1, "", 0, 0).withParams(Map.of("fail_at", 3.0)), GraphNode.of("write1", "t.write", 1, "", 0, 0)),
                List.of(Link.of("source1", "out", "add1", "a"), Link.of("add1", "out", "write1", "v")));
        Path file = dir.resolve("g.cgraph");
        org.cinegraph.format.GraphFile.write(g, file, reg);
        Sweep sweep = new Sweep(List.of(SweepAxis.parse("add1.offset=1:4:1", g, reg)));
        UPSTREAM.set(0);
        StringBuilder seen = new StringBuilder();
        SweepRunner.Result r = SweepRunner.run(renderer, RenderJob.of(g, file).withOutDir(dir.resolve("out")), sweep, (c, total) -> {
            seen.append(c.index() + 1).append('/').append(total).append(' ');
            return e -> { };
        }, new CancelToken());
        assertThat(seen.toString()).isEqualTo("1/4 2/4 3/4 4/4 ");
        assertThat(UPSTREAM.get()).as("the source is the same in every combination: computed once").isEqualTo(1);
        assertThat(r.cells()).extracting(c -> c.failure().isPresent()).containsExactly(false, false, true, false);
        assertThat(r.cells().get(2).failure().orElseThrow()).isEqualTo("node add1 failed: offset 3.0 is cursed");
        assertThat(r.failed()).isTrue();
        assertThat(Files.readString(dir.resolve("out/value_offset=1.txt"))).isEqualTo("11.0");
        assertThat(Files.readString(dir.resolve("out/value_offset=4.txt"))).isEqualTo("14.0");
        assertThat(dir.resolve("out/value_offset=3.txt")).doesNotExist();
        assertThat(r.warnings()).containsExactly("no contact sheet for value.txt: it is neither a picture nor a video");

        HistoryEntry h = r.recorded().orElseThrow();
        assertThat(h.sweep()).contains("add1.offset=1:4:1 (4 renders)");
        assertThat(h.outputs()).hasSize(3);
        assertThat(new RenderHistory(dir.resolve("history")).list()).hasSize(1);
        assertThat(new RenderHistory(dir.resolve("history")).load(h.id()).orElseThrow().sweep()).isEqualTo(h.sweep());
    }

    @Test
    void aCancelledSweepStopsAndMakesNoSheet() throws Exception {
        NodeRegistry reg = registry();
        Renderer renderer = new Renderer(reg, ModelLibrary.fromEnvironment(), new RenderSettings(dir.resolve("cache"), 1L << 30, 2), null);
        Graph g = Graph.of(List.of(GraphNode.of("source1", "t.source", 1, "", 0, 0), GraphNode.of("add1", "t.add", 1, "", 0, 0),
                GraphNode.of("write1", "t.write", 1, "", 0, 0)), List.of(Link.of("source1", "out", "add1", "a"), Link.of("add1", "out", "write1", "v")));
        CancelToken cancel = new CancelToken();
        SweepRunner.Result r = SweepRunner.run(renderer, RenderJob.unsaved(g, dir, dir.resolve("out")),
                new Sweep(List.of(SweepAxis.parse("add1.offset=1,2,3", g, reg))), (c, total) -> {
                    if (c.index() == 1) cancel.cancel();
                    return e -> { };
                }, cancel);
        assertThat(r.cancelled()).isTrue();
        assertThat(r.sheets()).isEmpty();
        assertThat(r.cells()).hasSize(1);
        assertThat(r.recorded()).isEmpty();
    }
}
