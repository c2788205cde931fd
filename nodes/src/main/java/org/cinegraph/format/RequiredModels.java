package org.cinegraph.format;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The models a graph needs, as its node types declare them ({@link NodeType#requiredModels}). */
public final class RequiredModels {
    private RequiredModels() {
    }

    /** Distinct models of every node whose type is installed, sorted by name then digest. */
    public static List<ModelRef> of(Graph g, NodeRegistry registry) {
        TreeSet<ModelRef> out = new TreeSet<>(Comparator.comparing(ModelRef::name).thenComparing(ModelRef::sha256));
        for (GraphNode n : g.nodes().values()) {
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) continue;
            out.addAll(t.get().requiredModels(withDefaults(t.get(), n)));
        }
        return List.copyOf(out);
    }

    private static Map<String, Object> withDefaults(NodeType t, GraphNode n) {
        Map<String, Object> p = new HashMap<>();
        for (ParamSpec ps : t.spec().params()) {
            if (ps.defaultValue() != null) p.put(ps.name(), ps.defaultValue());
        }
        p.putAll(n.params());
        return p;
    }
}
