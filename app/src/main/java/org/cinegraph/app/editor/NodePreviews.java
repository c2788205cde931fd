package org.cinegraph.app.editor;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskHandle;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.app.viewer.ViewedPort;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.PortRef;
import org.cinegraph.media.Frame;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.preview.Thumbnails;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live pictures inside nodes. The painter asks for a preview only for nodes it draws large
 * enough to show one, so the work follows what is on screen; those requests are gathered over a
 * pulse and computed on one background lane through {@link Thumbnails} (the render path's plan,
 * keys and shared cache: after an edit only nodes whose key changed are computed, the rest are
 * known from planning alone). Pictures arrive in small batches and are drawn from then on; where a
 * strip is only a few pixels tall the picture is one rectangle of its average colour. On for every node unless turned
 * off globally (View menu, remembered) or for a node (P).
 */
public final class NodePreviews {
    /** The picture size (canvas units = pixels at zoom 1): the node's width less a margin, 16:9. */
    static final int WIDTH = (int) NodeGeometry.WIDTH - 12, HEIGHT = (int) NodeGeometry.PREVIEW_H - 10;
    /** Below this height on screen a preview is not computed. */
    static final double MIN_SCREEN_H = 14;
    /** Below this height on screen a picture is drawn as its average colour (one rectangle). */
    static final double PICTURE_SCREEN_H = 24;
    private static final int BATCH = 8;

    /** What a node shows: its picture (and average colour) or why there is none. */
    record Shown(String key, WritableImage image, Color average, String error) {
    }

    private final EditorModel model;
    private final Thumbnails thumbnails;
    private final TaskRunner lane;
    private final EditorSettings settings;
    private final Runnable repaint;
    private final Map<String, Boolean> typeHasPicture = new HashMap<>();
    private final Map<String, Shown> shown = new HashMap<>();
    private final Set<String> hidden = new HashSet<>();
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Set<String> inFlight = new HashSet<>();
    // shown entries are verified (their key is current) for this graph
    private Graph verifiedFor;
    private final Set<String> verified = new HashSet<>();
    private boolean enabled;
    private boolean scheduled;
    private TaskHandle running;
    private Graph runningFor;

    NodePreviews(EditorModel model, Renderer renderer, TaskRunner tasks, EditorSettings settings, Runnable repaint) {
        this.model = model;
        this.thumbnails = new Thumbnails(renderer.executor(renderer.registry()), WIDTH, HEIGHT, 64L << 20);
        this.lane = tasks.serial("node-previews");
        this.settings = settings;
        this.repaint = repaint;
        this.enabled = settings.nodePreviews();
        model.addDocumentListener(m -> {
            // nodes that are gone lose their pictures; the others are checked again when drawn
            shown.keySet().retainAll(m.graph().nodes().keySet());
            hidden.retainAll(m.graph().nodes().keySet());
        });
    }

    public boolean enabled() {
        return enabled;
    }

    /** Turns previews on or off for every node (remembered). */
    public void setEnabled(boolean on) {
        enabled = on;
        settings.setNodePreviews(on);
        repaint.run();
    }

    /** Whether a node shows a preview strip now. */
    public boolean shows(GraphNode n) {
        if (!enabled || n.collapsed() || hidden.contains(n.id())) return false;
        return typeHasPicture.computeIfAbsent(n.type(), t -> model.spec(n).map(ViewedPort::hasPicture).orElse(false));
    }

    /** Hides the previews of these nodes if any shows one, else shows them all. */
    public void toggle(Collection<String> ids) {
        if (ids.isEmpty()) {
            model.setStatus("Select the nodes whose preview to show or hide");
            return;
        }
        boolean anyShown = ids.stream().anyMatch(id -> !hidden.contains(id));
        if (anyShown) hidden.addAll(ids);
        else hidden.removeAll(ids);
        repaint.run();
    }

    /** The picture a node shows now, if computed (tests, benchmarks). */
    public WritableImage image(String nodeId) {
        Shown s = shown.get(nodeId);
        return s == null ? null : s.image();
    }

    /** Why a node shows no picture, if it does not. */
    public String error(String nodeId) {
        Shown s = shown.get(nodeId);
        return s == null ? null : s.error();
    }

