package org.cinegraph.render;

import org.cinegraph.graph.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** The render could not start: the graph or request is invalid. Lists every problem found. */
public class RenderException extends Exception {
    private final List<Problem> problems;

    public RenderException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public RenderException(String message) {
        this(List.of(Problem.error("", message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
