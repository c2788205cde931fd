package org.cinegraph.format;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.Problem;
import org.cinegraph.spi.ModelRef;

import java.util.List;

/**
 * A graph as opened from a file, with what the user should know about it: nodes kept as
 * placeholders, an upgrade from an older format, asset paths that will not travel. None of
 * these stop the graph from opening; a missing asset file has ERROR severity because the graph
 * cannot render until it is found. {@code declaredModels} is the file's {@code requires.models}
 * list: what the graph was saved with, which matters when the node types that would declare
 * those models are not installed here.
 */
public record LoadedGraph(Graph graph, List<Problem> warnings, List<ModelRef> declaredModels) {
    public LoadedGraph {
        warnings = List.copyOf(warnings);
        declaredModels = List.copyOf(declaredModels);
    }

    public LoadedGraph(Graph graph, List<Problem> warnings) {
        this(graph, warnings, List.of());
    }
}
