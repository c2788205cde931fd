package org.cinegraph.render.preview;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Problem;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.Evaluation;
import org.cinegraph.render.Executor;
import org.cinegraph.render.NodeReport;
import org.cinegraph.render.NodeState;
import org.cinegraph.render.Plan;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderListener;
import org.cinegraph.render.RenderRequest;
import org.cinegraph.spi.CancelledException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Small pictures of node outputs (the editor draws them inside nodes), made through the preview
 * path: the same plan, keys and render cache as a render, so a render warms them and they warm a
 * render. A thumbnail is remembered under its port's cache key, so after an edit only ports whose
 * key changed are computed again; planning alone says which. A clip is shown by its first frame.
 * One caller at a time (the editor's thumbnail lane); a cancelled call returns what it has.
 */
public final class Thumbnails {
    /** A port's picture (small, at most the size asked for) or why there is none. */
    public record Thumb(String key, Frame image, String error) {
        public boolean ok() {
            return image != null;
        }
    }

    private final Executor executor;
    private final int maxWidth;
    private final int maxHeight;
    private final long budgetBytes;
    private final LinkedHashMap<String, Thumb> byKey = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /**
     * @param maxWidth    thumbnails fit in maxWidth x maxHeight, keeping the aspect ratio
     * @param budgetBytes memory for remembered thumbnails (least recently used go first)
     */
    public Thumbnails(Executor executor, int maxWidth, int maxHeight, long budgetBytes) {
        this.executor = executor;
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
        this.budgetBytes = budgetBytes;
    }

    /**
     * The thumbnail of each port of a graph snapshot, computing those whose key is new. A port
     * whose node (or one it needs) cannot run gets a Thumb with the reason.
     *
     * @param graphDir where relative asset paths start (the graph file's folder)
     */
    public synchronized Map<PortRef, Thumb> make(Graph graph, Path graphDir, Collection<PortRef> ports, CancelToken cancel) {
        Map<PortRef, Thumb> out = new LinkedHashMap<>();
        Set<PortRef> wanted = new LinkedHashSet<>(ports);
        Plan plan = plan(graph, graphDir, wanted, out);
        if (plan == null || cancel.isCancelled()) return out;
        // a preview never runs a node that writes files or pays for a call: nodes after one get no picture
        Set<String> afterWriter = new HashSet<>(graph.downstreamOf(plan.writers()));
        afterWriter.addAll(plan.writers());
        Set<String> paid = new HashSet<>();
        executor.estimate(plan, true).calls().forEach(c -> paid.add(c.nodeId()));
        Set<String> afterPaid = new HashSet<>(plan.graph().downstreamOf(paid));
        afterPaid.addAll(paid);
        List<PortRef> missing = new ArrayList<>();
        for (PortRef p : wanted) {
            if (afterWriter.contains(p.node())) {
                out.put(p, new Thumb("", null, "comes after a node that writes files"));
                continue;
            }
            if (afterPaid.contains(p.node())) {
                out.put(p, new Thumb("", null, "waits for a paid call: render the graph to see it"));
                continue;
            }
            String key = plan.outputKeys().get(p);
            Thumb known = key == null ? null : byKey.get(key);
            if (known != null) out.put(p, known);
            else if (key != null) missing.add(p);
            else out.put(p, new Thumb("", null, "node " + p.node() + " has no output '" + p.port() + "'"));
        }
        if (missing.isEmpty()) return out;
        Set<String> nodes = new LinkedHashSet<>();
        for (PortRef p : missing) nodes.add(p.node());
        try (Evaluation ev = executor.evaluate(request(graph, graphDir, nodes), RenderListener.NONE, cancel)) {
            for (PortRef p : missing) {
                if (cancel.isCancelled()) break;
                String key = plan.outputKeys().get(p);
                NodeReport r = ev.result().report(p.node());
                Thumb t;
                if (r == null || !r.succeeded()) {
                    if (ev.result().cancelled()) break;
                    // cancelled is no answer: the port is left out, so it is asked for again
                    if (r != null && r.state() == NodeState.CANCELLED) continue;
                    t = new Thumb(key, null, r == null ? "did not run" : r.reason());
                } else {
                    t = picture(key, ev.value(p));
                    if (t == null) continue;
                }
                remember(t);
                out.put(p, t);
            }
        } catch (RenderException e) {
            // planned a moment ago: the graph changed under us only if a file did; say so on each
            for (PortRef p : missing) out.put(p, new Thumb(plan.outputKeys().get(p), null, e.getMessage()));
        }
        return out;
    }

    /** Plans the ports' nodes; nodes that cannot run (or need one that cannot) get their reason and are left out. */
    private Plan plan(Graph graph, Path graphDir, Set<PortRef> wanted, Map<PortRef, Thumb> out) {
        Set<String> nodes = new LinkedHashSet<>();
        for (PortRef p : wanted) nodes.add(p.node());
        for (int attempt = 0; attempt < 2 && !nodes.isEmpty(); attempt++) {
            try {
                return executor.plan(request(graph, graphDir, nodes));
            } catch (RenderException e) {
                Map<String, String> why = new HashMap<>();
                for (Problem pr : e.problems()) if (!pr.nodeId().isEmpty()) why.putIfAbsent(pr.nodeId(), pr.message());
                if (why.isEmpty()) {
                    for (PortRef p : wanted) out.put(p, new Thumb("", null, e.getMessage()));
                    return null;
                }
                Set<String> bad = new HashSet<>(graph.downstreamOf(why.keySet()));
                bad.addAll(why.keySet());
                for (PortRef p : wanted) {
                    if (!bad.contains(p.node())) continue;
                    String reason = why.getOrDefault(p.node(), "needs a node that cannot run: "
                            + why.keySet().stream().filter(bad::contains).sorted().findFirst().orElse(""));
                    out.put(p, new Thumb("", null, reason));
                }
                wanted.removeIf(p -> bad.contains(p.node()));
                nodes.removeIf(bad::contains);
            }
        }
        if (nodes.isEmpty()) return null;
        try {
            return executor.plan(request(graph, graphDir, nodes));
        } catch (RenderException e) {
            for (PortRef p : wanted) out.put(p, new Thumb("", null, e.getMessage()));
            return null;
        }
    }

    private static RenderRequest request(Graph graph, Path graphDir, Set<String> nodes) {
        return new RenderRequest(graph, graphDir, graphDir, Optional.empty(), nodes, true);
    }

    /** The port's picture; null when pulling it was cancelled (no answer, so nothing remembered). */
    private Thumb picture(String key, Optional<Object> value) {
        try {
            if (value.isPresent() && value.get() instanceof Frame f) return new Thumb(key, shrink(f, maxWidth, maxHeight), null);
            if (value.isPresent() && value.get() instanceof Clip c) {
                if (c.frameCount() == 0) return new Thumb(key, null, "the clip has no frames");
                return new Thumb(key, shrink(c.frame(0), maxWidth, maxHeight), null);
            }
            return new Thumb(key, null, "not a picture");
        } catch (CancelledException e) {
            return null;
        } catch (RuntimeException e) {
            return new Thumb(key, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private void remember(Thumb t) {
        if (t.key() == null || t.key().isEmpty()) return;
        Thumb old = byKey.put(t.key(), t);
        if (old != null) bytes -= size(old);
        bytes += size(t);
        var it = byKey.entrySet().iterator();
        while (bytes > budgetBytes && it.hasNext()) {
            bytes -= size(it.next().getValue());
            it.remove();
        }
    }

    private static long size(Thumb t) {
        return t.image() == null ? 64 : 64 + 4L * t.image().width() * t.image().height();
    }

    /**
     * The frame reduced to fit w x h (never enlarged), each output pixel the average of the
     * source pixels it covers, weighted by alpha so transparent edges do not darken.
     */
    public static Frame shrink(Frame f, int w, int h) {
        double s = Math.min(1, Math.min((double) w / f.width(), (double) h / f.height()));
        int tw = Math.max(1, (int) Math.round(f.width() * s)), th = Math.max(1, (int) Math.round(f.height() * s));
        if (tw == f.width() && th == f.height()) return f;
        int[] src = f.pixels(), out = new int[tw * th];
        int fw = f.width(), fh = f.height();
        for (int y = 0; y < th; y++) {
            int y0 = y * fh / th, y1 = Math.max(y0 + 1, (y + 1) * fh / th);
            for (int x = 0; x < tw; x++) {
                int x0 = x * fw / tw, x1 = Math.max(x0 + 1, (x + 1) * fw / tw);
                long a = 0, r = 0, g = 0, b = 0;
                int n = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int row = yy * fw;
                    for (int xx = x0; xx < x1; xx++) {
                        int p = src[row + xx];
                        int pa = p >>> 24;
                        a += pa;
                        r += (long) ((p >> 16) & 0xFF) * pa;
                        g += (long) ((p >> 8) & 0xFF) * pa;
                        b += (long) (p & 0xFF) * pa;
                        n++;
                    }
                }
                int oa = (int) Math.round((double) a / n);
                out[y * tw + x] = a == 0 ? 0 : oa << 24 | (int) Math.round((double) r / a) << 16 | (int) Math.round((double) g / a) << 8 | (int) Math.round((double) b / a);
            }
        }
        return new Frame(tw, th, out);
    }
}
