package org.cinegraph.render;

/**
 * A progress event for one node: its state, the fraction done while running, and a message
 * (the cache decision, or the error of a failed node).
 */
public record NodeEvent(String nodeId, NodeState state, double fraction, String message) {
}
