package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Conflict.Side;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.merge.ConflictResolver;
import org.cinegraph.spi.NodeRegistry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Settle merge conflicts of a graph file by taking one side's value (the file is rewritten in place).",
                "WHAT is a node or group id (all its conflicts) or ID.NAME (one parameter, input or property); none: every conflict."})
final class ResolveCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "GRAPH", description = "the merged .cgraph file")
    Path file;

    @Parameters(index = "1..*", paramLabel = "WHAT", description = "which conflicts (default: all)")
    List<String> what = new ArrayList<>();

    @ArgGroup(multiplicity = "1")
    Choice choice;

    static final class Choice {
        @Option(names = "--ours", required = true, description = "keep our value (what the merged graph holds)")
        boolean ours;
        @Option(names = "--theirs", required = true, description = "take their value")
        boolean theirs;
        @Option(names = "--base", required = true, description = "go back to the common ancestor's value")
        boolean base;

        Side side() {
            return ours ? Side.OURS : theirs ? Side.THEIRS : Side.BASE;
        }
    }

    ResolveCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        NodeRegistry registry = ctx.registryFor(file);
        Optional<LoadedGraph> loaded = ctx.load(file, registry);
        if (loaded.isEmpty()) return Cli.BAD_INPUT;
        Graph g = loaded.get().graph();
        List<ConflictResolver.Located> all = ConflictResolver.all(g);
        List<ConflictResolver.Located> chosen = new ArrayList<>();
        for (ConflictResolver.Located c : all) if (what.isEmpty() || what.stream().anyMatch(w -> matches(c, w))) chosen.add(c);
        for (String w : what) {
            if (all.stream().noneMatch(c -> matches(c, w))) {
                ctx.err.println("cinegraph: " + file + ": no merge conflict about " + w);
                return Cli.BAD_INPUT;
            }
        }
        Side side = choice.side();
        try {
            for (ConflictResolver.Located c : chosen) {
                // Deleting a node settles its other conflicts too.
                if (ConflictResolver.all(g).contains(c)) g = ConflictResolver.resolve(g, c, side);
            }
            GraphFile.write(g, file, registry);
        } catch (GraphException e) {
            ctx.err.println("cinegraph: " + file + ": cannot take " + side.label() + ": " + e.getMessage() + "; the file is unchanged");
            return Cli.BAD_INPUT;
        } catch (IOException e) {
            ctx.err.println("cinegraph: " + file + ": cannot write: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        int left = ConflictResolver.all(g).size();
        ctx.out.println(file + ": took " + side.label() + " for " + chosen.size() + " conflict" + (chosen.size() == 1 ? "" : "s")
                + (left == 0 ? "; none left" : "; " + left + " left"));
        return Cli.OK;
    }

    /** ID, ID.NAME, "graph"; inside a subgraph by path: sub1/grade1, sub1/grade1.exposure. */
    private static boolean matches(ConflictResolver.Located c, String what) {
        String subject = c.subject();
        return what.equals(subject) || what.equals(subject + "." + c.conflict().name());
    }
}
