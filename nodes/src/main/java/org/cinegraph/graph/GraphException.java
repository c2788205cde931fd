package org.cinegraph.graph;

/** An edit or a graph that breaks the graph's rules; the message names the node ids. */
public class GraphException extends RuntimeException {
    public GraphException(String message) {
        super(message);
    }
}
