package org.cinegraph.graph;

/** A named edit that turns one graph into the next. Pure: it must not touch anything but its argument. */
public interface Command {
    /** What the user sees in Edit > Undo ("Move 3 nodes"). */
    String name();

    /** @throws GraphException if the edit is not allowed on this graph (the message says why) */
    Graph apply(Graph graph);

    static Command of(String name, java.util.function.UnaryOperator<Graph> fn) {
        return new Command() {
            public String name() { return name; }
            public Graph apply(Graph g) { return fn.apply(g); }
        };
    }
}
