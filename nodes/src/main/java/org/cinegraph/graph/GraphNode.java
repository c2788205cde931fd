package org.cinegraph.graph;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node placed in a graph: its stable id, the node type (id + version) it instantiates, and
 * the user's settings. Parameter values are plain values (String, Boolean, Long, Double, or
 * lists/maps of them for plugin types); {@code extra} keeps fields this build does not know
 * (written by a newer build) so that saving loses nothing. A node of type {@link Subgraph#TYPE}
 * holds its inside in {@code subgraph} (null for every other node); its parameters are the
 * values of the promoted ones.
 * <p>
 * Ids are single segments ("grade1") in every stored graph; a flattened graph for the executor
 * names inner nodes by their path ("sub1/grade1"), see {@link Subgraphs#flatten}.
 */
public record GraphNode(String id, String type, int typeVersion, String title, double x, double y,
                        SortedMap<String, Object> params, boolean bypass, boolean muted, boolean collapsed,
                        String notes, SortedMap<String, Object> extra, Subgraph subgraph) {

    public GraphNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (!GraphIds.isValidPath(id)) throw new IllegalArgumentException("node id '" + id + "' is not valid (letters, digits, '_' and '-', starting with a letter)");
        if ((subgraph != null) != Subgraph.TYPE.equals(type)) {
            throw new IllegalArgumentException("node " + id + ": " + (subgraph == null ? "a subgraph node needs its subgraph" : "only subgraph nodes hold a subgraph"));
        }
        title = title == null ? "" : title;
        notes = notes == null ? "" : notes;
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params == null ? Map.of() : params));
        extra = Collections.unmodifiableSortedMap(new TreeMap<>(extra == null ? Map.of() : extra));
    }

    public GraphNode(String id, String type, int typeVersion, String title, double x, double y,
                     SortedMap<String, Object> params, boolean bypass, boolean muted, boolean collapsed,
                     String notes, SortedMap<String, Object> extra) {
        this(id, type, typeVersion, title, x, y, params, bypass, muted, collapsed, notes, extra, null);
    }

    /** A subgraph node. */
    public static GraphNode subgraph(String id, String title, double x, double y, Subgraph subgraph) {
        return new GraphNode(id, Subgraph.TYPE, Subgraph.TYPE_VERSION, title, x, y, null, false, false, false, "", null, subgraph);
    }

    public boolean isSubgraph() {
        return subgraph != null;
    }

    public GraphNode withSubgraph(Subgraph s) {
        return new GraphNode(id, type, typeVersion, title, x, y, params, bypass, muted, collapsed, notes, extra, s);
    }

    public static GraphNode of(String id, String type, int typeVersion, String title, double x, double y) {
        return new GraphNode(id, type, typeVersion, title, x, y, null, false, false, false, "", null);
    }

    public GraphNode withParam(String name, Object value) {
        TreeMap<String, Object> p = new TreeMap<>(params);
        if (value == null) p.remove(name);
        else p.put(name, value);
        return new GraphNode(id, type, typeVersion, title, x, y, p, bypass, muted, collapsed, notes, extra, subgraph);
    }

    public GraphNode withParams(Map<String, Object> p) {
        return new GraphNode(id, type, typeVersion, title, x, y, new TreeMap<>(p), bypass, muted, collapsed, notes, extra, subgraph);
    }

    public GraphNode withPosition(double nx, double ny) {
        return new GraphNode(id, type, typeVersion, title, nx, ny, params, bypass, muted, collapsed, notes, extra, subgraph);
    }

    public GraphNode withTitle(String t) {
        return new GraphNode(id, type, typeVersion, t, x, y, params, bypass, muted, collapsed, notes, extra, subgraph);
    }

    public GraphNode withNotes(String n) {
        return new GraphNode(id, type, typeVersion, title, x, y, params, bypass, muted, collapsed, n, extra, subgraph);
    }

    public GraphNode withBypass(boolean b) {
        return new GraphNode(id, type, typeVersion, title, x, y, params, b, muted, collapsed, notes, extra, subgraph);
    }

    public GraphNode withMuted(boolean m) {
        return new GraphNode(id, type, typeVersion, title, x, y, params, bypass, m, collapsed, notes, extra, subgraph);
    }

    public GraphNode withCollapsed(boolean c) {
        return new GraphNode(id, type, typeVersion, title, x, y, params, bypass, muted, c, notes, extra, subgraph);
    }

    public GraphNode withId(String newId) {
        return new GraphNode(newId, type, typeVersion, title, x, y, params, bypass, muted, collapsed, notes, extra, subgraph);
    }
}
