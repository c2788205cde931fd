package org.cinegraph.graph;

import java.util.Comparator;
import java.util.Objects;

/** A port of a node in a graph: node id + port name. Written "node.port". */
public record PortRef(String node, String port) implements Comparable<PortRef> {
    private static final Comparator<PortRef> ORDER = Comparator.comparing(PortRef::node).thenComparing(PortRef::port);

    public PortRef {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(port, "port");
    }

    @Override
    public int compareTo(PortRef o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return node + "." + port;
    }
}
