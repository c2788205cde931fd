package org.cinegraph.graph;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The structural rules every Graph instance keeps, whatever the node types. */
class GraphTest {
    static GraphNode n(String id) {
        return GraphNode.of(id, "any.type", 1, "", 0, 0);
    }

    @Test
    void duplicateIdsAreRefused() {
        assertThatThrownBy(() -> Graph.of(List.of(n("a"), n("a")), List.of())).isInstanceOf(GraphException.class)
                .hasMessage("duplicate node id 'a'");
    }

    @Test
    void badIdsAreRefused() {
        assertThatThrownBy(() -> n("1a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1a' is not valid");
        assertThatThrownBy(() -> n("a.b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linksMustJoinExistingNodesAndInputsTakeOneLink() {
        assertThatThrownBy(() -> Graph.of(List.of(n("a")), List.of(Link.of("a", "o", "b", "i"))))
                .hasMessage("link a.o -> b.i goes to missing node 'b'");
        assertThatThrownBy(() -> Graph.of(List.of(n("a"), n("b"), n("c")),
                List.of(Link.of("a", "o", "c", "i"), Link.of("b", "o", "c", "i"))))
                .hasMessage("input c.i has more than one link");
    }

    @Test
    void cyclesAreRefusedNamingTheNodes() {
        assertThatThrownBy(() -> Graph.of(List.of(n("a"), n("b"), n("c")),
                List.of(Link.of("a", "o", "b", "i"), Link.of("b", "o", "a", "i"), Link.of("b", "o", "c", "i"))))
                .hasMessage("the graph has a cycle through nodes a, b");   // c is only fed by the cycle
    }

    @Test
    void orderIsDeterministic() {
        Graph g = Graph.of(List.of(n("c"), n("b"), n("a")), List.of(Link.of("c", "o", "a", "i"), Link.of("b", "o", "a", "j")));
        assertThat(g.topologicalOrder()).containsExactly("b", "c", "a");
        assertThat(g.links()).containsExactly(Link.of("c", "o", "a", "i"), Link.of("b", "o", "a", "j"));
        assertThat(g.upstreamOf(List.of("a"))).containsExactly("a", "b", "c");
        assertThat(g.downstreamOf(List.of("b"))).containsExactly("a", "b");
        Graph same = Graph.of(List.of(n("a"), n("b"), n("c")), List.of(Link.of("b", "o", "a", "j"), Link.of("c", "o", "a", "i")));
        assertThat(same).isEqualTo(g).hasSameHashCodeAs(g);
    }

    @Test
    void graphsAreImmutable() {
        Graph g = Graph.of(List.of(n("a")), List.of());
        assertThatThrownBy(() -> g.nodes().put("b", n("b"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> g.nodes().get("a").params().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        Graph h = g.withNode(n("b"));
        assertThat(g.nodes()).containsOnlyKeys("a");
        assertThat(h.withoutNodes(List.of("b"))).isEqualTo(g);
        assertThat(new Graph(Map.of(), List.of(), Map.of(), ViewState.DEFAULT, Map.of())).isEqualTo(Graph.EMPTY);
    }
}
