package org.cinegraph.format;

import org.cinegraph.graph.Conflict.Kind;

/**
 * The "kind" a conflict entry has in a file. Deletions of nodes and of groups share "deleted"
 * and are told apart by their "node" or "group" field, like every other entry.
 */
final class ConflictKinds {
    private ConflictKinds() {
    }

    static String name(Kind k) {
        return switch (k) {
            case PARAM -> "param";
            case INPUT -> "input";
            case NODE -> "node";
            case NODE_DELETED, GROUP_DELETED -> "deleted";
            case GROUP -> "group";
            case GRAPH -> "graph";
        };
    }

    /** The kind for a file's "kind" and whether the entry names a node or a group; null if unknown. */
    static Kind parse(String name, boolean hasNode, boolean hasGroup) {
        return switch (name) {
            case "param" -> Kind.PARAM;
            case "input" -> Kind.INPUT;
            case "node" -> Kind.NODE;
            case "deleted" -> hasGroup && !hasNode ? Kind.GROUP_DELETED : Kind.NODE_DELETED;
            case "group" -> Kind.GROUP;
            case "graph" -> Kind.GRAPH;
            default -> null;
        };
    }
}
