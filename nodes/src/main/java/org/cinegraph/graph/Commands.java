package org.cinegraph.graph;

import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The edits an editor makes, as {@link Command}s. Commands that depend on node types (adding a
 * node with defaults, connecting typed ports, setting a checked parameter) consult the registry.
 */
public final class Commands {
    private final NodeRegistry registry;
    private final GraphValidator validator;

    public Commands(NodeRegistry registry) {
        this.registry = registry;
        this.validator = new GraphValidator(registry);
    }

    private NodeSpec spec(String typeId) {
        return registry.find(typeId).map(NodeType::spec)
                .orElseThrow(() -> new GraphException("node type '" + typeId + "' is not installed"));
    }

    /** Adds a node of a type at a position, with the type's default parameters and a fresh id. */
    public Command addNode(String typeId, double x, double y) {
        NodeSpec s = spec(typeId);
        return Command.of("Add " + s.displayName(), g -> {
            String id = GraphIds.next(GraphIds.baseFor(typeId), g.nodes().keySet());
            return g.withNode(GraphNode.of(id, typeId, s.version(), s.displayName(), x, y).withParams(s.defaultParams()));
        });
    }

    /** Adds a fully specified node; fails if its id is taken. */
    public Command addNode(GraphNode n) {
        return Command.of("Add " + n.title(), g -> {
            if (g.nodes().containsKey(n.id())) throw new GraphException("a node with id '" + n.id() + "' already exists");
            return g.withNode(n);
        });
    }

    public Command removeNodes(Collection<String> ids) {
        List<String> copy = List.copyOf(ids);
        return Command.of(copy.size() == 1 ? "Delete node" : "Delete " + copy.size() + " nodes", g -> {
            for (String id : copy) g.requireNode(id);
            return g.withoutNodes(copy);
        });
    }

    /** Moves nodes by an offset. */
    public Command moveNodes(Collection<String> ids, double dx, double dy) {
        List<String> copy = List.copyOf(ids);
        return Command.of(copy.size() == 1 ? "Move node" : "Move " + copy.size() + " nodes", g -> {
            List<GraphNode> moved = new ArrayList<>();
            for (String id : copy) {
                GraphNode n = g.requireNode(id);
                moved.add(n.withPosition(n.x() + dx, n.y() + dy));
            }
            return g.withNodes(moved);
        });
    }

    /** Places nodes at absolute positions (align, distribute, snapping). */
    public Command placeNodes(String name, Map<String, double[]> positions) {
        Map<String, double[]> copy = new LinkedHashMap<>(positions);
        return Command.of(name, g -> {
            List<GraphNode> moved = new ArrayList<>();
            copy.forEach((id, p) -> moved.add(g.requireNode(id).withPosition(p[0], p[1])));
            return g.withNodes(moved);
        });
    }

    /**
     * Connects an output to an input. A link already in that input is replaced in the same step.
     * Refused (GraphException with the reason) if ports are missing, types do not fit, or it
     * would make a cycle.
     */
    public Command connect(PortRef from, PortRef to) {
        Link link = new Link(from, to);
        return Command.of("Connect " + from + " to " + to, g -> {
            if (from.node().equals(to.node())) throw new GraphException("cannot connect node " + from.node() + " to itself");
            List<Link> ls = new ArrayList<>(g.links());
            ls.removeIf(l -> l.to().equals(to));
            ls.add(link);
            Graph next;
            try {
                next = g.withLinks(ls);
            } catch (GraphException e) {
                throw new GraphException("cannot connect " + from + " to " + to + ": " + e.getMessage());
            }
            // The new link, and the links out of what it feeds: a Reroute downstream now carries
            // the new type, which its outgoing wires must accept.
            Set<String> downstream = next.downstreamOf(List.of(to.node()));
            List<Link> affected = new ArrayList<>();
            affected.add(link);
            for (Link l : next.links()) if (downstream.contains(l.from().node())) affected.add(l);
            validator.checkLinks(next, affected).ifPresent(msg -> {
                throw new GraphException(msg);
            });
            return next;
        });
    }

