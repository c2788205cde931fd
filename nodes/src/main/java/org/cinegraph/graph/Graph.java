package org.cinegraph.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable node graph: nodes by id, links, groups, the saved view, unknown top-level
 * fields kept for lossless saving, and the conflicts a merge left unresolved. Every instance
 * satisfies the structural rules: unique ids, links between existing nodes, at most one link
 * into an input, no cycles, conflicts only about nodes and groups it has. Port names and
 * types are checked against the node types by {@link GraphValidator}, since a graph may hold
 * placeholder nodes whose type is not installed.
 */
public final class Graph {
    public static final Graph EMPTY = new Graph(Map.of(), List.of(), Map.of(), ViewState.DEFAULT, Map.of());

    private final SortedMap<String, GraphNode> nodes;
    private final List<Link> links;
    private final SortedMap<String, Group> groups;
    private final ViewState view;
    private final SortedMap<String, Object> extra;
    private final List<Conflict> conflicts;
    // Links by target and by source node: editors and validators ask for them per node, and a
    // scan of every link per node made those passes quadratic on graphs of thousands of nodes.
    private final Map<String, List<Link>> into = new HashMap<>();
    private final Map<String, List<Link>> from = new HashMap<>();

    public Graph(Map<String, GraphNode> nodes, Collection<Link> links, Map<String, Group> groups, ViewState view, Map<String, Object> extra) {
        this(nodes, links, groups, view, extra, List.of());
    }

    public Graph(Map<String, GraphNode> nodes, Collection<Link> links, Map<String, Group> groups, ViewState view, Map<String, Object> extra,
                 Collection<Conflict> conflicts) {
        this.nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
        this.links = List.copyOf(new TreeSet<>(links));
        this.groups = Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        this.view = Objects.requireNonNull(view, "view");
        this.extra = Collections.unmodifiableSortedMap(new TreeMap<>(extra));
        this.conflicts = List.copyOf(new TreeSet<>(conflicts));
        for (Map.Entry<String, GraphNode> e : this.nodes.entrySet()) {
            if (!e.getKey().equals(e.getValue().id())) throw new GraphException("node map key " + e.getKey() + " differs from node id " + e.getValue().id());
        }
        if (this.links.size() != links.size()) throw new GraphException("the same link is listed twice");
        checkLinks();
        checkConflicts();
        for (Link l : this.links) {
            into.computeIfAbsent(l.to().node(), k -> new ArrayList<>()).add(l);
            from.computeIfAbsent(l.from().node(), k -> new ArrayList<>()).add(l);
        }
        topologicalOrder();
    }

    public static Graph of(Collection<GraphNode> nodes, Collection<Link> links) {
        Map<String, GraphNode> m = new TreeMap<>();
        for (GraphNode n : nodes) {
            if (m.put(n.id(), n) != null) throw new GraphException("duplicate node id '" + n.id() + "'");
        }
        return new Graph(m, links, Map.of(), ViewState.DEFAULT, Map.of());
    }

    private void checkLinks() {
        Set<PortRef> targets = new HashSet<>();
        for (Link l : links) {
            if (!nodes.containsKey(l.from().node())) throw new GraphException("link " + l + " comes from missing node '" + l.from().node() + "'");
            if (!nodes.containsKey(l.to().node())) throw new GraphException("link " + l + " goes to missing node '" + l.to().node() + "'");
            if (!targets.add(l.to())) throw new GraphException("input " + l.to() + " has more than one link");
        }
    }

    private void checkConflicts() {
        for (Conflict c : conflicts) {
            if (c.kind().aboutNode() && !nodes.containsKey(c.subject())) throw new GraphException("a merge conflict names missing node '" + c.subject() + "'");
            if (c.kind().aboutGroup() && !groups.containsKey(c.subject())) throw new GraphException("a merge conflict names missing group '" + c.subject() + "'");
        }
    }

