package org.cinegraph.render;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.FrameStore;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeFailure;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of one render while it runs: the values computed so far, each node's report, the
 * resources nodes opened and their temporary folder. {@link #execute} schedules ready nodes on a
 * fixed pool, nearest an output first, independent branches in parallel; a failure stays with its
 * node (its dependents are skipped, other branches go on); cancellation is cooperative.
 */
final class RenderRun {
    private final NodeRegistry registry;
    private final NodeCache cache;
    private final RenderRequest req;
    private final Plan plan;
    private final RerunReasons reasons;
    private final RenderListener listener;
    private final CancelToken cancel;
    private final Map<PortRef, Object> values = new ConcurrentHashMap<>();
    private final Map<String, NodeReport> reports = new ConcurrentHashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<ServiceCall> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Path tempRoot;
    // once the run is over, the lazy clips it made (kept in the memory cache, pulled by later
    // previews and renders) no longer answer to its token: a token cancelled after the run, or a
    // cancelled run's finished nodes, must not poison them for every later reader
    private volatile boolean over;

    RenderRun(NodeRegistry registry, NodeCache cache, RenderRequest req, Plan plan, RerunReasons reasons,
              RenderListener listener, CancelToken cancel) throws RenderException {
        this.registry = registry;
        this.cache = cache;
        this.req = req;
        this.plan = plan;
        this.reasons = reasons;
        this.listener = listener;
        this.cancel = cancel;
        try {
            this.tempRoot = AtomicFiles.tempDirectory("cinegraph-render");
            // what a killed render into this folder left half-written
            if (!plan.writers().isEmpty()) AtomicFiles.sweep(req.outDir(), 3);
        } catch (IOException e) {
            throw new RenderException("cannot create a temporary folder: " + e.getMessage());
        }
    }

    /** Runs the plan to the end (or until cancelled) and hands back the values and reports. */
    Evaluation execute(int threads) {
        listener.planned(plan);
        for (String id : plan.order()) listener.onEvent(new NodeEvent(id, NodeState.QUEUED, 0, ""));
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        Set<String> planned = new HashSet<>(plan.order());
        for (String id : plan.order()) {
            Set<String> deps = new HashSet<>();
            for (Link l : plan.graph().linksInto(id)) if (planned.contains(l.from().node())) deps.add(l.from().node());
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
                            runNode(id);
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
                    if (r.succeeded()) {
                        if (waiting.merge(next, -1, Integer::sum) == 0) ready.add(next);
                    } else {
                        remaining -= skip(next, "not run: upstream node " + done + (r.state() == NodeState.CANCELLED ? " was cancelled" : " failed"), dependents);
                    }
                }
            }
            over = true; // every node started has finished
        } catch (InterruptedException e) {
            cancel.cancel();
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
            // nodes still in flight delete their temporary files as they stop: let them, so
            // nothing partial is left when the process exits right after a cancel
            try {
                pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String id : plan.order()) {
            reports.computeIfAbsent(id, k -> {
                listener.onEvent(new NodeEvent(k, NodeState.CANCELLED, 0, "render cancelled"));
                return new NodeReport(k, NodeState.CANCELLED, "render cancelled", plan.key(k), 0);
            });
        }
        Map<String, Fingerprint> ran = new HashMap<>();
        for (NodeReport r : reports.values()) if (r.succeeded()) ran.put(r.nodeId(), plan.fingerprints().get(r.nodeId()));
        reasons.save(ran);
        List<Path> files = new ArrayList<>();
        for (String id : plan.order()) {
            if (!plan.targets().contains(id) || !reports.get(id).succeeded()) continue;
            for (Map.Entry<PortRef, Object> e : values.entrySet()) {
                if (e.getKey().node().equals(id) && e.getValue() instanceof Path p) files.add(p);
            }
        }
        return new Evaluation(new RenderResult(reports, files, cancel.isCancelled(), List.copyOf(calls)), values, resources,
                () -> AtomicFiles.deleteTree(tempRoot));
    }

    private int skip(String id, String why, Map<String, List<String>> dependents) {
        if (reports.containsKey(id)) return 0;
        NodeState s = cancel.isCancelled() ? NodeState.CANCELLED : NodeState.SKIPPED;
        reports.put(id, new NodeReport(id, s, why, "", 0));
        listener.onEvent(new NodeEvent(id, s, 0, why));
        int n = 1;
        for (String next : dependents.getOrDefault(id, List.of())) n += skip(next, "not run: upstream node " + id + " did not run", dependents);
        return n;
    }

    private void runNode(String id) {
        long t0 = System.nanoTime();
        GraphNode node = plan.graph().requireNode(id);
        NodeType type = registry.find(node.type()).orElseThrow();
        NodeSpec spec = type.spec();
        Fingerprint fp = plan.fingerprints().get(id);
        String key = fp.key();
        RenderContext ctx = null;
        try {
            if (cancel.isCancelled()) throw new CancelledException();
            if (node.bypass()) {
                for (PortSpec o : spec.outputs()) {
                    PortRef src = Planner.bypassSource(plan.graph(), node, spec, o).orElseThrow();
                    values.put(new PortRef(id, o.name()), values.get(src));
                }
                finish(id, NodeState.DONE, "bypassed", key, t0, null);
                return;
            }
            Optional<NodeCache.Hit> hit = cache.get(key);
            if (hit.isPresent() && hit.get().values().keySet().containsAll(spec.outputs().stream().map(PortSpec::name).toList())) {
                hit.get().values().forEach((port, v) -> values.put(new PortRef(id, port), v));
                finish(id, NodeState.CACHED, "cache hit (" + hit.get().tier().name().toLowerCase() + ")", key, t0, null);
                return;
            }
            String why = reasons.why(id, fp, spec, cache != NodeCache.NONE);
            listener.onEvent(new NodeEvent(id, NodeState.RUNNING, 0, why, 0, 0, (System.nanoTime() - t0) / 1_000_000));

            Map<String, Object> inputs = new HashMap<>();
            for (Link l : plan.graph().linksInto(id)) {
                Object v = values.get(l.from());
                if (v != null) inputs.put(l.to().port(), v);
            }
            ctx = new RenderContext(id, req, () -> !over && cancel.isCancelled(), listener, tempRoot, seedOf(key), resources, frameStore(key),
                    cache.fileStore(key).orElse(null), calls, t0);
            Map<String, Object> out = PerFrame.evaluate(type, new NodeInputs(id, inputs, spec.effectiveParams(node.params())), ctx);
            Map<String, Object> stored = new LinkedHashMap<>();
            for (PortSpec o : spec.outputs()) {
                Object v = out.get(o.name());
                if (v == null) throw new NodeException("node type " + spec.id() + " produced no value for output '" + o.name() + "'");
                if (v instanceof Clip c) v = new AttributedClip(id, c);
                stored.put(o.name(), v);
                values.put(new PortRef(id, o.name()), v);
            }
            cache.put(key, stored);
            finish(id, NodeState.DONE, why, key, t0, ctx);
        } catch (CancelledException e) {
            finish(id, NodeState.CANCELLED, "render cancelled", key, t0, ctx);
        } catch (NodeFailure e) {
            // A lazy frame of an upstream node failed while this node pulled it: blame both.
            String msg = e.getMessage();
            if (!e.nodeId().equals(id)) {
                reports.put(e.nodeId(), new NodeReport(e.nodeId(), NodeState.FAILED, msg, plan.key(e.nodeId()), 0));
                listener.onEvent(new NodeEvent(e.nodeId(), NodeState.FAILED, 0, msg));
                msg = "input from node " + e.nodeId() + " failed: " + msg;
            }
            finish(id, NodeState.FAILED, msg, key, t0, ctx);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            finish(id, NodeState.FAILED, Failures.describe(e), key, t0, ctx);
        }
    }

    /** Records a node's outcome; the final event keeps the frames it reported (the work it did). */
    private void finish(String id, NodeState s, String msg, String key, long t0, RenderContext ctx) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        NodeReport prev = reports.putIfAbsent(id, new NodeReport(id, s, msg, key, ms));
        long done = ctx == null ? 0 : ctx.framesDone(), total = ctx == null ? 0 : ctx.framesTotal();
        if (prev == null) listener.onEvent(new NodeEvent(id, s, s == NodeState.DONE || s == NodeState.CACHED ? 1 : 0, msg, done, total, ms));
    }

    /** Frames of one node's result, each kept in the cache under the node key and the frame number. */
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
}
