package org.cinegraph.render;

/**
 * How one node fared in a render: final state, why it ran or was served from cache (or its
 * error), its cache key and the time it took.
 */
public record NodeReport(String nodeId, NodeState state, String reason, String key, long millis) {
    /** Whether the node's outputs exist: it ran, was bypassed, or came from the cache. */
    public boolean succeeded() {
        return state == NodeState.DONE || state == NodeState.CACHED;
    }
}
