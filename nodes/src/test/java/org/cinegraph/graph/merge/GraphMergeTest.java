package org.cinegraph.graph.merge;

import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Conflict.Kind;
import org.cinegraph.graph.Conflict.Side;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.ViewState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Three-way merges by node, parameter, input and group: what merges cleanly, what conflicts, what is decided automatically. */
class GraphMergeTest {
    static GraphNode n(String id, Map<String, Object> params) {
        return GraphNode.of(id, "colour.grade", 1, id, 0, 0).withParams(params);
    }

    /** load1 -> grade1 -> save1, plus a blur1 feeding nothing. */
    static final Graph BASE = Graph.of(List.of(
            n("load1", Map.of("file", "in.mp4")),
            n("grade1", Map.of("exposure", 0.5, "gamma", 1.0)),
            n("blur1", Map.of("radius", 2.0)),
            n("save1", Map.of("filename", "out.mp4"))), List.of(
            Link.of("load1", "image", "grade1", "image"),
            Link.of("grade1", "image", "save1", "clip")));

    static Graph set(Graph g, String node, String param, Object v) {
        return g.withNode(g.requireNode(node).withParam(param, v));
    }

    static Graph move(Graph g, String node, double x, double y) {
        return g.withNode(g.requireNode(node).withPosition(x, y));
    }

    static Graph link(Graph g, Link l) {
        List<Link> ls = new ArrayList<>(g.links());
        ls.removeIf(x -> x.to().equals(l.to()));
        ls.add(l);
        return g.withLinks(ls);
    }

    static Graph unlink(Graph g, String node, String port) {
        return g.withLinks(g.links().stream().filter(l -> !(l.to().node().equals(node) && l.to().port().equals(port))).toList());
    }

