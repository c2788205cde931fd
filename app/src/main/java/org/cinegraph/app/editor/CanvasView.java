package org.cinegraph.app.editor;

import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.ViewState;
import org.cinegraph.render.NodeEvent;
import org.cinegraph.render.NodeState;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.PortSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The node-graph canvas. Everything is painted on one {@link Canvas} (no scene node per graph
 * element), visible elements only, with less detail when zoomed out, so graphs with thousands
 * of nodes stay interactive. Mouse gestures turn into commands on the model; the view keeps
 * only the viewport and the gesture in progress.
 */
public final class CanvasView extends Region {
    private static final Color BACKGROUND = Color.web("#1d1e21");
    private static final Color GRID_MINOR = Color.web("#25272b");
    private static final Color GRID_MAJOR = Color.web("#2d3035");
    private static final Color BODY = Color.web("#2c2e33");
    private static final Color SELECTED = Color.web("#f2c14e");
    private static final Font TITLE_FONT = Font.font("System", FontWeight.BOLD, 12);
    private static final Font PORT_FONT = Font.font("System", 11);
    private static final double DETAIL_ZOOM = 0.45;
    private static final double MINIMAP_W = 200, MINIMAP_H = 130;

    private enum Mode { NONE, PAN, MOVE, GROUP_MOVE, RUBBER, WIRE }

    private final EditorModel model;
    private final Canvas canvas = new Canvas();
    private final Tooltip tooltip = new Tooltip();
    private final Map<String, NodeSpec> specs = new HashMap<>();
    private static final ViewState FIT = new ViewState(0, 0, 1);
    private ViewState pendingView;
    private double scale = 1, tx, ty;
    private boolean viewMoved;
    private boolean redrawQueued;
    private boolean spaceDown;
    private boolean minimapVisible = true;

    // gesture in progress
    private Mode mode = Mode.NONE;
    private double pressX, pressY, lastX, lastY, curX, curY;
    private Document.Transaction drag;
    private double appliedDx, appliedDy;
    private String dragAnchor;
    private String dragGroup;
    private PortRef wireFrom;          // the fixed end of the wire being dragged
    private boolean wireFromInput;     // the fixed end is an input (dragging towards outputs)
    private Link detached;             // the link whose input end was picked up
    private final Map<PortRef, Boolean> compatible = new HashMap<>();
    private Set<String> rubberBase = Set.of();
    private Set<String> cycleNodes = Set.of(); // with the dragged wire's fixed node: ports there would close a cycle
    private BiConsumer<Point2D, WireDrop> quickAdd = (p, w) -> { };

    /** A wire dropped on empty canvas: the fixed port, its type and which end it is. */
    public record WireDrop(PortRef port, DataType type, boolean fromInput) {
    }

