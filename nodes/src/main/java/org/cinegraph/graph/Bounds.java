package org.cinegraph.graph;

/** A rectangle on the canvas, in canvas units. */
public record Bounds(double x, double y, double width, double height) {
    public Bounds {
        if (width < 0 || height < 0) throw new IllegalArgumentException("bounds must not have negative size");
    }

    public boolean contains(double px, double py) {
        return px >= x && py >= y && px <= x + width && py <= y + height;
    }

    public Bounds translate(double dx, double dy) {
        return new Bounds(x + dx, y + dy, width, height);
    }
}
