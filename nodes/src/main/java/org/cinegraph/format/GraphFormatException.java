package org.cinegraph.format;

/**
 * A graph file (or clipboard text) that cannot be opened. The message is meant for the user:
 * "file:line:column: node id: what is wrong", with the parts that are known, and never a stack
 * trace. Checked, so every caller that opens files decides what the user sees.
 */
public class GraphFormatException extends Exception {
    private final String source;
    private final int line;
    private final int column;
    private final String nodeId;

    GraphFormatException(String source, int line, int column, String nodeId, String problem) {
        super(compose(source, line, column, nodeId, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.nodeId = nodeId == null ? "" : nodeId;
    }

    /** A problem with a whole file, not one place in it ("file: problem"). */
    public static GraphFormatException of(String source, String problem) {
        return new GraphFormatException(source, 0, 0, null, problem);
    }

    private static String compose(String source, int line, int column, String nodeId, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) sb.append(':').append(line).append(':').append(column);
        sb.append(": ");
        if (nodeId != null && !nodeId.isEmpty()) sb.append("node ").append(nodeId).append(": ");
        return sb.append(problem).toString();
    }

    /** The file name or other source ("clipboard") the text came from. */
    public String source() {
        return source;
    }

    /** 1-based line of the problem in the text, or 0 when not known. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when not known. */
    public int column() {
        return column;
    }

    /** The node the problem is at, or "" when it is not at one node. */
    public String nodeId() {
        return nodeId;
    }
}
