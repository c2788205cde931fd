package org.cinegraph.graph.merge;

import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Conflict.Side;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.format.SubgraphInterface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settles a merge conflict by taking one side's value: the graph gets that value (a parameter
 * unset, an input unconnected, a node deleted when that side had none) and loses the entry.
 * Pure {@code Graph -> Graph}, so an editor wraps it in one undoable command.
 */
public final class ConflictResolver {
    private ConflictResolver() {
    }

    /**
     * A conflict and where it sits: {@code path} is "" for the graph itself, or the subgraph
     * node's path ("sub1") for a conflict its inside holds.
     */
    public record Located(String path, Conflict conflict) {
        /** The node it is about, by path ("sub1/grade1"); the subgraph node for an inner group or field; "" for the top graph. */
        public String nodeId() {
            String id = conflict.nodeId();
            if (path.isEmpty()) return id;
            return id.isEmpty() ? path : path + "/" + id;
        }

        /** What {@code resolve ID} or {@code ID.NAME} selects it by: the node (by path), a group or "graph". */
        public String subject() {
            String s = conflict.kind() == Conflict.Kind.GRAPH ? "graph" : conflict.subject();
            return path.isEmpty() ? s : path + "/" + s;
        }
    }

    /** Every unresolved conflict at every depth: the graph's own first, then each subgraph's, by path. */
    public static List<Located> all(Graph g) {
        List<Located> out = new ArrayList<>();
        collect(g, "", out);
        return out;
    }

    private static void collect(Graph g, String path, List<Located> out) {
        for (Conflict c : g.conflicts()) out.add(new Located(path, c));
        for (GraphNode n : g.nodes().values()) {
            if (n.isSubgraph()) collect(n.subgraph().graph(), path.isEmpty() ? n.id() : path + "/" + n.id(), out);
        }
    }

    /** Settles a conflict wherever it sits (inside a subgraph: as an edit of that inside). */
    public static Graph resolve(Graph g, Located l, Side side) {
        return Subgraphs.inside(Subgraphs.parsePath(l.path()), Command.of("Resolve", x -> resolve(x, l.conflict(), side))).apply(g);
    }

    /**
     * @throws GraphException if the graph does not hold that conflict, or taking the side would
     *                        break a structural rule (an input from a node that is gone, a cycle)
     */
    public static Graph resolve(Graph g, Conflict c, Side side) {
        if (!g.conflicts().contains(c)) throw new GraphException("the graph has no such merge conflict");
        List<Conflict> rest = new ArrayList<>(g.conflicts());
        rest.remove(c);
        Graph without = g.withConflicts(rest);
        boolean has = c.values().containsKey(side);
        Object v = c.values().get(side);
        return switch (c.kind()) {
            case NODE_DELETED -> side == c.deletedBy() ? without.withoutNodes(List.of(c.subject())) : without;
            case GROUP_DELETED -> side == c.deletedBy() ? without.withoutGroups(List.of(c.subject())) : without;
            case PARAM -> without.withNode(without.requireNode(c.subject()).withParam(c.name(), has ? v : null));
            case NODE -> c.name().startsWith(SUBGRAPH) ? subgraphField(without, c.subject(), c.name().substring(SUBGRAPH.length()), has, v)
                    : without.withNode(property(without.requireNode(c.subject()), c.name(), has, v));
            case INPUT -> input(without, new PortRef(c.subject(), c.name()), has ? (String) v : null);
            case GROUP -> without.withGroup(groupProperty(without.groups().get(c.subject()), c.name(), v));
            case GRAPH -> {
                Map<String, Object> extra = new TreeMap<>(without.extra());
                if (has) extra.put(c.name(), v);
                else extra.remove(c.name());
                yield new Graph(without.nodes(), without.links(), without.groups(), without.view(), extra, without.conflicts());
            }
        };
    }

