package org.cinegraph.render.cli;

import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.MissingModels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.format.AssetPaths;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.ParamRef;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.models.ModelRuntime;
import org.cinegraph.render.CostEstimate;
import org.cinegraph.render.NodeReport;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderJob;
import org.cinegraph.render.RenderResult;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.sweep.Sweep;
import org.cinegraph.render.sweep.SweepAxis;
import org.cinegraph.render.sweep.SweepRunner;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.NodeRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render the graph's output nodes into DIR (default: renders/ beside the graph). Progress goes to stderr,"
                + " the written files to stdout, one per line.")
final class RenderCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "GRAPH", description = "the .cgraph file")
    Path graphFile;

    @Option(names = {"--out", "-o"}, paramLabel = "DIR", description = "output folder")
    Path outDir;

    @Option(names = "--frames", paramLabel = "A-B", converter = Converters.Frames.class,
            description = "render and compute only these frames (first-last, from 0)")
    FrameRange range;

    @Option(names = "--set", paramLabel = "NODE.PARAM=VALUE", description = "change a parameter for this render only (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--sweep", paramLabel = "NODE.PARAM=VALUES",
            description = "render every combination (repeatable): VALUES is a list (0.5,1,2), a range START:STOP:STEP (0.5:1.5:0.25)"
                    + " or seeds (4seeds from the node's seed, 4seeds@100 from 100); files get the values in their names and a"
                    + " contact sheet (PNG, or MP4 for clips) is written beside them; default folder renders/sweep-TIME")
    List<String> sweeps = new ArrayList<>();

    @Option(names = "--no-cache", description = "neither read nor write the render cache")
    boolean noCache;

    @Option(names = "--json", description = "progress as one JSON object per event on stderr, for farm wrappers")
    boolean json;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", converter = Converters.Device.class,
            description = "where models run (default: $CINEGRAPH_DEVICE, else auto)")
    ModelRuntime.DeviceChoice device;

    @Option(names = "--pull", description = "first install the catalogued models the graph needs and lacks (sha256-verified; progress on stderr)")
    boolean pull;

    @Option(names = "--no-pull", description = "never fetch models, even in a terminal: name what is missing and stop")
    boolean noPull;

    @Option(names = "--estimate", description = "list the paid remote calls the render would make (cache hits excluded) with their"
            + " estimated cost, and render nothing")
    boolean estimateOnly;

    @Option(names = "--max-cost", paramLabel = "AMOUNT", description = "refuse to start a render whose estimated remote cost is over AMOUNT"
            + " (default: $CINEGRAPH_MAX_COST)")
    String maxCost;

    RenderCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (device != null) ModelRuntime.configureShared(device, null);
        NodeRegistry registry = ctx.registryFor(graphFile);
        Optional<LoadedGraph> loaded = ctx.load(graphFile, registry);
        if (loaded.isEmpty()) return Cli.BAD_INPUT;
        boolean missing = false;
        // asset files are checked after --set, which may point a template graph at other files
        for (Problem p : loaded.get().warnings()) {
            if (p.code() == Problem.Code.ASSET) continue;
            ctx.err.println(graphFile + ": " + p);
            missing |= p.isError();
        }
        if (missing) {
            // A node type missing here is often a model not installed: say which, and how to get it.
            ctx.printProblems(graphFile, ctx.modelProblems(loaded.get(), graphFile, registry), ctx.err);
            return Cli.BAD_INPUT;
        }
        Integer fetched = fetchMissing(loaded.get(), registry);
        if (fetched != null) return fetched;
        Graph graph = loaded.get().graph();
        Map<ParamRef, Object> params;
        try {
            params = sets();
            graph = new Commands(registry).setParams("Set", params).apply(graph); // checked here, so a bad --set names itself
        } catch (GraphException e) {
            ctx.err.println("cinegraph: --set: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        // asset files are checked after --set, which may point a template graph at other files
        for (Problem p : AssetPaths.assetProblems(graph, graphFile.toAbsolutePath().getParent(), registry)) {
            ctx.err.println(graphFile + ": " + p);
            missing |= p.isError();
        }
        if (missing) return Cli.BAD_INPUT;
        RenderJob job = RenderJob.of(loaded.get().graph(), graphFile).withParams(params).withFrames(range).withCache(!noCache);
        if (outDir != null) job = job.withOutDir(outDir);
        Integer priced = checkCost(job, loaded.get(), registry);
        if (priced != null) return priced;
        if (!sweeps.isEmpty()) return sweep(job, graph, registry, loaded.get());
        AtomicReference<ProgressPrinter> progress = new AtomicReference<>(progressFor());
        Renderer.Outcome outcome;
        RenderJob single = job;
        try {
            outcome = withLogs(progress, () -> ctx.renderer.render(single, progress.get(), ctx.cancel));
        } catch (RenderException e) {
            ctx.printProblems(graphFile, e.problems(), ctx.err);
            ctx.printProblems(graphFile, ctx.modelProblems(loaded.get(), graphFile, registry), ctx.err);
            return Cli.BAD_INPUT;
        } finally {
            progress.get().finish();
        }
        RenderResult result = outcome.result();
        for (Path p : result.files()) ctx.out.println(p);
        if (json) printFinished(result);
        if (result.cancelled()) {
            ctx.err.println("cinegraph: render cancelled; no partial output was kept");
            return Cli.CANCELLED;
        }
        if (result.failed()) {
            for (NodeReport r : result.failures()) ctx.err.println("cinegraph: node " + r.nodeId() + " failed: " + r.reason());
            return Cli.FAILED;
        }
        // the render itself succeeded; losing its history entry is worth a warning, not a failure
        outcome.historyWarning().ifPresent(w -> ctx.err.println("cinegraph: warning: " + w));
        return Cli.OK;
    }

    /**
     * Models the graph needs and lacks. With --pull, or by default in a terminal (fetch on first
     * use), the catalogued ones are installed first with a progress bar; only catalogue entries
     * with exactly the weights the graph names are fetched, and nothing else. Otherwise, or when a
     * model is not in the catalogue, what is missing is named and the render does not start.
     * Returns the exit code to stop with, or null to go on.
     */
    private Integer fetchMissing(LoadedGraph loaded, NodeRegistry registry) {
        ModelLibrary lib = ctx.library().forGraph(graphFile);
        List<MissingModels.Need> needs = MissingModels.of(loaded, registry, lib);
        if (needs.isEmpty()) return null;
        boolean terminal = System.console() != null;
        boolean fetch = pull || (terminal && !noPull && !json);
        if (!fetch || needs.stream().anyMatch(n -> !n.pullable())) {
            ctx.printProblems(graphFile, ctx.modelProblems(loaded, graphFile, registry), ctx.err);
            if (!fetch && needs.stream().allMatch(MissingModels.Need::pullable)) {
                ctx.err.println("cinegraph: add --pull to fetch " + (needs.size() == 1 ? "it" : "them") + " first");
            }
            return Cli.BAD_INPUT;
        }
        PullPrinter printer = new PullPrinter(ctx.err, terminal);
        try {
            for (MissingModels.Need n : needs) {
                printer.starting(n.available().get());
                MissingModels.pull(List.of(n), lib, printer, ctx.cancel::isCancelled);
            }
            return null;
        } catch (ModelException e) {
            ctx.err.println();
            ctx.err.println("cinegraph: " + e.getMessage());
            return ModelLibrary.isCancelled(e) ? Cli.CANCELLED : Cli.FAILED;
        }
    }

    /**
     * With --estimate, prints what the render would spend and returns OK; with a spending limit
     * (--max-cost or $CINEGRAPH_MAX_COST), returns BAD_INPUT when the estimate is over it or
     * cannot be bounded. Returns null to go on and render.
     */
    private Integer checkCost(RenderJob job, LoadedGraph loaded, NodeRegistry registry) {
        String limitText = maxCost != null ? maxCost : System.getenv("CINEGRAPH_MAX_COST");
        Double limit = null;
        if (limitText != null && !limitText.isBlank()) {
            try {
                limit = Double.parseDouble(limitText.strip());
                if (limit < 0 || limit.isNaN()) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "the cost limit must be an amount like 2.50, not '" + limitText + "'");
            }
        }
        if (!estimateOnly && limit == null) return null;
        CostEstimate.Estimate estimate;
        try {
            estimate = ctx.renderer.estimate(job);
        } catch (RenderException e) {
            ctx.printProblems(graphFile, e.problems(), ctx.err);
            ctx.printProblems(graphFile, ctx.modelProblems(loaded, graphFile, registry), ctx.err);
            return Cli.BAD_INPUT;
        }
        if (estimateOnly) {
            EstimatePrinter.print(estimate, ctx.out, json);
            return Cli.OK;
        }
        String refusal = estimate.refusal(limit);
        if (refusal == null) return null;
        EstimatePrinter.print(estimate, ctx.err, false);
        ctx.err.println("cinegraph: " + refusal);
        return Cli.BAD_INPUT;
    }

    /** The --set values in order, by node path ("sub1/grade1.exposure=0.5" reaches inside a subgraph). */
    private Map<ParamRef, Object> sets() {
        Map<ParamRef, Object> out = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            try {
                if (eq < 0) throw new IllegalArgumentException("no '='");
                out.put(ParamRef.parse(s.substring(0, eq)), s.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--set wants NODE.PARAM=VALUE, not '" + s + "'");
            }
        }
        return out;
    }

    /** Progress of one render, measured in the frames its writers write (see RenderProgress). */
    private ProgressPrinter progressFor() {
        return new ProgressPrinter(ctx.err, json, System.console() != null);
    }

    private interface Rendering<T> {
        T run() throws RenderException;
    }

    /** Runs a render with log records of nodes ("save1: wrote frames 0-239 ...") going through the current progress display, not over it. */
    private static <T> T withLogs(AtomicReference<ProgressPrinter> progress, Rendering<T> r) throws RenderException {
        Logger root = Logger.getLogger("");
        Handler[] previous = root.getHandlers();
        Handler toProgress = logsTo(progress);
        for (Handler h : previous) root.removeHandler(h);
        root.addHandler(toProgress);
        try {
            return r.run();
        } finally {
            root.removeHandler(toProgress);
            for (Handler h : previous) root.addHandler(h);
        }
    }

    /**
     * Every combination of the --sweep values through the one render path, then the contact
     * sheets; prints every file (sheets first). Exit 1 when a combination failed (the others and
     * the sheet are still written).
     */
    private int sweep(RenderJob job, Graph graph, NodeRegistry registry, LoadedGraph loaded) {
        Sweep sweep;
        try {
            List<SweepAxis> axes = new ArrayList<>();
            for (String s : sweeps) axes.add(SweepAxis.parse(s, graph, registry));
            sweep = new Sweep(axes);
        } catch (IllegalArgumentException e) {
            ctx.err.println("cinegraph: --sweep: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        if (outDir == null) {
            job = job.withOutDir(job.outDir().resolve("sweep-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(LocalDateTime.now())));
        }
        AtomicReference<ProgressPrinter> progress = new AtomicReference<>(progressFor());
        SweepRunner.Listener listener = (c, total) -> {
            progress.get().finish();
            progress.set(progressFor());
            progress.get().message("sweep " + (c.index() + 1) + "/" + total + ": " + c.label());
            return progress.get();
        };
        SweepRunner.Result result;
        RenderJob base = job;
        try {
            result = withLogs(progress, () -> SweepRunner.run(ctx.renderer, base, sweep, listener, ctx.cancel));
        } catch (RenderException e) {
            ctx.printProblems(graphFile, e.problems(), ctx.err);
            ctx.printProblems(graphFile, ctx.modelProblems(loaded, graphFile, registry), ctx.err);
            return Cli.BAD_INPUT;
        } finally {
            progress.get().finish();
        }
        for (Path p : result.files()) ctx.out.println(p);
        for (String w : result.warnings()) ctx.err.println("cinegraph: warning: " + w);
        if (result.cancelled()) {
            ctx.err.println("cinegraph: sweep cancelled after " + result.cells().size() + " of " + sweep.size() + " renders; no contact sheet was made");
            return Cli.CANCELLED;
        }
        for (SweepRunner.Cell c : result.cells()) {
            c.failure().ifPresent(f -> ctx.err.println("cinegraph: " + c.combination().label() + ": " + f));
        }
        return result.failed() ? Cli.FAILED : Cli.OK;
    }

    private static Handler logsTo(AtomicReference<ProgressPrinter> progress) {
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) progress.get().message(new SimpleFormatter().formatMessage(r));
            }

            @Override public void flush() { }
            @Override public void close() { }
        };
        h.setLevel(Level.INFO);
        return h;
    }

    private void printFinished(RenderResult result) {
        ObjectNode done = new ObjectMapper().createObjectNode();
        done.put("event", "finished");
        done.put("status", result.cancelled() ? "cancelled" : result.failed() ? "failed" : "ok");
        ArrayNode files = done.putArray("files");
        result.files().forEach(f -> files.add(f.toString()));
        EstimatePrinter.calls(result.serviceCalls(), done.putArray("calls"));
        ctx.err.println(done);
    }
}
