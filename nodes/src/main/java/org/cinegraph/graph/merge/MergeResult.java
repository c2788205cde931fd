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

    /** No conflict at any depth (subgraphs keep theirs in their inner graphs). */
    public boolean clean() {
        return ConflictResolver.all(graph).isEmpty();
    }

    /** The graph's own conflicts. */
    public List<Conflict> conflicts() {
        return graph.conflicts();
    }

    /** Every conflict, inside subgraphs too, with where it sits. */
    public List<ConflictResolver.Located> located() {
        return ConflictResolver.all(graph);
    }
}
