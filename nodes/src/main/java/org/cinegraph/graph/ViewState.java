package org.cinegraph.graph;

/** Where the canvas was looking when the graph was saved: centre and zoom. */
public record ViewState(double centerX, double centerY, double zoom) {
    public static final ViewState DEFAULT = new ViewState(0, 0, 1);

    public ViewState {
        if (!(zoom > 0)) throw new IllegalArgumentException("zoom must be positive");
    }
}
