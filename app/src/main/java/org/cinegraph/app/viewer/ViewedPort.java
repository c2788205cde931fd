package org.cinegraph.app.viewer;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.NodeSpecs;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.PortSpec;

import java.util.List;
import java.util.Optional;

/**
 * Which port shows a node's picture, for the viewer and the previews in nodes: its first image
 * or clip output; for a writer (no picture output), what feeds its first image or clip input.
 */
public final class ViewedPort {
    private ViewedPort() {
    }

    /** {@code nodeId} may be a path into subgraphs ("sub1/grade1"); the port found is named by path too. */
    public static Optional<PortRef> of(NodeRegistry registry, Graph g, String nodeId) {
        int slash = nodeId.lastIndexOf('/');
        String prefix = slash < 0 ? "" : nodeId.substring(0, slash + 1);
        List<String> outer = Subgraphs.parsePath(slash < 0 ? "" : nodeId.substring(0, slash));
        if (!Subgraphs.exists(g, outer)) return Optional.empty();
        Graph level = Subgraphs.graphAt(g, outer);
        String id = nodeId.substring(slash + 1);
        Optional<GraphNode> n = level.node(id);
        if (n.isEmpty()) return Optional.empty();
        Optional<NodeSpec> spec = NodeSpecs.of(registry, n.get());
        if (spec.isEmpty()) return Optional.empty();
        for (PortSpec p : spec.get().outputs()) {
            if (isPicture(p.type())) return Optional.of(new PortRef(nodeId, p.name()));
        }
        for (Link l : level.linksInto(id)) {
            Optional<PortSpec> in = spec.get().input(l.to().port());
            if (in.isPresent() && isPicture(in.get().type())) return Optional.of(new PortRef(prefix + l.from().node(), l.from().port()));
        }
        return Optional.empty();
    }

    /** Whether nodes of this type can show a picture: an image or clip output, or a writer taking one. */
    public static boolean hasPicture(NodeSpec spec) {
        for (PortSpec p : spec.outputs()) if (isPicture(p.type())) return true;
        if (!spec.output()) return false;
        for (PortSpec p : spec.inputs()) if (isPicture(p.type())) return true;
        return false;
    }

    private static boolean isPicture(DataType t) {
        return t == DataType.IMAGE || t == DataType.CLIP;
    }
}
