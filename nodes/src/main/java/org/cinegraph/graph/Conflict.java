package org.cinegraph.graph;

import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One unresolved disagreement left by a three-way merge: what it is about (a parameter, an
 * input, a property of a node or group, a node or group deleted on one side and edited on the
 * other, a top-level field) and the value each side had. The graph holding the conflict holds
 * one of those values (the merge keeps ours); the entry stays, in the file's "conflicts" block,
 * until someone chooses.
 * <p>
 * {@code subject} is the node id (PARAM, INPUT, NODE, NODE_DELETED), the group id (GROUP,
 * GROUP_DELETED) or "" (GRAPH). {@code values} maps each side that had a value to it, as the
 * plain value a file stores (links as "node.port", positions as {x, y}); a side without a value
 * (parameter unset, input unconnected) is absent. {@code deletedBy} is set for the DELETED kinds
 * only; {@code note} says why an entry that is not a two-sided change is one (a link that would
 * close a cycle), or is empty.
 */
public record Conflict(Kind kind, String subject, String name, Map<Side, Object> values, Side deletedBy, String note)
        implements Comparable<Conflict> {

    /** What the conflict is about. Render-affecting kinds fail validation; layout ones warn. */
    public enum Kind {
        PARAM, INPUT, NODE, NODE_DELETED, GROUP, GROUP_DELETED, GRAPH;

        public boolean aboutNode() {
            return this == PARAM || this == INPUT || this == NODE || this == NODE_DELETED;
        }

        public boolean aboutGroup() {
            return this == GROUP || this == GROUP_DELETED;
        }
    }

    /** The three versions of a merge. */
    public enum Side {
        BASE, OURS, THEIRS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Side parse(String s) {
            for (Side side : values()) if (side.label().equals(s)) return side;
            throw new IllegalArgumentException("'" + s + "' is not a merge side (base, ours or theirs)");
        }
    }

    /** Node properties that only change the layout: a conflict on them does not change a render. */
    private static final Set<String> LAYOUT = Set.of("position", "title", "notes", "collapsed");

    private static final Comparator<Conflict> ORDER = Comparator.<Conflict>comparingInt(c -> c.kind.aboutNode() ? 0 : c.kind.aboutGroup() ? 1 : 2)
            .thenComparing(Conflict::subject).thenComparing(Conflict::kind).thenComparing(Conflict::name)
            .thenComparing(c -> String.valueOf(c.values)).thenComparing(c -> String.valueOf(c.deletedBy)).thenComparing(Conflict::note);

    public Conflict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        name = name == null ? "" : name;
        note = note == null ? "" : note;
        EnumMap<Side, Object> v = new EnumMap<>(Side.class);
        if (values != null) v.putAll(values);
        values = Collections.unmodifiableMap(v);
        boolean deletion = kind == Kind.NODE_DELETED || kind == Kind.GROUP_DELETED;
        if (deletion != (deletedBy != null)) throw new IllegalArgumentException("deletedBy (ours or theirs) is required for a deletion conflict and allowed only there");
        if (deletedBy == Side.BASE) throw new IllegalArgumentException("only ours or theirs can delete");
        if (kind == Kind.GRAPH ? !subject.isEmpty() : !GraphIds.isValid(subject)) {
            throw new IllegalArgumentException("conflict subject '" + subject + "' is not valid for a " + kind + " conflict");
        }
        if (!deletion && name.isEmpty()) throw new IllegalArgumentException("a " + kind + " conflict needs a name");
    }

    public static Conflict of(Kind kind, String subject, String name, Map<Side, Object> values) {
        return new Conflict(kind, subject, name, values, null, "");
    }

    public static Conflict deleted(Kind kind, String subject, Side deletedBy) {
        return new Conflict(kind, subject, "", Map.of(), deletedBy, "");
    }

    public Conflict withNote(String n) {
        return new Conflict(kind, subject, name, values, deletedBy, n);
    }

    public Conflict withSubject(String s) {
        return new Conflict(kind, s, name, values, deletedBy, note);
    }

    /** Whether the graph's render may depend on how this is resolved (layout-only ones do not). */
    public boolean affectsRender() {
        return switch (kind) {
            case PARAM, INPUT, NODE_DELETED -> true;
            case NODE -> !LAYOUT.contains(name);
            case GROUP, GROUP_DELETED, GRAPH -> false;
        };
    }

    /** The node the conflict is about, or "" for groups and the graph. */
    public String nodeId() {
        return kind.aboutNode() ? subject : "";
    }

    /** One line for validate, the merge report and the editor. */
    public String describe() {
        if (deletedBy != null) {
            Side other = deletedBy == Side.OURS ? Side.THEIRS : Side.OURS;
            String what = kind == Kind.NODE_DELETED ? "the node" : "group " + subject;
            return "merge conflict: " + what + " was deleted by " + deletedBy.label() + " and edited by " + other.label()
                    + "; it is kept as " + other.label() + " left it" + (note.isEmpty() ? "" : " (" + note + ")");
        }
        String what = switch (kind) {
            case PARAM -> "parameter '" + name + "'";
            case INPUT -> "input '" + name + "'";
            case NODE -> name;
            case GROUP -> "group " + subject + " " + name;
            default -> "field '" + name + "'";
        };
        StringJoiner sides = new StringJoiner(", ");
        for (Side s : new Side[]{Side.OURS, Side.THEIRS, Side.BASE}) {
            sides.add(s.label() + " " + (values.containsKey(s) ? show(values.get(s)) : absent()));
        }
        return "merge conflict on " + what + ": " + sides + (note.isEmpty() ? "" : " (" + note + ")");
    }

    private String show(Object v) {
        if (kind == Kind.INPUT && v instanceof String link) return link;
        if (v instanceof Map<?, ?> m && m.size() == 2 && m.get("x") instanceof Number x && m.get("y") instanceof Number y) {
            return "(" + x + ", " + y + ")";
        }
        return PlainValues.text(v);
    }

    private String absent() {
        return switch (kind) {
            case INPUT -> "not connected";
            case PARAM -> "unset";
            default -> "none";
        };
    }

    @Override
    public int compareTo(Conflict o) {
        return ORDER.compare(this, o);
    }
}
