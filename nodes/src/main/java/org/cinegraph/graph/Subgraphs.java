package org.cinegraph.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiFunction;
import java.util.TreeMap;

/**
 * Subgraphs seen from outside: flattening for the executor, paths to inner graphs, and running
 * an edit inside one. A path is the ids of subgraph nodes from the top, "sub1/inner2"; an inner
 * node's path adds its own id, "sub1/inner2/grade1".
 */
public final class Subgraphs {
    private Subgraphs() {
    }

    /** A flattening failure that belongs to one node (its path). */
    public static final class FlattenException extends GraphException {
        private final String nodeId;

        FlattenException(String nodeId, String message) {
            super(message);
            this.nodeId = nodeId;
        }

        public String nodeId() {
            return nodeId;
        }
    }

    /**
     * A graph with every subgraph replaced by its inside, inner nodes named by path, and how the
     * ports of the subgraph nodes map onto it: each subgraph output to the flat output that makes
     * it, each subgraph input to the flat inputs it feeds.
     */
    public record Flat(Graph graph, Map<PortRef, PortRef> outputs, Map<PortRef, List<PortRef>> inputs) {
        public Flat {
            outputs = Map.copyOf(outputs);
            inputs = Map.copyOf(inputs);
        }

        /** The flat output port behind an output of any node, by path; the port itself for a node that is not a subgraph. */
        public PortRef source(PortRef port) {
            return outputs.getOrDefault(port, port);
        }

        /** The flat nodes that stand for a node (by path): the node itself, or every node inside a subgraph. */
        public List<String> nodesFor(String path) {
            if (graph.nodes().containsKey(path)) return List.of(path);
            String prefix = path + "/";
            return graph.nodes().keySet().stream().filter(id -> id.startsWith(prefix)).toList();
        }
    }

    /** Whether any node of the graph is a subgraph. */
    public static boolean hasSubgraphs(Graph g) {
        for (GraphNode n : g.nodes().values()) if (n.isSubgraph()) return true;
        return false;
    }

    /**
     * The graph the executor runs. Inner nodes are named by path ("sub1/grade1") and take the
     * outer node's promoted values; a link into a subgraph input becomes a link into every inner
     * input it feeds, a link out of a subgraph output starts at the inner output. Inner node
     * settings do not mention where the subgraph sits, so their cache keys do not either. A muted
     * subgraph mutes its inside; a bypassed one passes its first fitting connected input to each
     * output, like any bypassed node. Groups, views and merge conflicts are left out (the
     * validator reports conflicts on the graph as stored).
     *
     * @throws FlattenException naming the node when a link names a port a subgraph does not have
     *                          or a bypassed subgraph has nothing to pass through
     */
    public static Flat flatten(Graph g) {
        if (!hasSubgraphs(g)) return new Flat(g, Map.of(), Map.of());
        Flattener f = new Flattener();
        f.add(g, "", false);
        return new Flat(new Graph(f.nodes, f.links, Map.of(), g.view(), g.extra()), f.outputs, f.inputs);
    }

    private static final class Flattener {
        final Map<String, GraphNode> nodes = new TreeMap<>();
        final List<Link> links = new ArrayList<>();
        final Map<PortRef, PortRef> outputs = new HashMap<>();
        final Map<PortRef, List<PortRef>> inputs = new HashMap<>();
        final Set<String> subgraphs = new HashSet<>();

