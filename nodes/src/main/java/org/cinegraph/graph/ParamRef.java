package org.cinegraph.graph;

import java.util.Objects;

/**
 * A parameter of a node by the node's path ("grade1.exposure", "sub1.strength" for a promoted
 * one, "sub1/grade1.exposure" inside a subgraph): what {@code --set} and {@code --sweep} name.
 */
public record ParamRef(String node, String param) implements Comparable<ParamRef> {
    public ParamRef {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(param, "param");
    }

    /**
     * Parses "NODE.PARAM" (NODE may be a path).
     *
     * @throws IllegalArgumentException saying what the form is
     */
    public static ParamRef parse(String s) {
        int dot = s.lastIndexOf('.');
        int slash = s.lastIndexOf('/');
        // parameter names have no dots; the node part is everything before the last one
        if (dot <= 0 || dot == s.length() - 1 || dot < slash || !GraphIds.isValidPath(s.substring(0, dot))) {
            throw new IllegalArgumentException("'" + s + "' is not NODE.PARAM");
        }
        return new ParamRef(s.substring(0, dot), s.substring(dot + 1));
    }

    @Override
    public int compareTo(ParamRef o) {
        int c = node.compareTo(o.node);
        return c != 0 ? c : param.compareTo(o.param);
    }

    @Override
    public String toString() {
        return node + "." + param;
    }
}
