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
 * (written by a newer build) so that saving loses nothing.
 */
public record GraphNode(String id, String type, int typeVersion, String title, double x, double y,
                        SortedMap<String, Object> params, boolean bypass, boolean muted, boolean collapsed,
                        String notes, SortedMap<String, Object> extra) {

    public GraphNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (!GraphIds.isValid(id)) throw new IllegalArgumentException("node id '" + id + "' is not valid (letters, digits, '_' and '-', starting with a letter)");
        title = title == null ? "" : title;
        notes = notes == null ? "" : notes;
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params == null ? Map.of() : params));
        extra = Collections.unmodifiableSortedMap(new TreeMap<>(extra == null ? Map.of() : extra));
    }

    public static GraphNode of(String id, String type, int typeVersion, String title, double x, double y) {
        return new GraphNode(id, type, typeVersion, title, x, y, null, false, false, false, "", null);
    }

    public GraphNode withParam(String name, Object value) {
        TreeMap<String, Object> p = new TreeMap<>(params);
        if (value == null) p.remove(name);
        else p.put(name, value);
        return new GraphNode(id, type, typeVersion, title, x, y, p, bypass, muted, collapsed, notes, extra);
    }

    public GraphNode withParams(Map<String, Object> p) {
        return new GraphNode(id, type, typeVersion, title, x, y, new TreeMap<>(p), bypass, muted, collapsed, notes, extra);
    }

    public GraphNode withPosition(double nx, double ny) {
        return new GraphNode(id, type, typeVersion, title, nx, ny, params, bypass, muted, collapsed, notes, extra);
    }

    public GraphNode withTitle(String t) {
        return new GraphNode(id, type, typeVersion, t, x, y, params, bypass, muted, collapsed, notes, extra);
    }

    public GraphNode withNotes(String n) {
        return new GraphNode(id, type, typeVersion, title, x, y, params, bypass, muted, collapsed, n, extra);
    }

    public GraphNode withBypass(boolean b) {
        return new GraphNode(id, type, typeVersion, title, x, y, params, b, muted, collapsed, notes, extra);
    }

    public GraphNode withMuted(boolean m) {
        return new GraphNode(id, type, typeVersion, title, x, y, params, bypass, m, collapsed, notes, extra);
    }

    public GraphNode withCollapsed(boolean c) {
        return new GraphNode(id, type, typeVersion, title, x, y, params, bypass, muted, c, notes, extra);
    }

    public GraphNode withId(String newId) {
        return new GraphNode(newId, type, typeVersion, title, x, y, params, bypass, muted, collapsed, notes, extra);
    }
}
