package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.render.NodeEvent;
import org.cinegraph.render.NodeState;
import org.cinegraph.render.RenderListener;

import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Shows render progress on stderr: a redrawn bar with ETA on a terminal, one line per finished
 * node otherwise, or JSON lines (one object per event) for render-farm wrappers.
 */
final class ProgressPrinter implements RenderListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream err;
    private final boolean json;
    private final boolean terminal;
    private final Map<String, Double> fraction = new HashMap<>();
    private final java.util.Set<String> outputs;
    private final long start = System.nanoTime();
    private long lastDraw;
    private String current = "";

    /**
     * @param nodes   every node of the render
     * @param outputs the nodes that write files: lazy clips do their work while these pull
     *                frames, so they carry most of the weight of the overall progress
     */
    ProgressPrinter(PrintStream err, boolean json, boolean terminal, Collection<String> nodes, Collection<String> outputs) {
        this.err = err;
        this.json = json;
        this.terminal = terminal;
        this.outputs = java.util.Set.copyOf(outputs);
        for (String id : nodes) fraction.put(id, 0.0);
    }

    /** A log line from a node or the renderer, printed without breaking the bar. */
    synchronized void message(String text) {
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("event", "log");
            o.put("message", text);
            err.println(o);
            return;
        }
        if (terminal) err.print("\r\033[K");
        err.println("cinegraph: " + text);
        if (terminal) draw();
    }

    @Override
    public synchronized void onEvent(NodeEvent e) {
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("event", "node");
            o.put("node", e.nodeId());
            o.put("state", e.state().name().toLowerCase(Locale.ROOT));
            o.put("fraction", Math.round(e.fraction() * 1000) / 1000.0);
            if (!e.message().isEmpty()) o.put("message", e.message());
            err.println(o);
            return;
        }
        if (e.state().isFinal()) fraction.put(e.nodeId(), 1.0);
        else fraction.put(e.nodeId(), e.fraction());
        if (e.state() == NodeState.RUNNING) current = e.nodeId();
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L || e.state().isFinal()) {
                lastDraw = now;
                draw();
            }
        } else if (e.state().isFinal()) {
            err.printf(Locale.ROOT, "%-10s %s%s%n", e.state().name().toLowerCase(Locale.ROOT), e.nodeId(),
                    e.message().isEmpty() ? "" : " (" + e.message() + ")");
        }
    }

    private void draw() {
        double others = 0;
        double outs = 0;
        for (Map.Entry<String, Double> e : fraction.entrySet()) {
            if (outputs.contains(e.getKey())) outs += e.getValue();
            else others += e.getValue();
        }
        int nOut = (int) fraction.keySet().stream().filter(outputs::contains).count();
        int nOther = fraction.size() - nOut;
        double total = nOut == 0 ? others / Math.max(1, nOther)
                : 0.1 * (nOther == 0 ? 1 : others / nOther) + 0.9 * outs / nOut;
        int width = 30;
        int filled = (int) Math.round(total * width);
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = total > 0.01 && total < 1 ? "ETA " + clock(elapsed * (1 - total) / total) : "";
        err.printf(Locale.ROOT, "\r[%s%s] %3d%% %-16s %s   ", "#".repeat(filled), ".".repeat(width - filled),
                (int) Math.round(total * 100), current, eta);
        err.flush();
    }

    /** Ends the bar's line before other output. */
    synchronized void finish() {
        if (terminal && !json) {
            draw();
            err.println();
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
