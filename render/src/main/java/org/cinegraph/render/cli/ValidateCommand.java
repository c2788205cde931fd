package org.cinegraph.render.cli;

import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphValidator;
import org.cinegraph.graph.Problem;
import org.cinegraph.library.SubgraphLibrary;
import org.cinegraph.spi.NodeRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check that the graph can run here (node types, files, models): exit 0 if it can, else 2 with one line per problem.")
final class ValidateCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "GRAPH", description = "the .cgraph file")
    Path file;

    ValidateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        NodeRegistry registry = ctx.registryFor(file);
        Optional<LoadedGraph> loaded = ctx.load(file, registry);
        if (loaded.isEmpty()) return Cli.BAD_INPUT;
        Graph g = loaded.get().graph();
        List<Problem> problems = new ArrayList<>(new GraphValidator(registry).validate(g));
        problems.addAll(ctx.modelProblems(loaded.get(), file, registry));
        // a graph renders from its embedded copies; a library that moved on is worth knowing
        for (SubgraphLibrary.Status s : SubgraphLibrary.forGraph(Optional.of(file), Optional.empty(), registry).check(g)) {
            if (s.state() == SubgraphLibrary.State.CHANGED) {
                problems.add(Problem.warning(Problem.Code.LIBRARY, s.path(), "library subgraph " + s.describe().substring(s.path().length() + 2)
                        + "; `cinegraph library update " + file + "` takes it"));
            }
        }
        for (Problem w : loaded.get().warnings()) {
            // The file reader and the validator both notice placeholders: say it once.
            if (problems.stream().noneMatch(p -> p.sameAs(w) || p.equals(w))) problems.add(w);
        }
        boolean errors = false;
        for (Problem p : problems) {
            (p.isError() ? ctx.out : ctx.err).println(file + ": " + p);
            errors |= p.isError();
        }
        if (!errors) ctx.out.println(file + ": ok (" + g.nodes().size() + " nodes, " + g.links().size() + " links)");
        return errors ? Cli.BAD_INPUT : Cli.OK;
    }
}
