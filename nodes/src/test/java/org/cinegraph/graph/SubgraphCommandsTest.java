package org.cinegraph.graph;

import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubgraphCommandsTest {
    final Commands cmd = new Commands(TestTypes.REGISTRY);
    final SubgraphCommands sub = new SubgraphCommands(TestTypes.REGISTRY);
    final GraphValidator validator = new GraphValidator(TestTypes.REGISTRY);

    static PortRef p(String node, String port) {
        return new PortRef(node, port);
    }

    /** source1 -> filter1 -> filter2 -> filter3, filters at y = 100, 200, 300. */
    Graph chain() {
        Graph g = Graph.EMPTY;
        for (Command c : List.of(cmd.addNode("test.source", 0, 0), cmd.addNode("test.filter", 0, 100), cmd.addNode("test.filter", 40, 200),
                cmd.addNode("test.filter", 0, 300), cmd.connect(p("source1", "image"), p("filter1", "image")),
                cmd.connect(p("filter1", "image"), p("filter2", "image")), cmd.connect(p("filter2", "image"), p("filter3", "image")))) {
            g = c.apply(g);
        }
        return g;
    }

    @Test
    void makeSubgraphTurnsCrossingLinksIntoPorts() {
        Graph g = sub.makeSubgraph(List.of("filter1", "filter2")).apply(chain());
        assertThat(g.nodes()).containsOnlyKeys("source1", "sub1", "filter3");
        GraphNode n = g.requireNode("sub1");
        assertThat(n.type()).isEqualTo(Subgraph.TYPE);
        assertThat(List.of(n.x(), n.y())).containsExactly(20.0, 150.0);
        Subgraph s = n.subgraph();
        assertThat(s.graph().nodes()).containsOnlyKeys("filter1", "filter2");
        assertThat(s.graph().links()).containsExactly(Link.of("filter1", "image", "filter2", "image"));
        assertThat(s.inputs()).containsExactly(new Subgraph.Input("image", DataType.IMAGE, List.of(p("filter1", "image"))));
        assertThat(s.outputs()).containsExactly(new Subgraph.Output("image", DataType.IMAGE, p("filter2", "image")));
        assertThat(g.links()).containsExactlyInAnyOrder(Link.of("source1", "image", "sub1", "image"), Link.of("sub1", "image", "filter3", "image"));
        assertThat(validator.validate(g)).isEmpty();

        NodeSpec spec = NodeSpecs.of(TestTypes.REGISTRY, n).orElseThrow();
        assertThat(spec.inputs()).singleElement().satisfies(in -> assertThat(in.required()).isTrue());
        assertThat(spec.outputs()).singleElement().satisfies(o -> assertThat(o.type()).isEqualTo(DataType.IMAGE));
        assertThat(spec.perFrame()).isFalse(); // the test filter is not per frame
    }

    @Test
    void oneOutsideOutputFeedingTwoSelectedInputsIsOnePort() {
        Graph g = chain();
        g = cmd.connect(p("source1", "image"), p("filter2", "mask")).apply(g);
        Graph made = sub.makeSubgraph(List.of("filter1", "filter2")).apply(g);
        assertThat(made.requireNode("sub1").subgraph().inputs()).extracting(Subgraph.Input::name, Subgraph.Input::targets)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("image", List.of(p("filter1", "image"), p("filter2", "mask"))));
    }

    @Test
    void twoOutsideOutputsGetDistinctNames() {
        Graph g = cmd.addNode("test.source", 300, 0).apply(chain());
        g = cmd.connect(p("source2", "image"), p("filter2", "mask")).apply(g);
        Subgraph s = sub.makeSubgraph(List.of("filter1", "filter2")).apply(g).requireNode("sub1").subgraph();
        assertThat(s.inputs()).extracting(Subgraph.Input::name).containsExactly("image", "mask");
        g = cmd.connect(p("source2", "image"), p("filter1", "mask")).apply(cmd.disconnect(Link.of("source2", "image", "filter2", "mask")).apply(g));
        s = sub.makeSubgraph(List.of("filter1")).apply(g).requireNode("sub1").subgraph();
        assertThat(s.inputs()).extracting(Subgraph.Input::name).containsExactly("image", "mask");
    }

    @Test
    void refusesASelectionWithOutsideNodesBetween() {
        assertThatThrownBy(() -> sub.makeSubgraph(List.of("filter1", "filter3")).apply(chain()))
                .isInstanceOf(GraphException.class).hasMessageContaining("nodes outside the selection sit between selected ones");
        assertThatThrownBy(() -> sub.makeSubgraph(List.of()).apply(chain())).hasMessageContaining("select the nodes");
    }

    @Test
    void unpackRestoresTheSelectionExactly() {
        Graph g = chain();
        g = g.withConflicts(List.of(Conflict.of(Conflict.Kind.PARAM, "filter1", "amount", Map.of(Conflict.Side.OURS, 0.5, Conflict.Side.THEIRS, 0.7))));
        Graph made = sub.makeSubgraph(List.of("filter1", "filter2")).apply(g);
        assertThat(made.conflicts()).isEmpty();
        assertThat(made.requireNode("sub1").subgraph().graph().conflicts()).hasSize(1);
        assertThat(validator.validate(made)).extracting(Problem::nodeId).containsExactly("sub1/filter1");
        assertThat(sub.unpack("sub1").apply(made)).isEqualTo(g);
    }

    @Test
    void unpackRenamesInnerIdsTakenOutsideAndFollowsTheNode() {
        Graph made = sub.makeSubgraph(List.of("filter1", "filter2")).apply(chain());
        made = cmd.addNode("test.filter", 500, 500).apply(made); // takes the free id filter1
        made = cmd.moveNodes(List.of("sub1"), 100, 0).apply(made);
        Graph g = sub.unpack("sub1").apply(made);
        assertThat(g.nodes()).containsOnlyKeys("source1", "filter1", "filter2", "filter3", "filter4");
        assertThat(g.requireNode("filter4").x()).isEqualTo(100.0);
        assertThat(g.requireNode("filter2").x()).isEqualTo(140.0);
        assertThat(g.links()).containsExactlyInAnyOrder(Link.of("source1", "image", "filter4", "image"), Link.of("filter4", "image", "filter2", "image"),
                Link.of("filter2", "image", "filter3", "image"));
    }

    @Test
    void promotedParametersHaveTheUsersNameOrderAndValues() {
        Graph g = sub.makeSubgraph(List.of("filter1", "filter2")).apply(chain());
        g = Subgraphs.inside(List.of("sub1"), cmd.setParam("filter2", "amount", 0.25)).apply(g);
        g = sub.promote("sub1", "filter1", "amount", "strength").apply(g);
        g = sub.promote("sub1", "filter2", "amount", "detail").apply(g);
        NodeSpec spec = NodeSpecs.of(TestTypes.REGISTRY, g.requireNode("sub1")).orElseThrow();
        assertThat(spec.params()).extracting(ps -> ps.name()).containsExactly("strength", "detail");
        assertThat(spec.param("detail").orElseThrow().defaultValue()).isEqualTo(0.25);
        assertThatThrownBy(() -> sub.promote("filter1", "filter1", "amount", "again").apply(chain()))
                .hasMessageContaining("not a subgraph");
        Graph promoted = g;
        assertThatThrownBy(() -> sub.promote("sub1", "filter1", "amount", "again").apply(promoted)).hasMessageContaining("already promoted");
        assertThatThrownBy(() -> sub.promote("sub1", "filter1", "nope", "x").apply(promoted)).hasMessageContaining("no parameter 'nope'");

        g = cmd.setParam("sub1", "strength", 0.9).apply(g);
        assertThatThrownBy(() -> cmd.setParam("sub1", "strength", 1.5).apply(promoted)).hasMessageContaining("outside its range");
        assertThat(validator.validate(g)).isEmpty();
        Subgraphs.Flat flat = Subgraphs.flatten(g);
        assertThat(flat.graph().requireNode("sub1/filter1").params()).containsEntry("amount", 0.9);
        assertThat(flat.graph().requireNode("sub1/filter2").params()).containsEntry("amount", 0.25);

        g = sub.moveParam("sub1", "detail", -1).apply(g);
        g = sub.renameParam("sub1", "strength", "gain").apply(g);
        assertThat(g.requireNode("sub1").subgraph().params()).extracting(Subgraph.Param::name).containsExactly("detail", "gain");
        assertThat(g.requireNode("sub1").params()).containsOnlyKeys("gain").containsEntry("gain", 0.9);

        Graph unpromoted = sub.unpromote("sub1", "gain").apply(g);
        assertThat(unpromoted.requireNode("sub1").params()).isEmpty();
        assertThat(unpromoted.requireNode("sub1").subgraph().graph().requireNode("filter1").params()).containsEntry("amount", 0.9);
        assertThat(sub.unpack("sub1").apply(g).requireNode("filter1").params()).containsEntry("amount", 0.9);
    }

    @Test
    void editsInsideKeepTheInterfaceInStep() {
        Graph g = sub.makeSubgraph(List.of("filter1", "filter2")).apply(chain());
        Graph set = Subgraphs.inside(List.of("sub1"), cmd.setParam("filter1", "amount", 0.2)).apply(g);
        assertThat(set.requireNode("sub1").subgraph().graph().requireNode("filter1").params()).containsEntry("amount", 0.2);
        // deleting the inner node the output comes from drops the output and the outer link from it
        Graph gone = Subgraphs.inside(List.of("sub1"), cmd.removeNodes(List.of("filter2"))).apply(g);
        assertThat(gone.requireNode("sub1").subgraph().outputs()).isEmpty();
        assertThat(gone.links()).containsExactly(Link.of("source1", "image", "sub1", "image"));
        assertThatThrownBy(() -> Subgraphs.inside(List.of("source1"), cmd.setParam("x", "y", 1)).apply(g)).hasMessageContaining("not a subgraph");
        assertThat(Subgraphs.graphAt(g, List.of("sub1"))).isSameAs(g.requireNode("sub1").subgraph().graph());
    }

    @Test
    void renamingAPortRewiresTheOuterLinks() {
        Graph g = sub.makeSubgraph(List.of("filter1", "filter2")).apply(chain());
        g = sub.renamePort("sub1", true, "image", "plate").apply(g);
        g = sub.renamePort("sub1", false, "image", "graded").apply(g);
        assertThat(g.links()).containsExactlyInAnyOrder(Link.of("source1", "image", "sub1", "plate"), Link.of("sub1", "graded", "filter3", "image"));
        assertThat(validator.validate(g)).isEmpty();
    }

    @Test
    void flattenNamesInnerNodesByPathAndCrossesTheBoundary() {
        Graph g = sub.makeSubgraph(List.of("filter1", "filter2")).apply(chain());
        // a subgraph inside the subgraph
        g = sub.makeSubgraph(List.of("sub1"), List.of("filter2")).apply(g);
        assertThat(validator.validate(g)).isEmpty();
        Subgraphs.Flat flat = Subgraphs.flatten(g);
        assertThat(flat.graph().nodes()).containsOnlyKeys("source1", "sub1/filter1", "sub1/sub1/filter2", "filter3");
        assertThat(flat.graph().links()).containsExactlyInAnyOrder(Link.of("source1", "image", "sub1/filter1", "image"),
                Link.of("sub1/filter1", "image", "sub1/sub1/filter2", "image"), Link.of("sub1/sub1/filter2", "image", "filter3", "image"));
        assertThat(flat.source(p("sub1", "image"))).isEqualTo(p("sub1/sub1/filter2", "image"));
        assertThat(flat.nodesFor("sub1")).containsExactly("sub1/filter1", "sub1/sub1/filter2");
        assertThat(Subgraphs.allNodes(g)).containsOnlyKeys("source1", "sub1", "sub1/filter1", "sub1/sub1", "sub1/sub1/filter2", "filter3");

        Graph muted = cmd.setMuted(List.of("sub1"), true).apply(g);
        assertThat(Subgraphs.flatten(muted).graph().nodes().values()).filteredOn(n -> n.id().startsWith("sub1/")).allMatch(GraphNode::muted);

        Graph bypassed = cmd.setBypass(List.of("sub1"), true).apply(g);
        Subgraphs.Flat passed = Subgraphs.flatten(bypassed);
        assertThat(passed.graph().nodes()).containsOnlyKeys("source1", "filter3");
        assertThat(passed.graph().links()).containsExactly(Link.of("source1", "image", "filter3", "image"));
    }

    @Test
    void makeAndUnpackInsideASubgraphKeepTheEnclosingInterface() {
        Graph g = sub.makeSubgraph(List.of("filter1", "filter2")).apply(chain());
        g = sub.promote("sub1", "filter2", "amount", "detail").apply(g);
        g = cmd.setParam("sub1", "detail", 0.75).apply(g);
        Graph nested = sub.makeSubgraph(List.of("sub1"), List.of("filter1", "filter2")).apply(g);
        Subgraph outer = nested.requireNode("sub1").subgraph();
        assertThat(outer.graph().nodes()).containsOnlyKeys("sub1");
        assertThat(outer.inputs()).containsExactly(new Subgraph.Input("image", DataType.IMAGE, List.of(p("sub1", "image"))));
        assertThat(outer.outputs()).containsExactly(new Subgraph.Output("image", DataType.IMAGE, p("sub1", "image")));
        assertThat(outer.params()).containsExactly(new Subgraph.Param("detail", "sub1", "detail"));
        assertThat(validator.validate(nested)).isEmpty();
        assertThat(Subgraphs.flatten(nested).graph().requireNode("sub1/sub1/filter2").params()).containsEntry("amount", 0.75);
        assertThat(Subgraphs.flatten(nested).graph().links()).contains(Link.of("sub1/sub1/filter2", "image", "filter3", "image"));
        assertThat(sub.unpack(List.of("sub1", "sub1")).apply(nested)).isEqualTo(g);
    }

    @Test
    void validatorNamesInnerNodesByPath() {
        Graph g = sub.makeSubgraph(List.of("filter1", "filter2")).apply(chain());
        Graph bad = Subgraphs.inside(List.of("sub1"), cmd.setParam("filter1", "amount", 0.5)).apply(g);
        GraphNode inner = bad.requireNode("sub1").subgraph().graph().requireNode("filter1").withParam("amount", 7.0);
        bad = Subgraphs.inside(List.of("sub1"), Command.of("edit", x -> x.withNode(inner))).apply(bad);
        assertThat(validator.validate(bad)).extracting(Problem::nodeId, Problem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sub1/filter1", Problem.Code.BAD_PARAMETER));
        // an unconnected required input is reported once, on the subgraph node
        Graph unfed = cmd.disconnect(Link.of("source1", "image", "sub1", "image")).apply(g);
        assertThat(validator.validate(unfed)).extracting(Problem::nodeId, Problem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sub1", Problem.Code.INPUT_NOT_CONNECTED));
        // a Text output wired into the subgraph's Image input
        Graph text = cmd.addNode("test.text", 0, 0).apply(unfed);
        assertThatThrownBy(() -> cmd.connect(p("text1", "text"), p("sub1", "image")).apply(text))
                .hasMessage("cannot connect Text output text1.text to Image input sub1.image");
    }

    @Test
    void makeSubgraphIsOneUndoStep() {
        Document doc = new Document(chain(), null);
        doc.execute(sub.makeSubgraph(List.of("filter1", "filter2")));
        assertThat(doc.undoName()).contains("Make subgraph");
        doc.undo();
        assertThat(doc.graph()).isEqualTo(chain());
    }
}
