package org.cinegraph.render;

import org.cinegraph.graph.GraphNode;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.PaidService;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a render would spend on paid services before it runs: the render is planned as it would
 * be (same nodes, same cache keys), nodes whose result the cache already holds are left out, and
 * the remaining calls are priced from their manifests. For {@code render --estimate} and
 * {@code --max-cost}, and the editor's line before Render.
 */
public final class CostEstimate {

    /** One call that would run. {@code amount} is null when its model has no price. */
    public record Call(String nodeId, String provider, String endpoint, Double amount, String currency, String basis) {
    }

    /**
     * @param calls  the calls that would run, in plan order
     * @param cached remote nodes the cache would serve without a call
     */
    public record Estimate(List<Call> calls, int cached) {
        public Estimate {
            calls = List.copyOf(calls);
        }

        /** Sum of the priced calls, by currency. */
        public Map<String, Double> totals() {
            Map<String, Double> t = new TreeMap<>();
            for (Call c : calls) if (c.amount() != null) t.merge(c.currency(), c.amount(), Double::sum);
            return t;
        }

        public int unpriced() {
            return (int) calls.stream().filter(c -> c.amount() == null).count();
        }

        /**
         * Why a render with this estimate may not start under a spending limit, or null if it may:
         * over the limit, or with calls whose cost is unknown (their cost cannot be bounded).
         */
        public String refusal(double limit) {
            if (unpriced() > 0) {
                return unpriced() + " remote call" + (unpriced() == 1 ? " has" : "s have") + " no price, so the render cannot be kept under "
                        + money(limit) + "; add a price to " + (unpriced() == 1 ? "its manifest" : "their manifests") + " or render without a cost limit";
            }
            for (Map.Entry<String, Double> t : totals().entrySet()) {
                if (t.getValue() > limit + 1e-9) {
                    return "the estimated cost " + money(t.getValue()) + " " + t.getKey() + " is over the limit of " + money(limit) + "; nothing was rendered";
                }
            }
            return null;
        }

        /** "0.2518 USD" (several currencies joined with " + "), or "nothing" for no priced call. */
        public String total() {
            if (totals().isEmpty()) return "nothing";
            List<String> parts = new ArrayList<>();
            totals().forEach((cur, v) -> parts.add(money(v) + " " + cur));
            return String.join(" + ", parts);
        }
    }

    private final NodeRegistry registry;
    private final RenderCache cache;

    public CostEstimate(NodeRegistry registry, RenderCache cache) {
        this.registry = registry;
        this.cache = cache;
    }

    /**
     * Plans the request and prices the calls it would make.
     *
     * @throws RenderException if the graph cannot run (as render would say)
     */
    public Estimate estimate(RenderRequest req) throws RenderException {
        return estimate(new Planner(registry).plan(req), req.useCache());
    }

    /** Prices the calls a plan would make; with {@code useCache}, results the cache holds are free. */
    public Estimate estimate(Plan plan, boolean useCache) {
        List<Call> calls = new ArrayList<>();
        int cached = 0;
        for (String id : plan.order()) {
            GraphNode node = plan.graph().requireNode(id); // the flattened graph: paid nodes inside subgraphs count too
            NodeType type = registry.find(node.type()).orElseThrow();
            if (!(type instanceof PaidService paid) || node.bypass()) continue;
            String key = plan.fingerprints().get(id).key();
            if (useCache && paid.hasStoredResult(cache.fileStore(key))) {
                cached++;
                continue;
            }
            PaidService.Estimate e = paid.estimate(type.spec().effectiveParams(node.params()));
            calls.add(new Call(id, e.provider(), e.endpoint(), e.amount(), e.currency(), e.basis()));
        }
        return new Estimate(calls, cached);
    }

    /** An amount with as many decimals as it needs (4 at most): 0.25, 0.0018, 12. */
    public static String money(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
