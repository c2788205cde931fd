package org.cinegraph.graph;

import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;

import java.util.Optional;

/**
 * The spec of a node placed in a graph: its installed type's, or for a subgraph node the one its
 * subgraph declares ({@link Subgraph#spec}). Everything that asks what ports and parameters a node
 * has asks here, so subgraph nodes are wired, validated and edited like any other.
 */
public final class NodeSpecs {
    private NodeSpecs() {
    }

    /** Empty for a placeholder (a type not installed here). */
    public static Optional<NodeSpec> of(NodeRegistry registry, GraphNode n) {
        if (n.subgraph() != null) return Optional.of(n.subgraph().spec(registry));
        return registry.find(n.type()).map(NodeType::spec);
    }

    /** Whether the node's type (or subgraph) is known here. */
    public static boolean known(NodeRegistry registry, GraphNode n) {
        return n.subgraph() != null || registry.find(n.type()).isPresent();
    }
}
