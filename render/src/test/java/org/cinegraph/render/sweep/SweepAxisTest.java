package org.cinegraph.render.sweep;

import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.ParamRef;
import org.cinegraph.graph.SubgraphCommands;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The --sweep syntax: lists, decimal ranges, seeds; checked against the parameter; combinations and their names. */
class SweepAxisTest {
    static final NodeRegistry REGISTRY = NodeRegistry.standard();

    static Graph graph() {
        Graph g = Graph.of(List.of(GraphNode.of("noise1", "generate.noise", 1, "", 0, 0).withParams(Map.of("seed", 7L)),
                GraphNode.of("grade1", "colour.grade", 1, "", 0, 0), GraphNode.of("resize1", "transform.resize", 1, "", 0, 0),
                GraphNode.of("grade2", "colour.grade", 1, "", 0, 0)),
                List.of(Link.of("noise1", "image", "grade1", "image"), Link.of("grade1", "image", "resize1", "image"), Link.of("resize1", "image", "grade2", "image")));
        g = new SubgraphCommands(REGISTRY).makeSubgraph(List.of("grade2")).apply(g);
        return new SubgraphCommands(REGISTRY).promote("sub1", "grade2", "gamma", "mid").apply(g);
    }

    static SweepAxis axis(String s) {
        return SweepAxis.parse(s, graph(), REGISTRY);
    }

    @Test
    void listsRangesAndSeeds() {
        assertThat(axis("grade1.exposure=0.5, 1,2").values()).containsExactly(0.5, 1.0, 2.0);
        assertThat(axis("grade1.exposure=0.5:1.5:0.25").values()).containsExactly(0.5, 0.75, 1.0, 1.25, 1.5);
        assertThat(axis("grade1.exposure=0.1:0.3:0.1").values()).containsExactly(0.1, 0.2, 0.3);
        assertThat(axis("grade1.exposure=1:-1:-1").values()).containsExactly(1.0, 0.0, -1.0);
        assertThat(axis("grade1.exposure=0:1:0.3").values()).containsExactly(0.0, 0.3, 0.6, 0.9);
        assertThat(axis("noise1.seed=4seeds").values()).containsExactly(7L, 8L, 9L, 10L);
        assertThat(axis("noise1.seed=3seeds@100").values()).containsExactly(100L, 101L, 102L);
        assertThat(axis("noise1.octaves=2:6:2").values()).containsExactly(2L, 4L, 6L);
        assertThat(axis("resize1.mode=fit,fill").values()).containsExactly("fit", "fill");
        assertThat(axis("sub1.mid=0.8,1.2").param()).isEqualTo(new ParamRef("sub1", "mid"));
        assertThat(axis("sub1/grade2.saturation=0,1").values()).containsExactly(0.0, 1.0);
    }

    @Test
    void refusesWhatTheParameterRefuses() {
        assertThatThrownBy(() -> axis("grade1.exposure=0,12")).hasMessage("parameter 'exposure' is 12, outside its range -10 to 10");
        assertThatThrownBy(() -> axis("resize1.mode=fit,crop")).hasMessageContaining("must be one of [fit, fill, stretch], not 'crop'");
        assertThatThrownBy(() -> axis("grade1.exposure=0:1:0")).hasMessageContaining("the step must be non-zero and go from START towards STOP");
        assertThatThrownBy(() -> axis("grade1.exposure=1:0:0.5")).hasMessageContaining("towards STOP");
        assertThatThrownBy(() -> axis("grade1.exposure=4seeds")).hasMessage("'4seeds' is for seeds; parameter 'exposure' is Number");
        assertThatThrownBy(() -> axis("grade1.exposure=1,1")).hasMessageContaining("a value is listed twice");
        assertThatThrownBy(() -> axis("grade1.exposure=1,,2")).hasMessageContaining("has an empty value");
        assertThatThrownBy(() -> axis("grade9.exposure=1")).hasMessage("no node 'grade9' in the graph");
        assertThatThrownBy(() -> axis("grade1.nope=1")).hasMessage("node grade1 has no parameter 'nope'");
        assertThatThrownBy(() -> axis("grade1.exposure")).hasMessageContaining("NODE.PARAM=VALUES");
        assertThatThrownBy(() -> axis("grade1.exposure=-10:10:0.01")).hasMessageContaining("at most 256");
    }

    @Test
    void combinationsVaryTheLastAxisFastestAndNameTheirValues() {
        Sweep s = new Sweep(List.of(axis("grade1.exposure=0,0.5"), axis("noise1.seed=3seeds")));
        assertThat(s.size()).isEqualTo(6);
        assertThat(s.columns()).isEqualTo(3);
        List<Sweep.Combination> cs = s.combinations();
        assertThat(cs).extracting(Sweep.Combination::label).containsExactly("exposure=0  seed=7", "exposure=0  seed=8", "exposure=0  seed=9",
                "exposure=0.5  seed=7", "exposure=0.5  seed=8", "exposure=0.5  seed=9");
        assertThat(cs.get(4).suffix()).isEqualTo("_exposure=0.5_seed=8");
        assertThat(cs.get(4).values()).containsExactly(Map.entry(new ParamRef("grade1", "exposure"), 0.5), Map.entry(new ParamRef("noise1", "seed"), 8L));
        assertThat(s.describe()).isEqualTo("grade1.exposure=0,0.5 x noise1.seed=3seeds (6 renders)");
        // the same parameter name on two nodes: named with the node
        Sweep two = new Sweep(List.of(axis("grade1.exposure=1"), axis("sub1/grade2.exposure=2")));
        assertThat(two.combinations().get(0).suffix()).isEqualTo("_grade1.exposure=1_sub1-grade2.exposure=2");
        assertThat(new Sweep(List.of(axis("grade1.exposure=1,2,3,4,5"))).columns()).isEqualTo(3);
        assertThatThrownBy(() -> new Sweep(List.of(axis("grade1.exposure=1"), axis("grade1.exposure=2")))).hasMessageContaining("swept twice");
        assertThatThrownBy(() -> new Sweep(List.of(axis("grade1.exposure=-10:10:0.1"), axis("noise1.seed=2seeds"))))
                .hasMessageContaining("more than 256 combinations");
    }
}
