package org.cinegraph.graph;

/**
 * One thing wrong with a graph, as reported by validate: how bad, what kind ({@link Code}, so
 * callers tell problems apart without reading their text), the node (or "" for the graph) and
 * the message a person reads.
 */
public record Problem(Severity severity, Code code, String nodeId, String message) {
    public enum Severity { ERROR, WARNING }

    /** What kind of problem it is. */
    public enum Code {
        /** The node's type is not installed here (kept as a placeholder). */
        UNKNOWN_NODE_TYPE,
        /** The node was saved by a newer version of its type. */
        NEWER_NODE_TYPE,
        /** A stored parameter the type does not declare. */
        UNKNOWN_PARAMETER,
        /** A parameter value the type refuses. */
        BAD_PARAMETER,
        /** A required input without a link. */
        INPUT_NOT_CONNECTED,
        /** A link whose types do not fit. */
        BAD_LINK,
        /** A file the graph names is missing or its path is not portable. */
        ASSET,
        /** A writer's output name that is not a plain relative name inside the output folder (or leads out through a link). */
        OUTPUT_NAME,
        /** A model the graph needs is missing or has other weights. */
        MODEL,
        /** A merge conflict left in the graph's conflicts block (the message names what and each side's value). */
        MERGE_CONFLICT,
        /** A library subgraph whose library has another version (the embedded copy renders). */
        LIBRARY,
        /** Something about the file itself (old format, unknown fields). */
        FORMAT,
        /** Anything else (the message says what). */
        OTHER
    }

    public Problem {
        java.util.Objects.requireNonNull(code, "code");
    }

    public static Problem error(Code code, String nodeId, String message) {
        return new Problem(Severity.ERROR, code, nodeId, message);
    }

    public static Problem warning(Code code, String nodeId, String message) {
        return new Problem(Severity.WARNING, code, nodeId, message);
    }

    public static Problem error(String nodeId, String message) {
        return error(Code.OTHER, nodeId, message);
    }

    public static Problem warning(String nodeId, String message) {
        return warning(Code.OTHER, nodeId, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Whether two reports are about the same thing (same kind, same node), whatever their wording or severity. */
    public boolean sameAs(Problem other) {
        return code != Code.OTHER && code == other.code && nodeId.equals(other.nodeId);
    }

    @Override
    public String toString() {
        String where = nodeId.isEmpty() ? "" : "node " + nodeId + ": ";
        return (isError() ? "error: " : "warning: ") + where + message;
    }
}
