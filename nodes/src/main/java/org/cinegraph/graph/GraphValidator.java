package org.cinegraph.graph;

import org.cinegraph.spi.ConnectionRule;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.OutputNames;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.PortSpec;
import org.cinegraph.spi.Widget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        validate(g, "", Map.of(), Set.of(), out);
        return out;
    }

    /**
     * One level of a graph. Inside a subgraph, {@code prefix} ("sub1/") starts every node id a
     * problem names, {@code fromOutside} holds the types arriving at inner inputs through the
     * outer node's connected inputs, and {@code boundary} the inner inputs its declared inputs
     * feed (the outer node reports those when unconnected).
     */
    private void validate(Graph g, String prefix, Map<PortRef, DataType> fromOutside, Set<PortRef> boundary, List<Problem> out) {
        Map<PortRef, DataType> types = outputTypes(g, fromOutside);
        for (GraphNode n : g.nodes().values()) {
            String id = prefix + n.id();
            Optional<NodeSpec> s = NodeSpecs.of(registry, n);
            if (s.isEmpty()) {
                out.add(Problem.error(Problem.Code.UNKNOWN_NODE_TYPE, id, "node type '" + n.type() + "' (version " + n.typeVersion() + ") is not installed; the node is kept as a placeholder"));
                continue;
            }
            NodeSpec spec = s.get();
            if (n.typeVersion() > spec.version()) {
                out.add(Problem.error(Problem.Code.NEWER_NODE_TYPE, id, "node type '" + n.type() + "' version " + n.typeVersion() + " is newer than the installed version " + spec.version()));
            }
            for (Map.Entry<String, Object> p : n.params().entrySet()) {
                Optional<ParamSpec> ps = spec.param(p.getKey());
                if (ps.isEmpty()) {
                    out.add(Problem.warning(Problem.Code.UNKNOWN_PARAMETER, id, "unknown parameter '" + p.getKey() + "' for " + n.type() + " is kept but ignored"));
                    continue;
                }
                try {
                    Object v = ps.get().coerce(p.getValue());
                    String bad = ps.get().widget() == Widget.OUTPUT_NAME && v instanceof String text ? OutputNames.problem(text) : null;
                    if (bad != null && v instanceof String name) {
                        out.add(Problem.error(Problem.Code.OUTPUT_NAME, id, "parameter '" + p.getKey() + "': output name " + OutputNames.quote(name)
                                + " " + bad + "; a render writes only inside its output folder"));
                    }
                } catch (IllegalArgumentException e) {
                    out.add(Problem.error(Problem.Code.BAD_PARAMETER, id, e.getMessage()));
                }
            }
            for (PortSpec in : spec.inputs()) {
                PortRef port = new PortRef(n.id(), in.name());
                if (in.required() && g.linkInto(port).isEmpty() && !boundary.contains(port) && !n.muted()) {
                    out.add(Problem.error(Problem.Code.INPUT_NOT_CONNECTED, id, "required input '" + in.name() + "' (" + in.type().displayName() + ") is not connected"));
                }
                DataType arriving = fromOutside.get(port);
                if (arriving != null && !ConnectionRule.accepts(arriving, spec, in)) {
                    out.add(Problem.error(Problem.Code.BAD_LINK, id, "cannot connect " + arriving.displayName() + " from the subgraph's input to "
                            + in.type().displayName() + " input " + port));
                }
            }
            if (n.isSubgraph()) validateSubgraph(g, n, id, types, out);
        }
        for (Link l : g.links()) {
            checkLink(g, l, types).ifPresent(msg -> out.add(Problem.error(Problem.Code.BAD_LINK, prefix + l.to().node(), msg)));
        }
        // Like conflict markers in code: what a render would use is undecided, so those refuse to
        // render; layout-only ones (positions, titles, groups) are reported without blocking.
        for (Conflict c : g.conflicts()) {
            String id = c.nodeId().isEmpty() ? prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1) : prefix + c.nodeId();
            out.add(c.affectsRender() ? Problem.error(Problem.Code.MERGE_CONFLICT, id, c.describe())
                    : Problem.warning(Problem.Code.MERGE_CONFLICT, id, c.describe()));
        }
    }

    /** The interface against the inner node types, then the inside, with what arrives through the connected inputs. */
    private void validateSubgraph(Graph outer, GraphNode n, String id, Map<PortRef, DataType> types, List<Problem> out) {
        Subgraph sub = n.subgraph();
        Map<PortRef, DataType> arriving = new HashMap<>();
        Set<PortRef> boundary = new HashSet<>();
        for (Subgraph.Input in : sub.inputs()) {
            Optional<Link> l = outer.linkInto(new PortRef(n.id(), in.name()));
            for (PortRef t : in.targets()) {
                boundary.add(t);
                Optional<NodeSpec> ts = NodeSpecs.of(registry, sub.graph().requireNode(t.node()));
                if (ts.isPresent() && ts.get().input(t.port()).isEmpty()) {
                    out.add(Problem.error(Problem.Code.BAD_LINK, id, "subgraph input '" + in.name() + "' feeds " + t + ", which has no such input"));
                    continue;
                }
                if (l.isPresent()) arriving.put(t, types.getOrDefault(l.get().from(), DataType.ANY));
            }
        }
        for (Subgraph.Output o : sub.outputs()) {
            Optional<NodeSpec> ss = NodeSpecs.of(registry, sub.graph().requireNode(o.source().node()));
            if (ss.isPresent() && ss.get().outputPort(o.source().port()).isEmpty()) {
                out.add(Problem.error(Problem.Code.BAD_LINK, id, "subgraph output '" + o.name() + "' comes from " + o.source() + ", which has no such output"));
            }
        }
        for (Subgraph.Param p : sub.params()) {
            Optional<NodeSpec> ps = NodeSpecs.of(registry, sub.graph().requireNode(p.node()));
            if (ps.isPresent() && ps.get().param(p.param()).isEmpty()) {
                out.add(Problem.error(Problem.Code.UNKNOWN_PARAMETER, id, "promoted parameter '" + p.name() + "' names " + p.node() + "." + p.param()
                        + ", which " + p.node() + " does not have"));
            }
        }
        validate(sub.graph(), id + "/", arriving, boundary, out);
    }

    /**
     * The type each output port carries in this graph: the declared type, except that a
     * per-frame node fed a Clip on an Image/Mask input outputs Clips there, and a subgraph's
     * outputs carry what its inside makes of what arrives.
     */
    public Map<PortRef, DataType> outputTypes(Graph g) {
        return outputTypes(g, Map.of());
    }

    private Map<PortRef, DataType> outputTypes(Graph g, Map<PortRef, DataType> fromOutside) {
        Map<PortRef, DataType> types = new HashMap<>();
        for (String id : g.topologicalOrder()) {
            GraphNode n = g.nodes().get(id);
            Optional<NodeSpec> s = NodeSpecs.of(registry, n);
            if (s.isEmpty()) continue;
            NodeSpec spec = s.get();
            // what feeds a placeholder, or an unfed pass-through, carries no known type
            Map<String, DataType> arriving = new HashMap<>();
            fromOutside.forEach((p, t) -> {
                if (p.node().equals(id)) arriving.put(p.port(), t);
            });
            for (Link l : g.linksInto(id)) arriving.put(l.to().port(), types.getOrDefault(l.from(), DataType.ANY));
            if (n.isSubgraph()) {
                Subgraph sub = n.subgraph();
                Map<PortRef, DataType> inside = new HashMap<>();
                for (Subgraph.Input in : sub.inputs()) {
                    DataType t = arriving.get(in.name());
                    if (t != null) for (PortRef target : in.targets()) inside.put(target, t);
                }
                Map<PortRef, DataType> innerTypes = outputTypes(sub.graph(), inside);
                for (Subgraph.Output o : sub.outputs()) types.put(new PortRef(id, o.name()), innerTypes.getOrDefault(o.source(), o.type()));
                continue;
            }
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
        Optional<NodeSpec> ft = NodeSpecs.of(registry, from);
        Optional<NodeSpec> tt = NodeSpecs.of(registry, to);
        if (ft.isEmpty() || tt.isEmpty()) return Optional.empty(); // placeholders keep their links unchecked
        Optional<PortSpec> out = ft.get().outputPort(l.from().port());
        if (out.isEmpty()) return Optional.of("link " + l + ": " + describe(from) + " has no output '" + l.from().port() + "'");
        Optional<PortSpec> in = tt.get().input(l.to().port());
        if (in.isEmpty()) return Optional.of("link " + l + ": " + describe(to) + " has no input '" + l.to().port() + "'");
        DataType fromType = types.getOrDefault(l.from(), out.get().type());
        if (!ConnectionRule.accepts(fromType, tt.get(), in.get())) {
            return Optional.of("cannot connect " + fromType.displayName() + " output " + l.from() + " to "
                    + in.get().type().displayName() + " input " + l.to());
        }
        return Optional.empty();
    }

    private static String describe(GraphNode n) {
        return n.isSubgraph() ? "subgraph " + n.id() : n.type();
    }
}
