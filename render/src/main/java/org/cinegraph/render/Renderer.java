package org.cinegraph.render;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.RequiredModels;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ManifestNodeSource;
import org.cinegraph.models.remote.RemoteNodeSource;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ServiceCall;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one render-and-record path of a process. Every render (CLI, editor, viewer preview, farm
 * task, sweep) goes through here: graph text -> provenance -> executor -> required models ->
 * history record, over one shared {@link RenderCache} (opened on first use, so the editor's
 * renders warm its previews and back), with the node types of the graph's project folder.
 */
public final class Renderer {
    private static Renderer shared;

    private final NodeRegistry registry;
    private final ModelLibrary library;
    private final RenderSettings settings;
    private final RenderHistory history;
    private RenderCache cache;

    /**
     * @param registry the installed node types
     * @param library  the model library (a graph's project folder adds its own models)
     * @param history  where successful renders are recorded; null records nothing
     */
    public Renderer(NodeRegistry registry, ModelLibrary library, RenderSettings settings, RenderHistory history) {
        this.registry = registry;
        this.library = library;
        this.settings = settings;
        this.history = history;
    }

    /** The process's renderer, configured from the environment (cache, model library, history). */
    public static synchronized Renderer shared() {
        if (shared == null) shared = fromEnvironment(NodeRegistry.standard());
        return shared;
    }

    /** A renderer for these node types with the cache, model library and history the environment names. */
    public static Renderer fromEnvironment(NodeRegistry registry) {
        return new Renderer(registry, ModelLibrary.fromEnvironment(), RenderSettings.fromEnvironment(), RenderHistory.fromEnvironment());
    }

    /** The process's one render cache. */
    public synchronized RenderCache cache() {
        if (cache == null) cache = settings.openCache();
        return cache;
    }

    public NodeRegistry registry() {
        return registry;
    }

    public ModelLibrary library() {
        return library;
    }

    /** Where renders are recorded, if anywhere. */
    public Optional<RenderHistory> history() {
        return Optional.ofNullable(history);
    }

    /** The node types a graph in {@code graphFile} can use: the installed ones plus the models in its project folder. */
    public NodeRegistry registryFor(Path graphFile) {
        ModelLibrary lib = library.forGraph(graphFile);
        if (lib.projectDir().isEmpty()) return registry;
        Map<String, NodeType> types = new LinkedHashMap<>();
        registry.all().forEach(t -> types.put(t.spec().id(), t));
        // Project models win over user models of the same name, as they do in the library.
        for (NodeType t : new ManifestNodeSource(lib).types()) types.put(t.spec().id(), t);
        for (NodeType t : new RemoteNodeSource(lib, RemoteNodeSource::environment).types()) types.put(t.spec().id(), t);
        return new NodeRegistry(types.values());
    }

    /** An executor over the shared cache, for previews and callers that drive the plan themselves. */
    public Executor executor(NodeRegistry types) {
        return new Executor(types, cache(), settings.threads());
    }

    /** What a finished render left: the executor's result and, when it was recorded, its history entry. */
    public record Outcome(RenderResult result, Optional<HistoryEntry> recorded, Optional<String> historyWarning) {
        public boolean succeeded() {
            return !result.cancelled() && !result.failed();
        }
    }

    /**
     * Renders a job and, when it succeeds and asks for it, records it in the history (a history
     * that cannot be written is a warning: the render itself counts).
     *
     * @throws RenderException if the graph cannot run (the problems name the nodes)
     */
    public Outcome render(RenderJob job, RenderListener listener, CancelToken cancel) throws RenderException {
        NodeRegistry types = job.graphFile().map(this::registryFor).orElse(registry);
        Graph graph = withOverrides(job, types);
        // the exact graph of this render, overrides included, embedded in every output so a file reopens what made it
        String graphText = GraphFile.toJson(graph, types);
        RenderRequest req = request(job, graph, graphText);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        RenderResult result = executor(types).render(req, job.graphId().orElse(null), listener, cancel);
        Optional<HistoryEntry> recorded = Optional.empty();
        Optional<String> warning = Optional.empty();
        if (job.record() && !result.cancelled() && !result.failed()) {
            try {
                recorded = record(graph, types, job.graphFile(), graphText, result.files(), result.serviceCalls(), started,
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException e) {
                warning = Optional.of(e.getMessage());
            }
        }
        return new Outcome(result, recorded, warning);
    }

    /**
     * Records outputs made from the job's graph by renders that ran elsewhere (the chunks of a
     * farm render, assembled into {@code files}): the same record {@link #render} makes, once.
     * Empty when this renderer keeps no history.
     *
     * @throws RenderException if the job's overrides do not apply
     * @throws IOException     if the history cannot be written
     */
    public Optional<HistoryEntry> record(RenderJob job, List<Path> files, Instant started, long durationMillis) throws RenderException, IOException {
        NodeRegistry types = job.graphFile().map(this::registryFor).orElse(registry);
        Graph graph = withOverrides(job, types);
        return record(graph, types, job.graphFile(), GraphFile.toJson(graph, types), files, List.of(), started, durationMillis);
    }

    private Optional<HistoryEntry> record(Graph graph, NodeRegistry types, Optional<Path> graphFile, String graphText, List<Path> files,
                                          List<ServiceCall> calls, Instant started, long millis) throws IOException {
        if (history == null) return Optional.empty();
        List<HistoryEntry.Model> models = RequiredModels.of(graph, types).stream()
                .map(m -> new HistoryEntry.Model(m.name(), m.sha256())).toList();
        return Optional.of(history.record(started, millis, graphFile, graphText, files, models, calls));
    }

    /** The graph a render of this job runs: the job's, with its parameter overrides applied. */
    public Graph graphOf(RenderJob job) throws RenderException {
        return withOverrides(job, job.graphFile().map(this::registryFor).orElse(registry));
    }

    /**
     * What the job would spend on paid services if rendered now: the calls its plan would make,
     * with the ones the shared cache already answers left out ({@code render --estimate},
     * {@code --max-cost}, the editor's line before Render). Runs nothing.
     *
     * @throws RenderException if the graph cannot run (as {@link #render} would say)
     */
    public CostEstimate.Estimate estimate(RenderJob job) throws RenderException {
        NodeRegistry types = job.graphFile().map(this::registryFor).orElse(registry);
        Graph graph = withOverrides(job, types);
        return new CostEstimate(types, cache()).estimate(request(job, graph, GraphFile.toJson(graph, types)));
    }

    /** The job's graph with its parameter overrides, checked like edits. */
    private static Graph withOverrides(RenderJob job, NodeRegistry types) throws RenderException {
        try {
            return new Commands(types).setParams("Override", job.params()).apply(job.graph());
        } catch (GraphException e) {
            throw new RenderException("cannot override parameters: " + e.getMessage());
        }
    }

    private static RenderRequest request(RenderJob job, Graph graph, String graphText) {
        return new RenderRequest(graph, job.graphDir(), job.outDir(), job.frames(), job.targets(), job.useCache()).withProvenance(graphText)
                .withOutputSuffix(job.outputSuffix());
    }
}
