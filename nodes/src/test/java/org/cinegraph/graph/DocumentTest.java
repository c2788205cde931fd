package org.cinegraph.graph;

import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentTest {
    final Commands cmd = new Commands(TestTypes.REGISTRY);

    static PortRef p(String node, String port) {
        return new PortRef(node, port);
    }

    @Test
    void undoAndRedoWalkTheHistory() {
        Document d = new Document(Graph.EMPTY, null);
        assertThat(d.canUndo()).isFalse();
        d.execute(cmd.addNode("test.source", 0, 0));
        d.execute(cmd.addNode("test.filter", 0, 0));
        d.execute(cmd.moveNodes(List.of("filter1"), 5, 0));
        Graph end = d.graph();
        assertThat(d.undoName()).contains("Move node");

        d.undo();
        assertThat(d.graph().nodes().get("filter1").x()).isEqualTo(0.0);
        d.undo();
        assertThat(d.graph().nodes()).containsOnlyKeys("source1");
        assertThat(d.redoName()).contains("Add Filter");
        d.redo();
        d.redo();
        assertThat(d.graph()).isEqualTo(end);
        assertThat(d.canRedo()).isFalse();

        d.undo();
        d.undo();
        d.undo();
        assertThat(d.graph()).isEqualTo(Graph.EMPTY);
        d.undo(); // nothing left: no change
        assertThat(d.graph()).isEqualTo(Graph.EMPTY);

        d.redo();
        d.execute(cmd.addNode("test.text", 0, 0));
        assertThat(d.canRedo()).as("a new edit clears redo").isFalse();
        assertThat(d.graph().nodes()).containsOnlyKeys("source1", "text1");
    }

    @Test
    void refusedAndNoOpCommandsLeaveNoTrace() {
        Document d = new Document(Graph.EMPTY, null);
        d.execute(cmd.addNode("test.source", 0, 0));
        Graph before = d.graph();
        assertThatThrownBy(() -> d.execute(cmd.setParam("source1", "count", 99))).hasMessageContaining("outside its range");
        assertThat(d.graph()).isEqualTo(before);
        d.execute(cmd.moveNodes(List.of("source1"), 0, 0));
        assertThat(d.undoName()).contains("Add Source");
    }

    @Test
    void replacingAnOccupiedInputIsOneUndoStep() {
        Document d = new Document(Graph.EMPTY, null);
        d.execute(cmd.addNode("test.source", 0, 0));
        d.execute(cmd.addNode("test.source", 0, 0));
        d.execute(cmd.addNode("test.filter", 0, 0));
        d.execute(cmd.connect(p("source1", "image"), p("filter1", "image")));
        d.execute(cmd.connect(p("source2", "image"), p("filter1", "image")));
        assertThat(d.graph().links()).containsExactly(Link.of("source2", "image", "filter1", "image"));
        d.undo();
        assertThat(d.graph().links()).containsExactly(Link.of("source1", "image", "filter1", "image"));
    }

    @Test
    void aTransactionIsOneStep() {
        Document d = new Document(Graph.EMPTY, null);
        d.execute(cmd.addNode("test.text", 0, 0));
        Graph before = d.graph();
        Document.Transaction t = d.begin("Drag");
        d.execute(cmd.moveNodes(List.of("text1"), 1, 0));
        d.execute(cmd.moveNodes(List.of("text1"), 1, 0));
        d.execute(cmd.moveNodes(List.of("text1"), 1, 0));
        assertThat(d.graph().nodes().get("text1").x()).as("changes are live").isEqualTo(3.0);
        assertThat(d.canUndo()).as("no undo while a transaction is open").isFalse();
        assertThatThrownBy(() -> d.begin("Other")).isInstanceOf(IllegalStateException.class);
        t.commit();
        assertThat(d.undoName()).contains("Drag");
        d.undo();
        assertThat(d.graph()).isEqualTo(before);
        d.redo();
        assertThat(d.graph().nodes().get("text1").x()).isEqualTo(3.0);
    }

    @Test
    void rollbackRestoresAndRecordsNothing() {
        Document d = new Document(Graph.EMPTY, null);
        d.execute(cmd.addNode("test.text", 0, 0));
        Graph before = d.graph();
        try (Document.Transaction t = d.begin("Paste")) {
            d.execute(cmd.addNode("test.text", 0, 0));
            d.execute(cmd.addNode("test.text", 0, 0));
            // closing without commit, e.g. because a later step failed, rolls back
        }
        assertThat(d.graph()).isEqualTo(before);
        assertThat(d.undoName()).contains("Add Text");
        d.undo();
        assertThat(d.graph()).isEqualTo(Graph.EMPTY);

        Document.Transaction empty = d.begin("Nothing");
        empty.commit();
        assertThat(d.canUndo()).isFalse();
        assertThat(d.canRedo()).isTrue();
    }

    @Test
    void dirtyFollowsTheSavedGraphThroughUndoAndRedo() {
        Document d = new Document(Graph.EMPTY, null);
        assertThat(d.isDirty()).isFalse();
        d.execute(cmd.addNode("test.text", 0, 0));
        assertThat(d.isDirty()).isTrue();
        Path f = Path.of("scene.cgraph");
        d.markSaved(f);
        assertThat(d.isDirty()).isFalse();
        assertThat(d.file()).contains(f);

        d.execute(cmd.moveNodes(List.of("text1"), 4, 0));
        assertThat(d.isDirty()).isTrue();
        d.undo();
        assertThat(d.isDirty()).as("back at the saved state").isFalse();
        d.undo();
        assertThat(d.isDirty()).as("before the saved state").isTrue();
        d.redo();
        assertThat(d.isDirty()).isFalse();

        // Editing to a graph equal to the saved one counts as clean too.
        d.execute(cmd.moveNodes(List.of("text1"), 4, 0));
        d.execute(cmd.moveNodes(List.of("text1"), -4, 0));
        assertThat(d.isDirty()).isFalse();
    }

    @Test
    void listenersHearEveryChangeAndHistoryIsBounded() {
        Document d = new Document(Graph.EMPTY, null, 2);
        List<Graph> seen = new ArrayList<>();
        d.addListener(doc -> seen.add(doc.graph()));
        d.execute(cmd.addNode("test.text", 0, 0));
        d.execute(cmd.addNode("test.text", 0, 0));
        d.execute(cmd.addNode("test.text", 0, 0));
        assertThat(seen).hasSize(3);
        d.undo();
        d.undo();
        d.undo();
        assertThat(d.graph().nodes()).as("only two steps are kept").containsOnlyKeys("text1");
        assertThat(seen).hasSize(5);
    }

    @Test
    void pasteIsOneStepAndRenames() {
        Document d = new Document(Graph.EMPTY, null);
        d.execute(cmd.addNode("test.source", 0, 0));
        d.execute(cmd.addNode("test.filter", 0, 0));
        d.execute(cmd.connect(p("source1", "image"), p("filter1", "image")));
        Graph before = d.graph();
        d.execute(cmd.paste(Commands.fragment(d.graph(), List.of("source1", "filter1")), 50, 50));
        assertThat(d.graph().nodes()).containsOnlyKeys("source1", "source2", "filter1", "filter2");
        assertThat(d.graph().links()).contains(Link.of("source2", "image", "filter2", "image")).hasSize(2);
        d.undo();
        assertThat(d.graph()).isEqualTo(before);
    }
}
