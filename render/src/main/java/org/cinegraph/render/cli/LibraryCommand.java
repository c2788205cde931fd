package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.library.LibraryEntry;
import org.cinegraph.library.SubgraphLibrary;
import org.cinegraph.spi.NodeRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "library", mixinStandardHelpOptions = true,
        description = "The team library of subgraphs (library/ beside the graph, or --library DIR, then $CINEGRAPH_LIBRARY):"
                + " list it, check a graph's library subgraphs against it, update them, or save a subgraph into it.")
final class LibraryCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--library", paramLabel = "DIR", scope = ScopeType.INHERIT, description = "the library folder (instead of library/ beside the graph)")
    Path folder;

    @Parameters(paramLabel = "GRAPH", arity = "0..1", description = "list the library this graph sees (default: the current folder's)")
    Path graphFile;

    LibraryCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    private SubgraphLibrary library(Path graph, NodeRegistry registry) {
        Optional<Path> g = Optional.ofNullable(graph).or(() -> Optional.of(Path.of("graph.cgraph").toAbsolutePath()));
        return SubgraphLibrary.forGraph(g, Optional.ofNullable(folder), registry);
    }

    /** Lists the subgraphs: category, name, version, file; then the files that could not be read. */
    @Override
    public Integer call() {
        NodeRegistry registry = graphFile == null ? ctx.registry() : ctx.registryFor(graphFile);
        SubgraphLibrary lib = library(graphFile, registry);
        for (LibraryEntry e : lib.entries()) {
            ctx.out.println(e.category() + "/" + e.name() + "  v" + e.version() + "  " + e.file()
                    + (e.description().isEmpty() ? "" : "\n    " + e.description()));
        }
        if (lib.entries().isEmpty()) ctx.err.println("cinegraph: no library subgraphs in " + lib.folders());
        for (String p : lib.problems()) ctx.err.println("cinegraph: warning: " + p);
        return Cli.OK;
    }

    /** Exit 0 when every library subgraph of the graph is as in the library (or missing there), 1 when the library has changed ones. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Say which library subgraphs of the graph differ from the library: exit 1 if some do.")
    int check(@Parameters(paramLabel = "GRAPH") Path graph) {
        NodeRegistry registry = ctx.registryFor(graph);
        Optional<LoadedGraph> loaded = ctx.load(graph, registry);
        if (loaded.isEmpty()) return Cli.BAD_INPUT;
        List<SubgraphLibrary.Status> all = library(graph, registry).check(loaded.get().graph());
        boolean changed = false;
        for (SubgraphLibrary.Status s : all) {
            ctx.out.println(graph + ": " + s.describe());
            changed |= s.state() == SubgraphLibrary.State.CHANGED;
        }
        if (changed) ctx.err.println("cinegraph: run `cinegraph library update " + graph + "` to take the library's versions");
        return changed ? Cli.FAILED : Cli.OK;
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Replace embedded library subgraphs (all that changed, or the nodes named by path) with the library's versions.")
    int update(@Parameters(paramLabel = "GRAPH") Path graph,
               @Parameters(paramLabel = "NODE", arity = "0..*", description = "subgraph nodes by path (sub1, shot/sub2)") List<String> nodes) {
        NodeRegistry registry = ctx.registryFor(graph);
        Optional<LoadedGraph> loaded = ctx.load(graph, registry);
        if (loaded.isEmpty()) return Cli.BAD_INPUT;
        Graph g = loaded.get().graph();
        List<String> named = nodes == null ? List.of() : nodes;
        List<String> done = new ArrayList<>();
        try {
            for (SubgraphLibrary.Status s : library(graph, registry).check(g)) {
                boolean asked = named.contains(s.path());
                if (!asked && (!named.isEmpty() || s.state() != SubgraphLibrary.State.CHANGED)) continue;
                if (s.current().isEmpty()) {
                    ctx.err.println("cinegraph: " + graph + ": " + s.describe() + "; nothing to update from");
                    return Cli.BAD_INPUT;
                }
                g = SubgraphLibrary.update(s.path(), s.current().get()).apply(g);
                done.add(s.path() + " -> " + s.current().get().name() + " v" + s.current().get().version());
            }
            for (String n : named) {
                if (done.stream().noneMatch(d -> d.startsWith(n + " -> "))) {
                    ctx.err.println("cinegraph: " + graph + ": " + n + " is not a library subgraph");
                    return Cli.BAD_INPUT;
                }
            }
            if (!done.isEmpty()) GraphFile.write(g, graph, registry);
        } catch (GraphException e) {
            ctx.err.println("cinegraph: " + graph + ": " + e.getMessage() + "; the file is unchanged");
            return Cli.BAD_INPUT;
        } catch (IOException e) {
            ctx.err.println("cinegraph: " + graph + ": cannot write: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        for (String d : done) ctx.out.println(graph + ": updated " + d);
        if (done.isEmpty()) ctx.out.println(graph + ": every library subgraph is as in the library");
        return Cli.OK;
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = "Save a subgraph node of the graph to the library as the next version of NAME; the graph then references it.")
    int save(@Parameters(paramLabel = "GRAPH") Path graph,
             @Parameters(paramLabel = "NODE", description = "the subgraph node, by path") String node,
             @Option(names = "--name", required = true, paramLabel = "NAME") String name,
             @Option(names = "--category", paramLabel = "CATEGORY", defaultValue = "Library") String category,
             @Option(names = "--description", paramLabel = "TEXT", defaultValue = "") String description) {
        NodeRegistry registry = ctx.registryFor(graph);
        Optional<LoadedGraph> loaded = ctx.load(graph, registry);
        if (loaded.isEmpty()) return Cli.BAD_INPUT;
        Graph g = loaded.get().graph();
        GraphNode n = Subgraphs.allNodes(g).get(node);
        if (n == null || !n.isSubgraph()) {
            ctx.err.println("cinegraph: " + graph + ": " + node + " is not a subgraph node");
            return Cli.BAD_INPUT;
        }
        try {
            LibraryEntry e = library(graph, registry).save(n.subgraph(), name, category, description);
            GraphFile.write(SubgraphLibrary.link(node, e).apply(g), graph, registry);
            ctx.out.println(e.file() + ": " + e.name() + " v" + e.version());
            return Cli.OK;
        } catch (IOException | GraphException e) {
            ctx.err.println("cinegraph: " + graph + ": cannot save " + node + " to the library: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
    }
}