    /**
     * Puts a Reroute point on a wire at (x, y): the link becomes from -> reroute -> to, one
     * undoable step.
     */
    public Command insertReroute(Link link, double x, double y) {
        NodeSpec s = spec("util.reroute"); // the built-in Reroute node type
        return Command.of("Add reroute point", g -> {
            if (!g.links().contains(link)) throw new GraphException("no link " + link);
            String id = GraphIds.next("reroute", g.nodes().keySet());
            List<Link> ls = new ArrayList<>(g.links());
            ls.remove(link);
            ls.add(new Link(link.from(), new PortRef(id, "in")));
            ls.add(new Link(new PortRef(id, "out"), link.to()));
            return g.withNode(GraphNode.of(id, s.id(), s.version(), s.displayName(), x, y)).withLinks(ls);
        });
    }

    public Command disconnect(Link link) {
        return Command.of("Disconnect " + link.to(), g -> {
            List<Link> ls = new ArrayList<>(g.links());
            if (!ls.remove(link)) throw new GraphException("no link " + link);
            return g.withLinks(ls);
        });
    }

    /** Sets a parameter, checked against the node type (range, choices, type). */
    public Command setParam(String nodeId, String param, Object value) {
        return setParam(List.of(nodeId), param, value);
    }

    /** Sets the same parameter on several nodes at once (multi-selection), one undo step. */
    public Command setParam(Collection<String> nodeIds, String param, Object value) {
        List<String> ids = List.copyOf(nodeIds);
        return Command.of("Set " + param, g -> {
            List<GraphNode> changed = new ArrayList<>();
            for (String id : ids) {
                GraphNode n = g.requireNode(id);
                Optional<ParamSpec> ps = NodeSpecs.of(registry, n).flatMap(s -> s.param(param));
                if (ps.isEmpty()) throw new GraphException("node " + id + " (" + (n.isSubgraph() ? "subgraph" : n.type()) + ") has no parameter '" + param + "'");
                Object v;
                try {
                    v = ps.get().coerce(value);
                } catch (IllegalArgumentException e) {
                    throw new GraphException("node " + id + ": " + e.getMessage());
                }
                changed.add(n.withParam(param, v));
            }
            return g.withNodes(changed);
        });
    }

    /**
     * Sets parameters of nodes anywhere, by path (inside subgraphs too), each checked as
     * {@link #setParam} does: one undo step ("--set", a sweep's winner).
     */
    public Command setParams(String name, Map<ParamRef, Object> values) {
        Map<ParamRef, Object> copy = new LinkedHashMap<>(values);
        return Command.of(name, g -> {
            Graph out = g;
            for (Map.Entry<ParamRef, Object> e : copy.entrySet()) {
                List<String> path = Subgraphs.parsePath(e.getKey().node());
                String id = path.get(path.size() - 1);
                if (!Subgraphs.exists(out, path.subList(0, path.size() - 1))) throw new GraphException("no node '" + e.getKey().node() + "' in the graph");
                out = Subgraphs.inside(path.subList(0, path.size() - 1), setParam(id, e.getKey().param(), e.getValue())).apply(out);
            }
            return out;
        });
    }

    /**
     * "Generate again": the next take of a node with a {@link ParamSpec#take take} parameter, one
     * undo step. The take is part of the node's cache key, so the next render asks its service
     * for a fresh result instead of reusing the cached one.
     */
    public Command generateAgain(String nodeId) {
        return Command.of("Generate again", g -> {
            GraphNode n = g.requireNode(nodeId);
            Optional<ParamSpec> ps = registry.find(n.type()).flatMap(t -> t.spec().param(ParamSpec.TAKE));
            if (ps.isEmpty()) throw new GraphException("node " + nodeId + " (" + n.type() + ") has no take to generate again");
            Object current = ps.get().storedOrDefault(n.params());
            long next = ((Number) ps.get().coerce(current)).longValue() + 1;
            try {
                return g.withNode(n.withParam(ParamSpec.TAKE, ps.get().coerce(next)));
            } catch (IllegalArgumentException e) {
                throw new GraphException("node " + nodeId + ": " + e.getMessage());
            }
        });
    }

    public Command setTitle(String nodeId, String title) {
        return Command.of("Rename node", g -> g.withNode(g.requireNode(nodeId).withTitle(title)));
    }

    public Command setNotes(String nodeId, String notes) {
        return Command.of("Edit notes", g -> g.withNode(g.requireNode(nodeId).withNotes(notes)));
    }