    /**
     * Node ids in dependency order (every node after the nodes feeding it; ties by id, so the
     * order is deterministic).
     *
     * @throws GraphException naming the nodes on a cycle
     */
    public List<String> topologicalOrder() {
        Map<String, Integer> indegree = new HashMap<>();
        Map<String, List<String>> out = new HashMap<>();
        for (String id : nodes.keySet()) indegree.put(id, 0);
        for (Link l : links) {
            indegree.merge(l.to().node(), 1, Integer::sum);
            out.computeIfAbsent(l.from().node(), k -> new ArrayList<>()).add(l.to().node());
        }
        TreeSet<String> ready = new TreeSet<>();
        indegree.forEach((k, v) -> {
            if (v == 0) ready.add(k);
        });
        List<String> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            String id = ready.pollFirst();
            order.add(id);
            for (String next : out.getOrDefault(id, List.of())) {
                if (indegree.merge(next, -1, Integer::sum) == 0) ready.add(next);
            }
        }
        if (order.size() != nodes.size()) {
            throw new GraphException("the graph has a cycle through nodes " + String.join(", ", cycle(order)));
        }
        return order;
    }

    /**
     * The nodes of one cycle, sorted: the nodes Kahn's order left out are on a cycle or fed by
     * one, and each has a left-out node feeding it, so walking feeders from one of them must
     * come round; the loop it closes is the cycle (nodes merely downstream are not named).
     */
    private List<String> cycle(List<String> order) {
        Set<String> left = new TreeSet<>(nodes.keySet());
        order.forEach(left::remove);
        Map<String, String> feeder = new HashMap<>();
        for (Link l : links) {
            String from = l.from().node(), to = l.to().node();
            if (left.contains(from) && left.contains(to)) feeder.merge(to, from, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        List<String> path = new ArrayList<>();
        Map<String, Integer> at = new HashMap<>();
        String cur = left.iterator().next();
        while (!at.containsKey(cur)) {
            at.put(cur, path.size());
            path.add(cur);
            cur = feeder.get(cur);
        }
        return new ArrayList<>(new TreeSet<>(path.subList(at.get(cur), path.size())));
    }

    public SortedMap<String, GraphNode> nodes() {
        return nodes;
    }

    public Optional<GraphNode> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    public GraphNode requireNode(String id) {
        GraphNode n = nodes.get(id);
        if (n == null) throw new GraphException("no node '" + id + "' in the graph");
        return n;
    }

    public List<Link> links() {
        return links;
    }

    public SortedMap<String, Group> groups() {
        return groups;
    }

    public ViewState view() {
        return view;
    }

    public SortedMap<String, Object> extra() {
        return extra;
    }

    /** Unresolved merge conflicts, sorted (nodes by id, then groups, then the graph); empty for most graphs. */
    public List<Conflict> conflicts() {
        return conflicts;
    }

    /** The link into an input port, if connected. */
    public Optional<Link> linkInto(PortRef input) {
        for (Link l : linksInto(input.node())) if (l.to().equals(input)) return Optional.of(l);
        return Optional.empty();
    }

    public List<Link> linksInto(String nodeId) {
        return Collections.unmodifiableList(into.getOrDefault(nodeId, List.of()));
    }

    public List<Link> linksFrom(String nodeId) {
        return Collections.unmodifiableList(from.getOrDefault(nodeId, List.of()));
    }

    /** The given nodes and every node that feeds them, directly or not. */
    public Set<String> upstreamOf(Collection<String> ids) {
        Set<String> seen = new TreeSet<>();
        Deque<String> pending = new ArrayDeque<>(ids);
        while (!pending.isEmpty()) {
            String id = pending.pop();
            if (!seen.add(id)) continue;
            for (Link l : linksInto(id)) pending.push(l.from().node());
        }
        return seen;
    }

    /** The given nodes and every node they feed, directly or not. */
    public Set<String> downstreamOf(Collection<String> ids) {
        Set<String> seen = new TreeSet<>();
        Deque<String> pending = new ArrayDeque<>(ids);
        while (!pending.isEmpty()) {
            String id = pending.pop();
            if (!seen.add(id)) continue;
            for (Link l : linksFrom(id)) pending.push(l.to().node());
        }
        return seen;
    }

    // ---- derivation helpers used by commands: each returns a new, checked graph ----

    public Graph withNode(GraphNode n) {
        Map<String, GraphNode> m = new TreeMap<>(nodes);
        m.put(n.id(), n);
        return new Graph(m, links, groups, view, extra, conflicts);
    }

    public Graph withNodes(Collection<GraphNode> ns) {
        Map<String, GraphNode> m = new TreeMap<>(nodes);
        for (GraphNode n : ns) m.put(n.id(), n);
        return new Graph(m, links, groups, view, extra, conflicts);
    }

    /** Removes nodes, every link touching them and the conflicts about them (deleting a node settles those). */
    public Graph withoutNodes(Collection<String> ids) {
        Set<String> gone = new HashSet<>(ids);
        Map<String, GraphNode> m = new TreeMap<>(nodes);
        m.keySet().removeAll(gone);
        List<Link> ls = links.stream().filter(l -> !gone.contains(l.from().node()) && !gone.contains(l.to().node())).toList();
        List<Conflict> cs = conflicts.stream().filter(c -> !c.kind().aboutNode() || !gone.contains(c.subject())).toList();
        return new Graph(m, ls, groups, view, extra, cs);
    }

    public Graph withLinks(Collection<Link> newLinks) {
        return new Graph(nodes, newLinks, groups, view, extra, conflicts);
    }

    public Graph withGroup(Group g) {
        Map<String, Group> m = new TreeMap<>(groups);
        m.put(g.id(), g);
        return new Graph(nodes, links, m, view, extra, conflicts);
    }

    public Graph withoutGroups(Collection<String> ids) {
        Map<String, Group> m = new TreeMap<>(groups);
        m.keySet().removeAll(ids);
        List<Conflict> cs = conflicts.stream().filter(c -> !c.kind().aboutGroup() || !ids.contains(c.subject())).toList();
        return new Graph(nodes, links, m, view, extra, cs);
    }

    public Graph withView(ViewState v) {
        return new Graph(nodes, links, groups, v, extra, conflicts);
    }

    public Graph withConflicts(Collection<Conflict> cs) {
        return new Graph(nodes, links, groups, view, extra, cs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Graph g && nodes.equals(g.nodes) && links.equals(g.links) && groups.equals(g.groups)
                && view.equals(g.view) && extra.equals(g.extra) && conflicts.equals(g.conflicts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodes, links, groups, view, extra, conflicts);
    }

    @Override
    public String toString() {
        return "Graph[" + nodes.size() + " nodes, " + links.size() + " links, " + groups.size() + " groups]";
    }
}
