package org.cinegraph.render;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.GraphValidator;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Problem;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.FrameStore;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeFailure;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.PerFrame;
import org.cinegraph.spi.PortSpec;
import org.cinegraph.spi.ServiceCall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs a graph snapshot: validates it, plans the nodes the requested outputs need, looks each
 * node up in the content-addressed cache, and evaluates the rest on a bounded pool, independent
 * branches in parallel, nodes closest to an output first. A failure stays with its node (its
 * dependents are skipped, other branches go on); cancellation is cooperative.
 */
public final class Executor {
    private final NodeRegistry registry;
    private final RenderCache cache;
    private final int threads;

    public Executor(NodeRegistry registry, RenderCache cache, int threads) {
        this.registry = registry;
        this.cache = cache;
        this.threads = Math.max(1, threads);
    }

    /** The plan of a render: nodes to run in dependency order with their fingerprints. */
    record Plan(List<String> order, Map<String, Fingerprint> fingerprints, Map<PortRef, String> outputKeys,
                Map<String, Integer> distanceToOutput, Set<String> targets) {
    }

    /**
     * Renders synchronously on the calling thread plus the pool.
     *
     * @param graphId a stable id of the graph (its file path) for "why did it run" reasons; may be null
     * @throws RenderException if the graph cannot run (the problems name the nodes)
     */
    public RenderResult render(RenderRequest req, String graphId, RenderListener listener, CancelToken cancel) throws RenderException {
        try (Evaluation e = run(plan(req), req, graphId, listener, cancel)) {
            return e.result();
        }
    }

    /**
     * Evaluates the nodes named by {@code req.targets()} (any nodes, not only outputs) and what
     * they need, from the cache where possible, and hands back their output values without
     * writing anything: a plan that would run a node that writes files is refused. Clips in the
     * result stay lazy; they may read through decoders that live until the evaluation is closed.
     *
     * @throws RenderException if the graph cannot run, no target is named, or a writer would run
     */
    public Evaluation evaluate(RenderRequest req, RenderListener listener, CancelToken cancel) throws RenderException {
        if (req.targets().isEmpty()) throw new RenderException("nothing to evaluate: name the nodes to preview");
        Plan plan = plan(req);
        List<Problem> writers = new ArrayList<>();
        for (String id : plan.order()) {
            if (registry.find(req.graph().requireNode(id).type()).orElseThrow().spec().output()) {
                writers.add(Problem.error(id, "node " + id + " writes files; a preview does not run output nodes"));
            }
        }
        if (!writers.isEmpty()) throw new RenderException(writers);
        return run(plan, req, null, listener, cancel);
    }

    /**
     * Values computed by {@link #evaluate}, with the per-node reports. Closing it closes the
     * decoders and temporary files the nodes opened, after which lazy clips may fail.
     */
    public static final class Evaluation implements AutoCloseable {
        private final RenderResult result;
        private final Map<PortRef, Object> values;
        private final List<AutoCloseable> resources;
        private final Path tempRoot;
        private boolean closed;

        Evaluation(RenderResult result, Map<PortRef, Object> values, List<AutoCloseable> resources, Path tempRoot) {
            this.result = result;
            this.values = Map.copyOf(values);
            this.resources = resources;
            this.tempRoot = tempRoot;
        }

        public RenderResult result() {
            return result;
        }

        /** The value of one output port, if its node ran (or came from the cache). */
        public Optional<Object> value(PortRef port) {
            return Optional.ofNullable(values.get(port));
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            closeAll(resources);
            deleteTree(tempRoot);
        }
    }