        void add(Graph g, String prefix, boolean muted) {
            List<GraphNode> bypassed = new ArrayList<>();
            for (GraphNode n : g.topologicalOrder().stream().map(g::requireNode).toList()) {
                String path = prefix + n.id();
                if (!n.isSubgraph()) {
                    nodes.put(path, n.withId(path).withMuted(n.muted() || muted));
                    continue;
                }
                subgraphs.add(path);
                if (n.bypass()) {
                    bypassed.add(n);
                    continue;
                }
                Subgraph sub = n.subgraph();
                add(withPromotedValues(n), path + "/", muted || n.muted());
                for (Subgraph.Output o : sub.outputs()) {
                    outputs.put(new PortRef(path, o.name()), resolveOut(new PortRef(path + "/" + o.source().node(), o.source().port()), path));
                }
                for (Subgraph.Input in : sub.inputs()) {
                    List<PortRef> targets = new ArrayList<>();
                    for (PortRef t : in.targets()) targets.addAll(resolveIn(new PortRef(path + "/" + t.node(), t.port()), path));
                    inputs.put(new PortRef(path, in.name()), targets);
                }
            }
            // A bypassed subgraph is skipped: what reaches it goes straight on (after the others are known).
            for (GraphNode n : bypassed) {
                String path = prefix + n.id();
                for (Subgraph.Output o : n.subgraph().outputs()) {
                    PortRef src = passThrough(g, n, o).orElseThrow(() -> new FlattenException(path,
                            "cannot bypass subgraph " + path + ": no connected input can pass through to output '" + o.name() + "' (" + o.type().displayName() + ")"));
                    outputs.put(new PortRef(path, o.name()), resolveOut(new PortRef(prefix + src.node(), src.port()), path));
                }
                for (Subgraph.Input in : n.subgraph().inputs()) inputs.put(new PortRef(path, in.name()), List.of());
            }
            for (Link l : g.links()) {
                String to = prefix + l.to().node();
                PortRef from = resolveOut(new PortRef(prefix + l.from().node(), l.from().port()), to);
                for (PortRef t : resolveIn(new PortRef(to, l.to().port()), to)) links.add(new Link(from, t));
            }
        }

        private PortRef resolveOut(PortRef p, String who) {
            if (!subgraphs.contains(p.node())) return p;
            PortRef r = outputs.get(p);
            if (r == null) throw new FlattenException(who, "subgraph " + p.node() + " has no output '" + p.port() + "'");
            return r;
        }

        private List<PortRef> resolveIn(PortRef p, String who) {
            if (!subgraphs.contains(p.node())) return List.of(p);
            List<PortRef> r = inputs.get(p);
            if (r == null) throw new FlattenException(who, "subgraph " + p.node() + " has no input '" + p.port() + "'");
            return r;
        }

        /** The outer output linked into the first declared input whose type fits the output's. */
        private static java.util.Optional<PortRef> passThrough(Graph g, GraphNode n, Subgraph.Output o) {
            for (Subgraph.Input in : n.subgraph().inputs()) {
                var l = g.linkInto(new PortRef(n.id(), in.name()));
                if (l.isPresent() && (in.type() == o.type() || in.type().canFeed(o.type()))) return java.util.Optional.of(l.get().from());
            }
            return java.util.Optional.empty();
        }
    }

    /** The inside of a subgraph node with the outer node's promoted values set on the inner nodes. */
    public static Graph withPromotedValues(GraphNode n) {
        Subgraph sub = n.subgraph();
        Graph inner = sub.graph();
        Map<String, GraphNode> changed = new HashMap<>();
        for (Subgraph.Param p : sub.params()) {
            Object v = n.params().get(p.name());
            if (v == null) continue;
            GraphNode in = changed.getOrDefault(p.node(), inner.requireNode(p.node()));
            changed.put(p.node(), in.withParam(p.param(), v));
        }
        return changed.isEmpty() ? inner : inner.withNodes(changed.values());
    }

    // ---- every depth ----

    /** Every node at every depth by path ("grade1", "sub1", "sub1/grade1"), sorted by path. */
    public static SortedMap<String, GraphNode> allNodes(Graph g) {
        SortedMap<String, GraphNode> out = new TreeMap<>();
        collect(g, "", out);
        return out;
    }

    private static void collect(Graph g, String prefix, Map<String, GraphNode> out) {
        for (GraphNode n : g.nodes().values()) {
            out.put(prefix + n.id(), n);
            if (n.isSubgraph()) collect(n.subgraph().graph(), prefix + n.id() + "/", out);
        }
    }

    /**
     * Every node that runs (not subgraph nodes themselves), at every depth, by path, with the
     * promoted values of the subgraphs around it: the settings a flattened graph has, without
     * its links.
     */
    public static SortedMap<String, GraphNode> leafNodes(Graph g) {
        SortedMap<String, GraphNode> out = new TreeMap<>();
        leaves(g, "", out);
        return out;
    }

