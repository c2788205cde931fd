package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.format.GraphFile;
import org.cinegraph.format.GraphFormatException;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.format.RequiredModels;
import org.cinegraph.models.ModelCheck;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.ModelRuntime;
import org.cinegraph.models.TorchScriptNodeSource;
import org.cinegraph.models.remote.RemoteNodeSource;
import org.cinegraph.render.CostEstimate;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.GraphValidator;
import org.cinegraph.graph.Problem;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.Executor;
import org.cinegraph.render.NodeReport;
import org.cinegraph.render.RenderCache;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderRequest;
import org.cinegraph.render.RenderResult;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.media.AtomicFiles;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Provenance;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.PortSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The headless command line: render, validate, fmt, nodes, models, history. Exit codes: 0 success, 1 render
 * failed, 2 bad input (file, graph, arguments), 130 cancelled.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int CANCELLED = 130;

    private final PrintStream out;
    private final PrintStream err;
    private final NodeRegistry registry;
    private final RenderSettings settings;
    private final CancelToken cancel;
    private final ModelLibrary library;
    private final RenderHistory history;

    public Cli(PrintStream out, PrintStream err, NodeRegistry registry, RenderSettings settings, CancelToken cancel) {
        this(out, err, registry, settings, cancel, ModelLibrary.fromEnvironment());
    }

    public Cli(PrintStream out, PrintStream err, NodeRegistry registry, RenderSettings settings, CancelToken cancel, ModelLibrary library) {
        this(out, err, registry, settings, cancel, library, RenderHistory.fromEnvironment());
    }

    public Cli(PrintStream out, PrintStream err, NodeRegistry registry, RenderSettings settings, CancelToken cancel, ModelLibrary library,
               RenderHistory history) {
        this.history = history;
        this.out = out;
        this.err = err;
        this.registry = registry;
        this.settings = settings;
        this.cancel = cancel;
        this.library = library;
    }

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Cli.class.getResourceAsStream("/org/cinegraph/render/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    static final String USAGE = String.join("\n",
            "usage: cinegraph <command> [options]",
            "",
            "  (no command)       open the editor on the storyboard example (needs a display)",
            "  open [FILE.cgraph] open the editor on a graph file",
            "  render GRAPH [--out DIR] [--frames A-B] [--set NODE.PARAM=VALUE]... [--no-cache] [--json]",
            "              [--device auto|cpu|gpu] [--estimate] [--max-cost AMOUNT]",
            "                     render the graph's output nodes into DIR (default: renders/ beside the graph);",
            "                     --estimate lists the paid remote calls it would make (cache hits excluded) and",
            "                     their cost, rendering nothing; --max-cost (or $CINEGRAPH_MAX_COST) refuses to",
            "                     start a render estimated over AMOUNT",
            "  validate GRAPH     check that the graph can run here (node types, files, models); one line per problem",
            "  models list        installed models and the built-in catalogue, with status",
            "  models pull NAME   fetch a catalogue model, verify its sha256, install it",
            "  models verify [NAME]",
            "                     re-hash installed models (all, or NAME) against their manifests",
            ModelsImport.USAGE,
            CredentialsCommand.USAGE,
            "  fmt [--check] GRAPH...",
            "                     rewrite graph files in canonical form (--check: exit 1 if any would change)",
            "  nodes [--json]     list the node catalogue with ports and parameters",
            "  history [--json]   past renders, newest first: id, time, duration, graph, outputs",
            "  history restore ID|RENDERED-FILE OUT.cgraph",
            "                     write the exact graph a past render (or a rendered MP4/PNG) was made from",
            "  --version          print the version",
            "",
            "exit codes: 0 ok, 1 render failed, 2 bad input, 130 cancelled");

    /** Reads the spending limit setting ($CINEGRAPH_MAX_COST), if there is one. */
    static Double maxCostSetting(String value) throws UsageException {
        if (value == null || value.isBlank()) return null;
        try {
            double d = Double.parseDouble(value.strip());
            if (d < 0 || Double.isNaN(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("the cost limit must be an amount like 2.50, not '" + value + "'");
        }
    }

    public int run(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            out.println(USAGE);
            return args.isEmpty() ? BAD_INPUT : OK;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "--version", "version" -> {
                    out.println("cinegraph " + version());
                    yield OK;
                }
                case "render" -> render(rest);
                case "validate" -> validate(rest);
                case "fmt" -> fmt(rest);
                case "nodes" -> nodes(rest);
                case "models" -> models(rest);
                case "history" -> history(rest);
                case "credentials" -> new CredentialsCommand(out, err, System.in, org.cinegraph.models.remote.Credentials.fromEnvironment()).run(rest);
                default -> usage("unknown command '" + args.get(0) + "'");
            };
        } catch (UsageException e) {
            return usage(e.getMessage());
        } catch (ModelsImport.Usage e) {
            return usage(e.getMessage());
        }
    }

    private int usage(String message) {
        err.println("cinegraph: " + message);
        err.println(USAGE);
        return BAD_INPUT;
    }

    private static final class UsageException extends Exception {
        UsageException(String m) {
            super(m);
        }
    }

    private static String value(List<String> args, int i, String flag) throws UsageException {
        if (i + 1 >= args.size()) throw new UsageException(flag + " needs a value");
        return args.get(i + 1);
    }

    /** Opens a graph file; on failure prints why (file, line:column, node) and returns empty. */
    private Optional<LoadedGraph> load(Path file, NodeRegistry reg) {
        try {
            return Optional.of(GraphFile.read(file, reg));
        } catch (GraphFormatException e) {
            err.println("cinegraph: " + e.getMessage());
        } catch (NoSuchFileException e) {
            err.println("cinegraph: " + file + ": no such file");
        } catch (IOException e) {
            err.println("cinegraph: " + file + ": cannot read: " + e.getMessage());
        }
        return Optional.empty();
    }

    private int render(List<String> args) throws UsageException {
        Path graphFile = null;
        Path outDir = null;
        FrameRange range = null;
        boolean noCache = false;
        boolean json = false;
        boolean estimateOnly = false;
        Double maxCost = maxCostSetting(System.getenv("CINEGRAPH_MAX_COST"));
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--out", "-o" -> outDir = Path.of(value(args, i++, a));
                case "--frames" -> {
                    try {
                        range = FrameRange.parse(value(args, i++, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--set" -> sets.add(value(args, i++, a));
                case "--no-cache" -> noCache = true;
                case "--json" -> json = true;
                case "--estimate" -> estimateOnly = true;
                case "--max-cost" -> maxCost = maxCostSetting(value(args, i++, a));
                case "--device" -> {
                    try {
                        ModelRuntime.configureShared(ModelRuntime.DeviceChoice.parse(value(args, i++, a)), null);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--device: " + e.getMessage());
                    }
                }
                default -> {
                    if (a.startsWith("-")) throw new UsageException("unknown option " + a);
                    if (graphFile != null) throw new UsageException("render takes one graph file, got " + graphFile + " and " + a);
                    graphFile = Path.of(a);
                }
            }
        }
        if (graphFile == null) throw new UsageException("render needs a graph file");
        NodeRegistry registry = registryFor(graphFile);
        Optional<LoadedGraph> loaded = load(graphFile, registry);
        if (loaded.isEmpty()) return BAD_INPUT;
        boolean missing = false;
        for (Problem p : loaded.get().warnings()) {
            err.println(graphFile + ": " + p);
            missing |= p.isError();
        }
        if (missing) {
            // A node type missing here is often a model not installed: say which, and how to get it.
            for (Problem p : modelProblems(loaded.get(), graphFile, registry)) err.println(graphFile + ": " + p);
            return BAD_INPUT;
        }
        Graph graph = loaded.get().graph();
        Commands commands = new Commands(registry);
        for (String s : sets) {
            int eq = s.indexOf('=');
            int dot = s.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) throw new UsageException("--set wants NODE.PARAM=VALUE, not '" + s + "'");
            try {
                graph = commands.setParam(s.substring(0, dot), s.substring(dot + 1, eq), s.substring(eq + 1)).apply(graph);
            } catch (GraphException e) {
                err.println("cinegraph: --set " + s + ": " + e.getMessage());
                return BAD_INPUT;
            }
        }
        Path graphDir = graphFile.toAbsolutePath().getParent();
        if (outDir == null) outDir = graphDir.resolve("renders");
        // the exact graph of this render (after --set), embedded in the outputs and kept in the history
        String graphText = GraphFile.toJson(graph, registry);
        RenderRequest req = new RenderRequest(graph, graphDir, outDir, Optional.ofNullable(range), Set.of(), !noCache)
                .withProvenance(graphText);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        RenderCache cache = settings.openCache();
        if (estimateOnly || maxCost != null) {
            CostEstimate.Estimate estimate;
            try {
                estimate = new CostEstimate(registry, cache).estimate(req);
            } catch (RenderException e) {
                for (Problem p : e.problems()) err.println(graphFile + ": " + p);
                for (Problem p : modelProblems(loaded.get(), graphFile, registry)) err.println(graphFile + ": " + p);
                return BAD_INPUT;
            }
            if (estimateOnly) {
                EstimatePrinter.print(estimate, out, json);
                return OK;
            }
            String refusal = estimate.refusal(maxCost);
            if (refusal != null) {
                EstimatePrinter.print(estimate, err, false);
                err.println("cinegraph: " + refusal);
                return BAD_INPUT;
            }
        }
        Executor executor = new Executor(registry, cache, settings.threads());
        List<String> outputs = graph.nodes().values().stream()
                .filter(n -> registry.find(n.type()).map(t -> t.spec().output()).orElse(false)).map(n -> n.id()).toList();
        ProgressPrinter progress = new ProgressPrinter(err, json, System.console() != null, graph.nodes().keySet(), outputs);
        RenderResult result;
        Logger root = Logger.getLogger("");
        Handler[] previous = root.getHandlers();
        Handler toProgress = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) progress.message(new SimpleFormatter().formatMessage(r));
            }

            @Override public void flush() { }
            @Override public void close() { }
        };
        toProgress.setLevel(Level.INFO);
        for (Handler h : previous) root.removeHandler(h);
        root.addHandler(toProgress);
        try {
            result = executor.render(req, graphFile.toAbsolutePath().normalize().toString(), progress, cancel);
        } catch (RenderException e) {
            for (Problem p : e.problems()) err.println(graphFile + ": " + p);
            for (Problem p : modelProblems(loaded.get(), graphFile, registry)) err.println(graphFile + ": " + p);
            return BAD_INPUT;
        } finally {
            root.removeHandler(toProgress);
            for (Handler h : previous) root.addHandler(h);
            progress.finish();
        }
        for (Path p : result.files()) out.println(p);
        if (json) {
            ObjectNode done = new ObjectMapper().createObjectNode();
            done.put("event", "finished");
            done.put("status", result.cancelled() ? "cancelled" : result.failed() ? "failed" : "ok");
            ArrayNode files = done.putArray("files");
            result.files().forEach(f -> files.add(f.toString()));
            EstimatePrinter.calls(result.serviceCalls(), done.putArray("calls"));
            err.println(done);
        }
        if (result.cancelled()) {
            err.println("cinegraph: render cancelled; no partial output was kept");
            return CANCELLED;
        }
        if (result.failed()) {
            for (NodeReport r : result.failures()) err.println("cinegraph: node " + r.nodeId() + " failed: " + r.reason());
            return FAILED;
        }
        List<HistoryEntry.Model> models = RequiredModels.of(graph, registry).stream()
                .map(m -> new HistoryEntry.Model(m.name(), m.sha256())).toList();
        try {
            history.record(started, (System.nanoTime() - t0) / 1_000_000, Optional.of(graphFile), graphText, result.files(), models, result.serviceCalls());
        } catch (IOException e) {
            // the render itself succeeded; losing its history entry is worth a warning, not a failure
            err.println("cinegraph: warning: " + e.getMessage());
        }
        return OK;
    }

    private int history(List<String> args) throws UsageException {
        if (!args.isEmpty() && args.get(0).equals("restore")) {
            if (args.size() != 3) throw new UsageException("history restore takes a render id (or a rendered file) and an output .cgraph file");
            return restore(args.get(1), Path.of(args.get(2)));
        }
        boolean json = false;
        for (String a : args) {
            if (a.equals("--json")) json = true;
            else throw new UsageException("unknown history option " + a);
        }
        List<HistoryEntry> entries;
        try {
            entries = history.list();
        } catch (IOException e) {
            err.println("cinegraph: cannot read the render history in " + history.dir() + ": " + e.getMessage());
            return BAD_INPUT;
        }
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ArrayNode arr = m.createArrayNode();
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
            }
            out.println(arr);
            return OK;
        }
        if (entries.isEmpty()) {
            err.println("cinegraph: no renders recorded yet in " + history.dir());
            return OK;
        }
        for (HistoryEntry e : entries) {
            out.printf(Locale.ROOT, "%s  %s  %6.1fs  %s%n", e.id(), e.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    e.durationMillis() / 1000.0, e.graphFile().orElse("(no graph file)"));
            for (Path p : e.outputs()) out.println("    " + p);
            if (!e.calls().isEmpty()) out.println("    " + EstimatePrinter.summary(e.calls()));
        }
        return OK;
    }

    /** Writes the graph of a recorded render, or the one embedded in a rendered file, to {@code target}. */
    private int restore(String idOrFile, Path target) {
        String text;
        Path asFile = Path.of(idOrFile);
        try {
            if (Files.isRegularFile(asFile) || Files.isDirectory(asFile) && Files.exists(Provenance.sidecar(asFile))) {
                Optional<String> embedded = Provenance.read(asFile);
                if (embedded.isEmpty()) {
                    err.println("cinegraph: " + asFile + ": carries no graph (not rendered by cinegraph, or rendered before graphs were embedded)");
                    return BAD_INPUT;
                }
                text = embedded.get();
            } else {
                Optional<HistoryEntry> e = history.load(idOrFile);
                if (e.isEmpty()) {
                    err.println("cinegraph: no render '" + idOrFile + "' in the history (" + history.dir() + "); `cinegraph history` lists them");
                    return BAD_INPUT;
                }
                text = history.graphText(e.get());
            }
            GraphFile.parse(text, idOrFile, registry);
            Path temp = AtomicFiles.tempSibling(target);
            AtomicFiles.createParents(target);
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                AtomicFiles.commitFile(temp, target);
            } finally {
                AtomicFiles.deleteQuietly(temp);
            }
        } catch (GraphFormatException e) {
            err.println("cinegraph: the graph kept for " + idOrFile + " does not parse: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException | MediaException e) {
            err.println("cinegraph: cannot restore " + idOrFile + " to " + target + ": " + e.getMessage());
            return BAD_INPUT;
        }
        out.println(target);
        return OK;
    }

    private int validate(List<String> args) throws UsageException {
        if (args.size() != 1) throw new UsageException("validate takes one graph file");
        Path file = Path.of(args.get(0));
        NodeRegistry registry = registryFor(file);
        Optional<LoadedGraph> loaded = load(file, registry);
        if (loaded.isEmpty()) return BAD_INPUT;
        Graph g = loaded.get().graph();
        List<Problem> problems = new ArrayList<>(new GraphValidator(registry).validate(g));
        problems.addAll(modelProblems(loaded.get(), file, registry));
        for (Problem w : loaded.get().warnings()) {
            // The file reader and the validator both notice placeholders: say it once.
            if (problems.stream().noneMatch(p -> p.nodeId().equals(w.nodeId()) && p.message().equals(w.message()))) problems.add(w);
        }
        boolean errors = false;
        for (Problem p : problems) {
            (p.isError() ? out : err).println(file + ": " + p);
            errors |= p.isError();
        }
        if (!errors) out.println(file + ": ok (" + g.nodes().size() + " nodes, " + g.links().size() + " links)");
        return errors ? BAD_INPUT : OK;
    }

    private List<Problem> modelProblems(LoadedGraph loaded, Path file, NodeRegistry reg) {
        return ModelCheck.forGraph(loaded, reg, libraryFor(file));
    }

    private ModelLibrary libraryFor(Path graphFile) {
        return library.forGraph(graphFile);
    }

    /** The node types, plus TorchScript nodes for the models in the graph's project folder. */
    private NodeRegistry registryFor(Path graphFile) {
        ModelLibrary lib = libraryFor(graphFile);
        if (lib.projectDir().isEmpty()) return registry;
        Map<String, NodeType> types = new LinkedHashMap<>();
        registry.all().forEach(t -> types.put(t.spec().id(), t));
        // Project models win over user models of the same name, as they do in the library.
        for (NodeType t : new TorchScriptNodeSource(lib).types()) types.put(t.spec().id(), t);
        for (NodeType t : new RemoteNodeSource(lib, RemoteNodeSource::environment).types()) types.put(t.spec().id(), t);
        return new NodeRegistry(types.values());
    }

    private int fmt(List<String> args) throws UsageException {
        boolean check = false;
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--check")) check = true;
            else if (a.startsWith("-")) throw new UsageException("unknown option " + a);
            else files.add(Path.of(a));
        }
        if (files.isEmpty()) throw new UsageException("fmt needs at least one graph file");
        boolean bad = false;
        boolean changed = false;
        for (Path f : files) {
            NodeRegistry registry = registryFor(f);
            Optional<LoadedGraph> loaded = load(f, registry);
            if (loaded.isEmpty()) {
                bad = true;
                continue;
            }
            try {
                String canonical = GraphFile.toJson(loaded.get().graph(), registry);
                String current = Files.readString(f, StandardCharsets.UTF_8);
                if (canonical.equals(current)) continue;
                changed = true;
                if (check) {
                    out.println(f + ": not in canonical form");
                } else {
                    GraphFile.write(loaded.get().graph(), f, registry);
                    out.println(f + ": rewritten");
                }
            } catch (IOException e) {
                err.println("cinegraph: " + f + ": " + e.getMessage());
                bad = true;
            }
        }
        if (bad) return BAD_INPUT;
        return check && changed ? FAILED : OK;
    }

    private int nodes(List<String> args) throws UsageException {
        boolean json = false;
        for (String a : args) {
            if (a.equals("--json")) json = true;
            else throw new UsageException("unknown option " + a);
        }
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode arr = m.createArrayNode();
            for (NodeType t : registry.all()) arr.add(describe(m, t.spec()));
            out.println(arr.toPrettyString());
            return OK;
        }
        String category = null;
        List<NodeSpec> specs = registry.all().stream().map(NodeType::spec)
                .sorted(java.util.Comparator.comparing(NodeSpec::category).thenComparing(NodeSpec::displayName)).toList();
        for (NodeSpec s : specs) {
            if (!s.category().equals(category)) {
                category = s.category();
                out.println();
                out.println(category);
            }
            out.printf(Locale.ROOT, "  %-22s %s (v%d)%s%n", s.id(), s.displayName(), s.version(), s.perFrame() ? "  [per frame on clips]" : "");
            out.println("      " + s.description());
            for (PortSpec p : s.inputs()) out.printf(Locale.ROOT, "      in  %-14s %s%s%n", p.name(), p.type().displayName(), p.required() ? "" : " (optional)");
            for (PortSpec p : s.outputs()) out.printf(Locale.ROOT, "      out %-14s %s%n", p.name(), p.type().displayName());
            for (ParamSpec p : s.params()) out.printf(Locale.ROOT, "      param %-12s %s = %s%s%s%n", p.name(), p.type().displayName(),
                    p.defaultValue(), range(p), p.choices().isEmpty() ? "" : " " + p.choices());
        }
        return OK;
    }

    private int models(List<String> args) throws UsageException {
        if (args.isEmpty()) throw new UsageException("models needs list, pull NAME or verify [NAME]");
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "list" -> {
                if (!rest.isEmpty()) throw new UsageException("models list takes no arguments");
                yield modelsList();
            }
            case "pull" -> {
                if (rest.size() != 1) throw new UsageException("models pull takes one model name");
                yield modelsPull(rest.get(0));
            }
            case "verify" -> {
                if (rest.size() > 1) throw new UsageException("models verify takes at most one model name");
                yield modelsVerify(rest.isEmpty() ? null : rest.get(0));
            }
            case "import" -> {
                try {
                    yield new ModelsImport(out, err, library).run(rest);
                } catch (ModelsImport.Usage e) {
                    throw new UsageException(e.getMessage());
                }
            }
            default -> throw new UsageException("unknown models command '" + args.get(0) + "' (list, pull, verify, import)");
        };
    }

    private int modelsList() {
        List<String> problems = new ArrayList<>();
        Map<String, ModelLibrary.Installed> installed = library.installed(problems);
        Map<String, ModelManifest> catalogue = ModelLibrary.catalogue();
        out.println("models in " + library.userDir());
        for (Map.Entry<String, String> e : library.status(problems).entrySet()) {
            ModelManifest m = installed.containsKey(e.getKey()) ? installed.get(e.getKey()).manifest() : catalogue.get(e.getKey());
            out.printf(Locale.ROOT, "  %-22s %-8s %-12s %-9s %s%n", m.name(), m.version(), m.format(),
                    String.format(Locale.ROOT, "%.1f MB", m.totalBytes() / (1024.0 * 1024.0)), e.getValue());
        }
        for (String p : problems) err.println("cinegraph: " + p);
        return OK;
    }

    private int modelsPull(String name) {
        if (!ModelLibrary.catalogue().containsKey(name)) {
            err.println("cinegraph: no model '" + name + "' in the catalogue (known: " + String.join(", ", ModelLibrary.catalogue().keySet()) + ")");
            return BAD_INPUT;
        }
        try {
            ModelLibrary.Installed m = library.pull(name);
            out.println(m.manifest().name() + " " + m.manifest().version() + ": installed and verified in " + m.dir());
            return OK;
        } catch (ModelException e) {
            err.println("cinegraph: " + e.getMessage());
            return FAILED;
        }
    }

    private int modelsVerify(String name) {
        List<String> problems = new ArrayList<>();
        Map<String, ModelLibrary.Installed> installed = library.installed(problems);
        if (name != null && !installed.containsKey(name)) {
            err.println("cinegraph: model '" + name + "' is not installed in " + library.userDir() + "; run: " + ModelLibrary.pullCommand(name));
            return BAD_INPUT;
        }
        boolean bad = false;
        for (ModelLibrary.Installed m : installed.values()) {
            if (name != null && !m.manifest().name().equals(name)) continue;
            List<String> issues = library.verify(m);
            if (issues.isEmpty()) {
                out.println(m.manifest().name() + ": ok (" + m.manifest().files().size() + " files)");
            } else {
                bad = true;
                for (String i : issues) out.println(m.manifest().name() + ": " + i);
                out.println(m.manifest().name() + ": damaged; reinstall with " + ModelLibrary.pullCommand(m.manifest().name()));
            }
        }
        if (name == null) {
            for (String p : problems) err.println("cinegraph: " + p);
            bad |= !problems.isEmpty();
            if (installed.isEmpty() && problems.isEmpty()) out.println("no models installed in " + library.userDir());
        }
        return bad ? FAILED : OK;
    }

    private static String range(ParamSpec p) {
        if (p.min() == null && p.max() == null) return "";
        return " [" + num(p.min()) + " .. " + num(p.max()) + "]";
    }

    private static String num(Double d) {
        if (d == null) return "";
        if (d >= Long.MAX_VALUE) return "max";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        return d.toString();
    }

    private static ObjectNode describe(ObjectMapper m, NodeSpec s) {
        ObjectNode o = m.createObjectNode();
        o.put("id", s.id());
        o.put("version", s.version());
        o.put("category", s.category());
        o.put("name", s.displayName());
        o.put("description", s.description());
        o.put("writesFiles", s.output());
        o.put("perFrame", s.perFrame());
        ArrayNode in = o.putArray("inputs");
        for (PortSpec p : s.inputs()) in.addObject().put("name", p.name()).put("type", p.type().displayName()).put("required", p.required());
        ArrayNode outs = o.putArray("outputs");
        for (PortSpec p : s.outputs()) outs.addObject().put("name", p.name()).put("type", p.type().displayName());
        ArrayNode ps = o.putArray("params");
        for (ParamSpec p : s.params()) {
            ObjectNode po = ps.addObject();
            po.put("name", p.name());
            po.put("type", p.type().displayName());
            po.put("widget", p.widget().name().toLowerCase(Locale.ROOT));
            po.putPOJO("default", p.defaultValue());
            if (p.min() != null) po.put("min", p.min());
            if (p.max() != null) po.put("max", p.max());
            if (!p.choices().isEmpty()) {
                ArrayNode c = po.putArray("choices");
                p.choices().forEach(c::add);
            }
            po.put("description", p.description());
        }
        return o;
    }

    /** Entry point used by the launcher: wires Ctrl-C to cancellation and exits with the code. */
    public static int main(String[] args) {
        // One plain line per log record ("cinegraph: save1: wrote frames 0-239 ..."), not the JDK's two.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "cinegraph: %5$s%6$s%n");
        }
        CancelToken cancel = new CancelToken();
        SignalHandling.onInterrupt(cancel::cancel);
        return new Cli(System.out, System.err, NodeRegistry.standard(), RenderSettings.fromEnvironment(), cancel).run(List.of(args));
    }
}
