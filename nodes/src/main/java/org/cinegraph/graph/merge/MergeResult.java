package org.cinegraph.graph.merge;

import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Graph;

import java.util.List;

/**
 * A merged graph and the notes on what the merge decided by itself (a node renamed because
 * both sides added one with that id, a deletion that won over a move). The conflicts that need
 * a person are in the graph ({@link Graph#conflicts()}), so they are saved with it.
 */
public record MergeResult(Graph graph, List<String> notes) {
    public MergeResult {
        notes = List.copyOf(notes);
    }

    public boolean clean() {
        return graph.conflicts().isEmpty();
    }

    public List<Conflict> conflicts() {
        return graph.conflicts();
    }
}