    public CanvasView(EditorModel model) {
        this.model = model;
        getChildren().add(canvas);
        setFocusTraversable(true);
        setMinSize(100, 100);
        canvas.widthProperty().addListener(o -> requestRedraw());
        canvas.heightProperty().addListener(o -> requestRedraw());
        model.addDocumentListener(m -> requestRedraw());
        model.addStatesListener(m -> requestRedraw());
        model.selection().addListener((javafx.collections.SetChangeListener<String>) c -> requestRedraw());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(MouseEvent.MOUSE_MOVED, this::hover);
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventHandler(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) spaceDown = false;
        });
        tooltip.setShowDelay(javafx.util.Duration.millis(300));
    }

    /** What to do when a wire is dropped on empty canvas or Tab / double-click asks for a node: open quick add. */
    public void setQuickAdd(BiConsumer<Point2D, WireDrop> handler) {
        this.quickAdd = handler;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        if (pendingView != null && getWidth() > 0 && getHeight() > 0) {
            ViewState v = pendingView;
            pendingView = null;
            if (v == FIT) fitAll();
            else setView(v);
            viewMoved = false; // shown as opened, not moved by the user
        }
    }

    /** Shows a view once the canvas has its size (a file opened before the window is laid out); {@code null} fits the graph. */
    public void showWhenLaidOut(ViewState v) {
        if (getWidth() > 0 && getHeight() > 0) {
            if (v == null) fitAll();
            else setView(v);
        } else {
            pendingView = v == null ? FIT : v;
        }
    }

    // ---- viewport ----

    public double scale() {
        return scale;
    }

    public Point2D toWorld(double sx, double sy) {
        return new Point2D((sx - tx) / scale, (sy - ty) / scale);
    }

    public Point2D toLocal(double wx, double wy) {
        return new Point2D(wx * scale + tx, wy * scale + ty);
    }

    /** Screen coordinates of a canvas point, for tests and popups. */
    public Point2D toScreen(double wx, double wy) {
        Point2D p = toLocal(wx, wy);
        return localToScreen(p.getX(), p.getY());
    }

    /** The canvas point (world units) of a port's centre. */
    public Optional<Point2D> portPosition(PortRef ref, boolean input) {
        GraphNode n = model.graph().nodes().get(ref.node());
        if (n == null) return Optional.empty();
        NodeGeometry geo = geometry(n);
        List<PortSpec> ports = input ? model.inputs(n) : model.outputs(n);
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i).name().equals(ref.port())) {
                return Optional.of(input ? new Point2D(geo.inputX(), geo.inputY(i)) : new Point2D(geo.outputX(), geo.outputY(i)));
            }
        }
        return Optional.empty();
    }

    public void setView(ViewState v) {
        scale = clampZoom(v.zoom());
        tx = getWidthOr() / 2 - v.centerX() * scale;
        ty = getHeightOr() / 2 - v.centerY() * scale;
        requestRedraw();
    }

    public ViewState view() {
        Point2D c = toWorld(getWidthOr() / 2, getHeightOr() / 2);
        return new ViewState(c.getX(), c.getY(), scale);
    }

    private double getWidthOr() {
        return getWidth() > 0 ? getWidth() : 1200;
    }

    private double getHeightOr() {
        return getHeight() > 0 ? getHeight() : 800;
    }

    /** Whether the user moved the view since the graph was opened (then Save records it). */
    public boolean viewMoved() {
        return viewMoved;
    }

    public void setViewMoved(boolean moved) {
        viewMoved = moved;
    }

    public void panBy(double dx, double dy) {
        viewMoved = true;
        tx += dx;
        ty += dy;
        requestRedraw();
    }

    /** Zooms by a factor keeping the canvas point under (sx, sy) in place. */
    public void zoomAt(double sx, double sy, double factor) {
        viewMoved = true;
        double ns = clampZoom(scale * factor);
        Point2D w = toWorld(sx, sy);
        scale = ns;
        tx = sx - w.getX() * scale;
        ty = sy - w.getY() * scale;
        requestRedraw();
    }

    private static double clampZoom(double z) {
        return Math.max(0.02, Math.min(4, z));
    }

    /** Fits every node and group into the view. */
    public void fitAll() {
        Set<String> ids = model.graph().nodes().keySet();
        if (ids.isEmpty() || model.graph().groups().isEmpty()) {
            fit(ids);
            return;
        }
        Bounds b = model.boundsOf(ids, 40);
        double x0 = b.x(), y0 = b.y(), x1 = b.x() + b.width(), y1 = b.y() + b.height();
        for (Group gr : model.graph().groups().values()) {
            Bounds g = gr.bounds();
            x0 = Math.min(x0, g.x() - 20);
            y0 = Math.min(y0, g.y() - 20);
            x1 = Math.max(x1, g.x() + g.width() + 20);
            y1 = Math.max(y1, g.y() + g.height() + 20);
        }
        fitBounds(new Bounds(x0, y0, x1 - x0, y1 - y0));
    }

    public void fitSelection() {
        fit(model.selection().isEmpty() ? model.graph().nodes().keySet() : Set.copyOf(model.selection()));
    }

    private void fit(Set<String> ids) {
        if (ids.isEmpty()) {
            setView(ViewState.DEFAULT);
            return;
        }
        fitBounds(model.boundsOf(ids, 40));
    }

    private void fitBounds(Bounds b) {
        viewMoved = true;
        double z = clampZoom(Math.min(1.5, Math.min(getWidthOr() / b.width(), getHeightOr() / b.height())));
        setView(new ViewState(b.x() + b.width() / 2, b.y() + b.height() / 2, z));
    }

    public void setMinimapVisible(boolean v) {
        minimapVisible = v;
        requestRedraw();
    }

    // ---- painting ----

    public void requestRedraw() {
        if (redrawQueued) return;
        redrawQueued = true;
        Platform.runLater(() -> {
            redrawQueued = false;
            redraw();
        });
    }

    NodeSpec specOf(GraphNode n) {
        return specs.computeIfAbsent(n.type(), t -> model.registry().find(t).map(x -> x.spec()).orElse(null));
    }

    private NodeGeometry geometry(GraphNode n) {
        return NodeGeometry.of(n, specOf(n), model.graph());
    }

    /** Paints the visible part of the graph now. */
    public void redraw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        if (w <= 0 || h <= 0) return;
        GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.setFill(BACKGROUND);
        gc.fillRect(0, 0, w, h);
        drawGrid(gc, w, h);
        Graph g = model.graph();
        Point2D tl = toWorld(0, 0), br = toWorld(w, h);
        double vx0 = tl.getX(), vy0 = tl.getY(), vx1 = br.getX(), vy1 = br.getY();
        boolean detail = scale >= DETAIL_ZOOM;

        for (Group gr : g.groups().values()) drawGroup(gc, gr, vx0, vy0, vx1, vy1, detail);

        Map<String, NodeGeometry> geos = new HashMap<>();
        for (GraphNode n : g.nodes().values()) geos.put(n.id(), geometry(n));
        drawWires(gc, g, geos, vx0, vy0, vx1, vy1, detail);

        for (GraphNode n : g.nodes().values()) {
            NodeGeometry geo = geos.get(n.id());
            if (geo.x() > vx1 || geo.y() > vy1 || geo.x() + geo.width() < vx0 || geo.y() + geo.height() < vy0) continue;
            if (detail) drawNode(gc, n, geo);
            else drawNodeCheap(gc, n, geo);
        }
        if (mode == Mode.WIRE) drawDraggedWire(gc);
        if (mode == Mode.RUBBER) {
            gc.setStroke(SELECTED);
            gc.setLineWidth(1);
            gc.setLineDashes(4, 4);
            gc.strokeRect(Math.min(pressX, curX), Math.min(pressY, curY), Math.abs(curX - pressX), Math.abs(curY - pressY));
            gc.setLineDashes();
            gc.setFill(Color.web("#f2c14e", 0.08));
            gc.fillRect(Math.min(pressX, curX), Math.min(pressY, curY), Math.abs(curX - pressX), Math.abs(curY - pressY));
        }
        if (minimapVisible) drawMinimap(gc, g, geos, w, h);
    }

    private void drawGrid(GraphicsContext gc, double w, double h) {
        double step = EditorModel.GRID * scale;
        while (step < 12) step *= 5; // never more than a line every 12 pixels
        double ox = ((tx % step) + step) % step, oy = ((ty % step) + step) % step;
        gc.setLineWidth(1);
        gc.setStroke(GRID_MINOR);
        for (double x = ox; x < w; x += step) gc.strokeLine(Math.floor(x) + 0.5, 0, Math.floor(x) + 0.5, h);
        for (double y = oy; y < h; y += step) gc.strokeLine(0, Math.floor(y) + 0.5, w, Math.floor(y) + 0.5);
        double major = step * 5;
        double mx = ((tx % major) + major) % major, my = ((ty % major) + major) % major;
        gc.setStroke(GRID_MAJOR);
        for (double x = mx; x < w; x += major) gc.strokeLine(Math.floor(x) + 0.5, 0, Math.floor(x) + 0.5, h);
        for (double y = my; y < h; y += major) gc.strokeLine(0, Math.floor(y) + 0.5, w, Math.floor(y) + 0.5);
    }

    private void drawGroup(GraphicsContext gc, Group gr, double vx0, double vy0, double vx1, double vy1, boolean detail) {
        Bounds b = gr.bounds();
        if (b.x() > vx1 || b.y() > vy1 || b.x() + b.width() < vx0 || b.y() + b.height() < vy0) return;
        Color c = parseColour(gr.colour());
        Point2D p = toLocal(b.x(), b.y());
        double w = b.width() * scale, h = b.height() * scale;
        gc.setFill(c.deriveColor(0, 1, 1, 0.18));
        gc.fillRoundRect(p.getX(), p.getY(), w, h, 8, 8);
        gc.setFill(c.deriveColor(0, 1, 1, 0.7));
        gc.fillRoundRect(p.getX(), p.getY(), w, Math.min(h, NodeGeometry.TITLE_H * scale), 8, 8);
        if (gr.id().equals(dragGroup)) {
            gc.setStroke(SELECTED);
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

    private void drawWires(GraphicsContext gc, Graph g, Map<String, NodeGeometry> geos, double vx0, double vy0, double vx1, double vy1, boolean detail) {
        gc.setLineCap(StrokeLineCap.ROUND);
        gc.setLineWidth(detail ? 2.2 : 1);
        Map<PortRef, DataType> types = model.outputTypes();
        Map<String, List<PortSpec>> ins = new HashMap<>(), outs = new HashMap<>();
        for (Link l : g.links()) {
            if (detached != null && l.equals(detached)) continue;
            NodeGeometry a = geos.get(l.from().node()), b = geos.get(l.to().node());
            GraphNode fn = g.nodes().get(l.from().node()), tn = g.nodes().get(l.to().node());
            int oi = index(outs.computeIfAbsent(fn.id(), k -> model.outputs(fn)), l.from().port());
            int ii = index(ins.computeIfAbsent(tn.id(), k -> model.inputs(tn)), l.to().port());
            double x0 = a.outputX(), y0 = a.outputY(Math.max(0, oi)), x1 = b.inputX(), y1 = b.inputY(Math.max(0, ii));
            if (Math.max(x0, x1) + 100 < vx0 || Math.min(x0, x1) - 100 > vx1 || Math.max(y0, y1) < vy0 || Math.min(y0, y1) > vy1) continue;
            DataType t = types.get(l.from());
            Color c = t == null ? Color.GRAY : CanvasColours.type(t);
            if (fn.muted() || tn.muted()) c = c.deriveColor(0, 0.3, 0.6, 0.5);
            gc.setStroke(c);
            strokeWire(gc, toLocal(x0, y0), toLocal(x1, y1), detail);
        }
    }

    /** The wire under a point of the canvas (within a few pixels of its curve), for double-click reroute. */
    Optional<Link> wireAt(double sx, double sy) {
        Graph g = model.graph();
        Link best = null;
        double bestD = 6;
        for (Link l : g.links()) {
            GraphNode fn = g.nodes().get(l.from().node()), tn = g.nodes().get(l.to().node());
            NodeGeometry a = geometry(fn), b = geometry(tn);
            Point2D p0 = toLocal(a.outputX(), a.outputY(Math.max(0, index(model.outputs(fn), l.from().port()))));
            Point2D p3 = toLocal(b.inputX(), b.inputY(Math.max(0, index(model.inputs(tn), l.to().port()))));
            double dx = Math.max(30 * scale, Math.abs(p3.getX() - p0.getX()) * 0.5);
            // the same bezier strokeWire draws, sampled
            for (int i = 0; i <= 32; i++) {
                double t = i / 32.0, u = 1 - t;
                double x = u * u * u * p0.getX() + 3 * u * u * t * (p0.getX() + dx) + 3 * u * t * t * (p3.getX() - dx) + t * t * t * p3.getX();
                double y = u * u * u * p0.getY() + 3 * u * u * t * p0.getY() + 3 * u * t * t * p3.getY() + t * t * t * p3.getY();
                double d = Math.hypot(x - sx, y - sy);
                if (d < bestD) {
                    bestD = d;
                    best = l;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static int index(List<PortSpec> ports, String name) {
        for (int i = 0; i < ports.size(); i++) if (ports.get(i).name().equals(name)) return i;
        return -1;
    }

    private void strokeWire(GraphicsContext gc, Point2D a, Point2D b, boolean curved) {
        if (!curved) {
            gc.strokeLine(a.getX(), a.getY(), b.getX(), b.getY());
            return;
        }
        double dx = Math.max(30 * scale, Math.abs(b.getX() - a.getX()) * 0.5);
        gc.beginPath();
        gc.moveTo(a.getX(), a.getY());
        gc.bezierCurveTo(a.getX() + dx, a.getY(), b.getX() - dx, b.getY(), b.getX(), b.getY());
        gc.stroke();
    }

    private void drawNodeCheap(GraphicsContext gc, GraphNode n, NodeGeometry geo) {
        Point2D p = toLocal(geo.x(), geo.y());
        NodeSpec s = specOf(n);
        Color c = s == null ? Color.web("#703030") : CanvasColours.category(s.category());
        if (n.muted()) c = c.desaturate().darker();
        gc.setFill(c);
        gc.fillRect(p.getX(), p.getY(), Math.max(1, geo.width() * scale), Math.max(1, geo.height() * scale));
        if (model.selection().contains(n.id())) {
            gc.setStroke(SELECTED);
            gc.setLineWidth(1.5);
            gc.strokeRect(p.getX(), p.getY(), geo.width() * scale, geo.height() * scale);
        }
    }

    private void drawNode(GraphicsContext gc, GraphNode n, NodeGeometry geo) {
        NodeSpec s = specOf(n);
        Point2D p = toLocal(geo.x(), geo.y());
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
        gc.setFill(BODY);
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
            Point2D c = toLocal(geo.inputX(), geo.inputY(i));
            drawPort(gc, c, CanvasColours.type(ps.type()), ref, true, s == null);
            if (!n.collapsed()) {
                gc.setFill(Color.web("#c8c8c8", dimmed(ref) ? 0.3 : 1));
                gc.setTextAlign(TextAlignment.LEFT);
                gc.fillText(ps.name() + (ps.required() ? "" : "?"), c.getX() + 10 * scale, c.getY(), w / 2 - 10 * scale);
            }
        }
        for (int i = 0; i < outs.size(); i++) {
            PortSpec ps = outs.get(i);
            PortRef ref = new PortRef(n.id(), ps.name());
            DataType t = model.outputType(ref, ps.type());
            Point2D c = toLocal(geo.outputX(), geo.outputY(i));
            drawPort(gc, c, CanvasColours.type(t), ref, false, s == null);
            if (!n.collapsed()) {
                gc.setFill(Color.web("#c8c8c8", dimmed(ref) ? 0.3 : 1));
                gc.setTextAlign(TextAlignment.RIGHT);
                gc.fillText(ps.name() + (t != ps.type() ? " (" + t.displayName() + ")" : ""), c.getX() - 10 * scale, c.getY(), w / 2 - 10 * scale);
            }
        }
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
            gc.setStroke(SELECTED);
            gc.setLineWidth(2);
            gc.strokeRoundRect(x - 1, y - 1, w + 2, h + 2, 11, 11);
        }
        drawBadge(gc, n, x + w - 12 * scale, y + th / 2);
    }

    private Font scaledFont(Font f) {
        return Font.font(f.getFamily(), f.getName().contains("Bold") ? FontWeight.BOLD : FontWeight.NORMAL, Math.max(6, f.getSize() * scale));
    }

    private boolean dimmed(PortRef ref) {
        Boolean ok = compatible.get(ref);
        return mode == Mode.WIRE && ok != null && !ok;
    }

    private void drawPort(GraphicsContext gc, Point2D c, Color colour, PortRef ref, boolean input, boolean placeholder) {
        double r = NodeGeometry.PORT_R * scale;
        if (mode == Mode.WIRE && (input != wireFromInput) && !ref.node().equals(wireFrom.node())) {
            Boolean ok = compatible.computeIfAbsent(ref, k -> wireFromInput
                    ? model.canConnect(k, wireFrom, cycleNodes)
                    : model.canConnect(wireFrom, k, cycleNodes));
            if (!ok) colour = colour.deriveColor(0, 0.2, 0.5, 0.35);
            else r *= 1.35;
        }
        gc.setFill(placeholder ? Color.GRAY : colour);
        gc.fillOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
        gc.setStroke(Color.web("#111111"));
        gc.setLineWidth(1);
        gc.strokeOval(c.getX() - r, c.getY() - r, 2 * r, 2 * r);
    }

    private void drawBadge(GraphicsContext gc, GraphNode n, double cx, double cy) {
        NodeEvent e = model.nodeStates().get(n.id());
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
        gc.setFill(Color.web("#1d1e21"));
        gc.fillOval(cx - r - 1, cy - r - 1, 2 * r + 2, 2 * r + 2);
        if (e.state() == NodeState.RUNNING) {
            gc.setStroke(c);
            gc.setLineWidth(2.5 * scale);
            gc.strokeArc(cx - r + 1, cy - r + 1, 2 * r - 2, 2 * r - 2, 90, -360 * Math.max(0.03, e.fraction()), javafx.scene.shape.ArcType.OPEN);
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

    private void drawDraggedWire(GraphicsContext gc) {
        Optional<Point2D> fixed = portPosition(wireFrom, wireFromInput);
        if (fixed.isEmpty()) return;
        Point2D a = toLocal(fixed.get().getX(), fixed.get().getY());
        Point2D b = new Point2D(curX, curY);
        DataType t = wireType();
        gc.setStroke(t == null ? Color.GRAY : CanvasColours.type(t));
        gc.setLineWidth(2.2);
        gc.setLineDashes(6, 4);
        if (wireFromInput) strokeWire(gc, b, a, true);
        else strokeWire(gc, a, b, true);
        gc.setLineDashes();
    }

    private DataType wireType() {
        GraphNode n = model.graph().requireNode(wireFrom.node());
        List<PortSpec> ports = wireFromInput ? model.inputs(n) : model.outputs(n);
        for (PortSpec p : ports) {
            if (p.name().equals(wireFrom.port())) return wireFromInput ? p.type() : model.outputType(wireFrom, p.type());
        }
        return null;
    }

    private void drawMinimap(GraphicsContext gc, Graph g, Map<String, NodeGeometry> geos, double w, double h) {
        if (g.nodes().isEmpty()) return;
        Bounds b = model.boundsOf(g.nodes().keySet(), 100);
        double mx = w - MINIMAP_W - 10, my = h - MINIMAP_H - 10;
        double s = Math.min(MINIMAP_W / b.width(), MINIMAP_H / b.height());
        gc.setFill(Color.web("#111214", 0.85));
        gc.fillRect(mx, my, MINIMAP_W, MINIMAP_H);
        for (GraphNode n : g.nodes().values()) {
            NodeGeometry geo = geos.get(n.id());
            NodeSpec sp = specOf(n);
            gc.setFill(model.selection().contains(n.id()) ? SELECTED : sp == null ? Color.web("#a04040") : CanvasColours.category(sp.category()));
            gc.fillRect(mx + (geo.x() - b.x()) * s, my + (geo.y() - b.y()) * s, Math.max(1.5, geo.width() * s), Math.max(1.5, geo.height() * s));
        }
        Point2D tl = toWorld(0, 0), br = toWorld(w, h);
        double rx = mx + (tl.getX() - b.x()) * s, ry = my + (tl.getY() - b.y()) * s;
        double rw = (br.getX() - tl.getX()) * s, rh = (br.getY() - tl.getY()) * s;
        gc.save();
        gc.beginPath();
        gc.rect(mx, my, MINIMAP_W, MINIMAP_H);
        gc.clip();
        gc.setStroke(Color.WHITE);
        gc.setLineWidth(1);
        gc.strokeRect(rx, ry, rw, rh);
        gc.restore();
        gc.setStroke(Color.web("#444"));
        gc.strokeRect(mx, my, MINIMAP_W, MINIMAP_H);
    }

    private boolean inMinimap(double sx, double sy) {
        return minimapVisible && !model.graph().nodes().isEmpty() && sx >= getWidth() - MINIMAP_W - 10 && sx <= getWidth() - 10
                && sy >= getHeight() - MINIMAP_H - 10 && sy <= getHeight() - 10;
    }

    private void centreFromMinimap(double sx, double sy) {
        Bounds b = model.boundsOf(model.graph().nodes().keySet(), 100);
        double s = Math.min(MINIMAP_W / b.width(), MINIMAP_H / b.height());
        double wx = b.x() + (sx - (getWidth() - MINIMAP_W - 10)) / s;
        double wy = b.y() + (sy - (getHeight() - MINIMAP_H - 10)) / s;
        setView(new ViewState(wx, wy, scale));
    }

    static Color parseColour(String s) {
        try {
            return Color.web(s);
        } catch (IllegalArgumentException e) {
            return Color.web("#5A6B7C");
        }
    }

    // ---- hit testing ----

    /** A port under a canvas-local point: (ref, isInput), searched over visible nodes, topmost first. */
    private record PortHit(PortRef ref, boolean input) {
    }

    private Optional<PortHit> portAt(double sx, double sy) {
        Point2D w = toWorld(sx, sy);
        double tol = Math.max(NodeGeometry.PORT_R + 3, 8 / scale);
        List<GraphNode> ns = new ArrayList<>(model.graph().nodes().values());
        for (int k = ns.size() - 1; k >= 0; k--) {
            GraphNode n = ns.get(k);
            NodeGeometry geo = geometry(n);
            if (w.getX() < geo.x() - tol || w.getX() > geo.x() + geo.width() + tol || w.getY() < geo.y() - tol || w.getY() > geo.y() + geo.height() + tol) continue;
            List<PortSpec> ins = model.inputs(n), outs = model.outputs(n);
            if (geo.isReroute()) {
                // A dot's two ports sit at its centre. While a wire is dragged the dot offers the
                // end that fits; otherwise its right or left edge starts a wire, its middle moves it.
                double cx = geo.x() + geo.width() / 2;
                if (Math.hypot(w.getX() - cx, w.getY() - (geo.y() + geo.height() / 2)) > geo.width() / 2 + 2) continue;
                boolean input = mode == Mode.WIRE ? !wireFromInput : w.getX() < cx - 3;
                if (mode != Mode.WIRE && Math.abs(w.getX() - cx) <= 3) continue;
                return Optional.of(new PortHit(new PortRef(n.id(), input ? "in" : "out"), input));
            }
            for (int i = 0; i < ins.size(); i++) {
                if (Math.hypot(w.getX() - geo.inputX(), w.getY() - geo.inputY(i)) <= tol) return Optional.of(new PortHit(new PortRef(n.id(), ins.get(i).name()), true));
            }
            for (int i = 0; i < outs.size(); i++) {
                if (Math.hypot(w.getX() - geo.outputX(), w.getY() - geo.outputY(i)) <= tol) return Optional.of(new PortHit(new PortRef(n.id(), outs.get(i).name()), false));
            }
        }
        return Optional.empty();
    }

    /** The topmost node under a canvas-local point (nodes are painted in id order, so the last wins). */
    public Optional<GraphNode> nodeAt(double sx, double sy) {
        Point2D w = toWorld(sx, sy);
        GraphNode hit = null;
        for (GraphNode n : model.graph().nodes().values()) if (geometry(n).contains(w.getX(), w.getY())) hit = n;
        return Optional.ofNullable(hit);
    }

    private Optional<Group> groupTitleAt(double sx, double sy) {
        Point2D w = toWorld(sx, sy);
        for (Group gr : model.graph().groups().values()) {
            Bounds b = gr.bounds();
            if (w.getX() >= b.x() && w.getX() <= b.x() + b.width() && w.getY() >= b.y() && w.getY() <= b.y() + NodeGeometry.TITLE_H) return Optional.of(gr);
        }
        return Optional.empty();
    }

    // ---- gestures ----

    private void pressed(MouseEvent e) {
        requestFocus();
        pressX = lastX = curX = e.getX();
        pressY = lastY = curY = e.getY();
        if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && spaceDown)) {
            mode = Mode.PAN;
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) return;
        if (inMinimap(e.getX(), e.getY())) {
            centreFromMinimap(e.getX(), e.getY());
            mode = Mode.NONE;
            return;
        }
        Optional<PortHit> port = portAt(e.getX(), e.getY());
        if (port.isPresent()) {
            startWire(port.get());
            return;
        }
        Optional<GraphNode> node = nodeAt(e.getX(), e.getY());
        if (node.isPresent()) {
            String id = node.get().id();
            dragGroup = null;
            if (e.isShiftDown() || e.isShortcutDown()) {
                if (!model.selection().remove(id)) model.selection().add(id);
                mode = Mode.NONE;
                return;
            }
            if (e.getClickCount() == 2) {
                model.select(List.of(id));
                model.toggleCollapse();
                mode = Mode.NONE;
                return;
            }
            if (!model.selection().contains(id)) model.select(List.of(id));
            mode = Mode.MOVE;
            dragAnchor = id;
            appliedDx = appliedDy = 0;
            return;
        }
        Optional<Group> group = groupTitleAt(e.getX(), e.getY());
        if (group.isPresent()) {
            dragGroup = group.get().id();
            model.selection().clear();
            mode = Mode.GROUP_MOVE;
            appliedDx = appliedDy = 0;
            requestRedraw();
            return;
        }
        dragGroup = null;
        if (e.getClickCount() == 2) {
            mode = Mode.NONE;
            Optional<Link> wire = wireAt(e.getX(), e.getY());
            if (wire.isPresent()) {
                Point2D w = toWorld(e.getX(), e.getY());
                model.insertReroute(wire.get(), w.getX() - NodeGeometry.REROUTE_SIZE / 2, w.getY() - NodeGeometry.REROUTE_SIZE / 2);
                return;
            }
            quickAdd.accept(localToScreen(e.getX(), e.getY()), null);
            return;
        }
        mode = Mode.RUBBER;
        rubberBase = e.isShiftDown() || e.isShortcutDown() ? Set.copyOf(model.selection()) : Set.of();
        if (rubberBase.isEmpty()) model.selection().clear();
    }

    private void startWire(PortHit hit) {
        compatible.clear();
        detached = null;
        if (hit.input()) {
            Optional<Link> existing = model.linkInto(hit.ref());
            if (existing.isPresent()) {
                // pick up the input end of an existing wire: drop elsewhere to reconnect, on empty canvas to detach
                detached = existing.get();
                wireFrom = detached.from();
                wireFromInput = false;
            } else {
                wireFrom = hit.ref();
                wireFromInput = true;
            }
        } else {
            wireFrom = hit.ref();
            wireFromInput = false;
        }
        // from an output, nodes upstream of it would feed themselves; from an input, nodes downstream
        Set<String> around = wireFromInput ? model.graph().downstreamOf(List.of(wireFrom.node())) : model.graph().upstreamOf(List.of(wireFrom.node()));
        cycleNodes = around;
        mode = Mode.WIRE;
        requestRedraw();
    }

    private void dragged(MouseEvent e) {
        curX = e.getX();
        curY = e.getY();
        switch (mode) {
            case PAN -> panBy(e.getX() - lastX, e.getY() - lastY);
            case MOVE -> moveSelection();
            case GROUP_MOVE -> moveGroup();
            case RUBBER -> {
                Point2D a = toWorld(Math.min(pressX, curX), Math.min(pressY, curY));
                Point2D b = toWorld(Math.max(pressX, curX), Math.max(pressY, curY));
                Set<String> sel = new HashSet<>(rubberBase);
                for (GraphNode n : model.graph().nodes().values()) {
                    NodeGeometry geo = geometry(n);
                    if (geo.x() < b.getX() && geo.x() + geo.width() > a.getX() && geo.y() < b.getY() && geo.y() + geo.height() > a.getY()) sel.add(n.id());
                }
                if (!sel.equals(model.selection())) model.select(sel);
                requestRedraw();
            }
            case WIRE -> {
                Optional<PortHit> over = portAt(curX, curY);
                model.setStatus(over.map(h -> h.input() == wireFromInput || h.ref().node().equals(wireFrom.node()) ? ""
                        : (wireFromInput ? model.whyNotConnect(h.ref(), wireFrom) : model.whyNotConnect(wireFrom, h.ref()))
                        .map(r -> "Cannot connect: " + r).orElse("Release to connect " + h.ref())).orElse(""));
                requestRedraw();
            }
            default -> { }
        }
        lastX = e.getX();
        lastY = e.getY();
    }

    /** Live move inside one transaction: the anchor node snaps to the grid, the others keep their offsets. */
    private void moveSelection() {
        if (drag == null) {
            if (Math.hypot(curX - pressX, curY - pressY) < 3) return;
            drag = model.document().begin(model.selection().size() == 1 ? "Move node" : "Move " + model.selection().size() + " nodes");
        }
        GraphNode anchor = model.graph().requireNode(dragAnchor);
        double startX = anchor.x() - appliedDx, startY = anchor.y() - appliedDy;
        double dx = EditorModel.snap(startX + (curX - pressX) / scale) - startX;
        double dy = EditorModel.snap(startY + (curY - pressY) / scale) - startY;
        if (dx != appliedDx || dy != appliedDy) {
            model.document().execute(model.commands().moveNodes(List.copyOf(model.selection()), dx - appliedDx, dy - appliedDy));
            appliedDx = dx;
            appliedDy = dy;
        }
    }

    private void moveGroup() {
        if (drag == null) {
            if (Math.hypot(curX - pressX, curY - pressY) < 3) return;
            drag = model.document().begin("Move group");
        }
        double dx = EditorModel.snap((curX - pressX) / scale), dy = EditorModel.snap((curY - pressY) / scale);
        if (dx != appliedDx || dy != appliedDy) {
            model.document().execute(model.commands().moveGroup(dragGroup, dx - appliedDx, dy - appliedDy));
            appliedDx = dx;
            appliedDy = dy;
        }
    }

    private void released(MouseEvent e) {
        curX = e.getX();
        curY = e.getY();
        Mode m = mode;
        mode = Mode.NONE;
        if (drag != null) {
            Document.Transaction t = drag;
            drag = null;
            t.commit();
        }
        if (m == Mode.WIRE) dropWire(e);
        compatible.clear();
        requestRedraw();
    }

    private void dropWire(MouseEvent e) {
        Link was = detached;
        detached = null;
        Optional<PortHit> over = portAt(e.getX(), e.getY());
        if (over.isPresent() && !over.get().ref().node().equals(wireFrom.node()) && over.get().input() != wireFromInput) {
            PortRef target = over.get().ref();
            if (was != null) {
                if (target.equals(was.to())) return;
                model.executeAll("Reconnect " + was.from(), List.of(model.commands().disconnect(was), model.commands().connect(wireFrom, target)));
            } else if (wireFromInput) {
                model.connect(target, wireFrom);
            } else {
                model.connect(wireFrom, target);
            }
            return;
        }
        if (over.isPresent()) {
            model.setStatus("");
            return;
        }
        if (was != null) {
            model.execute(model.commands().disconnect(was));
            model.setStatus("Disconnected " + was.to());
            return;
        }
        if (Math.hypot(e.getX() - pressX, e.getY() - pressY) > 10) {
            quickAdd.accept(localToScreen(e.getX(), e.getY()), new WireDrop(wireFrom, wireType(), wireFromInput));
        }
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0) return;
        zoomAt(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()));
        e.consume();
    }

    private void hover(MouseEvent e) {
        lastX = curX = e.getX();
        lastY = curY = e.getY();
        String text = null;
        Optional<PortHit> port = portAt(e.getX(), e.getY());
        if (port.isPresent()) {
            GraphNode n = model.graph().requireNode(port.get().ref().node());
            for (PortSpec p : port.get().input() ? model.inputs(n) : model.outputs(n)) {
                if (p.name().equals(port.get().ref().port())) {
                    DataType t = port.get().input() ? p.type() : model.outputType(port.get().ref(), p.type());
                    text = port.get().ref() + " : " + t.displayName() + (p.description().isEmpty() ? "" : "\n" + p.description());
                }
            }
        } else {
            Optional<GraphNode> n = nodeAt(e.getX(), e.getY());
            if (n.isPresent()) {
                NodeEvent ev = model.nodeStates().get(n.get().id());
                NodeSpec s = specOf(n.get());
                StringBuilder sb = new StringBuilder(n.get().id()).append(" \u2014 ").append(s == null ? "type '" + n.get().type() + "' is not installed" : s.displayName());
                if (ev != null) sb.append("\n").append(ev.state().name().toLowerCase(Locale.ROOT)).append(ev.message().isEmpty() ? "" : ": " + ev.message());
                text = sb.toString();
            }
        }
        if (text == null) {
            Tooltip.uninstall(this, tooltip);
        } else {
            tooltip.setText(text);
            Tooltip.install(this, tooltip);
        }
    }

    private void keyPressed(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) return;
        switch (e.getCode()) {
            case SPACE -> spaceDown = true;
            case F -> {
                if (e.isShiftDown()) fitSelection();
                else fitAll();
            }
            case DELETE, BACK_SPACE -> model.deleteSelection();
            case B -> model.toggleBypass();
            case M -> model.toggleMute();
            case H -> model.toggleCollapse();
            case TAB -> quickAdd.accept(localToScreen(lastX, lastY), null);
            case ESCAPE -> model.selection().clear();
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** The canvas point under the last mouse position (where Tab and paste put nodes). */
    public Point2D mouseWorld() {
        return toWorld(lastX, lastY);
    }

    public String selectedGroup() {
        return dragGroup;
    }

    public void clearSelectedGroup() {
        dragGroup = null;
        requestRedraw();
    }
}