    private static void leaves(Graph g, String prefix, Map<String, GraphNode> out) {
        for (GraphNode n : g.nodes().values()) {
            if (n.isSubgraph()) leaves(withPromotedValues(n), prefix + n.id() + "/", out);
            else out.put(prefix + n.id(), n);
        }
    }

    /**
     * The graph with {@code fn(path, node)} applied to every node at every depth (a subgraph
     * node gets the rewritten inside first). {@code fn} must keep ids, and should change only
     * settings (parameters, flags), since the interface is not adjusted.
     */
    public static Graph mapNodes(Graph g, BiFunction<String, GraphNode, GraphNode> fn) {
        return mapNodes(g, "", fn);
    }

    private static Graph mapNodes(Graph g, String prefix, BiFunction<String, GraphNode, GraphNode> fn) {
        List<GraphNode> changed = new ArrayList<>();
        for (GraphNode n : g.nodes().values()) {
            GraphNode m = n;
            if (n.isSubgraph()) {
                Graph inner = mapNodes(n.subgraph().graph(), prefix + n.id() + "/", fn);
                if (!inner.equals(n.subgraph().graph())) m = n.withSubgraph(n.subgraph().withGraph(inner));
            }
            m = fn.apply(prefix + n.id(), m);
            if (!m.equals(n)) changed.add(m);
        }
        return changed.isEmpty() ? g : g.withNodes(changed);
    }

    // ---- paths ----

    /** "sub1/inner2" as its ids; the empty path is the top. */
    public static List<String> parsePath(String path) {
        if (path == null || path.isEmpty()) return List.of();
        return Arrays.asList(path.split("/"));
    }

    /** The graph inside the subgraph at {@code path} (the graph itself for the empty path). */
    public static Graph graphAt(Graph g, List<String> path) {
        Graph cur = g;
        for (String id : path) cur = subgraphNode(cur, id).subgraph().graph();
        return cur;
    }

    /** Whether every step of the path names a subgraph node. */
    public static boolean exists(Graph g, List<String> path) {
        Graph cur = g;
        for (String id : path) {
            GraphNode n = cur.nodes().get(id);
            if (n == null || !n.isSubgraph()) return false;
            cur = n.subgraph().graph();
        }
        return true;
    }

    private static GraphNode subgraphNode(Graph g, String id) {
        GraphNode n = g.requireNode(id);
        if (!n.isSubgraph()) throw new GraphException("node " + id + " is not a subgraph");
        return n;
    }

    /**
     * An edit made inside the subgraph at {@code path}, as an edit of the whole graph (one undo
     * step). The subgraph's interface follows what the edit removed, and outer links to ports
     * that are gone are dropped.
     */
    public static Command inside(List<String> path, Command c) {
        if (path.isEmpty()) return c;
        List<String> copy = List.copyOf(path);
        return Command.of(c.name(), g -> apply(g, copy, 0, c));
    }

    private static Graph apply(Graph g, List<String> path, int depth, Command c) {
        if (depth == path.size()) return c.apply(g);
        GraphNode n = subgraphNode(g, path.get(depth));
        Subgraph sub = n.subgraph();
        Graph inner = apply(sub.graph(), path, depth + 1, c);
        if (inner.equals(sub.graph())) return g;
        return replaceSubgraph(g, n.id(), sub.withGraph(inner));
    }

    /** The node's subgraph replaced; links to inputs or from outputs the new one lacks are dropped. */
    public static Graph replaceSubgraph(Graph g, String id, Subgraph s) {
        GraphNode n = subgraphNode(g, id);
        List<Link> ls = new ArrayList<>();
        for (Link l : g.links()) {
            if (l.to().node().equals(id) && s.input(l.to().port()).isEmpty()) continue;
            if (l.from().node().equals(id) && s.output(l.from().port()).isEmpty()) continue;
            ls.add(l);
        }
        // promoted values of parameters that are no longer promoted go with them
        Map<String, Object> params = new TreeMap<>(n.params());
        params.keySet().removeIf(k -> s.param(k).isEmpty());
        return g.withNode(n.withSubgraph(s).withParams(params)).withLinks(ls);
    }
}
