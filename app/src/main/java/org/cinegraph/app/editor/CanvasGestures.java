package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.PortSpec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mouse on the canvas as a state machine. A press picks the gesture from what is under it
 * ({@link #pressed}); drags and the release go to that gesture alone, and the release returns
 * to {@link Idle}. Moves and reconnects are one undo step each. The painter draws the rubber
 * band and the dragged wire from the gesture in progress.
 */
final class CanvasGestures {
    /** A press-drag-release in progress. */
    sealed interface Gesture permits Idle, Panning, Dragging, RubberBand, Wiring, OnMinimap {
        default void drag(double x, double y) {
        }

        default void release(double x, double y) {
        }
    }

    private final CanvasView view;
    private final EditorModel model;
    private final Viewport vp;
    private final CanvasHits hits;
    private final Minimap minimap;
    private Gesture gesture = Idle.IDLE;
    private boolean spaceDown;
    private double mouseX, mouseY;
    private String selectedGroup;

    CanvasGestures(CanvasView view, EditorModel model, Viewport vp, CanvasHits hits, Minimap minimap) {
        this.view = view;
        this.model = model;
        this.vp = vp;
        this.hits = hits;
        this.minimap = minimap;
    }

    Gesture current() {
        return gesture;
    }

    /** Space held: a primary drag pans. */
    void setSpaceDown(boolean down) {
        spaceDown = down;
    }

    /** The last mouse position on the canvas (canvas-local), where Tab and paste put nodes. */
    Point2D mouse() {
        return new Point2D(mouseX, mouseY);
    }

    /** The group whose title bar was clicked last (Edit Group and Delete Group act on it), or null. */
    String selectedGroup() {
        return selectedGroup;
    }

    void clearSelectedGroup() {
        selectedGroup = null;
    }

    void selectGroup(String id) {
        selectedGroup = id;
    }

    // ---- events ----

    void pressed(MouseEvent e) {
        view.requestFocus();
        double x = e.getX(), y = e.getY();
        mouseX = x;
        mouseY = y;
        gesture = Idle.IDLE;
        if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && spaceDown)) {
            gesture = new Panning(x, y);
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) return;
        if (minimap.contains(x, y, view.getWidth(), view.getHeight())) {
            boolean grip = minimap.onGrip(x, y, view.getWidth(), view.getHeight());
            if (grip && e.getClickCount() == 2) minimap.placeIn(null);
            gesture = new OnMinimap(grip);
            if (!grip) gesture.drag(x, y);
            view.requestRedraw();
            return;
        }
        Optional<CanvasHits.PortHit> port = hits.portAt(x, y, null);
        if (port.isPresent()) {
            gesture = startWire(port.get(), x, y);
            view.requestRedraw();
            return;
        }
        Optional<GraphNode> node = hits.nodeAt(x, y);
        if (node.isPresent()) {
            pressedOnNode(e, node.get().id());
            return;
        }
        Optional<Group> group = hits.groupTitleAt(x, y);
        if (group.isPresent()) {
            selectedGroup = group.get().id();
            model.selection().clear();
            gesture = new MovingGroup(selectedGroup, x, y);
            view.requestRedraw();
            return;
        }
        selectedGroup = null;
        if (e.getClickCount() == 2) {
            Optional<Link> wire = hits.wireAt(x, y);
            if (wire.isPresent()) {
                Point2D w = vp.toWorld(x, y);
                model.insertReroute(wire.get(), w.getX() - NodeGeometry.REROUTE_SIZE / 2, w.getY() - NodeGeometry.REROUTE_SIZE / 2);
            } else {
                view.openQuickAdd(x, y, null);
            }
            return;
        }
        Set<String> base = e.isShiftDown() || e.isShortcutDown() ? Set.copyOf(model.selection()) : Set.of();
        if (base.isEmpty()) model.selection().clear();
        gesture = new RubberBand(x, y, base);
    }

    private void pressedOnNode(MouseEvent e, String id) {
        selectedGroup = null;
        if (e.isShiftDown() || e.isShortcutDown()) {
            if (!model.selection().remove(id)) model.selection().add(id);
            return;
        }
        if (e.getClickCount() == 2) {
            model.select(List.of(id));
            if (!view.openNode(id)) model.toggleCollapse();
            return;
        }
        if (!model.selection().contains(id)) model.select(List.of(id));
        gesture = new MovingNodes(id, e.getX(), e.getY());
    }

    /**
     * A wire from an output, or from a free input; pressing a connected input picks up that
     * link's input end (drop elsewhere to reconnect, on empty canvas to detach).
     */
    private Wiring startWire(CanvasHits.PortHit hit, double x, double y) {
        if (hit.input()) {
            Optional<Link> existing = model.linkInto(hit.ref());
            if (existing.isPresent()) return new Wiring(existing.get().from(), false, existing.get(), x, y);
            return new Wiring(hit.ref(), true, null, x, y);
        }
        return new Wiring(hit.ref(), false, null, x, y);
    }

    void dragged(MouseEvent e) {
        gesture.drag(e.getX(), e.getY());
        mouseX = e.getX();
        mouseY = e.getY();
    }

    void released(MouseEvent e) {
        Gesture g = gesture;
        gesture = Idle.IDLE;
        g.release(e.getX(), e.getY());
        view.requestRedraw();
    }

    /** The mouse moved with no button down. */
    void moved(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
    }

    // ---- the gestures ----

    enum Idle implements Gesture { IDLE }

    /** A press on the minimap: on its grip it moves the minimap to the corner it is dropped nearest; else the view follows the pointer. */
    final class OnMinimap implements Gesture {
        private final boolean grip;

        OnMinimap(boolean grip) {
            this.grip = grip;
        }

        @Override
        public void drag(double x, double y) {
            if (grip) return;
            Point2D w = minimap.worldAt(x, y, view.getWidth(), view.getHeight());
            view.centreOn(w.getX(), w.getY());
        }

        @Override
        public void release(double x, double y) {
            if (grip && !minimap.onGrip(x, y, view.getWidth(), view.getHeight())) {
                minimap.placeIn(Minimap.nearest(x, y, view.getWidth(), view.getHeight()));
            }
        }
    }

    /** Middle drag, or primary drag with Space held: moves the view. */
    final class Panning implements Gesture {
        private double lastX, lastY;

        Panning(double x, double y) {
            lastX = x;
            lastY = y;
        }

        @Override
        public void drag(double x, double y) {
            view.panBy(x - lastX, y - lastY);
            lastX = x;
            lastY = y;
        }
    }

    /**
     * Moves something with the mouse once it has gone 3 pixels from the press, live inside one
     * transaction, so the whole drag is one undo step; the offset snaps to the grid.
     */
    abstract sealed class Dragging implements Gesture permits MovingNodes, MovingGroup {
        final double pressX, pressY;
        private double appliedDx, appliedDy;
        private Document.Transaction tx;

        Dragging(double pressX, double pressY) {
            this.pressX = pressX;
            this.pressY = pressY;
        }

        /** The undo step's name. */
        abstract String stepName();

        /** The snapped world offset from the start of the drag for a mouse at (x, y). */
        abstract Point2D offset(double x, double y, double appliedDx, double appliedDy);

        /** Moves by (dx, dy) more. */
        abstract void moveBy(double dx, double dy);

        @Override
        public void drag(double x, double y) {
            if (tx == null) {
                if (Math.hypot(x - pressX, y - pressY) < 3) return;
                tx = model.document().begin(stepName());
            }
            Point2D d = offset(x, y, appliedDx, appliedDy);
            if (d.getX() != appliedDx || d.getY() != appliedDy) {
                moveBy(d.getX() - appliedDx, d.getY() - appliedDy);
                appliedDx = d.getX();
                appliedDy = d.getY();
            }
        }

        @Override
        public void release(double x, double y) {
            if (tx != null) tx.commit();
        }
    }

    /** Drags the selection: the node pressed snaps to the grid, the others keep their offsets to it. */
    final class MovingNodes extends Dragging {
        private final String anchor;

        MovingNodes(String anchor, double pressX, double pressY) {
            super(pressX, pressY);
            this.anchor = anchor;
        }

        @Override
        String stepName() {
            return model.selection().size() == 1 ? "Move node" : "Move " + model.selection().size() + " nodes";
        }

        @Override
        Point2D offset(double x, double y, double appliedDx, double appliedDy) {
            GraphNode a = model.graph().requireNode(anchor);
            double startX = a.x() - appliedDx, startY = a.y() - appliedDy;
            return new Point2D(EditorModel.snap(startX + (x - pressX) / vp.scale()) - startX,
                    EditorModel.snap(startY + (y - pressY) / vp.scale()) - startY);
        }

        @Override
        void moveBy(double dx, double dy) {
            model.document().execute(model.commands().moveNodes(List.copyOf(model.selection()), dx, dy));
        }
    }

    /** Drags a group by its title bar, with its nodes. */
    final class MovingGroup extends Dragging {
        private final String group;

        MovingGroup(String group, double pressX, double pressY) {
            super(pressX, pressY);
            this.group = group;
        }

        @Override
        String stepName() {
            return "Move group";
        }

        @Override
        Point2D offset(double x, double y, double appliedDx, double appliedDy) {
            return new Point2D(EditorModel.snap((x - pressX) / vp.scale()), EditorModel.snap((y - pressY) / vp.scale()));
        }

        @Override
        void moveBy(double dx, double dy) {
            model.document().execute(model.commands().moveGroup(group, dx, dy));
        }
    }

    /** Selects the nodes the rectangle from the press touches, added to {@code base} (Shift/Ctrl). */
    final class RubberBand implements Gesture {
        private final double pressX, pressY;
        private final Set<String> base;
        private double x, y;

        RubberBand(double pressX, double pressY, Set<String> base) {
            this.pressX = x = pressX;
            this.pressY = y = pressY;
            this.base = base;
        }

        double pressX() {
            return pressX;
        }

        double pressY() {
            return pressY;
        }

        double x() {
            return x;
        }

        double y() {
            return y;
        }

        @Override
        public void drag(double x, double y) {
            this.x = x;
            this.y = y;
            Point2D a = vp.toWorld(Math.min(pressX, x), Math.min(pressY, y));
            Point2D b = vp.toWorld(Math.max(pressX, x), Math.max(pressY, y));
            Set<String> sel = new HashSet<>(base);
            for (GraphNode n : model.graph().nodes().values()) {
                NodeGeometry geo = model.geometry(n);
                if (geo.x() < b.getX() && geo.x() + geo.width() > a.getX() && geo.y() < b.getY() && geo.y() + geo.height() > a.getY()) sel.add(n.id());
            }
            if (!sel.equals(model.selection())) model.select(sel);
            view.requestRedraw();
        }
    }

    /**
     * A wire dragged from a fixed port ({@code from}; an input when {@code fromInput}). Ports it
     * could go to are checked once per drag against the connection rule and a cycle set
     * ({@link EditorModel#canConnect}); the status line says what releasing would do.
     */
    final class Wiring implements Gesture {
        private final PortRef from;
        private final boolean fromInput;
        private final Link detached;
        private final double pressX, pressY;
        private final Set<String> cycleNodes;
        private final Map<PortRef, Boolean> accepted = new HashMap<>();
        private double x, y;

        Wiring(PortRef from, boolean fromInput, Link detached, double pressX, double pressY) {
            this.from = from;
            this.fromInput = fromInput;
            this.detached = detached;
            this.pressX = x = pressX;
            this.pressY = y = pressY;
            // from an output, nodes upstream of it would feed themselves; from an input, nodes downstream
            this.cycleNodes = fromInput ? model.graph().downstreamOf(List.of(from.node())) : model.graph().upstreamOf(List.of(from.node()));
        }

        boolean fromInput() {
            return fromInput;
        }

        /** The link whose input end was picked up (not painted while dragged), or null. */
        Link detached() {
            return detached;
        }

        double x() {
            return x;
        }

        double y() {
            return y;
        }

        /** Whether the wire could end on this port: the other kind of port, on another node. */
        boolean offers(PortRef ref, boolean input) {
            return input != fromInput && !ref.node().equals(from.node());
        }

        /** Whether dropping on an offered port would connect (it is dimmed otherwise). */
        boolean accepts(PortRef ref) {
            return accepted.computeIfAbsent(ref, k -> fromInput ? model.canConnect(k, from, cycleNodes) : model.canConnect(from, k, cycleNodes));
        }

        /** The world point of the fixed end. */
        Optional<Point2D> fixedEnd() {
            return hits.portPosition(from, fromInput);
        }

        /** The type on the wire: the fixed input's, or what the fixed output carries. */
        DataType type() {
            GraphNode n = model.graph().requireNode(from.node());
            for (PortSpec p : fromInput ? model.inputs(n) : model.outputs(n)) {
                if (p.name().equals(from.port())) return fromInput ? p.type() : model.outputType(from, p.type());
            }
            return null;
        }

        private Optional<CanvasHits.PortHit> target(double x, double y) {
            return hits.portAt(x, y, !fromInput);
        }

        @Override
        public void drag(double x, double y) {
            this.x = x;
            this.y = y;
            Optional<CanvasHits.PortHit> over = target(x, y);
            model.setStatus(over.map(h -> h.input() == fromInput || h.ref().node().equals(from.node()) ? ""
                    : (fromInput ? model.whyNotConnect(h.ref(), from) : model.whyNotConnect(from, h.ref()))
                    .map(r -> "Cannot connect: " + r).orElse("Release to connect " + h.ref())).orElse(""));
            view.requestRedraw();
        }

        @Override
        public void release(double x, double y) {
            this.x = x;
            this.y = y;
            Optional<CanvasHits.PortHit> over = target(x, y);
            if (over.isPresent() && offers(over.get().ref(), over.get().input())) {
                PortRef to = over.get().ref();
                if (detached != null) {
                    if (to.equals(detached.to())) return;
                    model.executeAll("Reconnect " + detached.from(), List.of(model.commands().disconnect(detached), model.commands().connect(from, to)));
                } else if (fromInput) {
                    model.connect(to, from);
                } else {
                    model.connect(from, to);
                }
                return;
            }
            if (over.isPresent()) {
                model.setStatus("");
                return;
            }
            if (detached != null) {
                model.execute(model.commands().disconnect(detached));
                model.setStatus("Disconnected " + detached.to());
                return;
            }
            if (Math.hypot(x - pressX, y - pressY) > 10) view.openQuickAdd(x, y, new CanvasView.WireDrop(from, type(), fromInput));
        }
    }
}