    private Evaluation run(Plan plan, RenderRequest req, String graphId, RenderListener listener, CancelToken cancel) throws RenderException {
        RunHistory history = new RunHistory(cache.dir().orElse(null), graphId);
        Map<String, NodeReport> reports = new ConcurrentHashMap<>();
        Map<PortRef, Object> values = new ConcurrentHashMap<>();
        List<AutoCloseable> resources = new ArrayList<>();
        List<ServiceCall> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        Path tempRoot;
        try {
            tempRoot = Files.createTempDirectory("cinegraph-render");
        } catch (IOException e) {
            throw new RenderException("cannot create a temporary folder: " + e.getMessage());
        }
        for (String id : plan.order()) listener.onEvent(new NodeEvent(id, NodeState.QUEUED, 0, ""));

        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        Set<String> planned = new HashSet<>(plan.order());
        for (String id : plan.order()) {
            Set<String> deps = new HashSet<>();
            for (Link l : req.graph().linksInto(id)) if (planned.contains(l.from().node())) deps.add(l.from().node());
            waiting.put(id, deps.size());
            for (String d : deps) dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(id);
        }
        PriorityQueue<String> ready = new PriorityQueue<>(Comparator.<String>comparingInt(plan.distanceToOutput()::get).thenComparing(id -> id));
        waiting.forEach((id, n) -> {
            if (n == 0) ready.add(id);
        });

        LinkedBlockingQueue<String> finished = new LinkedBlockingQueue<>();
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "cinegraph-render-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, tf);
        int running = 0;
        int remaining = plan.order().size();
        try {
            while (remaining > 0) {
                while (!ready.isEmpty() && running < threads && !cancel.isCancelled()) {
                    String id = ready.poll();
                    running++;
                    pool.execute(() -> {
                        try {
                            runNode(id, req, plan, history, values, reports, listener, cancel, tempRoot, resources, calls);
                        } finally {
                            finished.add(id);
                        }
                    });
                }
                if (running == 0) break; // cancelled with nothing in flight
                String done = finished.take();
                running--;
                remaining--;
                NodeReport r = reports.get(done);
                for (String next : dependents.getOrDefault(done, List.of())) {
                    if (r.state() == NodeState.DONE || r.state() == NodeState.CACHED) {
                        if (waiting.merge(next, -1, Integer::sum) == 0) ready.add(next);
                    } else {
                        remaining -= skip(next, "not run: upstream node " + done + (r.state() == NodeState.CANCELLED ? " was cancelled" : " failed"),
                                dependents, reports, listener, cancel.isCancelled());
                    }
                }
            }
        } catch (InterruptedException e) {
            cancel.cancel();
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        for (String id : plan.order()) {
            reports.computeIfAbsent(id, k -> {
                listener.onEvent(new NodeEvent(k, NodeState.CANCELLED, 0, "render cancelled"));
                return new NodeReport(k, NodeState.CANCELLED, "render cancelled", plan.fingerprints().get(k).key(), 0);
            });
        }
        Map<String, Fingerprint> ran = new HashMap<>();
        for (NodeReport r : reports.values()) {
            if (r.state() == NodeState.DONE || r.state() == NodeState.CACHED) ran.put(r.nodeId(), plan.fingerprints().get(r.nodeId()));
        }
        history.save(ran);
        List<Path> files = new ArrayList<>();
        for (String id : plan.order()) {
            if (!plan.targets().contains(id)) continue;
            NodeReport r = reports.get(id);
            if (r.state() != NodeState.DONE && r.state() != NodeState.CACHED) continue;
            for (Map.Entry<PortRef, Object> e : values.entrySet()) {
                if (e.getKey().node().equals(id) && e.getValue() instanceof Path p) files.add(p);
            }
        }
        return new Evaluation(new RenderResult(reports, files, cancel.isCancelled(), List.copyOf(calls)), values, resources, tempRoot);
    }

    private int skip(String id, String why, Map<String, List<String>> dependents, Map<String, NodeReport> reports,
                     RenderListener listener, boolean cancelled) {
        if (reports.containsKey(id)) return 0;
        NodeState s = cancelled ? NodeState.CANCELLED : NodeState.SKIPPED;
        reports.put(id, new NodeReport(id, s, why, "", 0));
        listener.onEvent(new NodeEvent(id, s, 0, why));
        int n = 1;
        for (String next : dependents.getOrDefault(id, List.of())) n += skip(next, "not run: upstream node " + id + " did not run", dependents, reports, listener, cancelled);
        return n;
    }

    private void runNode(String id, RenderRequest req, Plan plan, RunHistory history, Map<PortRef, Object> values,
                         Map<String, NodeReport> reports, RenderListener listener, CancelToken cancel, Path tempRoot,
                         List<AutoCloseable> resources, List<ServiceCall> calls) {
        long t0 = System.nanoTime();
        GraphNode node = req.graph().requireNode(id);
        NodeType type = registry.find(node.type()).orElseThrow();
        NodeSpec spec = type.spec();
        Fingerprint fp = plan.fingerprints().get(id);
        String key = fp.key();
        try {
            if (cancel.isCancelled()) throw new CancelledException();
            if (node.bypass()) {
                for (PortSpec o : spec.outputs()) {
                    Optional<PortRef> src = bypassSource(req.graph(), node, spec, o);
                    values.put(new PortRef(id, o.name()), values.get(src.orElseThrow()));
                }
                finish(reports, listener, id, NodeState.DONE, "bypassed", key, t0);
                return;
            }
            if (req.useCache()) {
                Optional<RenderCache.Hit> hit = cache.get(key);
                if (hit.isPresent() && hit.get().values().keySet().containsAll(spec.outputs().stream().map(PortSpec::name).toList())) {
                    hit.get().values().forEach((port, v) -> values.put(new PortRef(id, port), v));
                    finish(reports, listener, id, NodeState.CACHED, "cache hit (" + hit.get().tier().name().toLowerCase() + ")", key, t0);
                    return;
                }
            }
            String why = !req.useCache() ? "cache bypassed (--no-cache)"
                    : history.previous(id).map(prev -> {
                        List<String> changes = fp.changesSince(prev);
                        if (!changes.isEmpty()) return String.join(", ", changes);
                        // Unchanged but not on disk: clips are recipes, rebuilt cheaply; frames are pulled on demand.
                        return spec.outputs().stream().anyMatch(o -> o.type() == DataType.CLIP) || spec.perFrame()
                                ? "unchanged; clip rebuilt (frames are computed when pulled)" : "not in cache";
                    }).orElse("not in cache");
            listener.onEvent(new NodeEvent(id, NodeState.RUNNING, 0, why));

            Map<String, Object> inputs = new HashMap<>();
            for (Link l : req.graph().linksInto(id)) {
                Object v = values.get(l.from());
                if (v != null) inputs.put(l.to().port(), v);
            }
            Map<String, Object> params = effectiveParams(node, spec);
            RenderContext ctx = new RenderContext(id, req, cancel, listener, tempRoot, seedOf(key), resources,
                    req.useCache() ? frameStore(key) : null, req.useCache() ? cache.fileStore(key).orElse(null) : null, calls);
            Map<String, Object> out = PerFrame.evaluate(type, new NodeInputs(id, inputs, params), ctx);
            Map<String, Object> stored = new LinkedHashMap<>();
            for (PortSpec o : spec.outputs()) {
                Object v = out.get(o.name());
                if (v == null) throw new NodeException("node type " + spec.id() + " produced no value for output '" + o.name() + "'");
                if (v instanceof Clip c) v = new AttributedClip(id, c);
                stored.put(o.name(), v);
                values.put(new PortRef(id, o.name()), v);
            }
            if (req.useCache()) cache.put(key, stored);
            finish(reports, listener, id, NodeState.DONE, why, key, t0);
        } catch (CancelledException e) {
            finish(reports, listener, id, NodeState.CANCELLED, "render cancelled", key, t0);
        } catch (NodeFailure e) {
            // A lazy frame of an upstream node failed while this node pulled it: blame both.
            String msg = e.getMessage();
            if (!e.nodeId().equals(id)) {
                reports.put(e.nodeId(), new NodeReport(e.nodeId(), NodeState.FAILED, msg, plan.fingerprints().get(e.nodeId()).key(), 0));
                listener.onEvent(new NodeEvent(e.nodeId(), NodeState.FAILED, 0, msg));
                msg = "input from node " + e.nodeId() + " failed: " + msg;
            }
            finish(reports, listener, id, NodeState.FAILED, msg, key, t0);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            finish(reports, listener, id, NodeState.FAILED, describe(e), key, t0);
        }
    }

    /** A message for the user: the cause's own words, never a stack trace. */
    static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) return "out of memory (raise -Xmx or render fewer frames at once)";
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        if (e instanceof NodeException || e instanceof IllegalArgumentException || e instanceof org.cinegraph.media.MediaException) return m;
        return m + " (" + e.getClass().getSimpleName() + ")";
    }

    private static void finish(Map<String, NodeReport> reports, RenderListener listener, String id, NodeState s, String msg, String key, long t0) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        NodeReport prev = reports.putIfAbsent(id, new NodeReport(id, s, msg, key, ms));
        if (prev == null) listener.onEvent(new NodeEvent(id, s, s == NodeState.DONE || s == NodeState.CACHED ? 1 : 0, msg));
    }

    /** Frames of one node's result, each stored in the cache under the node key and the frame number. */
    private FrameStore frameStore(String key) {
        return new FrameStore() {
            @Override
            public Optional<Frame> get(int index) {
                return cache.get(key + "-f" + index).map(h -> (Frame) h.values().get("frame"));
            }

            @Override
            public void put(int index, Frame frame) {
                cache.put(key + "-f" + index, Map.of("frame", frame));
            }
        };
    }

    private static long seedOf(String key) {
        return Long.parseUnsignedLong(key.substring(0, 15), 16);
    }

    /** Stored parameter values checked against the spec, with defaults for those not set. */
    static Map<String, Object> effectiveParams(GraphNode node, NodeSpec spec) {
        Map<String, Object> p = new TreeMap<>();
        for (ParamSpec ps : spec.params()) {
            Object v = node.params().get(ps.name());
            p.put(ps.name(), v == null ? ps.defaultValue() : ps.coerce(v));
        }
        return p;
    }

    /** The input a bypassed node passes to an output: the first connected input whose type fits. */
    private static Optional<PortRef> bypassSource(Graph g, GraphNode node, NodeSpec spec, PortSpec out) {
        for (PortSpec in : spec.inputs()) {
            Optional<Link> l = g.linkInto(new PortRef(node.id(), in.name()));
            if (l.isPresent() && (in.type() == out.type() || in.type().canFeed(out.type()))) return Optional.of(l.get().from());
        }
        return Optional.empty();
    }

    /** Validates and plans the render without running anything. */
    public Plan plan(RenderRequest req) throws RenderException {
        Graph g = req.graph();
        List<Problem> problems = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        if (req.targets().isEmpty()) {
            for (GraphNode n : g.nodes().values()) {
                if (!n.muted() && registry.find(n.type()).map(t -> t.spec().output()).orElse(false)) targets.add(n.id());
            }
            if (targets.isEmpty()) throw new RenderException("the graph has no output node to render (add a Save Image or Save Video node)");
        } else {
            for (String t : req.targets()) {
                if (!g.nodes().containsKey(t)) problems.add(Problem.error(t, "no such node to render"));
                else targets.add(t);
            }
        }
        // Nodes the targets need; a muted node is not run and its outputs count as unconnected.
        Set<String> needed = new HashSet<>();
        List<String> pending = new ArrayList<>(targets);
        while (!pending.isEmpty()) {
            String id = pending.remove(pending.size() - 1);
            if (!needed.add(id)) continue;
            for (Link l : g.linksInto(id)) {
                if (!g.requireNode(l.from().node()).muted()) pending.add(l.from().node());
            }
        }
        for (Problem p : new GraphValidator(registry).validate(g)) {
            if (p.isError() && (p.nodeId().isEmpty() || needed.contains(p.nodeId()))) problems.add(p);
        }
        Map<String, Fingerprint> fps = new HashMap<>();
        Map<PortRef, String> outKeys = new HashMap<>();
        List<String> order = new ArrayList<>();
        if (problems.isEmpty()) {
            for (String id : g.topologicalOrder()) {
                if (!needed.contains(id)) continue;
                GraphNode node = g.requireNode(id);
                NodeSpec spec = registry.find(node.type()).orElseThrow().spec();
                for (PortSpec in : spec.inputs()) {
                    Optional<Link> l = g.linkInto(new PortRef(id, in.name()));
                    if (in.required() && l.isPresent() && !needed.contains(l.get().from().node())) {
                        problems.add(Problem.error(id, "required input '" + in.name() + "' comes from muted node " + l.get().from().node()));
                    }
                }
                if (node.bypass()) {
                    for (PortSpec o : spec.outputs()) {
                        Optional<PortRef> src = bypassSource(g, node, spec, o).filter(s -> needed.contains(s.node()));
                        if (src.isEmpty()) {
                            problems.add(Problem.error(id, "cannot bypass: no connected input can pass through to output '" + o.name() + "' (" + o.type().displayName() + ")"));
                        } else {
                            outKeys.put(new PortRef(id, o.name()), outKeys.get(src.get()));
                        }
                    }
                }
                Fingerprint fp;
                try {
                    // Only writers depend on where and which frames go out; a previewed node keeps the key it has in a render.
                    fp = fingerprint(req, node, spec, targets.contains(id) && spec.output(), outKeys, needed);
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.error(id, e.getMessage()));
                    continue;
                }
                fps.put(id, fp);
                if (!node.bypass()) {
                    for (PortSpec o : spec.outputs()) outKeys.put(new PortRef(id, o.name()), fp.key() + ":" + o.name());
                }
                order.add(id);
            }
        }
        if (!problems.isEmpty()) throw new RenderException(problems);
        return new Plan(order, fps, outKeys, distances(g, targets, needed), targets);
    }

    private Fingerprint fingerprint(RenderRequest req, GraphNode node, NodeSpec spec, boolean target,
                                    Map<PortRef, String> outKeys, Set<String> needed) {
        TreeMap<String, String> parts = new TreeMap<>();
        parts.put("type", spec.id() + "@" + spec.version());
        Map<String, Object> params = effectiveParams(node, spec);
        NodeType type = registry.find(node.type()).orElseThrow();
        for (ParamSpec ps : spec.params()) {
            Object v = params.get(ps.name());
            if (!type.resultDependsOn(ps.name())) continue;
            parts.put("param:" + ps.name(), v.getClass().getSimpleName() + ":" + v);
            if (ps.type() == DataType.FILE && !v.toString().isBlank()) {
                Path p = Path.of(v.toString());
                Path abs = p.isAbsolute() ? p : req.graphDir().resolve(p).normalize();
                parts.put("file:" + ps.name(), fileStamp(abs));
            }
        }
        for (PortSpec in : spec.inputs()) {
            Optional<Link> l = req.graph().linkInto(new PortRef(node.id(), in.name()));
            if (l.isPresent() && needed.contains(l.get().from().node())) parts.put("input:" + in.name(), outKeys.get(l.get().from()));
        }
        // Model weights are an input too: new weights under the same name recompute the node.
        for (ModelRef m : type.requiredModels(params)) parts.put("model:" + m.name(), m.sha256());
        if (target) {
            parts.put("out", req.outDir().toString());
            parts.put("range", req.frames().map(Object::toString).orElse("all"));
            // Writers embed the graph when asked. The text itself is not part of the key: the
            // inputs' keys already pin everything that made the pixels, so a file kept from an
            // earlier render carries a graph that reproduces it exactly, and moving a node or
            // editing another branch does not re-encode every output.
            parts.put("provenance", req.provenance().isPresent() ? "embedded" : "none");
        }
        return new Fingerprint(parts);
    }

    private static String fileStamp(Path p) {
        try {
            return p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return p + "|missing";
        }
    }

    /** Links from each needed node to the nearest target, for "outputs first" scheduling. */
    private static Map<String, Integer> distances(Graph g, Set<String> targets, Set<String> needed) {
        Map<String, Integer> d = new HashMap<>();
        List<String> frontier = new ArrayList<>(targets);
        for (String t : targets) d.put(t, 0);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String id : frontier) {
                for (Link l : g.linksInto(id)) {
                    String up = l.from().node();
                    if (needed.contains(up) && !d.containsKey(up)) {
                        d.put(up, d.get(id) + 1);
                        next.add(up);
                    }
                }
            }
            frontier = next;
        }
        return d;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        synchronized (resources) {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // closing is best effort at the end of a render
                }
            }
            resources.clear();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // temp files are best effort
                }
            });
        } catch (IOException ignored) {
            // nothing to clean
        }
    }

    /** Attributes failures of lazily computed frames to the node that made the clip. */
    private record AttributedClip(String nodeId, Clip inner) implements Clip {
        @Override public int width() { return guard(inner::width); }
        @Override public int height() { return guard(inner::height); }
        @Override public Rational fps() { return inner.fps(); }
        @Override public int frameCount() { return inner.frameCount(); }

        @Override
        public Frame frame(int index) {
            try {
                return inner.frame(index);
            } catch (NodeFailure | CancelledException | IndexOutOfBoundsException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new NodeFailure(nodeId, "frame " + index + ": " + describe(e), e);
            }
        }

        private int guard(java.util.function.IntSupplier s) {
            try {
                return s.getAsInt();
            } catch (NodeFailure | CancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new NodeFailure(nodeId, describe(e), e);
            }
        }
    }
}
