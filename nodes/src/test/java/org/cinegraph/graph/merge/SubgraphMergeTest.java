package org.cinegraph.graph.merge;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphValidator;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.SubgraphCommands;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.graph.PortRef;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subgraph's inside merges and diffs recursively, through the same GraphMerge and GraphDiff
 * as a whole graph: conflicts stay inside, where the file keeps them, and are found, reported
 * and resolved by path. The interface merges per field (inputs, outputs, params, library), each
 * list as one value.
 */
class SubgraphMergeTest {
    final Commands cmd = new Commands(TestTypes.REGISTRY);
    final SubgraphCommands sub = new SubgraphCommands(TestTypes.REGISTRY);

    Graph base() {
        Graph g = Graph.EMPTY;
        for (var c : List.of(cmd.addNode("test.source", 0, 0), cmd.addNode("test.filter", 0, 100), cmd.addNode("test.filter", 0, 200),
                cmd.connect(new PortRef("source1", "image"), new PortRef("filter1", "image")),
                cmd.connect(new PortRef("filter1", "image"), new PortRef("filter2", "image")), sub.makeSubgraph(List.of("filter1", "filter2")))) {
            g = c.apply(g);
        }
        return g;
    }

    Graph inside(Graph g, org.cinegraph.graph.Command c) {
        return Subgraphs.inside(List.of("sub1"), c).apply(g);
    }

    @Test
    void editsOfDifferentInnerNodesMergeCleanly() {
        Graph b = base();
        Graph ours = inside(b, cmd.setParam("filter1", "amount", 0.2));
        Graph theirs = sub.promote("sub1", "filter2", "amount", "detail").apply(inside(b, cmd.setParam("filter2", "amount", 0.9)));
        MergeResult r = GraphMerge.merge(b, ours, theirs);
        assertThat(r.clean()).isTrue();
        Graph inner = r.graph().requireNode("sub1").subgraph().graph();
        assertThat(inner.requireNode("filter1").params()).containsEntry("amount", 0.2);
        assertThat(inner.requireNode("filter2").params()).containsEntry("amount", 0.9);
        assertThat(r.graph().requireNode("sub1").subgraph().params()).hasSize(1);
    }

    @Test
    void theSameInnerParameterChangedBothWaysIsAConflictInsideResolvedByPath() throws Exception {
        Graph b = base();
        Graph ours = inside(b, cmd.setParam("filter1", "amount", 0.2));
        Graph theirs = inside(b, cmd.setParam("filter1", "amount", 0.8));
        MergeResult r = GraphMerge.merge(b, ours, theirs);
        assertThat(r.clean()).isFalse();
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.located()).singleElement().satisfies(l -> {
            assertThat(l.path()).isEqualTo("sub1");
            assertThat(l.nodeId()).isEqualTo("sub1/filter1");
            assertThat(l.subject()).isEqualTo("sub1/filter1");
        });
        assertThat(new GraphValidator(TestTypes.REGISTRY).validate(r.graph())).extracting(Problem::nodeId, Problem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sub1/filter1", Problem.Code.MERGE_CONFLICT));
        // kept through the file
        String text = GraphFile.toJson(r.graph(), TestTypes.REGISTRY);
        LoadedGraph back = GraphFile.parse(text, "m.cgraph", TestTypes.REGISTRY);
        assertThat(back.graph()).isEqualTo(r.graph());
        Graph resolved = ConflictResolver.resolve(back.graph(), r.located().get(0), Conflict.Side.THEIRS);
        assertThat(ConflictResolver.all(resolved)).isEmpty();
        assertThat(resolved.requireNode("sub1").subgraph().graph().requireNode("filter1").params()).containsEntry("amount", 0.8);
        assertThat(ConflictResolver.resolveAll(r.graph(), Conflict.Side.OURS)).isEqualTo(ours);
    }

    @Test
    void differentInterfacesOnBothSidesAreOneConflictPerField() {
        Graph b = base();
        Graph ours = sub.promote("sub1", "filter1", "amount", "strength").apply(b);
        Graph theirs = sub.promote("sub1", "filter2", "amount", "detail").apply(b);
        MergeResult r = GraphMerge.merge(b, ours, theirs);
        assertThat(r.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Conflict.Kind.NODE);
            assertThat(c.name()).isEqualTo("subgraph.params");
        });
        assertThat(r.graph().requireNode("sub1").subgraph().params()).extracting(p -> p.name()).containsExactly("strength");
        Graph took = ConflictResolver.resolve(r.graph(), r.conflicts().get(0), Conflict.Side.THEIRS);
        assertThat(took.requireNode("sub1").subgraph().params()).extracting(p -> p.name()).containsExactly("detail");
    }

    @Test
    void theDiffNamesInnerNodesByPath() {
        Graph b = base();
        Graph after = sub.promote("sub1", "filter1", "amount", "strength").apply(inside(b, cmd.setParam("filter2", "amount", 0.9)));
        after = inside(after, cmd.moveNodes(List.of("filter1"), 10, 0));
        GraphDiff d = GraphDiff.between(b, after);
        assertThat(d.summary()).isEqualTo("3 nodes changed");
        assertThat(d.text()).isEqualTo(String.join("\n",
                "3 nodes changed",
                "nodes changed",
                "  ~ sub1  Subgraph (graph.subgraph v1)",
                "      subgraph params: [] -> [{\"name\": \"strength\", \"node\": \"filter1\", \"param\": \"amount\"}]",
                "  ~ sub1/filter1  Filter (test.filter v1)",
                "      moved (0, 100) -> (10, 100)",
                "  ~ sub1/filter2  Filter (test.filter v1)",
                "      amount: 0.5 -> 0.9",
                ""));
        assertThat(GraphText.of(after)).contains("node sub1/filter1  Filter (test.filter v1)\n  at (10, 100)\n  amount = 0.5\n")
                .contains("  input image (Image) -> filter1.image\n  promotes strength = filter1.amount\n");
    }
}
