package org.cinegraph.graph;

import java.util.Objects;

/** A titled, coloured frame on the canvas; moving it moves the nodes inside its bounds. */
public record Group(String id, String title, String colour, Bounds bounds) {
    public Group {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
        colour = colour == null ? "#5A6B7C" : colour;
        Objects.requireNonNull(bounds, "bounds");
    }

    public Group withBounds(Bounds b) {
        return new Group(id, title, colour, b);
    }

    public Group withTitle(String t) {
        return new Group(id, t, colour, bounds);
    }

    public Group withColour(String c) {
        return new Group(id, title, c, bounds);
    }
}
