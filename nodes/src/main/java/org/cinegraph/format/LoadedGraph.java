package org.cinegraph.format;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.Problem;

import java.util.List;

/**
 * A graph as opened from a file, with what the user should know about it: nodes kept as
 * placeholders, an upgrade from an older format, asset paths that will not travel. None of
 * these stop the graph from opening; a missing asset file has ERROR severity because the graph
 * cannot render until it is found.
 */
public record LoadedGraph(Graph graph, List<Problem> warnings) {
    public LoadedGraph {
        warnings = List.copyOf(warnings);
    }
}
