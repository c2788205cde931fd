package org.cinegraph.graph;

/** One thing wrong with a graph, as reported by validate: the node (or "" for the graph) and what. */
public record Problem(Severity severity, String nodeId, String message) {
    public enum Severity { ERROR, WARNING }

    public static Problem error(String nodeId, String message) {
        return new Problem(Severity.ERROR, nodeId, message);
    }

    public static Problem warning(String nodeId, String message) {
        return new Problem(Severity.WARNING, nodeId, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        String where = nodeId.isEmpty() ? "" : "node " + nodeId + ": ";
        return (isError() ? "error: " : "warning: ") + where + message;
    }
}
