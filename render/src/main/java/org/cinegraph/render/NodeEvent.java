package org.cinegraph.render;

/**
 * A progress event for one node: its state, the fraction done while running, a message (why it
 * runs, the cache decision, or the error of a failed node), the frames it has written (or
 * computed) of how many when it counts frames ({@code framesTotal} 0 when it does not), and the
 * time spent on it so far (the whole time once final).
 */
public record NodeEvent(String nodeId, NodeState state, double fraction, String message,
                        long framesDone, long framesTotal, long millis) {
    public NodeEvent(String nodeId, NodeState state, double fraction, String message) {
        this(nodeId, state, fraction, message, 0, 0, 0);
    }

    /** Whether the node reports its work in frames. */
    public boolean countsFrames() {
        return framesTotal > 0;
    }
}
