package org.cinegraph.spi;

/**
 * An unchecked failure carrying the id of the node that failed. Lazy clips raise it when a frame
 * pulled later (by a downstream node) fails, so the error is still attributed to the node that
 * made the frame.
 */
public class NodeFailure extends RuntimeException {
    private final String nodeId;

    public NodeFailure(String nodeId, String message, Throwable cause) {
        super(message, cause);
        this.nodeId = nodeId;
    }

    public String nodeId() {
        return nodeId;
    }
}
