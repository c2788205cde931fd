package org.cinegraph.format;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The models a graph needs, as its node types declare them ({@link NodeType#requiredModels}). */
public final class RequiredModels {
    private RequiredModels() {
    }

    /**
     * Distinct models of every node whose type is installed, inside subgraphs too (with the
     * values the outer nodes promote), sorted by name then digest.
     */
    public static List<ModelRef> of(Graph g, NodeRegistry registry) {
        TreeSet<ModelRef> out = new TreeSet<>(Comparator.comparing(ModelRef::name).thenComparing(ModelRef::sha256));
        for (GraphNode n : Subgraphs.leafNodes(g).values()) {
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) continue;
            try {
                out.addAll(t.get().requiredModels(t.get().spec().effectiveParams(n.params())));
            } catch (IllegalArgumentException e) {
                // a parameter value the type refuses: the validator reports it; no model can be named
            }
        }
        return List.copyOf(out);
    }
}
