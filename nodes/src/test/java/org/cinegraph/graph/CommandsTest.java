package org.cinegraph.graph;

import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandsTest {
    final Commands cmd = new Commands(TestTypes.REGISTRY);

    Graph build(Command... cs) {
        Graph g = Graph.EMPTY;
        for (Command c : cs) g = c.apply(g);
        return g;
    }

    static PortRef p(String node, String port) {
        return new PortRef(node, port);
    }

    @Test
    void addNodeUsesTypeDefaultsAndFreshIds() {
        Graph g = build(cmd.addNode("test.source", 10, 20), cmd.addNode("test.source", 30, 40));
        assertThat(g.nodes()).containsOnlyKeys("source1", "source2");
        GraphNode n = g.nodes().get("source1");
        assertThat(n.typeVersion()).isEqualTo(2);
        assertThat(n.title()).isEqualTo("Source");
        assertThat(n.params()).containsEntry("count", 1L).containsEntry("gain", 1.0).containsEntry("path", "");
        assertThat(List.of(n.x(), n.y())).containsExactly(10.0, 20.0);
        assertThatThrownBy(() -> cmd.addNode("nope.type", 0, 0)).isInstanceOf(GraphException.class).hasMessageContaining("not installed");
        assertThatThrownBy(() -> cmd.addNode(GraphNode.of("source1", "test.text", 1, "", 0, 0)).apply(g))
                .hasMessageContaining("'source1' already exists");
    }

    @Test
    void removeNodesTakesTheirLinks() {
        Graph g = build(cmd.addNode("test.source", 0, 0), cmd.addNode("test.filter", 0, 0), cmd.addNode("test.filter", 0, 0),
                cmd.connect(p("source1", "image"), p("filter1", "image")), cmd.connect(p("filter1", "image"), p("filter2", "image")));
        Graph after = cmd.removeNodes(List.of("filter1")).apply(g);
        assertThat(after.nodes()).containsOnlyKeys("source1", "filter2");
        assertThat(after.links()).isEmpty();
        assertThatThrownBy(() -> cmd.removeNodes(List.of("ghost")).apply(g)).hasMessageContaining("no node 'ghost'");
    }

    @Test
    void moveAndPlaceNodes() {
        Graph g = build(cmd.addNode("test.text", 1, 2), cmd.addNode("test.text", 5, 5));
        Graph moved = cmd.moveNodes(List.of("text1", "text2"), 10, -1).apply(g);
        assertThat(moved.nodes().get("text1").x()).isEqualTo(11.0);
        assertThat(moved.nodes().get("text2").y()).isEqualTo(4.0);
        Graph placed = cmd.placeNodes("Align", Map.of("text1", new double[]{0, 0})).apply(moved);
        assertThat(placed.nodes().get("text1").x()).isEqualTo(0.0);
    }

    @Test
    void connectChecksPortsAndTypes() {
        Graph g = build(cmd.addNode("test.source", 0, 0), cmd.addNode("test.filter", 0, 0), cmd.addNode("test.text", 0, 0));
        Graph ok = cmd.connect(p("source1", "image"), p("filter1", "image")).apply(g);
        assertThat(ok.links()).containsExactly(Link.of("source1", "image", "filter1", "image"));
        // Image feeds Mask (luminance), so this one is allowed too.
        assertThat(cmd.connect(p("source1", "image"), p("filter1", "mask")).apply(ok).links()).hasSize(2);

        assertThatThrownBy(() -> cmd.connect(p("text1", "text"), p("filter1", "image")).apply(g))
                .isInstanceOf(GraphException.class)
                .hasMessage("cannot connect Text output text1.text to Image input filter1.image");
        assertThatThrownBy(() -> cmd.connect(p("source1", "value"), p("filter1", "image")).apply(g))
                .hasMessage("cannot connect Number output source1.value to Image input filter1.image");
        assertThatThrownBy(() -> cmd.connect(p("source1", "image"), p("filter1", "nope")).apply(g))
                .hasMessageContaining("test.filter has no input 'nope'");
        assertThatThrownBy(() -> cmd.connect(p("source1", "nope"), p("filter1", "image")).apply(g))
                .hasMessageContaining("test.source has no output 'nope'");
        assertThatThrownBy(() -> cmd.connect(p("filter1", "image"), p("filter1", "mask")).apply(g))
                .hasMessageContaining("to itself");
        assertThatThrownBy(() -> cmd.connect(p("ghost", "image"), p("filter1", "image")).apply(g))
                .hasMessageContaining("missing node 'ghost'");
    }

    @Test
    void connectReplacesTheLinkInAnOccupiedInput() {
        Graph g = build(cmd.addNode("test.source", 0, 0), cmd.addNode("test.source", 0, 0), cmd.addNode("test.filter", 0, 0),
                cmd.connect(p("source1", "image"), p("filter1", "image")));
        Graph replaced = cmd.connect(p("source2", "image"), p("filter1", "image")).apply(g);
        assertThat(replaced.links()).containsExactly(Link.of("source2", "image", "filter1", "image"));
    }

    @Test
    void connectRefusesCycles() {
        Graph g = build(cmd.addNode("test.filter", 0, 0), cmd.addNode("test.filter", 0, 0), cmd.addNode("test.filter", 0, 0),
                cmd.connect(p("filter1", "image"), p("filter2", "image")), cmd.connect(p("filter2", "image"), p("filter3", "image")));
        assertThatThrownBy(() -> cmd.connect(p("filter3", "image"), p("filter1", "image")).apply(g))
                .isInstanceOf(GraphException.class)
                .hasMessageStartingWith("cannot connect filter3.image to filter1.image: ")
                .hasMessageContaining("cycle through nodes filter1, filter2, filter3");
    }

    @Test
    void disconnect() {
        Graph g = build(cmd.addNode("test.source", 0, 0), cmd.addNode("test.filter", 0, 0), cmd.connect(p("source1", "image"), p("filter1", "image")));
        Link l = g.links().get(0);
        assertThat(cmd.disconnect(l).apply(g).links()).isEmpty();
        assertThatThrownBy(() -> cmd.disconnect(l).apply(cmd.disconnect(l).apply(g))).hasMessageContaining("no link");
    }

    @Test
    void setParamIsCheckedAgainstTheType() {
        Graph g = build(cmd.addNode("test.source", 0, 0), cmd.addNode("test.source", 0, 0), cmd.addNode("test.text", 0, 0));
        Graph set = cmd.setParam("source1", "count", 7).apply(g);
        assertThat(set.nodes().get("source1").params().get("count")).isEqualTo(7L);
        assertThatThrownBy(() -> cmd.setParam("source1", "count", 11).apply(g))
                .isInstanceOf(GraphException.class)
                .hasMessage("node source1: parameter 'count' is 11, outside its range 1 to 10");
        assertThatThrownBy(() -> cmd.setParam("source1", "gain", -0.5).apply(g)).hasMessageContaining("outside its range 0 to 2");
        assertThatThrownBy(() -> cmd.setParam("source1", "gain", "loud").apply(g)).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> cmd.setParam("source1", "volume", 1).apply(g)).hasMessageContaining("has no parameter 'volume'");
        // Several nodes: all or nothing.
        Graph both = cmd.setParam(List.of("source1", "source2"), "gain", 0.5).apply(g);
        assertThat(both.nodes().get("source2").params().get("gain")).isEqualTo(0.5);
        assertThatThrownBy(() -> cmd.setParam(List.of("source1", "text1"), "gain", 0.5).apply(g)).hasMessageContaining("text1");
    }

    @Test
    void pasteRenamesTakenIdsAndKeepsInternalLinks() {
        Graph g = build(cmd.addNode("test.source", 0, 0), cmd.addNode("test.filter", 100, 0), cmd.addNode("test.filter", 200, 0),
                cmd.connect(p("source1", "image"), p("filter1", "image")), cmd.connect(p("filter1", "image"), p("filter2", "image")));
        Graph fragment = Commands.fragment(g, List.of("filter1", "filter2"));
        assertThat(fragment.links()).containsExactly(Link.of("filter1", "image", "filter2", "image"));

        Graph pasted = cmd.paste(fragment, 10, 20).apply(g);
        assertThat(pasted.nodes()).containsOnlyKeys("source1", "filter1", "filter2", "filter3", "filter4");
        assertThat(pasted.nodes().get("filter3").x()).isEqualTo(110.0);
        assertThat(pasted.nodes().get("filter4").y()).isEqualTo(20.0);
        assertThat(pasted.links()).contains(Link.of("filter3", "image", "filter4", "image"));
        assertThat(pasted.links()).hasSize(3);

        // Ids that are free are kept; links to nodes outside the fragment are dropped.
        Graph into = cmd.paste(Commands.fragment(g, List.of("filter1")), 0, 0).apply(Graph.EMPTY);
        assertThat(into.nodes()).containsOnlyKeys("filter1");
        assertThat(into.links()).isEmpty();
    }

    @Test
    void groupsMoveTheNodesInside() {
        Graph g = build(cmd.addNode("test.text", 10, 10), cmd.addNode("test.text", 500, 500),
                cmd.addGroup("G", null, new Bounds(0, 0, 100, 100)));
        Graph moved = cmd.moveGroup("group1", 5, 5).apply(g);
        assertThat(moved.nodes().get("text1").x()).isEqualTo(15.0);
        assertThat(moved.nodes().get("text2").x()).isEqualTo(500.0);
        assertThat(moved.groups().get("group1").bounds().x()).isEqualTo(5.0);
        assertThatThrownBy(() -> cmd.removeGroup("nope").apply(g)).hasMessageContaining("no group 'nope'");
    }
}
