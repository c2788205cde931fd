package org.cinegraph.graph;

import org.cinegraph.spi.ConnectionRule;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.PortSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a graph against the installed node types: every type present and not newer than this
 * build, links between existing ports of compatible types, required inputs connected,
 * parameter values valid, no merge conflict left unresolved. Structural rules (ids, cycles)
 * already hold for any {@link Graph}.
 */
public final class GraphValidator {
    private final NodeRegistry registry;

    public GraphValidator(NodeRegistry registry) {
        this.registry = registry;
    }

    public List<Problem> validate(Graph g) {
        List<Problem> out = new ArrayList<>();
        for (GraphNode n : g.nodes().values()) {
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) {
                out.add(Problem.error(Problem.Code.UNKNOWN_NODE_TYPE, n.id(), "node type '" + n.type() + "' (version " + n.typeVersion() + ") is not installed; the node is kept as a placeholder"));
                continue;
            }
            NodeSpec spec = t.get().spec();
            if (n.typeVersion() > spec.version()) {
                out.add(Problem.error(Problem.Code.NEWER_NODE_TYPE, n.id(), "node type '" + n.type() + "' version " + n.typeVersion() + " is newer than the installed version " + spec.version()));
            }
            for (Map.Entry<String, Object> p : n.params().entrySet()) {
                Optional<ParamSpec> ps = spec.param(p.getKey());
                if (ps.isEmpty()) {
                    out.add(Problem.warning(Problem.Code.UNKNOWN_PARAMETER, n.id(), "unknown parameter '" + p.getKey() + "' for " + n.type() + " is kept but ignored"));
                    continue;
                }
                try {
                    ps.get().coerce(p.getValue());
                } catch (IllegalArgumentException e) {
                    out.add(Problem.error(Problem.Code.BAD_PARAMETER, n.id(), e.getMessage()));
                }
            }
            for (PortSpec in : spec.inputs()) {
                if (in.required() && g.linkInto(new PortRef(n.id(), in.name())).isEmpty() && !n.muted()) {
                    out.add(Problem.error(Problem.Code.INPUT_NOT_CONNECTED, n.id(), "required input '" + in.name() + "' (" + in.type().displayName() + ") is not connected"));
                }
            }
        }
        Map<PortRef, DataType> types = outputTypes(g);
        for (Link l : g.links()) {
            checkLink(g, l, types).ifPresent(msg -> out.add(Problem.error(Problem.Code.BAD_LINK, l.to().node(), msg)));
        }
        // Like conflict markers in code: what a render would use is undecided, so those refuse to
        // render; layout-only ones (positions, titles, groups) are reported without blocking.
        for (Conflict c : g.conflicts()) {
            out.add(c.affectsRender() ? Problem.error(Problem.Code.MERGE_CONFLICT, c.nodeId(), c.describe())
                    : Problem.warning(Problem.Code.MERGE_CONFLICT, c.nodeId(), c.describe()));
        }
        return out;
    }

    /**
     * The type each output port carries in this graph: the declared type, except that a
     * per-frame node fed a Clip on an Image/Mask input outputs Clips there.
     */
    public Map<PortRef, DataType> outputTypes(Graph g) {
        Map<PortRef, DataType> types = new HashMap<>();
        for (String id : g.topologicalOrder()) {
            GraphNode n = g.nodes().get(id);
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) continue;
            NodeSpec spec = t.get().spec();
            // what feeds a placeholder, or an unfed pass-through, carries no known type
            Map<String, DataType> arriving = new HashMap<>();
            for (Link l : g.linksInto(id)) arriving.put(l.to().port(), types.getOrDefault(l.from(), DataType.ANY));
            for (PortSpec o : spec.outputs()) types.put(new PortRef(id, o.name()), ConnectionRule.outputType(spec, o, arriving));
        }
        return types;
    }

    /** Why a link is not allowed, or empty when it is (both ports exist, types fit). */
    public Optional<String> checkLink(Graph g, Link l) {
        return checkLink(g, l, outputTypes(g));
    }

    /** The first refusal among these links, with the output types computed once. */
    public Optional<String> checkLinks(Graph g, Collection<Link> links) {
        Map<PortRef, DataType> types = outputTypes(g);
        for (Link l : links) {
            Optional<String> why = checkLink(g, l, types);
            if (why.isPresent()) return why;
        }
        return Optional.empty();
    }

    private Optional<String> checkLink(Graph g, Link l, Map<PortRef, DataType> types) {
        GraphNode from = g.nodes().get(l.from().node());
        GraphNode to = g.nodes().get(l.to().node());
        if (from == null) return Optional.of("link " + l + " comes from missing node '" + l.from().node() + "'");
        if (to == null) return Optional.of("link " + l + " goes to missing node '" + l.to().node() + "'");
        Optional<NodeType> ft = registry.find(from.type());
        Optional<NodeType> tt = registry.find(to.type());
        if (ft.isEmpty() || tt.isEmpty()) return Optional.empty(); // placeholders keep their links unchecked
        Optional<PortSpec> out = ft.get().spec().outputPort(l.from().port());
        if (out.isEmpty()) return Optional.of("link " + l + ": " + from.type() + " has no output '" + l.from().port() + "'");
        Optional<PortSpec> in = tt.get().spec().input(l.to().port());
        if (in.isEmpty()) return Optional.of("link " + l + ": " + to.type() + " has no input '" + l.to().port() + "'");
        DataType fromType = types.getOrDefault(l.from(), out.get().type());
        if (!ConnectionRule.accepts(fromType, tt.get().spec(), in.get())) {
            return Optional.of("cannot connect " + fromType.displayName() + " output " + l.from() + " to "
                    + in.get().type().displayName() + " input " + l.to());
        }
        return Optional.empty();
    }
}
