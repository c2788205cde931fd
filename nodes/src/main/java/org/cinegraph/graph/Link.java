package org.cinegraph.graph;

import java.util.Comparator;
import java.util.Objects;

/** A wire from an output port to an input port. An input takes at most one link. */
public record Link(PortRef from, PortRef to) implements Comparable<Link> {
    private static final Comparator<Link> ORDER = Comparator.comparing(Link::to).thenComparing(Link::from);

    public Link {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    public static Link of(String fromNode, String fromPort, String toNode, String toPort) {
        return new Link(new PortRef(fromNode, fromPort), new PortRef(toNode, toPort));
    }

    @Override
    public int compareTo(Link o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
