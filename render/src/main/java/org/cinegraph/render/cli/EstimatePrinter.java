package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.render.CostEstimate;
import org.cinegraph.spi.ServiceCall;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Prints cost estimates and the paid calls a render made, as text or JSON. */
final class EstimatePrinter {
    private EstimatePrinter() {
    }

    static void print(CostEstimate.Estimate e, PrintStream out, boolean json) {
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("event", "estimate");
            ArrayNode calls = o.putArray("calls");
            for (CostEstimate.Call c : e.calls()) {
                ObjectNode j = calls.addObject().put("node", c.nodeId()).put("provider", c.provider()).put("endpoint", c.endpoint());
                if (c.amount() != null) j.put("estimatedCost", c.amount()).put("currency", c.currency());
                j.put("basis", c.basis());
            }
            o.put("cached", e.cached());
            ObjectNode totals = o.putObject("totals");
            e.totals().forEach(totals::put);
            o.put("unpriced", e.unpriced());
            out.println(o);
            return;
        }
        if (e.calls().isEmpty()) {
            out.println("no paid remote calls would run" + (e.cached() > 0 ? " (" + e.cached() + " served from the cache)" : ""));
            return;
        }
        out.println(e.calls().size() + " paid remote call" + (e.calls().size() == 1 ? "" : "s") + " would run"
                + (e.cached() > 0 ? " (" + e.cached() + " more served from the cache)" : "") + ":");
        for (CostEstimate.Call c : e.calls()) {
            out.printf(Locale.ROOT, "  %-12s %-10s %-48s %14s  (%s)%n", c.nodeId(), c.provider(), c.endpoint(),
                    c.amount() == null ? "price unknown" : CostEstimate.money(c.amount()) + " " + c.currency(), c.basis());
        }
        out.println("estimated total: " + e.total() + (e.unpriced() > 0 ? ", plus " + e.unpriced() + " call" + (e.unpriced() == 1 ? "" : "s") + " without a price" : ""));
    }

    static void calls(List<ServiceCall> calls, ArrayNode into) {
        for (ServiceCall c : calls) {
            ObjectNode o = into.addObject().put("node", c.nodeId()).put("provider", c.provider()).put("endpoint", c.endpoint())
                    .put("requestId", c.requestId()).put("durationMillis", c.durationMillis());
            if (c.estimatedCost() != null) o.put("estimatedCost", c.estimatedCost()).put("currency", c.currency());
        }
    }

    /** "2 remote calls, 0.2518 USD estimated" for history listings. */
    static String summary(List<ServiceCall> calls) {
        Map<String, Double> t = new TreeMap<>();
        calls.forEach(c -> {
            if (c.estimatedCost() != null) t.merge(c.currency(), c.estimatedCost(), Double::sum);
        });
        StringBuilder b = new StringBuilder(calls.size() + " remote call" + (calls.size() == 1 ? "" : "s"));
        t.forEach((cur, v) -> b.append(", ").append(CostEstimate.money(v)).append(' ').append(cur).append(" estimated"));
        return b.toString();
    }
}
