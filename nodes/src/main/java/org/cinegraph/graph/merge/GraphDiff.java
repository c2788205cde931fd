package org.cinegraph.graph.merge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PlainValues;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.ViewState;
import org.cinegraph.format.SubgraphInterface;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What changed from one graph to another, by meaning rather than by line: nodes added,
 * removed and changed (parameters old -> new, moves, renames, bypass...), inputs wired,
 * unwired and rewired, groups, the view, top-level fields, merge conflicts. Every list is in
 * a stable order (by node id, input port, group id), so the same two graphs always give the
 * same text. {@link #text()} is what a reviewer reads; {@link #json()} the same for tools.
 */
public final class GraphDiff {
    public enum Status { ADDED, REMOVED, CHANGED }

    /**
     * One changed value. {@code what}: param (name = the parameter; nested map values give
     * dotted names), type, typeVersion, title, position, bypass, muted, collapsed, notes, field
     * (an unknown field), colour, bounds, view. An empty before/after: the value did not exist.
     */
    public record Change(String what, String name, Optional<Object> before, Optional<Object> after) {
    }

    public record NodeDiff(String id, Status status, GraphNode node, List<Change> changes) {
    }

    /** An input whose link changed: {@code before} and {@code after} are the sources, null when unconnected. */
    public record InputDiff(PortRef input, PortRef before, PortRef after) {
    }

    public record GroupDiff(String id, Status status, Group group, List<Change> changes) {
    }

    private final List<NodeDiff> nodes = new ArrayList<>();
    private final List<InputDiff> inputs = new ArrayList<>();
    private final List<GroupDiff> groups = new ArrayList<>();
    private final List<Change> graph = new ArrayList<>();
    private final List<ConflictResolver.Located> conflictsAdded = new ArrayList<>();
    private final List<ConflictResolver.Located> conflictsRemoved = new ArrayList<>();

    private GraphDiff() {
    }

    /**
     * A subgraph node present in both is compared recursively: its interface (inputs, outputs,
     * promoted parameters, library reference) as changes of the node, what is inside as changes
     * of its inner nodes, named by path ("sub1/grade1"), inputs and groups likewise.
     */
    public static GraphDiff between(Graph a, Graph b) {
        GraphDiff d = new GraphDiff();
        d.diff(a, b, "", d.graph);
        return d;
    }

    private void diff(Graph a, Graph b, String prefix, List<Change> graphChanges) {
        diffNodes(a, b, prefix);
        diffInputs(a, b, prefix);
        diffGroups(a, b, prefix);
        if (!a.view().equals(b.view())) graphChanges.add(new Change("view", "", Optional.of(view(a.view())), Optional.of(view(b.view()))));
        diffMap(graphChanges, "field", "", a.extra(), b.extra());
        Set<Conflict> before = new TreeSet<>(a.conflicts());
        Set<Conflict> after = new TreeSet<>(b.conflicts());
        String path = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
        for (Conflict c : after) if (!before.contains(c)) conflictsAdded.add(new ConflictResolver.Located(path, c));
        for (Conflict c : before) if (!after.contains(c)) conflictsRemoved.add(new ConflictResolver.Located(path, c));
    }

    public List<NodeDiff> nodes() {
        return List.copyOf(nodes);
    }

    public List<InputDiff> inputs() {
        return List.copyOf(inputs);
    }

    public List<GroupDiff> groups() {
        return List.copyOf(groups);
    }

    public List<Change> graphChanges() {
        return List.copyOf(graph);
    }

    /** Conflicts the second graph has and the first had not, inside subgraphs too. */
    public List<Conflict> conflictsAdded() {
        return conflictsAdded.stream().map(ConflictResolver.Located::conflict).toList();
    }

    public List<Conflict> conflictsRemoved() {
        return conflictsRemoved.stream().map(ConflictResolver.Located::conflict).toList();
    }

    public boolean isEmpty() {
        return nodes.isEmpty() && inputs.isEmpty() && groups.isEmpty() && graph.isEmpty() && conflictsAdded.isEmpty() && conflictsRemoved.isEmpty();
    }

    // ---- computing ----

    private void diffNodes(Graph a, Graph b, String prefix) {
        Set<String> ids = new TreeSet<>(a.nodes().keySet());
        ids.addAll(b.nodes().keySet());
        for (String key : ids) {
            String id = prefix + key;
            GraphNode x = a.nodes().get(key);
            GraphNode y = b.nodes().get(key);
            if (x == null) {
                List<Change> params = new ArrayList<>();
                diffMap(params, "param", "", Map.of(), y.params());
                if (y.isSubgraph()) params.add(new Change("subgraph", "nodes", Optional.empty(), Optional.of((long) y.subgraph().graph().nodes().size())));
                nodes.add(new NodeDiff(id, Status.ADDED, y, params));
            } else if (y == null) {
                nodes.add(new NodeDiff(id, Status.REMOVED, x, List.of()));
            } else if (x.isSubgraph() && y.isSubgraph() && !x.equals(y)) {
                List<Change> cs = new ArrayList<>();
                nodeChanges(cs, x, y);
                Map<String, Object> xi = SubgraphInterface.write(x.subgraph(), true);
                Map<String, Object> yi = SubgraphInterface.write(y.subgraph(), true);
                for (String f : List.of("library", "inputs", "outputs", "params")) {
                    if (!Objects.equals(xi.get(f), yi.get(f))) cs.add(new Change("subgraph", f, Optional.ofNullable(xi.get(f)), Optional.ofNullable(yi.get(f))));
                }
                int at = nodes.size();
                diff(x.subgraph().graph(), y.subgraph().graph(), id + "/", cs);
                if (!cs.isEmpty()) nodes.add(at, new NodeDiff(id, Status.CHANGED, y, cs));
            } else if (!x.equals(y)) {
                List<Change> cs = new ArrayList<>();
                nodeChanges(cs, x, y);
                nodes.add(new NodeDiff(id, Status.CHANGED, y, cs));
            }
        }
    }

    private void nodeChanges(List<Change> cs, GraphNode x, GraphNode y) {
        same(cs, "type", x.type(), y.type());
        same(cs, "typeVersion", (long) x.typeVersion(), (long) y.typeVersion());
        same(cs, "title", x.title(), y.title());
        same(cs, "position", GraphMerge.position(x), GraphMerge.position(y));
        same(cs, "bypass", x.bypass(), y.bypass());
        same(cs, "muted", x.muted(), y.muted());
        same(cs, "collapsed", x.collapsed(), y.collapsed());
        same(cs, "notes", x.notes(), y.notes());
        diffMap(cs, "param", "", x.params(), y.params());
        diffMap(cs, "field", "", x.extra(), y.extra());
    }

    private static void same(List<Change> out, String what, Object x, Object y) {
        if (!Objects.equals(x, y)) out.add(new Change(what, "", Optional.ofNullable(x), Optional.ofNullable(y)));
    }

    /** Key by key; map values changed on both sides are compared inside, with dotted names. */
    private void diffMap(List<Change> out, String what, String prefix, Map<String, ?> x, Map<String, ?> y) {
        Set<String> keys = new TreeSet<>(x.keySet());
        keys.addAll(y.keySet());
        for (String k : keys) {
            Object vx = x.get(k);
            Object vy = y.get(k);
            if (x.containsKey(k) && y.containsKey(k) && Objects.equals(vx, vy)) continue;
            if (vx instanceof Map<?, ?> mx && vy instanceof Map<?, ?> my) {
                diffMap(out, what, prefix + k + ".", stringKeys(mx), stringKeys(my));
            } else {
                out.add(new Change(what, prefix + k, x.containsKey(k) ? Optional.ofNullable(vx) : Optional.empty(),
                        y.containsKey(k) ? Optional.ofNullable(vy) : Optional.empty()));
            }
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private void diffInputs(Graph a, Graph b, String prefix) {
        Map<PortRef, PortRef> x = inputs(a);
        Map<PortRef, PortRef> y = inputs(b);
        Set<PortRef> ports = new TreeSet<>(x.keySet());
        ports.addAll(y.keySet());
        for (PortRef p : ports) {
            if (!Objects.equals(x.get(p), y.get(p))) inputs.add(new InputDiff(at(prefix, p), at(prefix, x.get(p)), at(prefix, y.get(p))));
        }
    }

    private static PortRef at(String prefix, PortRef p) {
        return p == null || prefix.isEmpty() ? p : new PortRef(prefix + p.node(), p.port());
    }

    private static Map<PortRef, PortRef> inputs(Graph g) {
        Map<PortRef, PortRef> m = new TreeMap<>();
        for (Link l : g.links()) m.put(l.to(), l.from());
        return m;
    }

    private void diffGroups(Graph a, Graph b, String prefix) {
        Set<String> ids = new TreeSet<>(a.groups().keySet());
        ids.addAll(b.groups().keySet());
        for (String key : ids) {
            String id = prefix + key;
            Group x = a.groups().get(key);
            Group y = b.groups().get(key);
            if (x == null) groups.add(new GroupDiff(id, Status.ADDED, y, List.of()));
            else if (y == null) groups.add(new GroupDiff(id, Status.REMOVED, x, List.of()));
            else if (!x.equals(y)) {
                List<Change> cs = new ArrayList<>();
                same(cs, "title", x.title(), y.title());
                same(cs, "colour", x.colour(), y.colour());
                same(cs, "bounds", GraphMerge.bounds(x), GraphMerge.bounds(y));
                groups.add(new GroupDiff(id, Status.CHANGED, y, cs));
            }
        }
    }

    private static Map<String, Object> view(ViewState v) {
        return new TreeMap<>(Map.of("centerX", v.centerX(), "centerY", v.centerY(), "zoom", v.zoom()));
    }

    // ---- text ----

    /** One line: how many of each kind of change, or "no changes". */
    public String summary() {
        StringJoiner parts = new StringJoiner("; ");
        add(parts, count(Status.CHANGED, nodes), "node", "changed", count(Status.ADDED, nodes), "added", count(Status.REMOVED, nodes), "removed");
        long wired = inputs.stream().filter(i -> i.before() == null).count();
        long unwired = inputs.stream().filter(i -> i.after() == null).count();
        add(parts, wired, "link", "added", unwired, "removed", inputs.size() - wired - unwired, "rewired");
        add(parts, groups.stream().filter(g -> g.status() == Status.CHANGED).count(), "group", "changed",
                groups.stream().filter(g -> g.status() == Status.ADDED).count(), "added", groups.stream().filter(g -> g.status() == Status.REMOVED).count(), "removed");
        if (graph.stream().anyMatch(c -> c.what().equals("view"))) parts.add("view changed");
        long fields = graph.stream().filter(c -> c.what().equals("field")).count();
        if (fields > 0) parts.add(plural(fields, "top-level field") + " changed");
        if (!conflictsAdded.isEmpty()) parts.add(plural(conflictsAdded.size(), "merge conflict") + " added");
        if (!conflictsRemoved.isEmpty()) parts.add(plural(conflictsRemoved.size(), "merge conflict") + " resolved");
        return parts.length() == 0 ? "no changes" : parts.toString();
    }

    private static long count(Status s, List<NodeDiff> l) {
        return l.stream().filter(n -> n.status() == s).count();
    }

    /** "2 nodes changed, 1 added" from counts of three kinds, leaving out zeros. */
    private static void add(StringJoiner parts, long n1, String noun, String w1, long n2, String w2, long n3, String w3) {
        StringJoiner j = new StringJoiner(", ");
        boolean first = true;
        long[] ns = {n1, n2, n3};
        String[] ws = {w1, w2, w3};
        for (int i = 0; i < 3; i++) {
            if (ns[i] == 0) continue;
            j.add((first ? plural(ns[i], noun) : Long.toString(ns[i])) + " " + ws[i]);
            first = false;
        }
        if (!first) parts.add(j.toString());
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The diff for a person: a summary line, then one section per kind of change. */
    public String text() {
        StringBuilder sb = new StringBuilder(summary()).append('\n');
        section(sb, "nodes added", nodes, Status.ADDED, n -> "+ " + label(n.id(), n.node()) + " at " + xy(n.node().x(), n.node().y()));
        section(sb, "nodes removed", nodes, Status.REMOVED, n -> "- " + label(n.id(), n.node()));
        section(sb, "nodes changed", nodes, Status.CHANGED, n -> "~ " + label(n.id(), n.node()));
        if (!inputs.isEmpty()) {
            sb.append("links\n");
            for (InputDiff i : inputs) {
                if (i.before() == null) sb.append("  + ").append(i.after()).append(" -> ").append(i.input()).append('\n');
                else if (i.after() == null) sb.append("  - ").append(i.before()).append(" -> ").append(i.input()).append('\n');
                else sb.append("  ~ ").append(i.input()).append(" now from ").append(i.after()).append(" (was ").append(i.before()).append(")\n");
            }
        }
        if (!groups.isEmpty()) {
            sb.append("groups\n");
            for (GroupDiff g : groups) {
                Group gr = g.group();
                switch (g.status()) {
                    case ADDED -> sb.append("  + ").append(g.id()).append("  ").append(PlainValues.text(gr.title())).append(" at ")
                            .append(xy(gr.bounds().x(), gr.bounds().y())).append(", ").append(size(gr)).append('\n');
                    case REMOVED -> sb.append("  - ").append(g.id()).append("  ").append(PlainValues.text(gr.title())).append('\n');
                    case CHANGED -> {
                        sb.append("  ~ ").append(g.id()).append("  ").append(PlainValues.text(gr.title())).append('\n');
                        for (Change c : g.changes()) sb.append("      ").append(describe(c)).append('\n');
                    }
                }
            }
        }
        if (!graph.isEmpty()) {
            sb.append("graph\n");
            for (Change c : graph) sb.append("  ").append(describe(c)).append('\n');
        }
        if (!conflictsAdded.isEmpty() || !conflictsRemoved.isEmpty()) {
            sb.append("merge conflicts\n");
            for (ConflictResolver.Located c : conflictsRemoved) sb.append("  - ").append(where(c)).append(c.conflict().describe()).append('\n');
            for (ConflictResolver.Located c : conflictsAdded) sb.append("  + ").append(where(c)).append(c.conflict().describe()).append('\n');
        }
        return sb.toString();
    }

    private void section(StringBuilder sb, String title, List<NodeDiff> all, Status status, Function<NodeDiff, String> head) {
        List<NodeDiff> l = all.stream().filter(n -> n.status() == status).toList();
        if (l.isEmpty()) return;
        sb.append(title).append('\n');
        for (NodeDiff n : l) {
            sb.append("  ").append(head.apply(n)).append('\n');
            for (Change c : n.changes()) {
                // A new node's settings are values, not changes.
                sb.append("      ").append(status == Status.ADDED ? c.name() + " = " + value(c.after()) : describe(c)).append('\n');
            }
        }
    }

    private static String where(ConflictResolver.Located c) {
        return c.nodeId().isEmpty() ? "" : "node " + c.nodeId() + ": ";
    }

    /** "grade1  Grade (colour.grade v1)". */
    static String label(GraphNode n) {
        return label(n.id(), n);
    }

    /** The same for a node shown under its path ("sub1/grade1  Grade (colour.grade v1)"). */
    static String label(String path, GraphNode n) {
        String title = n.title().isEmpty() || n.title().equals(n.id()) ? "" : "  " + n.title();
        return path + title + " (" + n.type() + " v" + n.typeVersion() + ")";
    }

    /** One change as a reviewer reads it. */
    static String describe(Change c) {
        Object b = c.before().orElse(null);
        Object a = c.after().orElse(null);
        return switch (c.what()) {
            case "param" -> c.name() + ": " + value(c.before()) + " -> " + value(c.after());
            case "field" -> "field " + PlainValues.text(c.name()) + ": " + value(c.before()) + " -> " + value(c.after());
            case "type" -> "type " + b + " -> " + a;
            case "typeVersion" -> "type version " + b + " -> " + a;
            case "title" -> "renamed " + PlainValues.text(b) + " -> " + PlainValues.text(a);
            case "position" -> "moved " + xy(b) + " -> " + xy(a);
            case "bypass" -> Boolean.TRUE.equals(a) ? "bypassed" : "no longer bypassed";
            case "muted" -> Boolean.TRUE.equals(a) ? "muted" : "unmuted";
            case "collapsed" -> Boolean.TRUE.equals(a) ? "collapsed" : "expanded";
            case "notes" -> "notes " + PlainValues.text(b) + " -> " + PlainValues.text(a);
            case "colour" -> "colour " + b + " -> " + a;
            case "bounds" -> boundsChange(b, a);
            case "view" -> "view: centre " + view(b) + " -> centre " + view(a);
            case "subgraph" -> c.name().equals("nodes") ? "subgraph of " + a + " nodes" : "subgraph " + c.name() + ": " + value(c.before()) + " -> " + value(c.after());
            default -> c.what() + " " + value(c.before()) + " -> " + value(c.after());
        };
    }

    private static String value(Optional<Object> v) {
        return v.map(PlainValues::text).orElse("unset");
    }

    private static String boundsChange(Object b, Object a) {
        Map<?, ?> x = (Map<?, ?>) b;
        Map<?, ?> y = (Map<?, ?>) a;
        List<String> parts = new ArrayList<>();
        if (!Objects.equals(x.get("x"), y.get("x")) || !Objects.equals(x.get("y"), y.get("y"))) {
            parts.add("moved " + xy(num(x.get("x")), num(x.get("y"))) + " -> " + xy(num(y.get("x")), num(y.get("y"))));
        }
        if (!Objects.equals(x.get("width"), y.get("width")) || !Objects.equals(x.get("height"), y.get("height"))) {
            parts.add("resized " + num(x.get("width")) + " x " + num(x.get("height")) + " -> " + num(y.get("width")) + " x " + num(y.get("height")));
        }
        return String.join("; ", parts);
    }

    private static String view(Object v) {
        Map<?, ?> m = (Map<?, ?>) v;
        return xy(num(m.get("centerX")), num(m.get("centerY"))) + " zoom " + num(m.get("zoom"));
    }

    private static String size(Group g) {
        return num(g.bounds().width()) + " x " + num(g.bounds().height());
    }

    private static String xy(Object pos) {
        Map<?, ?> m = (Map<?, ?>) pos;
        return xy(num(m.get("x")), num(m.get("y")));
    }

    private static String xy(Object x, Object y) {
        return "(" + num(x) + ", " + num(y) + ")";
    }

    /** Canvas coordinates without a trailing ".0": positions read as (120, 40). */
    static String num(Object n) {
        if (n instanceof String s) return s;
        double d = ((Number) n).doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    // ---- JSON ----

    /** The same content for tools: {summary, nodes, links, groups, graph, conflicts}. */
    public ObjectNode json() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("summary", summary());
        ArrayNode ns = root.putArray("nodes");
        for (NodeDiff n : nodes) {
            ObjectNode o = ns.addObject();
            o.put("id", n.id());
            o.put("status", n.status().name().toLowerCase(Locale.ROOT));
            o.put("type", n.node().type());
            o.put("title", n.node().title());
            changes(m, o.putArray("changes"), n.changes());
        }
        ArrayNode ls = root.putArray("links");
        for (InputDiff i : inputs) {
            ObjectNode o = ls.addObject();
            o.put("input", i.input().toString());
            if (i.before() != null) o.put("before", i.before().toString());
            if (i.after() != null) o.put("after", i.after().toString());
        }
        ArrayNode gs = root.putArray("groups");
        for (GroupDiff g : groups) {
            ObjectNode o = gs.addObject();
            o.put("id", g.id());
            o.put("status", g.status().name().toLowerCase(Locale.ROOT));
            o.put("title", g.group().title());
            changes(m, o.putArray("changes"), g.changes());
        }
        changes(m, root.putArray("graph"), graph);
        ObjectNode cs = root.putObject("conflicts");
        ArrayNode added = cs.putArray("added");
        conflictsAdded.forEach(c -> added.add(where(c) + c.conflict().describe()));
        ArrayNode removed = cs.putArray("resolved");
        conflictsRemoved.forEach(c -> removed.add(where(c) + c.conflict().describe()));
        return root;
    }

    private static void changes(ObjectMapper m, ArrayNode out, List<Change> changes) {
        for (Change c : changes) {
            ObjectNode o = out.addObject();
            o.put("what", c.what());
            if (!c.name().isEmpty()) o.put("name", c.name());
            c.before().ifPresent(v -> o.set("before", m.valueToTree(v)));
            c.after().ifPresent(v -> o.set("after", m.valueToTree(v)));
        }
    }
}
