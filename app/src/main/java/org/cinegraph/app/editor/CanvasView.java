package org.cinegraph.app.editor;

import javafx.application.Platform;
import javafx.collections.SetChangeListener;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.ViewState;
import org.cinegraph.render.NodeEvent;
import org.cinegraph.render.RenderProgress;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.PortSpec;

import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The node-graph canvas: one {@link Canvas} (no scene node per graph element) in the rooms of a
 * drawing program. {@link Viewport} is the pan/zoom transform, {@link CanvasPainter} draws,
 * {@link CanvasHits} says what is under the mouse, {@link CanvasGestures} turns presses and drags
 * into commands on the model; this class wires them to the scene (events, keys, tooltips,
 * repaint once per pulse) and is what the window talks to.
 */
public final class CanvasView extends Region {
    private static final ViewState FIT = new ViewState(0, 0, 1);

    private final EditorModel model;
    private final Canvas canvas = new Canvas();
    private final Tooltip tooltip = new Tooltip();
    private final Viewport vp = new Viewport();
    private final Minimap minimap;
    private final CanvasHits hits;
    private final CanvasPainter painter;
    private final CanvasGestures gestures;
    private NodePreviews previews;
    private ViewState pendingView;
    private boolean redrawQueued;
    private BiConsumer<Point2D, WireDrop> quickAdd = (p, w) -> { };
    private java.util.function.Predicate<String> openNode = id -> false;
    private java.util.function.BooleanSupplier enterSelection = () -> false;
    private Runnable leaveSubgraph = () -> { };

    /** A wire dropped on empty canvas: the fixed port, its type and which end it is. */
    public record WireDrop(PortRef port, DataType type, boolean fromInput) {
    }

