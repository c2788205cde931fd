package org.cinegraph.render;

/** Receives node events during a render, from the render's worker threads. */
@FunctionalInterface
public interface RenderListener {
    void onEvent(NodeEvent event);

    RenderListener NONE = e -> { };
}