    @Test
    void editsOfDifferentNodesAndDifferentParametersMergeCleanly() {
        Graph ours = set(set(BASE, "grade1", "exposure", 0.8), "blur1", "radius", 3.0);
        Graph theirs = set(set(BASE, "grade1", "gamma", 2.2), "save1", "filename", "final.mp4");
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.clean()).isTrue();
        assertThat(r.notes()).isEmpty();
        Graph expected = set(set(set(set(BASE, "grade1", "exposure", 0.8), "blur1", "radius", 3.0), "grade1", "gamma", 2.2), "save1", "filename", "final.mp4");
        assertThat(r.graph()).isEqualTo(expected);
        // Symmetric when nothing conflicts.
        assertThat(GraphMerge.merge(BASE, theirs, ours).graph()).isEqualTo(expected);
    }

    @Test
    void theSameChangeOnBothSidesIsTakenOnce() {
        Graph both = move(set(BASE, "grade1", "exposure", 0.8), "blur1", 50, 60);
        MergeResult r = GraphMerge.merge(BASE, both, both);
        assertThat(r.clean()).isTrue();
        assertThat(r.graph()).isEqualTo(both);
    }

    @Test
    void oneParameterChangedBothWaysIsAConflictHoldingOurs() {
        Graph ours = set(BASE, "grade1", "exposure", 1.0);
        Graph theirs = set(set(BASE, "grade1", "exposure", 0.8), "grade1", "gamma", 2.2);
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.clean()).isFalse();
        assertThat(r.conflicts()).containsExactly(Conflict.of(Kind.PARAM, "grade1", "exposure", Map.of(Side.BASE, 0.5, Side.OURS, 1.0, Side.THEIRS, 0.8)));
        GraphNode g = r.graph().requireNode("grade1");
        assertThat(g.params()).containsEntry("exposure", 1.0).containsEntry("gamma", 2.2);
        assertThat(r.conflicts().get(0).describe()).isEqualTo("merge conflict on parameter 'exposure': ours 1.0, theirs 0.8, base 0.5");
        assertThat(r.conflicts().get(0).affectsRender()).isTrue();
    }

    @Test
    void unsetOnOneSideAndChangedOnTheOtherIsAConflictWithAnAbsentSide() {
        Graph ours = BASE.withNode(BASE.requireNode("grade1").withParam("gamma", null));
        Graph theirs = set(BASE, "grade1", "gamma", 2.2);
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        Conflict c = r.conflicts().get(0);
        assertThat(c.values()).containsOnlyKeys(Side.BASE, Side.THEIRS);
        assertThat(c.describe()).contains("ours unset, theirs 2.2");
        assertThat(r.graph().requireNode("grade1").params()).doesNotContainKey("gamma");
    }

    @Test
    void movedOnOneSideAndEditedOnTheOtherKeepsBoth() {
        MergeResult r = GraphMerge.merge(BASE, move(BASE, "grade1", 100, 20), set(BASE, "grade1", "exposure", 0.9));
        assertThat(r.clean()).isTrue();
        assertThat(r.graph().requireNode("grade1")).isEqualTo(n("grade1", Map.of("exposure", 0.9, "gamma", 1.0)).withPosition(100, 20));
    }

    @Test
    void movedToDifferentPlacesIsALayoutConflict() {
        MergeResult r = GraphMerge.merge(BASE, move(BASE, "grade1", 100, 20), move(BASE, "grade1", -40, 0));
        Conflict c = r.conflicts().get(0);
        assertThat(c.kind()).isEqualTo(Kind.NODE);
        assertThat(c.name()).isEqualTo("position");
        assertThat(c.affectsRender()).isFalse();
        assertThat(c.describe()).isEqualTo("merge conflict on position: ours (100.0, 20.0), theirs (-40.0, 0.0), base (0.0, 0.0)");
        assertThat(r.graph().requireNode("grade1").x()).isEqualTo(100);
    }

    @Test
    void aNodeDeletedOnOneSideAndOnlyMovedOnTheOtherIsDeleted() {
        Graph ours = BASE.withoutNodes(List.of("grade1"));
        MergeResult r = GraphMerge.merge(BASE, ours, move(BASE, "grade1", 5, 5));
        assertThat(r.clean()).isTrue();
        assertThat(r.graph()).isEqualTo(ours);
        assertThat(r.notes()).containsExactly("node grade1 was deleted by ours and only moved by the other side: deleted");
    }

    @Test
    void aNodeDeletedOnOneSideAndEditedOnTheOtherIsKeptWiredAsAConflict() {
        Graph theirs = BASE.withoutNodes(List.of("grade1"));
        Graph ours = set(BASE, "grade1", "exposure", 0.7);
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.conflicts()).containsExactly(Conflict.deleted(Kind.NODE_DELETED, "grade1", Side.THEIRS));
        assertThat(r.graph().nodes()).containsKey("grade1");
        // Its links in and out stay, although the deleting side lost them with the node.
        assertThat(r.graph().links()).isEqualTo(ours.links());
        assertThat(r.conflicts().get(0).describe())
                .isEqualTo("merge conflict: the node was deleted by theirs and edited by ours; it is kept as ours left it");
        assertThat(ConflictResolver.resolve(r.graph(), r.conflicts().get(0), Side.THEIRS)).isEqualTo(theirs);
        assertThat(ConflictResolver.resolve(r.graph(), r.conflicts().get(0), Side.OURS)).isEqualTo(ours);
    }

    @Test
    void aNewLinkToANodeTheOtherSideDeletedCountsAsAnEdit() {
        Graph ours = BASE.withoutNodes(List.of("blur1"));
        Graph theirs = link(BASE, Link.of("blur1", "image", "save1", "mask"));
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.conflicts()).containsExactly(Conflict.deleted(Kind.NODE_DELETED, "blur1", Side.OURS));
        assertThat(r.graph()).isEqualTo(theirs.withConflicts(r.conflicts()));
    }

    @Test
    void deletionsOnBothSidesAndRemovedLinksMerge() {
        Graph ours = BASE.withoutNodes(List.of("blur1"));
        Graph theirs = unlink(BASE.withoutNodes(List.of("blur1")), "save1", "clip");
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.clean()).isTrue();
        assertThat(r.graph()).isEqualTo(theirs);
    }

    @Test
    void bothSidesAddingDifferentNodesWithOneIdKeepBothRenamingTheirs() {
        GraphNode oursNew = n("grade2", Map.of("exposure", 2.0)).withPosition(10, 10);
        GraphNode theirsNew = n("grade2", Map.of("saturation", 0.0)).withPosition(20, 20);
        Graph ours = link(BASE.withNode(oursNew), Link.of("grade2", "image", "save1", "mask"));
        Graph theirs = link(link(BASE.withNode(theirsNew), Link.of("load1", "image", "grade2", "image")), Link.of("grade2", "image", "blur1", "image"));
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.clean()).isTrue();
        assertThat(r.notes()).containsExactly("theirs' new node grade2 is now grade3: ours added a different grade2");
        Graph g = r.graph();
        assertThat(g.requireNode("grade2")).isEqualTo(oursNew);
        assertThat(g.requireNode("grade3")).isEqualTo(theirsNew.withId("grade3"));
        assertThat(g.links()).contains(Link.of("grade2", "image", "save1", "mask"), Link.of("load1", "image", "grade3", "image"),
                Link.of("grade3", "image", "blur1", "image"));
    }

    @Test
    void bothSidesAddingTheSameNodeGiveOneNodeAtOursPosition() {
        GraphNode a = n("grade2", Map.of("exposure", 2.0));
        MergeResult r = GraphMerge.merge(BASE, BASE.withNode(a.withPosition(1, 1)), BASE.withNode(a.withPosition(9, 9)));
        assertThat(r.clean()).isTrue();
        assertThat(r.graph().nodes()).hasSize(5);
        assertThat(r.graph().requireNode("grade2").x()).isEqualTo(1);
        assertThat(r.notes()).containsExactly("node grade2 was added on both sides alike; it keeps ours' position");
    }

    @Test
    void oneInputLinkedDifferentlyOnEachSideIsAConflictHoldingOursLink() {
        Graph ours = link(BASE, Link.of("blur1", "image", "save1", "clip"));
        Graph theirs = unlink(BASE, "save1", "clip");
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.conflicts()).containsExactly(Conflict.of(Kind.INPUT, "save1", "clip",
                Map.of(Side.BASE, "grade1.image", Side.OURS, "blur1.image")));
        assertThat(r.conflicts().get(0).describe()).isEqualTo("merge conflict on input 'clip': ours blur1.image, theirs not connected, base grade1.image");
        assertThat(r.graph().linkInto(new org.cinegraph.graph.PortRef("save1", "clip"))).contains(Link.of("blur1", "image", "save1", "clip"));
        assertThat(ConflictResolver.resolve(r.graph(), r.conflicts().get(0), Side.THEIRS)).isEqualTo(theirs);
    }

    @Test
    void linksToDifferentInputsAndOneRewiredInputMergeCleanly() {
        Graph ours = link(BASE, Link.of("load1", "image", "blur1", "image"));
        Graph theirs = link(BASE, Link.of("blur1", "image", "grade1", "image"));
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.clean()).isTrue();
        assertThat(r.graph().links()).containsExactlyInAnyOrder(Link.of("load1", "image", "blur1", "image"),
                Link.of("blur1", "image", "grade1", "image"), Link.of("grade1", "image", "save1", "clip"));
    }

    @Test
    void linksThatTogetherCloseACycleAreAConflictNotACrash() {
        Graph ours = link(BASE, Link.of("blur1", "image", "save1", "mask"));        // blur1 -> save1
        Graph theirs = link(BASE, Link.of("save1", "image", "blur1", "image"));     // save1 -> blur1
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.graph().topologicalOrder()).hasSize(4);
        assertThat(r.graph().links()).contains(Link.of("blur1", "image", "save1", "mask")).doesNotContain(Link.of("save1", "image", "blur1", "image"));
        Conflict c = r.conflicts().get(0);
        assertThat(c.kind()).isEqualTo(Kind.INPUT);
        assertThat(c.subject() + "." + c.name()).isEqualTo("blur1.image");
        assertThat(c.values()).containsEntry(Side.THEIRS, "save1.image").doesNotContainKey(Side.OURS);
        assertThat(c.note()).isEqualTo("theirs' link from save1.image would close a cycle; the input is left unconnected");
    }

    @Test
    void groupsMergeByFieldAndCollideByRenaming() {
        Group shots = new Group("group1", "Shots", "#5A6B7C", new Bounds(0, 0, 400, 300));
        Graph base = BASE.withGroup(shots);
        Graph ours = base.withGroup(shots.withTitle("Shots A")).withGroup(new Group("group2", "Ours", null, new Bounds(0, 0, 1, 1)));
        Graph theirs = base.withGroup(shots.withBounds(new Bounds(10, 0, 400, 300))).withGroup(new Group("group2", "Theirs", null, new Bounds(5, 5, 1, 1)));
        MergeResult r = GraphMerge.merge(base, ours, theirs);
        assertThat(r.clean()).isTrue();
        assertThat(r.graph().groups().get("group1")).isEqualTo(new Group("group1", "Shots A", "#5A6B7C", new Bounds(10, 0, 400, 300)));
        assertThat(r.graph().groups().get("group2").title()).isEqualTo("Ours");
        assertThat(r.graph().groups().get("group3").title()).isEqualTo("Theirs");

        MergeResult both = GraphMerge.merge(base, base.withGroup(shots.withTitle("A")), base.withGroup(shots.withTitle("B")));
        assertThat(both.conflicts()).containsExactly(Conflict.of(Kind.GROUP, "group1", "title", Map.of(Side.BASE, "Shots", Side.OURS, "A", Side.THEIRS, "B")));
        assertThat(both.conflicts().get(0).affectsRender()).isFalse();
    }

    @Test
    void theViewFollowsOursUnlessOnlyTheirsMovedIt() {
        Graph ours = BASE.withView(new ViewState(1, 1, 2));
        Graph theirs = BASE.withView(new ViewState(5, 5, 1));
        assertThat(GraphMerge.merge(BASE, ours, theirs).graph().view()).isEqualTo(ours.view());
        assertThat(GraphMerge.merge(BASE, BASE, theirs).graph().view()).isEqualTo(theirs.view());
        assertThat(GraphMerge.merge(BASE, ours, theirs).clean()).isTrue();
    }

    @Test
    void unknownFieldsOfNodesAndTheGraphMergeLikeParameters() {
        Graph base = new Graph(BASE.nodes(), BASE.links(), Map.of(), ViewState.DEFAULT, Map.of("pipeline", "a"));
        Graph ours = new Graph(BASE.nodes(), BASE.links(), Map.of(), ViewState.DEFAULT, Map.of("pipeline", "b"));
        Graph theirs = new Graph(BASE.nodes(), BASE.links(), Map.of(), ViewState.DEFAULT, Map.of("pipeline", "c", "shot", "010"));
        MergeResult r = GraphMerge.merge(base, ours, theirs);
        assertThat(r.graph().extra()).containsEntry("pipeline", "b").containsEntry("shot", "010");
        assertThat(r.conflicts()).containsExactly(Conflict.of(Kind.GRAPH, "", "pipeline", Map.of(Side.BASE, "a", Side.OURS, "b", Side.THEIRS, "c")));
    }

    @Test
    void conflictsCarriedByTheSidesSurviveUnlessResolvedOnOne() {
        Conflict old = Conflict.of(Kind.PARAM, "grade1", "exposure", Map.of(Side.OURS, 1.0, Side.THEIRS, 2.0));
        Graph base = BASE.withConflicts(List.of(old));
        MergeResult kept = GraphMerge.merge(base, base, set(base, "blur1", "radius", 9.0));
        assertThat(kept.conflicts()).containsExactly(old);
        Graph resolved = ConflictResolver.resolve(base, old, Side.THEIRS);
        MergeResult gone = GraphMerge.merge(base, resolved, set(base, "blur1", "radius", 9.0));
        assertThat(gone.clean()).isTrue();
        assertThat(gone.graph().requireNode("grade1").params()).containsEntry("exposure", 2.0);
    }

    @Test
    void resolvingEveryConflictOneWayGivesThatSidesValues() {
        Graph ours = move(set(BASE, "grade1", "exposure", 1.0), "blur1", 1, 1);
        Graph theirs = move(set(BASE, "grade1", "exposure", 0.8), "blur1", 2, 2);
        MergeResult r = GraphMerge.merge(BASE, ours, theirs);
        assertThat(r.conflicts()).hasSize(2);
        assertThat(ConflictResolver.resolveAll(r.graph(), Side.THEIRS)).isEqualTo(theirs);
        assertThat(ConflictResolver.resolveAll(r.graph(), Side.OURS)).isEqualTo(ours);
    }
}
