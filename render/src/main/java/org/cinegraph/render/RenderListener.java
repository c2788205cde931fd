package org.cinegraph.render;

/** Receives node events during a render, from the render's worker threads. */
@FunctionalInterface
public interface RenderListener {
    void onEvent(NodeEvent event);

    /** Called once before the first event with what the render will run (the nodes, which of them write files). */
    default void planned(Plan plan) {
    }

    RenderListener NONE = e -> { };
}