    public CanvasView(EditorModel model) {
        this.model = model;
        this.minimap = new Minimap(model);
        this.hits = new CanvasHits(model, vp);
        this.painter = new CanvasPainter(model, vp, minimap);
        this.gestures = new CanvasGestures(this, model, vp, hits, minimap);
        getChildren().add(canvas);
        setFocusTraversable(true);
        setMinSize(100, 100);
        canvas.widthProperty().addListener(o -> requestRedraw());
        canvas.heightProperty().addListener(o -> requestRedraw());
        model.addDocumentListener(m -> requestRedraw());
        model.addStatesListener(m -> requestRedraw());
        model.selection().addListener((SetChangeListener<String>) c -> requestRedraw());
        addEventHandler(MouseEvent.MOUSE_PRESSED, gestures::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, gestures::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, gestures::released);
        addEventHandler(MouseEvent.MOUSE_MOVED, this::hover);
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventHandler(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) gestures.setSpaceDown(false);
        });
        tooltip.setShowDelay(Duration.millis(300));
    }

    /**
     * Subgraphs: double-click on a node opens it when {@code openNode} says it did (entering a
     * subgraph; other nodes collapse); Tab enters the selected subgraph when {@code enterSelection}
     * does (else quick add); Shift+Tab leaves.
     */
    public void setSubgraphNavigation(java.util.function.Predicate<String> openNode, java.util.function.BooleanSupplier enterSelection, Runnable leave) {
        this.openNode = openNode;
        this.enterSelection = enterSelection;
        this.leaveSubgraph = leave;
    }

    boolean openNode(String id) {
        return openNode.test(id);
    }

    /** What to do when a wire is dropped on empty canvas or Tab / double-click asks for a node: open quick add. */
    public void setQuickAdd(BiConsumer<Point2D, WireDrop> handler) {
        this.quickAdd = handler;
    }

    /** Opens quick add at a canvas-local point, for a dropped wire or none. */
    void openQuickAdd(double x, double y, WireDrop wire) {
        quickAdd.accept(localToScreen(x, y), wire);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        if (pendingView != null && getWidth() > 0 && getHeight() > 0) {
            ViewState v = pendingView;
            pendingView = null;
            showOrFit(v == FIT ? null : v);
            vp.setMoved(false); // shown as opened, not moved by the user
        }
    }

    /**
     * Shows a view once the canvas has its size (a file opened before the window is laid out);
     * {@code null} fits the graph, and so does a stored view that would leave part of the graph
     * outside this canvas (it was saved from another window size): a graph opens whole.
     */
    public void showWhenLaidOut(ViewState v) {
        if (getWidth() > 0 && getHeight() > 0) showOrFit(v);
        else pendingView = v == null ? FIT : v;
    }

    private void showOrFit(ViewState v) {
        if (v == null || model.graph().nodes().isEmpty()) {
            if (v == null) fitAll();
            else setView(v);
            return;
        }
        setView(v);
        Bounds b = model.boundsOf(model.graph().nodes().keySet(), 0);
        Point2D tl = vp.toWorld(0, 0), br = vp.toWorld(getWidth(), getHeight());
        if (b.x() < tl.getX() || b.y() < tl.getY() || b.x() + b.width() > br.getX() || b.y() + b.height() > br.getY()) fitAll();
    }

    // ---- viewport ----

    public double scale() {
        return vp.scale();
    }

    public Point2D toWorld(double sx, double sy) {
        return vp.toWorld(sx, sy);
    }

    public Point2D toLocal(double wx, double wy) {
        return vp.toLocal(wx, wy);
    }

    /** Screen coordinates of a canvas point, for tests and popups. */
    public Point2D toScreen(double wx, double wy) {
        Point2D p = toLocal(wx, wy);
        return localToScreen(p.getX(), p.getY());
    }

    /** The canvas point (world units) of a port's centre. */
    public Optional<Point2D> portPosition(PortRef ref, boolean input) {
        return hits.portPosition(ref, input);
    }

    public void setView(ViewState v) {
        vp.set(v, widthOr(), heightOr());
        requestRedraw();
    }

    public ViewState view() {
        return vp.get(widthOr(), heightOr());
    }

    /** Centres the view on a world point at the current zoom. */
    void centreOn(double wx, double wy) {
        setView(new ViewState(wx, wy, vp.scale()));
    }

    private double widthOr() {
        return getWidth() > 0 ? getWidth() : 1200;
    }

    private double heightOr() {
        return getHeight() > 0 ? getHeight() : 800;
    }

    /** Whether the user moved the view since the graph was opened (then Save records it). */
    public boolean viewMoved() {
        return vp.moved();
    }

    public void setViewMoved(boolean moved) {
        vp.setMoved(moved);
    }

    public void panBy(double dx, double dy) {
        vp.panBy(dx, dy);
        requestRedraw();
    }

    /** Zooms by a factor keeping the canvas point under (sx, sy) in place. */
    public void zoomAt(double sx, double sy, double factor) {
        vp.zoomAt(sx, sy, factor);
        requestRedraw();
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
        vp.fit(b, widthOr(), heightOr());
        requestRedraw();
    }

    /** Shows live previews in nodes (they make nodes taller); P toggles them for the selection. */
    public void setPreviews(NodePreviews p) {
        previews = p;
        painter.setPreviews(p);
        model.setPreviewShown(p::shows);
        requestRedraw();
    }

    public NodePreviews previews() {
        return previews;
    }

    Minimap minimap() {
        return minimap;
    }

    public void setMinimapVisible(boolean v) {
        minimap.setVisible(v);
        requestRedraw();
    }

    // ---- painting ----

    /** Repaints once, in the next pulse, however many changes come before it. */
    public void requestRedraw() {
        if (redrawQueued) return;
        redrawQueued = true;
        Platform.runLater(() -> {
            redrawQueued = false;
            redraw();
        });
    }

    /** Paints the visible part of the graph now. */
    public void redraw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        if (w <= 0 || h <= 0) return;
        painter.paint(canvas.getGraphicsContext2D(), w, h, gestures.current(), gestures.selectedGroup());
    }

    // ---- pointer and keys outside gestures ----

    /** The topmost node under a canvas-local point. */
    public Optional<GraphNode> nodeAt(double sx, double sy) {
        return hits.nodeAt(sx, sy);
    }

    /** What is under a canvas point: nodes, ports, wires, group title bars (the context menus ask). */
    CanvasHits hits() {
        return hits;
    }

    /** Whether a port is shown dimmed now: a wire is being dragged and dropping it there would be refused. */
    boolean dims(PortRef ref, boolean input) {
        return gestures.current() instanceof CanvasGestures.Wiring w && w.offers(ref, input) && !w.accepts(ref);
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0) return;
        zoomAt(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()));
        e.consume();
    }

    private void hover(MouseEvent e) {
        gestures.moved(e);
        String text = tooltipAt(e.getX(), e.getY());
        if (text == null) {
            Tooltip.uninstall(this, tooltip);
        } else {
            tooltip.setText(text);
            Tooltip.install(this, tooltip);
        }
    }

    /** A port's name, type and description; a node's id, type, last render (time, cache hit or why it ran) and preview trouble. */
    String tooltipAt(double x, double y) {
        Optional<CanvasHits.PortHit> port = hits.portAt(x, y, null);
        if (port.isPresent()) {
            PortRef ref = port.get().ref();
            GraphNode n = model.graph().requireNode(ref.node());
            for (PortSpec p : port.get().input() ? model.inputs(n) : model.outputs(n)) {
                if (!p.name().equals(ref.port())) continue;
                DataType t = port.get().input() ? p.type() : model.outputType(ref, p.type());
                return ref + " : " + t.displayName() + (p.description().isEmpty() ? "" : "\n" + p.description());
            }
            return null;
        }
        Optional<GraphNode> n = hits.nodeAt(x, y);
        if (n.isEmpty()) return null;
        NodeEvent ev = model.nodeState(n.get().id()).orElse(null);
        NodeSpec s = model.spec(n.get()).orElse(null);
        StringBuilder sb = new StringBuilder(n.get().id()).append(" \u2014 ").append(s == null ? "type '" + n.get().type() + "' is not installed" : s.displayName());
        if (ev != null) sb.append("\n").append(RenderProgress.describe(ev, ev.millis()));
        String noPreview = previews == null ? null : previews.error(n.get().id());
        if (noPreview != null) sb.append("\nNo preview: ").append(noPreview);
        return sb.toString();
    }

    private void keyPressed(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) return;
        switch (e.getCode()) {
            case SPACE -> gestures.setSpaceDown(true);
            case F -> {
                if (e.isShiftDown()) fitSelection();
                else fitAll();
            }
            case DELETE, BACK_SPACE -> model.deleteSelection();
            case B -> model.toggleBypass();
            case M -> model.toggleMute();
            case H -> model.toggleCollapse();
            case P -> {
                if (previews != null) previews.toggle(model.selection());
            }
            case TAB -> {
                if (e.isShiftDown()) leaveSubgraph.run();
                else if (!enterSelection.getAsBoolean()) openQuickAdd(gestures.mouse().getX(), gestures.mouse().getY(), null);
            }
            case ESCAPE -> model.selection().clear();
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** The canvas point under the last mouse position (where Tab and paste put nodes). */
    public Point2D mouseWorld() {
        return toWorld(gestures.mouse().getX(), gestures.mouse().getY());
    }

    /** The group whose title bar was clicked last, or null. */
    public String selectedGroup() {
        return gestures.selectedGroup();
    }

    /** Selects a group (its title bar highlighted; Edit and Delete Group act on it). */
    public void selectGroup(String id) {
        gestures.selectGroup(id);
        requestRedraw();
    }

    public void clearSelectedGroup() {
        gestures.clearSelectedGroup();
        requestRedraw();
    }
}
