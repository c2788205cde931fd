package org.cinegraph.render;

/** Where a node stands in a render. */
public enum NodeState {
    QUEUED, RUNNING, CACHED, DONE, FAILED, SKIPPED, CANCELLED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
