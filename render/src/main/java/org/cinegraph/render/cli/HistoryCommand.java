package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.files.AtomicFiles;
import org.cinegraph.format.GraphFile;
import org.cinegraph.format.GraphFormatException;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Provenance;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Past renders, newest first: id, time, duration, graph, outputs.")
final class HistoryCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--json", description = "the list as JSON")
    boolean json;

    HistoryCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        RenderHistory history = ctx.history();
        List<HistoryEntry> entries;
        try {
            entries = history.list();
        } catch (IOException e) {
            ctx.err.println("cinegraph: cannot read the render history in " + history.dir() + ": " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        if (json) {
            ArrayNode arr = new ObjectMapper().createArrayNode();
            for (HistoryEntry e : entries) {
                ObjectNode o = arr.addObject();
                o.put("id", e.id());
                o.put("started", e.started().toString());
                o.put("durationMillis", e.durationMillis());
                e.graphFile().ifPresent(g -> o.put("graphFile", g));
                ArrayNode files = o.putArray("outputs");
                e.outputs().forEach(p -> files.add(p.toString()));
                ArrayNode ms = o.putArray("models");
                e.models().forEach(md -> ms.addObject().put("name", md.name()).put("sha256", md.sha256()));
                EstimatePrinter.calls(e.calls(), o.putArray("calls"));
                o.put("graph", e.graph().toString());
                e.thumbnail().ifPresent(t -> o.put("thumbnail", t.toString()));
                e.sweep().ifPresent(w -> o.put("sweep", w));
            }
            ctx.out.println(arr);
            return Cli.OK;
        }
        if (entries.isEmpty()) {
            ctx.err.println("cinegraph: no renders recorded yet in " + history.dir());
            return Cli.OK;
        }
        for (HistoryEntry e : entries) {
            ctx.out.printf(Locale.ROOT, "%s  %s  %6.1fs  %s%n", e.id(), e.started().truncatedTo(ChronoUnit.SECONDS),
                    e.durationMillis() / 1000.0, e.graphFile().orElse("(no graph file)"));
            e.sweep().ifPresent(w -> ctx.out.println("    sweep " + w));
            for (Path p : e.outputs()) ctx.out.println("    " + p);
            if (!e.calls().isEmpty()) ctx.out.println("    " + EstimatePrinter.summary(e.calls()));
        }
        return Cli.OK;
    }

    /** Writes the graph of a recorded render, or the one embedded in a rendered file, to {@code target}. */
    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Write the exact graph a past render (or a rendered MP4/PNG) was made from.")
    int restore(@Parameters(paramLabel = "ID|RENDERED-FILE", description = "a render id from the list, or a file it wrote") String idOrFile,
                @Parameters(paramLabel = "OUT.cgraph", description = "where to write the graph") Path target) {
        RenderHistory history = ctx.history();
        String text;
        Path asFile = Path.of(idOrFile);
        try {
            if (Files.isRegularFile(asFile) || Files.isDirectory(asFile) && Files.exists(Provenance.sidecar(asFile))) {
                Optional<String> embedded = Provenance.read(asFile);
                if (embedded.isEmpty()) {
                    ctx.err.println("cinegraph: " + asFile + ": carries no graph (not rendered by cinegraph, or rendered before graphs were embedded)");
                    return Cli.BAD_INPUT;
                }
                text = embedded.get();
            } else {
                Optional<HistoryEntry> e = history.load(idOrFile);
                if (e.isEmpty()) {
                    ctx.err.println("cinegraph: no render '" + idOrFile + "' in the history (" + history.dir() + "); `cinegraph history` lists them");
                    return Cli.BAD_INPUT;
                }
                text = history.graphText(e.get());
            }
            var parsed = GraphFile.parse(text, idOrFile, ctx.registry());
            AtomicFiles.writeString(target, text);
            // a graph carried by a file someone sent may be crafted: say so before it is rendered
            for (org.cinegraph.graph.Problem p : new org.cinegraph.graph.GraphValidator(ctx.registry()).validate(parsed.graph())) {
                if (p.code() == org.cinegraph.graph.Problem.Code.OUTPUT_NAME) {
                    ctx.err.println("cinegraph: warning: the restored graph would write outside its output folder: " + target + ": " + p);
                }
            }
        } catch (GraphFormatException e) {
            ctx.err.println("cinegraph: the graph kept for " + idOrFile + " does not parse: " + e.getMessage());
            return Cli.BAD_INPUT;
        } catch (IOException | MediaException e) {
            ctx.err.println("cinegraph: cannot restore " + idOrFile + " to " + target + ": " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        ctx.out.println(target);
        return Cli.OK;
    }
}
