package org.cinegraph.render;

import org.cinegraph.graph.Problem;
import org.cinegraph.spi.NodeRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a graph snapshot: the {@link Planner} validates it and fingerprints the nodes the
 * requested outputs need; a {@link RenderRun} serves each node from the cache or evaluates it on
 * a bounded pool. Stateless between renders apart from the cache it is given.
 */
public final class Executor {
    private final NodeRegistry registry;
    private final RenderCache cache;
    private final int threads;
    private final Planner planner;

    public Executor(NodeRegistry registry, RenderCache cache, int threads) {
        this.registry = registry;
        this.cache = cache;
        this.threads = Math.max(1, threads);
        this.planner = new Planner(registry);
    }

    /** Validates and plans the render without running anything. */
    public Plan plan(RenderRequest req) throws RenderException {
        return planner.plan(req);
    }

    /** The paid calls a plan would make (results the cache keeps are free when {@code useCache}). */
    public CostEstimate.Estimate estimate(Plan plan, boolean useCache) {
        return new CostEstimate(registry, cache).estimate(plan, useCache);
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
     * @throws RenderException if the graph cannot run, no target is named, a writer would run or a
     *                         paid service would be called (its result not kept yet)
     */
    public Evaluation evaluate(RenderRequest req, RenderListener listener, CancelToken cancel) throws RenderException {
        if (req.targets().isEmpty()) throw new RenderException("nothing to evaluate: name the nodes to preview");
        Plan plan = plan(req);
        List<Problem> writers = new ArrayList<>();
        for (String id : plan.order()) {
            if (registry.find(plan.graph().requireNode(id).type()).orElseThrow().spec().output()) {
                writers.add(Problem.error(id, "node " + id + " writes files; a preview does not run output nodes"));
            }
        }
        if (!writers.isEmpty()) throw new RenderException(writers);
        // A preview never spends money: a paid call happens in a render, which states its cost
        // first; afterwards the kept result previews for free.
        List<Problem> paid = new ArrayList<>();
        for (CostEstimate.Call c : estimate(plan, req.useCache()).calls()) {
            String price = c.amount() == null ? "" : " (about " + CostEstimate.money(c.amount()) + " " + c.currency() + ")";
            paid.add(Problem.error(c.nodeId(), "calls " + c.provider() + " " + c.endpoint() + price
                    + "; a preview never pays for a call: render the graph to get its result"));
        }
        if (!paid.isEmpty()) throw new RenderException(paid);
        return run(plan, req, null, listener, cancel);
    }

    private Evaluation run(Plan plan, RenderRequest req, String graphId, RenderListener listener, CancelToken cancel) throws RenderException {
        NodeCache nodes = req.useCache() ? cache : NodeCache.NONE;
        RerunReasons reasons = new RerunReasons(cache, graphId);
        return new RenderRun(registry, nodes, req, plan, reasons, listener, cancel).execute(threads);
    }
}