    /**
     * Draws a node's preview into the strip (x, y, w, h on screen) and asks for it when it is not
     * known to be current. {@code detail}: the painter draws the node in full.
     */
    void draw(GraphicsContext gc, GraphNode n, double x, double y, double w, double h, boolean detail) {
        Graph g = model.graph();
        if (verifiedFor != g) {
            verifiedFor = g;
            verified.clear();
        }
        if (h >= MIN_SCREEN_H && !verified.contains(n.id()) && !(runningFor == g && inFlight.contains(n.id()))) {
            wanted.add(n.id());
            schedule();
        }
        Shown s = shown.get(n.id());
        if (s == null || s.image() == null) {
            gc.setFill(s == null ? Color.web("#1c1d20") : Color.web("#3a1f1f"));
            gc.fillRect(x, y, w, h);
            if (s != null && detail && h >= MIN_SCREEN_H) {
                gc.setFill(Color.web("#e08080"));
                gc.setFont(Font.font(Math.max(6, Math.min(11, h / 8))));
                gc.setTextAlign(TextAlignment.CENTER);
                gc.setTextBaseline(VPos.CENTER);
                gc.fillText(s.error(), x + w / 2, y + h / 2, w - 6);
            }
            return;
        }
        if (h < PICTURE_SCREEN_H) {
            gc.setFill(s.average());
            gc.fillRect(x, y, w, h);
            return;
        }
        gc.setFill(Color.BLACK);
        gc.fillRect(x, y, w, h);
        double iw = s.image().getWidth(), ih = s.image().getHeight();
        double k = Math.min(w / iw, h / ih);
        gc.drawImage(s.image(), x + (w - iw * k) / 2, y + (h - ih * k) / 2, iw * k, ih * k);
    }

    /** Gathers a pulse's requests into one. */
    private void schedule() {
        if (scheduled) return;
        scheduled = true;
        lane.onUiThread(() -> {
            scheduled = false;
            start();
        });
    }

    private void start() {
        Graph g = model.graph();
        if (running != null && runningFor != g) {
            // the graph changed: what runs is for a graph no longer shown
            running.cancel();
            inFlight.clear();
        }
        wanted.retainAll(g.nodes().keySet());
        if (wanted.isEmpty()) return;
        Map<PortRef, String> ports = new LinkedHashMap<>();
        for (String id : wanted) {
            var port = ViewedPort.of(model.registry(), g, id);
            if (port.isPresent()) ports.put(port.get(), id);
            else {
                shown.put(id, new Shown("", null, null, "no input"));
                verified.add(id);
            }
        }
        inFlight.addAll(wanted);
        wanted.clear();
        if (ports.isEmpty()) {
            repaint.run();
            return;
        }
        Path dir = model.graphDir();
        runningFor = g;
        TaskHandle[] self = new TaskHandle[1];
        self[0] = lane.run(BackgroundTask.<Void, Map<String, Thumbnails.Thumb>>withContext("node-previews", ctx -> {
            List<PortRef> all = new ArrayList<>(ports.keySet());
            for (int i = 0; i < all.size() && !ctx.cancelToken().isCancelled(); i += BATCH) {
                Map<PortRef, Thumbnails.Thumb> made = thumbnails.make(g, dir, all.subList(i, Math.min(all.size(), i + BATCH)), ctx.cancelToken());
                Map<String, Thumbnails.Thumb> byNode = new LinkedHashMap<>();
                made.forEach((p, t) -> byNode.put(ports.get(p), t));
                ctx.publish(byNode);
            }
            return null;
        }).onProgress(batches -> {
            for (Map<String, Thumbnails.Thumb> b : batches) b.forEach((id, t) -> arrived(g, id, t));
            repaint.run();
        }).onSuccess(v -> finished(self[0], ports.values())).onFailure(e -> {
            finished(self[0], ports.values());
            model.setStatus("Node previews failed: " + e.getMessage());
        }));
        running = self[0];
    }

    private void finished(TaskHandle h, Collection<String> ids) {
        if (running == h) {
            running = null;
            runningFor = null;
        }
        inFlight.removeAll(ids);
        // nodes drawn while this ran and not answered (a changed graph) are asked for again
        repaint.run();
    }

    private void arrived(Graph g, String id, Thumbnails.Thumb t) {
        Shown old = shown.get(id);
        if (old == null || !t.key().equals(old.key()) || old.image() == null != (t.image() == null)) {
            shown.put(id, t.ok() ? new Shown(t.key(), image(t.image()), average(t.image()), null) : new Shown(t.key(), null, null, t.error()));
        }
        // an answer for an older graph is shown but checked again
        if (g == model.graph()) verified.add(id);
    }

    private static WritableImage image(Frame f) {
        WritableImage img = new WritableImage(f.width(), f.height());
        img.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getIntArgbInstance(), f.pixels(), 0, f.width());
        return img;
    }

    private static Color average(Frame f) {
        long r = 0, g = 0, b = 0;
        int[] px = f.pixels();
        for (int p : px) {
            r += (p >> 16) & 0xFF;
            g += (p >> 8) & 0xFF;
            b += p & 0xFF;
        }
        int n = Math.max(1, px.length);
        return Color.rgb((int) (r / n), (int) (g / n), (int) (b / n));
    }
}