    public Command setBypass(Collection<String> ids, boolean bypass) {
        List<String> copy = List.copyOf(ids);
        return Command.of(bypass ? "Bypass" : "Enable", g -> g.withNodes(copy.stream().map(id -> g.requireNode(id).withBypass(bypass)).toList()));
    }

    public Command setMuted(Collection<String> ids, boolean muted) {
        List<String> copy = List.copyOf(ids);
        return Command.of(muted ? "Mute" : "Unmute", g -> g.withNodes(copy.stream().map(id -> g.requireNode(id).withMuted(muted)).toList()));
    }

    public Command setCollapsed(Collection<String> ids, boolean collapsed) {
        List<String> copy = List.copyOf(ids);
        return Command.of(collapsed ? "Collapse" : "Expand", g -> g.withNodes(copy.stream().map(id -> g.requireNode(id).withCollapsed(collapsed)).toList()));
    }

    public Command addGroup(String title, String colour, Bounds bounds) {
        return Command.of("Add group", g -> {
            String id = GraphIds.next("group", g.groups().keySet());
            return g.withGroup(new Group(id, title, colour, bounds));
        });
    }

    public Command removeGroup(String groupId) {
        return Command.of("Delete group", g -> {
            if (!g.groups().containsKey(groupId)) throw new GraphException("no group '" + groupId + "'");
            return g.withoutGroups(List.of(groupId));
        });
    }

    public Command editGroup(String groupId, String title, String colour) {
        return Command.of("Edit group", g -> {
            Group gr = g.groups().get(groupId);
            if (gr == null) throw new GraphException("no group '" + groupId + "'");
            return g.withGroup(gr.withTitle(title).withColour(colour));
        });
    }

    /** Moves a group and the nodes whose position lies inside it. */
    public Command moveGroup(String groupId, double dx, double dy) {
        return Command.of("Move group", g -> {
            Group gr = g.groups().get(groupId);
            if (gr == null) throw new GraphException("no group '" + groupId + "'");
            List<GraphNode> moved = g.nodes().values().stream().filter(n -> gr.bounds().contains(n.x(), n.y()))
                    .map(n -> n.withPosition(n.x() + dx, n.y() + dy)).toList();
            return g.withNodes(moved).withGroup(gr.withBounds(gr.bounds().translate(dx, dy)));
        });
    }

    /**
     * Pastes a fragment (nodes and the links among them) offset by (dx, dy). Nodes get fresh ids
     * where theirs are taken; links between pasted nodes follow the renaming; links to nodes
     * outside the fragment are dropped.
     */
    public Command paste(Graph fragment, double dx, double dy) {
        return Command.of("Paste " + fragment.nodes().size() + " nodes", g -> {
            Set<String> taken = new HashSet<>(g.nodes().keySet());
            Map<String, String> rename = new HashMap<>();
            List<GraphNode> added = new ArrayList<>();
            for (GraphNode n : fragment.nodes().values()) {
                String id = taken.contains(n.id()) ? GraphIds.next(GraphIds.baseFor(n.type()), taken) : n.id();
                taken.add(id);
                rename.put(n.id(), id);
                added.add(n.withId(id).withPosition(n.x() + dx, n.y() + dy));
            }
            List<Link> ls = new ArrayList<>(g.links());
            for (Link l : fragment.links()) {
                String f = rename.get(l.from().node());
                String t = rename.get(l.to().node());
                if (f != null && t != null) ls.add(Link.of(f, l.from().port(), t, l.to().port()));
            }
            return g.withNodes(added).withLinks(ls);
        });
    }

    /** The selected nodes and the links among them, as a fragment to copy or duplicate. */
    public static Graph fragment(Graph g, Collection<String> ids) {
        Set<String> keep = new HashSet<>(ids);
        Map<String, GraphNode> ns = new TreeMap<>();
        for (String id : keep) ns.put(id, g.requireNode(id));
        List<Link> ls = g.links().stream().filter(l -> keep.contains(l.from().node()) && keep.contains(l.to().node())).toList();
        return new Graph(ns, ls, Map.of(), ViewState.DEFAULT, Map.of());
    }

    public Command setView(ViewState v) {
        return Command.of("View", g -> g.withView(v));
    }
}
