package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.merge.ConflictResolver;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.merge.GraphMerge;
import org.cinegraph.graph.merge.MergeResult;
import org.cinegraph.spi.NodeRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Three-way merge of graph files by node, parameter and link (git's merge driver once `cinegraph git-setup` ran).",
                "Exit 0 merged cleanly, 1 with conflicts: the result is still a valid graph, holding ours' values, with a",
                "conflicts block listing every side's (validate and the editor report them), 2 on bad input (nothing written)."})
final class MergeCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "BASE", description = "the common ancestor (an empty file: none)")
    Path base;

    @Parameters(index = "1", paramLabel = "OURS", description = "our version")
    Path ours;

    @Parameters(index = "2", paramLabel = "THEIRS", description = "their version")
    Path theirs;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write the merged graph here (default: standard output)")
    Path output;

    @Option(names = "--name", paramLabel = "PATH", description = "the graph's path in the repository (git passes %%P): names it in messages and finds its project models")
    String name;

    MergeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String shown = name != null ? name : output != null ? output.toString() : ours.toString();
        NodeRegistry registry = ctx.registryFor(Path.of(name != null ? name : ours.toString()));
        Optional<Graph> b = read(base, registry, true);
        Optional<Graph> o = read(ours, registry, false);
        Optional<Graph> t = read(theirs, registry, false);
        if (b.isEmpty() || o.isEmpty() || t.isEmpty()) {
            ctx.err.println("cinegraph: " + shown + ": not merged" + (output != null ? "; " + output + " is unchanged" : ""));
            return Cli.BAD_INPUT;
        }
        MergeResult r = GraphMerge.merge(b.get(), o.get(), t.get());
        try {
            if (output != null) GraphFile.write(r.graph(), output, registry);
            else ctx.out.print(GraphFile.toJson(r.graph(), registry));
        } catch (IOException e) {
            ctx.err.println("cinegraph: " + output + ": cannot write: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        for (String note : r.notes()) ctx.err.println("cinegraph: " + shown + ": " + note);
        if (r.clean()) return Cli.OK;
        List<ConflictResolver.Located> all = r.located();
        ctx.err.println("cinegraph: " + shown + ": " + all.size() + " merge conflict" + (all.size() == 1 ? "" : "s")
                + " (the graph holds ours; its conflicts block lists each side):");
        for (ConflictResolver.Located l : all) ctx.err.println("  " + (l.nodeId().isEmpty() ? "" : "node " + l.nodeId() + ": ") + l.conflict().describe());
        return Cli.FAILED;
    }

    /** A graph file; for the base, an empty file is no graph (git's base when both sides added the file). */
    private Optional<Graph> read(Path file, NodeRegistry registry, boolean emptyMeansNone) {
        try {
            if (emptyMeansNone && Files.isRegularFile(file) && Files.size(file) == 0) return Optional.of(Graph.EMPTY);
        } catch (IOException e) {
            // unreadable: load says why
        }
        return ctx.load(file, registry).map(LoadedGraph::graph);
    }
}
