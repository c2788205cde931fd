package org.cinegraph.format;

import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Conflict.Kind;
import org.cinegraph.graph.Conflict.Side;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphValidator;
import org.cinegraph.graph.Problem;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The "conflicts" block: canonical on write, read back equal, kept on re-save, checked on read, reported by validation. */
class GraphFileConflictsTest {
    static final Graph CONFLICTED = GraphFileTest.sample().withConflicts(List.of(
            Conflict.of(Kind.PARAM, "filter1", "amount", Map.of(Side.BASE, 0.125, Side.OURS, 0.25, Side.THEIRS, 0.5)),
            Conflict.of(Kind.INPUT, "filter1", "mask", Map.of(Side.THEIRS, "source1.image")).withNote("theirs' link from source1.image would close a cycle"),
            Conflict.of(Kind.NODE, "source1", "position", Map.of(Side.OURS, Map.of("x", 10.0, "y", 20.5), Side.THEIRS, Map.of("x", 0.0, "y", 0.0))),
            Conflict.deleted(Kind.NODE_DELETED, "source1", Side.THEIRS),
            Conflict.of(Kind.GROUP, "group1", "title", Map.of(Side.BASE, "P", Side.OURS, "Plates", Side.THEIRS, "Shots")),
            Conflict.of(Kind.GRAPH, "", "license", Map.of(Side.OURS, "CC0", Side.THEIRS, "CC-BY-4.0"))));

    static final String BLOCK = String.join("\n",
            "  \"conflicts\": [",
            "    {\"kind\": \"param\", \"node\": \"filter1\", \"name\": \"amount\", \"ours\": 0.25, \"theirs\": 0.5, \"base\": 0.125},",
            "    {\"kind\": \"input\", \"node\": \"filter1\", \"name\": \"mask\", \"theirs\": \"source1.image\", \"note\": \"theirs' link from source1.image would close a cycle\"},",
            "    {\"kind\": \"node\", \"node\": \"source1\", \"name\": \"position\", \"ours\": {\"x\": 10.0, \"y\": 20.5}, \"theirs\": {\"x\": 0.0, \"y\": 0.0}},",
            "    {\"kind\": \"deleted\", \"node\": \"source1\", \"deletedBy\": \"theirs\"},",
            "    {\"kind\": \"group\", \"group\": \"group1\", \"name\": \"title\", \"ours\": \"Plates\", \"theirs\": \"Shots\", \"base\": \"P\"},",
            "    {\"kind\": \"graph\", \"name\": \"license\", \"ours\": \"CC0\", \"theirs\": \"CC-BY-4.0\"}",
            "  ]\n}\n");

    @Test
    void conflictsAreWrittenOneLineEachAfterTheViewAndReadBackEqual() throws Exception {
        String text = GraphFile.toJson(CONFLICTED, TestTypes.REGISTRY);
        assertThat(text).endsWith(BLOCK);
        LoadedGraph back = GraphFile.parse(text, "merged.cgraph", TestTypes.REGISTRY);
        assertThat(back.graph()).isEqualTo(CONFLICTED);
        assertThat(back.graph().conflicts()).hasSize(6);
        assertThat(back.warnings()).isEmpty();
        assertThat(GraphFile.toJson(back.graph(), TestTypes.REGISTRY)).isEqualTo(text);
    }

    @Test
    void aGraphWithoutConflictsHasNoBlock() {
        assertThat(GraphFile.toJson(GraphFileTest.sample(), TestTypes.REGISTRY)).doesNotContain("conflicts");
    }

    @Test
    void editsKeepConflictsAndDeletingTheNodeSettlesItsOwn() {
        Graph moved = CONFLICTED.withNode(CONFLICTED.requireNode("filter1").withPosition(1, 1));
        assertThat(moved.conflicts()).isEqualTo(CONFLICTED.conflicts());
        Graph without = CONFLICTED.withoutNodes(List.of("filter1"));
        assertThat(without.conflicts()).extracting(Conflict::subject).containsExactly("source1", "source1", "group1", "");
        assertThat(without.withoutGroups(List.of("group1")).conflicts()).hasSize(3);
        assertThatThrownBy(() -> Graph.EMPTY.withConflicts(List.of(Conflict.deleted(Kind.NODE_DELETED, "ghost1", Side.OURS))))
                .hasMessage("a merge conflict names missing node 'ghost1'");
    }

    @Test
    void badEntriesNameTheLineAndMissingSubjectsAreDroppedWithAWarning() throws Exception {
        String text = GraphFile.toJson(CONFLICTED, TestTypes.REGISTRY);
        assertThatThrownBy(() -> GraphFile.parse(text.replace("\"kind\": \"param\"", "\"kind\": \"colour\""), "m.cgraph", TestTypes.REGISTRY))
                .hasMessageStartingWith("m.cgraph:" + line(text, "\"kind\": \"param\"") + ":")
                .hasMessageEndingWith("node filter1: unknown conflict kind \"colour\" (param, input, node, deleted, group or graph)");
        assertThatThrownBy(() -> GraphFile.parse(text.replace("\"theirs\": \"source1.image\"", "\"theirs\": 3"), "m.cgraph", TestTypes.REGISTRY))
                .hasMessageEndingWith("node filter1: an input conflict's values must be \"node.port\" text");
        assertThatThrownBy(() -> GraphFile.parse(text.replace(", \"deletedBy\": \"theirs\"", ""), "m.cgraph", TestTypes.REGISTRY))
                .hasMessageEndingWith("node source1: conflict entry: deletedBy (ours or theirs) is required for a deletion conflict and allowed only there");
        assertThatThrownBy(() -> GraphFile.parse(text.replace("\"kind\": \"graph\", ", "\"kind\": \"param\", "), "m.cgraph", TestTypes.REGISTRY))
                .hasMessageEndingWith("a \"param\" conflict names a \"node\"");

        LoadedGraph dropped = GraphFile.parse(text.replace("\"kind\": \"param\", \"node\": \"filter1\"", "\"kind\": \"param\", \"node\": \"gone1\""),
                "m.cgraph", TestTypes.REGISTRY);
        assertThat(dropped.graph().conflicts()).hasSize(5);
        assertThat(dropped.warnings()).extracting(Problem::toString)
                .containsExactly("warning: a merge conflict about node gone1, which the graph no longer has, is dropped");
    }

    @Test
    void validationReportsEachConflictRenderAffectingOnesAsErrors() {
        List<Problem> ps = new GraphValidator(TestTypes.REGISTRY).validate(CONFLICTED).stream()
                .filter(p -> p.message().contains("merge conflict")).toList();
        assertThat(ps).extracting(Problem::toString).containsExactly(
                "error: node filter1: merge conflict on parameter 'amount': ours 0.25, theirs 0.5, base 0.125",
                "error: node filter1: merge conflict on input 'mask': ours not connected, theirs source1.image, base not connected"
                        + " (theirs' link from source1.image would close a cycle)",
                "warning: node source1: merge conflict on position: ours (10.0, 20.5), theirs (0.0, 0.0), base none",
                "error: node source1: merge conflict: the node was deleted by theirs and edited by ours; it is kept as ours left it",
                "warning: merge conflict on group group1 title: ours \"Plates\", theirs \"Shots\", base \"P\"",
                "warning: merge conflict on field 'license': ours \"CC0\", theirs \"CC-BY-4.0\", base none");
    }

    private static int line(String text, String what) {
        return (int) text.substring(0, text.indexOf(what)).chars().filter(c -> c == '\n').count() + 1;
    }
}