    /** Every conflict of the graph, inside subgraphs too, settled the same way (in order; one that cannot be taken stops with its reason). */
    public static Graph resolveAll(Graph g, Side side) {
        Graph out = g;
        for (Located l : all(g)) {
            if (all(out).contains(l)) out = resolve(out, l, side);
        }
        return out;
    }

    /** Names of subgraph interface conflicts: "subgraph.inputs", "subgraph.outputs", "subgraph.params", "subgraph.library". */
    private static final String SUBGRAPH = "subgraph.";

    private static Graph subgraphField(Graph g, String id, String field, boolean has, Object v) {
        GraphNode n = g.requireNode(id);
        if (!n.isSubgraph()) throw new GraphException("node " + id + " is not a subgraph");
        Map<String, Object> fields = new TreeMap<>(SubgraphInterface.write(n.subgraph(), true));
        if (has) fields.put(field, v);
        else fields.remove(field);
        try {
            return Subgraphs.replaceSubgraph(g, id, SubgraphInterface.fitting(n.subgraph().graph(), fields));
        } catch (IllegalArgumentException e) {
            throw new GraphException("node " + id + ": the conflict's value for subgraph " + field + " is not valid: " + e.getMessage());
        }
    }

    private static GraphNode property(GraphNode n, String name, boolean has, Object v) {
        try {
            return switch (name) {
                case "type" -> new GraphNode(n.id(), (String) v, n.typeVersion(), n.title(), n.x(), n.y(), n.params(), n.bypass(), n.muted(),
                        n.collapsed(), n.notes(), n.extra());
                case "typeVersion" -> new GraphNode(n.id(), n.type(), ((Number) v).intValue(), n.title(), n.x(), n.y(), n.params(), n.bypass(),
                        n.muted(), n.collapsed(), n.notes(), n.extra());
                case "title" -> n.withTitle((String) v);
                case "position" -> n.withPosition(((Number) ((Map<?, ?>) v).get("x")).doubleValue(), ((Number) ((Map<?, ?>) v).get("y")).doubleValue());
                case "bypass" -> n.withBypass((Boolean) v);
                case "muted" -> n.withMuted((Boolean) v);
                case "collapsed" -> n.withCollapsed((Boolean) v);
                case "notes" -> n.withNotes((String) v);
                default -> {
                    TreeMap<String, Object> extra = new TreeMap<>(n.extra());
                    if (has) extra.put(name, v);
                    else extra.remove(name);
                    yield new GraphNode(n.id(), n.type(), n.typeVersion(), n.title(), n.x(), n.y(), n.params(), n.bypass(), n.muted(),
                            n.collapsed(), n.notes(), extra);
                }
            };
        } catch (ClassCastException | NullPointerException e) {
            throw new GraphException("node " + n.id() + ": the conflict's value for " + name + " is not a valid " + name);
        }
    }

    private static Graph input(Graph g, PortRef to, String source) {
        List<Link> links = new ArrayList<>(g.links());
        links.removeIf(l -> l.to().equals(to));
        if (source != null) {
            int dot = source.indexOf('.');
            if (dot <= 0) throw new GraphException("input " + to + ": the conflict's source '" + source + "' is not node.port");
            links.add(new Link(new PortRef(source.substring(0, dot), source.substring(dot + 1)), to));
        }
        return g.withLinks(links);
    }

    private static Group groupProperty(Group gr, String name, Object v) {
        try {
            return switch (name) {
                case "title" -> gr.withTitle((String) v);
                case "colour" -> gr.withColour((String) v);
                case "bounds" -> {
                    Map<?, ?> b = (Map<?, ?>) v;
                    yield gr.withBounds(new Bounds(d(b, "x"), d(b, "y"), d(b, "width"), d(b, "height")));
                }
                default -> throw new GraphException("group " + gr.id() + " has no property '" + name + "'");
            };
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new GraphException("group " + gr.id() + ": the conflict's value for " + name + " is not valid");
        }
    }

    private static double d(Map<?, ?> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }
}
