package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.render.NodeEvent;
import org.cinegraph.render.NodeState;
import org.cinegraph.render.Plan;
import org.cinegraph.render.RenderListener;
import org.cinegraph.render.RenderProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows render progress on stderr: a redrawn bar with ETA on a terminal, one line per finished
 * node otherwise, or JSON lines (one object per event) for render-farm wrappers. The numbers are
 * {@link RenderProgress}'s (frames written, ETA from measured throughput), as in the editor.
 */
final class ProgressPrinter implements RenderListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream err;
    private final boolean json;
    private final boolean terminal;
    private final RenderProgress progress = new RenderProgress();
    private long lastDraw;
    private String current = "";

    ProgressPrinter(PrintStream err, boolean json, boolean terminal) {
        this.err = err;
        this.json = json;
        this.terminal = terminal;
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
    public synchronized void planned(Plan plan) {
        progress.planned(plan);
    }

    @Override
    public synchronized void onEvent(NodeEvent e) {
        progress.onEvent(e);
        if (json) {
            printJson(e);
            return;
        }
        if (e.state() == NodeState.RUNNING) current = e.nodeId();
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L || e.state().isFinal()) {
                lastDraw = now;
                draw();
            }
        } else if (e.state().isFinal()) {
            err.printf(Locale.ROOT, "%-10s %s (%s)%n", e.state().name().toLowerCase(Locale.ROOT), e.nodeId(), details(e));
        }
    }

    /** "2.3 s, 240 frames; parameter size changed" */
    private static String details(NodeEvent e) {
        StringBuilder sb = new StringBuilder(RenderProgress.seconds(e.millis()));
        if (e.countsFrames()) sb.append(", ").append(e.framesDone()).append(e.framesDone() == 1 ? " frame" : " frames");
        if (!e.message().isEmpty()) sb.append("; ").append(e.message());
        return sb.toString();
    }

    private void printJson(NodeEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event", "node");
        o.put("node", e.nodeId());
        o.put("state", e.state().name().toLowerCase(Locale.ROOT));
        o.put("fraction", Math.round(e.fraction() * 1000) / 1000.0);
        if (e.countsFrames()) {
            o.put("frames_done", e.framesDone());
            o.put("frames_total", e.framesTotal());
        }
        o.put("millis", e.millis());
        if (!e.message().isEmpty()) o.put("message", e.message());
        RenderProgress.Snapshot s = progress.snapshot();
        if (s.fractionKnown()) o.put("progress", Math.round(s.fraction() * 1000) / 1000.0);
        if (s.etaKnown()) o.put("eta_seconds", Math.round(s.etaSeconds() * 10) / 10.0);
        err.println(o);
    }

    private void draw() {
        RenderProgress.Snapshot s = progress.snapshot();
        int width = 30;
        String what;
        if (s.fractionKnown()) {
            int filled = (int) Math.round(s.fraction() * width);
            what = String.format(Locale.ROOT, "[%s%s] %3d%% %d/%s%d frames", "#".repeat(filled), ".".repeat(width - filled),
                    (int) Math.round(s.fraction() * 100), s.framesDone(), s.totalExact() ? "" : "~", s.framesTotal());
        } else {
            what = "[" + ".".repeat(width) + "]  --  preparing";
        }
        String eta = s.etaKnown() && s.fraction() < 1 ? "ETA " + clock(s.etaSeconds()) : "";
        err.printf(Locale.ROOT, "\r%s  %-16s %s   ", what, current, eta);
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
