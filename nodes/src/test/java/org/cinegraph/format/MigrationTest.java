package org.cinegraph.format;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MigrationTest {
    /** Version 0: positions as "pos": [x, y], incoming links as "inputs" on the target node. */
    static final String V0 = """
            {
              "format": "cinegraph",
              "version": 0,
              "nodes": [
                {"id": "a", "type": "test.source", "typeVersion": 2, "title": "Src", "pos": [10, 20.5], "params": {"count": 2}},
                {"id": "b", "type": "test.filter", "typeVersion": 1, "pos": [300, 0], "inputs": {"image": "a.image", "mask": "a.image"}}
              ],
              "view": {"centerX": 0, "centerY": 0, "zoom": 2}
            }
            """;

    @Test
    void version0OpensAsVersion1() throws Exception {
        LoadedGraph loaded = GraphFile.parse(V0, "old.cgraph", TestTypes.REGISTRY);
        Graph g = loaded.graph();
        GraphNode a = g.nodes().get("a");
        assertThat(a.x()).isEqualTo(10.0);
        assertThat(a.y()).isEqualTo(20.5);
        assertThat(a.title()).isEqualTo("Src");
        assertThat(a.params()).containsEntry("count", 2L);
        assertThat(a.extra()).as("old fields must not leak into extra").isEmpty();
        assertThat(g.nodes().get("b").extra()).isEmpty();
        assertThat(g.links()).containsExactly(Link.of("a", "image", "b", "image"), Link.of("a", "image", "b", "mask"));
        assertThat(g.view().zoom()).isEqualTo(2.0);
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w.message()).contains("upgraded from format version 0"));

        String saved = GraphFile.toJson(g, TestTypes.REGISTRY);
        assertThat(saved).contains("\"version\": 1,", "\"position\": {\"x\": 10.0, \"y\": 20.5}").doesNotContain("\"pos\"", "\"inputs\"");
        LoadedGraph again = GraphFile.parse(saved, "new.cgraph", TestTypes.REGISTRY);
        assertThat(again.graph()).isEqualTo(g);
        assertThat(again.warnings()).isEmpty();
    }

    @Test
    void aBrokenVersion0FileNamesTheNode() {
        GraphFormatException e = catchThrowableOfType(GraphFormatException.class, () ->
                GraphFile.parse(V0.replace("[300, 0]", "[300]"), "old.cgraph", TestTypes.REGISTRY));
        assertThat(e.getMessage()).isEqualTo("old.cgraph: cannot upgrade from format version 0: node b: \"pos\" must be [x, y]");
    }

    @Test
    void errorsFoundAfterUpgradeStillNameTheNode() {
        GraphFormatException e = catchThrowableOfType(GraphFormatException.class, () ->
                GraphFile.parse(V0.replace("\"mask\": \"a.image\"", "\"matte\": \"a.image\""), "old.cgraph", TestTypes.REGISTRY));
        assertThat(e.getMessage()).isEqualTo("old.cgraph: node b: link a.image -> b.matte: test.filter has no input 'matte'");
    }

    @Test
    void negativeVersionIsRefused() {
        GraphFormatException e = catchThrowableOfType(GraphFormatException.class, () ->
                GraphFile.parse(V0.replace("\"version\": 0", "\"version\": -1"), "odd.cgraph", TestTypes.REGISTRY));
        assertThat(e.getMessage()).isEqualTo("odd.cgraph:3:14: format version -1 is not valid");
    }
}
