package org.cinegraph.graph.merge;

import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Conflict.Kind;
import org.cinegraph.graph.Conflict.Side;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.GraphIds;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.ViewState;
import org.cinegraph.format.SubgraphInterface;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Three-way merge of graphs by node id, parameter, input port and group, the way git merges
 * lines: a value changed on one side only takes that side's change, the same change on both
 * sides is taken once, and different changes to one value are a {@link Conflict} (the merged
 * graph holds ours' value and the conflict lists all three).
 * <p>
 * Decisions that are not conflicts:
 * <ul>
 *   <li>A node deleted on one side and only moved (or collapsed) on the other is deleted.
 *       Deleted on one side and edited on the other (settings, title, or new links to it) is a
 *       conflict, and the node stays as the editing side left it, wired as that side wired it.</li>
 *   <li>Both sides added a node with the same id: the same content is one node (ours' position
 *       if they were placed differently); different content keeps both, theirs' renamed to a free
 *       id with its links. Groups likewise.</li>
 *   <li>The canvas view follows ours unless only theirs changed it; it is never a conflict.</li>
 * </ul>
 * Links are merged per input port, so the result keeps one link per input; a link whose
 * acceptance would close a cycle is left out as a conflict. The result is a {@link Graph}, so
 * every structural rule holds. Pure functions of the three graphs: a future subgraph node can
 * merge the graphs it holds with the same call.
 */
public final class GraphMerge {
    /** The value a side does not have (an unset parameter, an unconnected input). */
    private static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };

    private final Version base;
    private final Version ours;
    private final Version theirs;
    private final Graph oursGraph;
    private final Graph baseGraph;
    private final Graph theirsGraph;
    private final List<Conflict> conflicts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private GraphMerge(Graph base, Graph ours, Graph theirs) {
        this.baseGraph = base;
        this.oursGraph = ours;
        this.theirsGraph = theirs;
        this.base = new Version(base);
        this.ours = new Version(ours);
        this.theirs = new Version(theirs);
    }

    /** The merged graph (its {@code conflicts()} non-empty when something needs a person) and notes on automatic decisions. */
    public static MergeResult merge(Graph base, Graph ours, Graph theirs) {
        return new GraphMerge(base, ours, theirs).run();
    }

    private MergeResult run() {
        renameCollidingNodes();
        renameCollidingGroups();
        keepEditedDeletions();
        Map<String, GraphNode> nodes = mergeNodes();
        List<Link> links = mergeLinks(nodes);
        Map<String, Group> groups = mergeGroups();
        ViewState view = quietly(baseGraph.view(), oursGraph.view(), theirsGraph.view());
        Map<String, Object> extra = mergeMap(Kind.GRAPH, "", baseGraph.extra(), oursGraph.extra(), theirsGraph.extra());
        Set<Conflict> all = new TreeSet<>(carriedConflicts(nodes, groups));
        all.addAll(conflicts);
        try {
            return new MergeResult(new Graph(nodes, links, groups, view, extra, all), notes);
        } catch (GraphException e) {
            // Every rule is kept above; reaching here is a bug in the merge, reported as one.
            throw new IllegalStateException("the merge produced an invalid graph: " + e.getMessage(), e);
        }
    }

    // ---- ids added on both sides ----

    private void renameCollidingNodes() {
        Set<String> taken = new HashSet<>(base.nodes.keySet());
        taken.addAll(ours.nodes.keySet());
        taken.addAll(theirs.nodes.keySet());
        for (String id : new TreeSet<>(theirs.nodes.keySet())) {
            GraphNode t = theirs.nodes.get(id);
            GraphNode o = ours.nodes.get(id);
            if (base.nodes.containsKey(id) || o == null || o.equals(t)) continue;
            if (o.withPosition(0, 0).equals(t.withPosition(0, 0))) {
                notes.add("node " + id + " was added on both sides alike; it keeps ours' position");
                continue;
            }
            String fresh = GraphIds.next(stripDigits(id), taken);
            taken.add(fresh);
            theirs.renameNode(id, fresh);
            notes.add("theirs' new node " + id + " is now " + fresh + ": ours added a different " + id);
        }
    }

    private void renameCollidingGroups() {
        Set<String> taken = new HashSet<>(base.groups.keySet());
        taken.addAll(ours.groups.keySet());
        taken.addAll(theirs.groups.keySet());
        for (String id : new TreeSet<>(theirs.groups.keySet())) {
            Group t = theirs.groups.get(id);
            Group o = ours.groups.get(id);
            if (base.groups.containsKey(id) || o == null || o.equals(t)) continue;
            String fresh = GraphIds.next(stripDigits(id), taken);
            taken.add(fresh);
            theirs.renameGroup(id, fresh);
            notes.add("theirs' new group " + id + " is now " + fresh + ": ours added a different " + id);
        }
    }

    private static String stripDigits(String id) {
        String s = id.replaceAll("[0-9]+$", "");
        return s.isEmpty() ? id : s;
    }

    // ---- deleted on one side ----

    /**
     * A node deleted on one side and edited on the other is a conflict; the deletion is undone
     * on the deleting side (the base node and its base links where they still fit), so the
     * ordinary merge below takes the editing side's node and wiring.
     */
    private void keepEditedDeletions() {
        for (String id : base.nodes.keySet()) {
            boolean inOurs = ours.nodes.containsKey(id);
            boolean inTheirs = theirs.nodes.containsKey(id);
            if (inOurs && !inTheirs) keepIfEdited(id, theirs, ours, Side.THEIRS);
            else if (!inOurs && inTheirs) keepIfEdited(id, ours, theirs, Side.OURS);
        }
        for (String id : base.groups.keySet()) {
            Version deleter = ours.groups.containsKey(id) ? theirs : ours;
            Version editor = deleter == ours ? theirs : ours;
            if (deleter.groups.containsKey(id) || !editor.groups.containsKey(id)) continue;
            Group b = base.groups.get(id);
            Group e = editor.groups.get(id);
            Side by = deleter == ours ? Side.OURS : Side.THEIRS;
            if (b.withBounds(e.bounds()).equals(e)) {
                if (!b.equals(e)) notes.add("group " + id + " was deleted by " + by.label() + " and only moved or resized by the other side: deleted");
                continue;
            }
            deleter.groups.put(id, b);
            conflicts.add(Conflict.deleted(Kind.GROUP_DELETED, id, by));
        }
    }

    private void keepIfEdited(String id, Version deleter, Version editor, Side deletedBy) {
        GraphNode b = base.nodes.get(id);
        GraphNode e = editor.nodes.get(id);
        boolean edited = !layoutFree(b).equals(layoutFree(e)) || editor.addedLinksTouching(id, base);
        if (!edited) {
            if (!b.equals(e)) notes.add("node " + id + " was deleted by " + deletedBy.label() + " and only moved by the other side: deleted");
            return;
        }
        deleter.nodes.put(id, b);
        for (Map.Entry<PortRef, PortRef> l : base.inputs.entrySet()) {
            PortRef to = l.getKey();
            PortRef from = l.getValue();
            if (!to.node().equals(id) && !from.node().equals(id)) continue;
            // An input the deleting side has wired elsewhere since keeps that wiring.
            if (deleter.inputs.containsKey(to) || !deleter.nodes.containsKey(to.node()) || !deleter.nodes.containsKey(from.node())) continue;
            deleter.inputs.put(to, from);
        }
        conflicts.add(Conflict.deleted(Kind.NODE_DELETED, id, deletedBy));
    }

    private static GraphNode layoutFree(GraphNode n) {
        return n.withPosition(0, 0).withCollapsed(false);
    }

    // ---- nodes ----

    private Map<String, GraphNode> mergeNodes() {
        Map<String, GraphNode> out = new TreeMap<>();
        Set<String> ids = new TreeSet<>(ours.nodes.keySet());
        ids.addAll(theirs.nodes.keySet());
        for (String id : ids) {
            GraphNode b = base.nodes.get(id);
            GraphNode o = ours.nodes.get(id);
            GraphNode t = theirs.nodes.get(id);
            if (o == null || t == null) {
                // Present on one side only: added there (kept), or deleted on the other (gone).
                if (b == null) out.put(id, o == null ? t : o);
                continue;
            }
            out.put(id, b == null ? o : mergeNode(id, b, o, t));
        }
        return out;
    }

    private GraphNode mergeNode(String id, GraphNode b, GraphNode o, GraphNode t) {
        if (o.equals(t)) return o;
        String type = (String) pick(Kind.NODE, id, "type", b.type(), o.type(), t.type());
        long version = (Long) pick(Kind.NODE, id, "typeVersion", (long) b.typeVersion(), (long) o.typeVersion(), (long) t.typeVersion());
        String title = (String) pick(Kind.NODE, id, "title", b.title(), o.title(), t.title());
        @SuppressWarnings("unchecked")
        Map<String, Object> pos = (Map<String, Object>) pick(Kind.NODE, id, "position", position(b), position(o), position(t));
        boolean bypass = (Boolean) pick(Kind.NODE, id, "bypass", b.bypass(), o.bypass(), t.bypass());
        boolean muted = (Boolean) pick(Kind.NODE, id, "muted", b.muted(), o.muted(), t.muted());
        boolean collapsed = (Boolean) pick(Kind.NODE, id, "collapsed", b.collapsed(), o.collapsed(), t.collapsed());
        String notesText = (String) pick(Kind.NODE, id, "notes", b.notes(), o.notes(), t.notes());
        Map<String, Object> params = mergeMap(Kind.PARAM, id, b.params(), o.params(), t.params());
        Map<String, Object> extra = mergeMap(Kind.NODE, id, b.extra(), o.extra(), t.extra());
        Subgraph sub = null;
        if (Subgraph.TYPE.equals(type)) {
            sub = b.isSubgraph() && o.isSubgraph() && t.isSubgraph() ? mergeSubgraph(id, b.subgraph(), o.subgraph(), t.subgraph())
                    : (o.isSubgraph() ? o : t).subgraph();
        }
        return new GraphNode(id, type, (int) version, title, ((Number) pos.get("x")).doubleValue(), ((Number) pos.get("y")).doubleValue(),
                new TreeMap<>(params), bypass, muted, collapsed, notesText, new TreeMap<>(extra), sub);
    }

    /**
     * A subgraph's inside merges like a graph (recursively: its conflicts stay in the inner graph,
     * where the file keeps them); its interface (inputs, outputs, promoted parameters, library
     * reference) merges field by field, each list as one value. References the merged inside no
     * longer has are dropped, with a note.
     */
    private Subgraph mergeSubgraph(String id, Subgraph b, Subgraph o, Subgraph t) {
        if (o.equals(t)) return o;
        MergeResult inner = merge(b.graph(), o.graph(), t.graph());
        for (String n : inner.notes()) notes.add("inside " + id + ": " + n);
        Map<String, Object> bi = SubgraphInterface.write(b, true);
        Map<String, Object> oi = SubgraphInterface.write(o, true);
        Map<String, Object> ti = SubgraphInterface.write(t, true);
        Map<String, Object> fields = new TreeMap<>();
        for (String f : List.of("inputs", "outputs", "params", "library")) {
            Object v = pick(Kind.NODE, id, "subgraph." + f, get(bi, f), get(oi, f), get(ti, f));
            if (v != ABSENT) fields.put(f, v);
        }
        try {
            return SubgraphInterface.read(inner.graph(), fields, true);
        } catch (GraphException e) {
            Subgraph fitted = SubgraphInterface.fitting(inner.graph(), fields);
            notes.add("subgraph " + id + ": " + e.getMessage() + " after the merge; that part of its interface is dropped");
            return fitted;
        }
    }

    static Map<String, Object> position(GraphNode n) {
        Map<String, Object> m = new TreeMap<>();
        m.put("x", n.x());
        m.put("y", n.y());
        return m;
    }

    /** Key by key; a key a side lacks is ABSENT there, and an ABSENT result leaves it out. */
    private Map<String, Object> mergeMap(Kind kind, String subject, Map<String, Object> b, Map<String, Object> o, Map<String, Object> t) {
        Set<String> keys = new TreeSet<>(b.keySet());
        keys.addAll(o.keySet());
        keys.addAll(t.keySet());
        Map<String, Object> out = new TreeMap<>();
        for (String k : keys) {
            Object v = pick(kind, subject, k, get(b, k), get(o, k), get(t, k));
            if (v != ABSENT) out.put(k, v);
        }
        return out;
    }

    private static Object get(Map<String, Object> m, String k) {
        return m.containsKey(k) ? m.get(k) : ABSENT;
    }

    /** The three-way rule for one value; a conflict keeps ours. */
    private Object pick(Kind kind, String subject, String name, Object b, Object o, Object t) {
        if (Objects.equals(o, t)) return o;
        if (Objects.equals(o, b)) return t;
        if (Objects.equals(t, b)) return o;
        conflicts.add(Conflict.of(kind, subject, name, sides(b, o, t)));
        return o;
    }

    private static <T> T quietly(T b, T o, T t) {
        return Objects.equals(o, b) ? t : o;
    }

    private static Map<Side, Object> sides(Object b, Object o, Object t) {
        Map<Side, Object> m = new EnumMap<>(Side.class);
        if (b != ABSENT) m.put(Side.BASE, b);
        if (o != ABSENT) m.put(Side.OURS, o);
        if (t != ABSENT) m.put(Side.THEIRS, t);
        return m;
    }

    // ---- links ----

    private List<Link> mergeLinks(Map<String, GraphNode> nodes) {
        Set<PortRef> ports = new TreeSet<>(base.inputs.keySet());
        ports.addAll(ours.inputs.keySet());
        ports.addAll(theirs.inputs.keySet());
        Map<PortRef, PortRef> fromOurs = new TreeMap<>();
        Map<PortRef, PortRef> fromTheirs = new TreeMap<>();
        for (PortRef port : ports) {
            if (!nodes.containsKey(port.node())) continue;
            Object b = source(base, port);
            Object o = source(ours, port);
            Object t = source(theirs, port);
            boolean takeTheirs = !Objects.equals(o, t) && Objects.equals(o, b);
            Object chosen = pick(Kind.INPUT, port.node(), port.port(), b, o, t);
            if (chosen == ABSENT) continue;
            PortRef from = parsePort((String) chosen);
            if (!nodes.containsKey(from.node())) {
                conflicts.add(Conflict.of(Kind.INPUT, port.node(), port.port(), sides(b, o, t))
                        .withNote("the link from " + from.node() + " is left out: the merge deleted that node"));
                continue;
            }
            (takeTheirs ? fromTheirs : fromOurs).put(port, from);
        }
        List<Link> links = new ArrayList<>();
        fromOurs.forEach((to, from) -> links.add(new Link(from, to)));
        fromTheirs.forEach((to, from) -> links.add(new Link(from, to)));
        try {
            new Graph(nodes, links, Map.of(), ViewState.DEFAULT, Map.of()).topologicalOrder();
            return links;
        } catch (GraphException cycle) {
            return withoutCycles(fromOurs, fromTheirs);
        }
    }

    /**
     * Each side's links are acyclic on their own, but together they can close a loop (ours wires
     * a -> b, theirs b -> a). Links are accepted ours' first, then theirs'; one that would close
     * a cycle falls back to ours' link for that input if that fits, else the input stays empty,
     * and either way it is a conflict naming the input.
     */
    private List<Link> withoutCycles(Map<PortRef, PortRef> fromOurs, Map<PortRef, PortRef> fromTheirs) {
        Map<String, Set<String>> out = new HashMap<>();
        List<Link> accepted = new ArrayList<>();
        List<PortRef> order = new ArrayList<>(fromOurs.keySet());
        order.addAll(fromTheirs.keySet());
        for (PortRef to : order) {
            boolean theirsLink = fromTheirs.containsKey(to);
            PortRef from = theirsLink ? fromTheirs.get(to) : fromOurs.get(to);
            if (!reaches(out, to.node(), from.node())) {
                accept(out, accepted, from, to);
                continue;
            }
            Object b = source(base, to);
            Object o = source(ours, to);
            Object t = source(theirs, to);
            String note = theirsLink ? "theirs' link from " + from + " would close a cycle" : "the link from " + from + " would close a cycle";
            if (theirsLink && o != ABSENT) {
                PortRef alt = parsePort((String) o);
                if (!reaches(out, to.node(), alt.node())) {
                    accept(out, accepted, alt, to);
                    note += "; ours' link is kept";
                } else {
                    note += "; the input is left unconnected";
                }
            } else {
                note += "; the input is left unconnected";
            }
            conflicts.removeIf(c -> c.kind() == Kind.INPUT && c.subject().equals(to.node()) && c.name().equals(to.port()));
            conflicts.add(Conflict.of(Kind.INPUT, to.node(), to.port(), sides(b, o, t)).withNote(note));
            notes.add("input " + to + ": " + note);
        }
        return accepted;
    }

    private static void accept(Map<String, Set<String>> out, List<Link> accepted, PortRef from, PortRef to) {
        accepted.add(new Link(from, to));
        out.computeIfAbsent(from.node(), k -> new HashSet<>()).add(to.node());
    }

    private static boolean reaches(Map<String, Set<String>> out, String start, String target) {
        Deque<String> pending = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String n = pending.pop();
            if (n.equals(target)) return true;
            if (seen.add(n)) pending.addAll(out.getOrDefault(n, Set.of()));
        }
        return false;
    }

    private static Object source(Version v, PortRef input) {
        PortRef from = v.inputs.get(input);
        return from == null ? ABSENT : from.toString();
    }

    private static PortRef parsePort(String s) {
        int dot = s.indexOf('.');
        return new PortRef(s.substring(0, dot), s.substring(dot + 1));
    }

    // ---- groups ----

    private Map<String, Group> mergeGroups() {
        Map<String, Group> out = new TreeMap<>();
        Set<String> ids = new TreeSet<>(ours.groups.keySet());
        ids.addAll(theirs.groups.keySet());
        for (String id : ids) {
            Group b = base.groups.get(id);
            Group o = ours.groups.get(id);
            Group t = theirs.groups.get(id);
            if (o == null || t == null) {
                if (b == null) out.put(id, o == null ? t : o);
                continue;
            }
            if (b == null || o.equals(t)) {
                out.put(id, o);
                continue;
            }
            String title = (String) pick(Kind.GROUP, id, "title", b.title(), o.title(), t.title());
            String colour = (String) pick(Kind.GROUP, id, "colour", b.colour(), o.colour(), t.colour());
            @SuppressWarnings("unchecked")
            Map<String, Object> bounds = (Map<String, Object>) pick(Kind.GROUP, id, "bounds", bounds(b), bounds(o), bounds(t));
            out.put(id, new Group(id, title, colour, new Bounds(num(bounds, "x"), num(bounds, "y"), num(bounds, "width"), num(bounds, "height"))));
        }
        return out;
    }

    static Map<String, Object> bounds(Group g) {
        Map<String, Object> m = new TreeMap<>();
        m.put("x", g.bounds().x());
        m.put("y", g.bounds().y());
        m.put("width", g.bounds().width());
        m.put("height", g.bounds().height());
        return m;
    }

    private static double num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }

    // ---- conflicts already in the files ----

    /** Unresolved conflicts the sides carried: kept unless a side resolved one the base had. */
    private List<Conflict> carriedConflicts(Map<String, GraphNode> nodes, Map<String, Group> groups) {
        Set<Conflict> out = new TreeSet<>();
        for (Conflict c : ours.conflicts) if (theirs.conflicts.contains(c) || !base.conflicts.contains(c)) out.add(c);
        for (Conflict c : theirs.conflicts) if (!base.conflicts.contains(c)) out.add(c);
        out.removeIf(c -> c.kind().aboutNode() ? !nodes.containsKey(c.subject()) : c.kind().aboutGroup() && !groups.containsKey(c.subject()));
        return new ArrayList<>(out);
    }

    /** One side's graph as mutable maps, which the merge adjusts (renames, undone deletions) before merging. */
    private static final class Version {
        final Map<String, GraphNode> nodes;
        final Map<PortRef, PortRef> inputs = new TreeMap<>();
        final Map<String, Group> groups;
        final Set<Conflict> conflicts;

        Version(Graph g) {
            nodes = new TreeMap<>(g.nodes());
            for (Link l : g.links()) inputs.put(l.to(), l.from());
            groups = new TreeMap<>(g.groups());
            conflicts = new TreeSet<>(g.conflicts());
        }

        void renameNode(String id, String fresh) {
            nodes.put(fresh, nodes.remove(id).withId(fresh));
            Map<PortRef, PortRef> renamed = new TreeMap<>();
            inputs.forEach((to, from) -> renamed.put(rename(to, id, fresh), rename(from, id, fresh)));
            inputs.clear();
            inputs.putAll(renamed);
            renameSubjects(id, fresh, true);
        }

        void renameGroup(String id, String fresh) {
            Group g = groups.remove(id);
            groups.put(fresh, new Group(fresh, g.title(), g.colour(), g.bounds()));
            renameSubjects(id, fresh, false);
        }

        private void renameSubjects(String id, String fresh, boolean node) {
            List<Conflict> cs = new ArrayList<>(conflicts);
            conflicts.clear();
            for (Conflict c : cs) {
                boolean match = (node ? c.kind().aboutNode() : c.kind().aboutGroup()) && c.subject().equals(id);
                conflicts.add(match ? c.withSubject(fresh) : c);
            }
        }

        private static PortRef rename(PortRef p, String id, String fresh) {
            return p.node().equals(id) ? new PortRef(fresh, p.port()) : p;
        }

        /** Whether this side wired something to or from the node that the base did not have. */
        boolean addedLinksTouching(String id, Version base) {
            for (Map.Entry<PortRef, PortRef> l : inputs.entrySet()) {
                if (!l.getKey().node().equals(id) && !l.getValue().node().equals(id)) continue;
                if (!l.getValue().equals(base.inputs.get(l.getKey()))) return true;
            }
            return false;
        }
    }
}
