package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.render.NodeEvent;
import org.cinegraph.render.NodeState;
import org.cinegraph.render.RenderProgress;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.PortSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Paints the graph: grid, groups, wires, nodes (flat boxes and straight wires below
 * {@link #DETAIL_ZOOM}), the gesture's rubber band or dragged wire, the minimap. Only what is
 * in view is drawn, so big graphs stay interactive. Reads the model; changes nothing.
 */
final class CanvasPainter {
    static final double DETAIL_ZOOM = 0.45;
    private static final Font TITLE_FONT = Font.font("System", FontWeight.BOLD, 12);
    private static final Font PORT_FONT = Font.font("System", 11);

    private final EditorModel model;
    private final Viewport vp;
    private final Minimap minimap;
    private NodePreviews previews;
    // for the frame being painted
    private GraphicsContext gc;
    private double scale;
    private CanvasGestures.Wiring wiring;

    CanvasPainter(EditorModel model, Viewport vp, Minimap minimap) {
        this.model = model;
        this.vp = vp;
        this.minimap = minimap;
    }

    /** Draws node previews from now on (null: none). */
    void setPreviews(NodePreviews p) {
        previews = p;
    }

    /** The node's preview in its strip under the ports, when it shows one. */
    private void drawPreview(GraphNode n, double x, double y, double w, double h, boolean detail) {
        if (previews == null || !previews.shows(n)) return;
        double m = 6 * scale, ph = (NodeGeometry.PREVIEW_H - 10) * scale;
        previews.draw(gc, n, x + m, y + h - ph - 4 * scale, w - 2 * m, ph, detail);
    }

    /** Paints a canvas of w x h with the gesture in progress and the selected group (may be null). */
    void paint(GraphicsContext gc, double w, double h, CanvasGestures.Gesture gesture, String selectedGroup) {
        this.gc = gc;
        this.scale = vp.scale();
        this.wiring = gesture instanceof CanvasGestures.Wiring wi ? wi : null;
        gc.setFill(CanvasColours.BACKGROUND);
        gc.fillRect(0, 0, w, h);
        drawGrid(w, h);
        Graph g = model.graph();
        Point2D tl = vp.toWorld(0, 0), br = vp.toWorld(w, h);
        double vx0 = tl.getX(), vy0 = tl.getY(), vx1 = br.getX(), vy1 = br.getY();
        boolean detail = scale >= DETAIL_ZOOM;

        for (Group gr : g.groups().values()) drawGroup(gr, gr.id().equals(selectedGroup), vx0, vy0, vx1, vy1, detail);

        Map<String, NodeGeometry> geos = new HashMap<>();
        for (GraphNode n : g.nodes().values()) geos.put(n.id(), model.geometry(n));
        drawWires(g, geos, vx0, vy0, vx1, vy1, detail);

        for (GraphNode n : g.nodes().values()) {
            NodeGeometry geo = geos.get(n.id());
            if (geo.x() > vx1 || geo.y() > vy1 || geo.x() + geo.width() < vx0 || geo.y() + geo.height() < vy0) continue;
            if (detail) drawNode(n, geo);
            else drawNodeCheap(n, geo);
        }
        if (wiring != null) drawDraggedWire(wiring);
        if (gesture instanceof CanvasGestures.RubberBand r) drawRubberBand(r);
        minimap.paint(gc, geos, vp, w, h);
        this.gc = null;
        this.wiring = null;
    }

    private void drawGrid(double w, double h) {
        double step = EditorModel.GRID * scale;
        while (step < 12) step *= 5; // never more than a line every 12 pixels
        double tx = vp.tx(), ty = vp.ty();
        double ox = ((tx % step) + step) % step, oy = ((ty % step) + step) % step;
        gc.setLineWidth(1);
        gc.setStroke(CanvasColours.GRID_MINOR);
        for (double x = ox; x < w; x += step) gc.strokeLine(Math.floor(x) + 0.5, 0, Math.floor(x) + 0.5, h);
        for (double y = oy; y < h; y += step) gc.strokeLine(0, Math.floor(y) + 0.5, w, Math.floor(y) + 0.5);
        double major = step * 5;
        double mx = ((tx % major) + major) % major, my = ((ty % major) + major) % major;
        gc.setStroke(CanvasColours.GRID_MAJOR);
        for (double x = mx; x < w; x += major) gc.strokeLine(Math.floor(x) + 0.5, 0, Math.floor(x) + 0.5, h);
        for (double y = my; y < h; y += major) gc.strokeLine(0, Math.floor(y) + 0.5, w, Math.floor(y) + 0.5);
    }

    private void drawGroup(Group gr, boolean selected, double vx0, double vy0, double vx1, double vy1, boolean detail) {
        Bounds b = gr.bounds();
        if (b.x() > vx1 || b.y() > vy1 || b.x() + b.width() < vx0 || b.y() + b.height() < vy0) return;
        Color c = CanvasColours.parse(gr.colour());
        Point2D p = vp.toLocal(b.x(), b.y());
        double w = b.width() * scale, h = b.height() * scale;
        gc.setFill(c.deriveColor(0, 1, 1, 0.18));
        gc.fillRoundRect(p.getX(), p.getY(), w, h, 8, 8);
        gc.setFill(c.deriveColor(0, 1, 1, 0.7));
        gc.fillRoundRect(p.getX(), p.getY(), w, Math.min(h, NodeGeometry.TITLE_H * scale), 8, 8);
        if (selected) {
            gc.setStroke(CanvasColours.SELECTED);
            gc.setLineWidth(1.5);
            gc.strokeRoundRect(p.getX(), p.getY(), w, h, 8, 8);
        }
        if (detail) {
            gc.setFill(Color.WHITE);
            gc.setFont(TITLE_FONT);
            gc.setTextAlign(TextAlignment.LEFT);
            gc.setTextBaseline(VPos.CENTER);
            gc.fillText(gr.title(), p.getX() + 8, p.getY() + NodeGeometry.TITLE_H * scale / 2);
        }
    }

    private void drawWires(Graph g, Map<String, NodeGeometry> geos, double vx0, double vy0, double vx1, double vy1, boolean detail) {
        gc.setLineCap(StrokeLineCap.ROUND);
        gc.setLineWidth(detail ? 2.2 : 1);
        Map<PortRef, DataType> types = model.outputTypes();
        Map<String, List<PortSpec>> ins = new HashMap<>(), outs = new HashMap<>();
        Link detached = wiring == null ? null : wiring.detached();
        for (Link l : g.links()) {
            if (l.equals(detached)) continue;
            NodeGeometry a = geos.get(l.from().node()), b = geos.get(l.to().node());
            GraphNode fn = g.nodes().get(l.from().node()), tn = g.nodes().get(l.to().node());
            int oi = NodeGeometry.indexOf(outs.computeIfAbsent(fn.id(), k -> model.outputs(fn)), l.from().port());
            int ii = NodeGeometry.indexOf(ins.computeIfAbsent(tn.id(), k -> model.inputs(tn)), l.to().port());
            double x0 = a.outputX(), y0 = a.outputY(Math.max(0, oi)), x1 = b.inputX(), y1 = b.inputY(Math.max(0, ii));
            if (Math.max(x0, x1) + 100 < vx0 || Math.min(x0, x1) - 100 > vx1 || Math.max(y0, y1) < vy0 || Math.min(y0, y1) > vy1) continue;
            DataType t = types.get(l.from());
            Color c = t == null ? Color.GRAY : CanvasColours.type(t);
            if (fn.muted() || tn.muted()) c = c.deriveColor(0, 0.3, 0.6, 0.5);
            gc.setStroke(c);
            strokeWire(vp.toLocal(x0, y0), vp.toLocal(x1, y1), detail);
        }
    }

    private void strokeWire(Point2D a, Point2D b, boolean curved) {
        if (!curved) {
            gc.strokeLine(a.getX(), a.getY(), b.getX(), b.getY());
            return;
        }
        double dx = NodeGeometry.wireBend(a.getX(), b.getX(), scale);
        gc.beginPath();
        gc.moveTo(a.getX(), a.getY());
        gc.bezierCurveTo(a.getX() + dx, a.getY(), b.getX() - dx, b.getY(), b.getX(), b.getY());
        gc.stroke();
    }

    private void drawNodeCheap(GraphNode n, NodeGeometry geo) {
        Point2D p = vp.toLocal(geo.x(), geo.y());
        NodeSpec s = model.spec(n).orElse(null);
        Color c = s == null ? Color.web("#703030") : CanvasColours.category(s.category());
        if (n.muted()) c = c.desaturate().darker();
        gc.setFill(c);
        gc.fillRect(p.getX(), p.getY(), Math.max(1, geo.width() * scale), Math.max(1, geo.height() * scale));
        drawPreview(n, p.getX(), p.getY(), geo.width() * scale, geo.height() * scale, false);
        if (model.selection().contains(n.id())) {
            gc.setStroke(CanvasColours.SELECTED);
            gc.setLineWidth(1.5);
            gc.strokeRect(p.getX(), p.getY(), geo.width() * scale, geo.height() * scale);
        }
    }

    private void drawNode(GraphNode n, NodeGeometry geo) {
        NodeSpec s = model.spec(n).orElse(null);
        Point2D p = vp.toLocal(geo.x(), geo.y());
        if (geo.isReroute()) {
            // a point on a wire: a dot in the colour of what flows through it
            DataType t = model.outputTypes().get(new PortRef(n.id(), "out"));
            double d = geo.width() * scale;
            gc.setFill(t == null ? Color.GRAY : CanvasColours.type(t));
            gc.fillOval(p.getX(), p.getY(), d, d);
            if (model.selection().contains(n.id())) {
                gc.setStroke(Color.web("#f0c040"));
                gc.setLineWidth(2);
                gc.strokeOval(p.getX() - 2, p.getY() - 2, d + 4, d + 4);
            }
            return;
        }
        double x = p.getX(), y = p.getY(), w = geo.width() * scale, h = geo.height() * scale, th = NodeGeometry.TITLE_H * scale;
        double alpha = n.muted() ? 0.4 : 1;
        gc.setGlobalAlpha(alpha);
        gc.setFill(Color.web("#000000", 0.35));
        gc.fillRoundRect(x + 3, y + 4, w, h, 10, 10);
        gc.setFill(CanvasColours.BODY);
        gc.fillRoundRect(x, y, w, h, 10, 10);
        Color title = s == null ? Color.web("#5a3030") : CanvasColours.category(s.category());
        if (n.bypass()) title = title.desaturate();
        gc.setFill(title);
        gc.fillRoundRect(x, y, w, th, 10, 10);
        if (!n.collapsed()) gc.fillRect(x, y + th / 2, w, th / 2);
        if (n.bypass()) {
            // diagonal hatching says "passes its input through"
            gc.save();
            gc.beginPath();
            gc.rect(x, y, w, h);
            gc.clip();
            gc.setStroke(Color.web("#d9a441", 0.35));
            gc.setLineWidth(4 * scale);
            for (double d = -h; d < w; d += 18 * scale) gc.strokeLine(x + d, y + h, x + d + h, y);
            gc.restore();
        }
        gc.setFont(scaledFont(TITLE_FONT));
        gc.setFill(Color.WHITE);
        gc.setTextBaseline(VPos.CENTER);
        gc.setTextAlign(TextAlignment.LEFT);
        String label = (n.collapsed() ? "\u25B8 " : "") + (n.title().isEmpty() ? n.id() : n.title()) + (n.muted() ? "  (muted)" : n.bypass() ? "  (bypass)" : "");
        gc.fillText(label, x + 8 * scale, y + th / 2, w - 34 * scale);

        List<PortSpec> ins = model.inputs(n), outs = model.outputs(n);
        gc.setFont(scaledFont(PORT_FONT));
        for (int i = 0; i < ins.size(); i++) {
            PortSpec ps = ins.get(i);
            PortRef ref = new PortRef(n.id(), ps.name());
            Point2D c = vp.toLocal(geo.inputX(), geo.inputY(i));
            boolean dim = drawPort(c, CanvasColours.type(ps.type()), ref, true, s == null);
            if (!n.collapsed()) {
                gc.setFill(Color.web("#c8c8c8", dim ? 0.3 : 1));
                gc.setTextAlign(TextAlignment.LEFT);
                gc.fillText(ps.name() + (ps.required() ? "" : "?"), c.getX() + 10 * scale, c.getY(), w / 2 - 10 * scale);
            }
        }
        for (int i = 0; i < outs.size(); i++) {
            PortSpec ps = outs.get(i);
            PortRef ref = new PortRef(n.id(), ps.name());
            DataType t = model.outputType(ref, ps.type());
            Point2D c = vp.toLocal(geo.outputX(), geo.outputY(i));
            boolean dim = drawPort(c, CanvasColours.type(t), ref, false, s == null);
            if (!n.collapsed()) {
                gc.setFill(Color.web("#c8c8c8", dim ? 0.3 : 1));
                gc.setTextAlign(TextAlignment.RIGHT);
                gc.fillText(ps.name() + (t != ps.type() ? " (" + t.displayName() + ")" : ""), c.getX() - 10 * scale, c.getY(), w / 2 - 10 * scale);
            }
        }
        drawPreview(n, x, y, w, h, true);
        gc.setGlobalAlpha(1);
        if (s == null) {
            // placeholder: type not installed; kept with all its data, drawn dashed
            gc.setStroke(Color.web("#e05b5b"));
            gc.setLineWidth(1.5);
            gc.setLineDashes(6, 4);
            gc.strokeRoundRect(x, y, w, h, 10, 10);
            gc.setLineDashes();
        }
        if (model.selection().contains(n.id())) {
            gc.setStroke(CanvasColours.SELECTED);
            gc.setLineWidth(2);
            gc.strokeRoundRect(x - 1, y - 1, w + 2, h + 2, 11, 11);
        }
        drawBadge(n, x + w - 12 * scale, y + th / 2);
        drawTiming(n, x + w, y + h);
    }

    /** Under a node that ran in the last render: how long it took (frames for a writer), or that the cache served it. */
    private void drawTiming(GraphNode n, double right, double bottom) {
        NodeEvent e = model.nodeStates().get(n.id());
        if (e == null || e.state() == NodeState.QUEUED || e.state() == NodeState.SKIPPED || e.state() == NodeState.CANCELLED) return;
        String text = e.state() == NodeState.CACHED ? "cached"
                : RenderProgress.seconds(e.millis()) + (e.countsFrames() ? ", " + e.framesDone() + "/" + e.framesTotal() + " frames" : "");
        gc.setFont(Font.font(Math.max(5, 10 * scale)));
        gc.setFill(Color.web("#9aa0a8"));
        gc.setTextAlign(TextAlignment.RIGHT);
        gc.setTextBaseline(VPos.TOP);
        gc.fillText(text, right - 2 * scale, bottom + 3 * scale);
    }

    private Font scaledFont(Font f) {
        return Font.font(f.getFamily(), f.getName().contains("Bold") ? FontWeight.BOLD : FontWeight.NORMAL, Math.max(6, f.getSize() * scale));
    }

    /**
     * A port's dot; while a wire is dragged, the ports it could go to are enlarged and those
     * the drop would refuse dimmed. @return whether it is dimmed
     */
    private boolean drawPort(Point2D c, Color colour, PortRef ref, boolean input, boolean placeholder) {
        double r = NodeGeometry.PORT_R * scale;
        boolean dim = false;
        if (wiring != null && wiring.offers(ref, input)) {
            dim = !wiring.accepts(ref);
            if (dim) colour = colour.deriveColor(0, 0.2, 0.5, 0.35);
            else r *= 1.35;
        }
        gc.setFill(placeholder ? Color.GRAY : colour);
        gc.fillOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
        gc.setStroke(Color.web("#111111"));
        gc.setLineWidth(1);
        gc.strokeOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
        return dim;
    }

    private void drawBadge(GraphNode n, double cx, double cy) {
        NodeEvent e = model.nodeState(n.id()).orElse(null);
        if (e == null) return;
        double r = 7 * scale;
        Color c;
        String mark;
        switch (e.state()) {
            case QUEUED -> { c = Color.web("#8a8f98"); mark = "\u2026"; }
            case RUNNING -> { c = Color.web("#3d8fe0"); mark = ""; }
            case CACHED -> { c = Color.web("#2aa198"); mark = "C"; }
            case DONE -> { c = Color.web("#4caf50"); mark = "\u2713"; }
            case FAILED -> { c = Color.web("#e04848"); mark = "!"; }
            default -> { c = Color.web("#6b6f76"); mark = "\u2013"; }
        }
        gc.setFill(CanvasColours.BACKGROUND);
        gc.fillOval(cx - r - 1, cy - r - 1, 2 * r + 2, 2 * r + 2);
        if (e.state() == NodeState.RUNNING) {
            gc.setStroke(c);
            gc.setLineWidth(2.5 * scale);
            gc.strokeArc(cx - r + 1, cy - r + 1, 2 * r - 2, 2 * r - 2, 90, -360 * Math.max(0.03, e.fraction()), ArcType.OPEN);
            gc.setFill(Color.WHITE);
            gc.setFont(Font.font(Math.max(5, 8 * scale)));
            gc.setTextAlign(TextAlignment.RIGHT);
            gc.fillText(Math.round(e.fraction() * 100) + "%", cx - r - 3 * scale, cy);
        } else {
            gc.setFill(c);
            gc.fillOval(cx - r, cy - r, 2 * r, 2 * r);
            gc.setFill(Color.WHITE);
            gc.setFont(Font.font("System", FontWeight.BOLD, Math.max(5, 10 * scale)));
            gc.setTextAlign(TextAlignment.CENTER);
            gc.fillText(mark, cx, cy);
        }
    }

    private void drawDraggedWire(CanvasGestures.Wiring w) {
        Optional<Point2D> fixed = w.fixedEnd();
        if (fixed.isEmpty()) return;
        Point2D a = vp.toLocal(fixed.get().getX(), fixed.get().getY());
        Point2D b = new Point2D(w.x(), w.y());
        DataType t = w.type();
        gc.setStroke(t == null ? Color.GRAY : CanvasColours.type(t));
        gc.setLineWidth(2.2);
        gc.setLineDashes(6, 4);
        if (w.fromInput()) strokeWire(b, a, true);
        else strokeWire(a, b, true);
        gc.setLineDashes();
    }

    private void drawRubberBand(CanvasGestures.RubberBand r) {
        double x = Math.min(r.pressX(), r.x()), y = Math.min(r.pressY(), r.y());
        double w = Math.abs(r.x() - r.pressX()), h = Math.abs(r.y() - r.pressY());
        gc.setStroke(CanvasColours.SELECTED);
        gc.setLineWidth(1);
        gc.setLineDashes(4, 4);
        gc.strokeRect(x, y, w, h);
        gc.setLineDashes();
        gc.setFill(Color.web("#f2c14e", 0.08));
        gc.fillRect(x, y, w, h);
    }
}
