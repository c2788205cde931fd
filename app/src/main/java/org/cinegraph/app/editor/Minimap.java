package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.spi.NodeSpec;

import java.util.Map;

/**
 * The overview in a corner of the canvas: every node, and a frame for the view. It is
 * see-through and only as large as the graph's shape needs; it sits in the corner where it covers
 * the fewest nodes on screen, unless the user dragged it by its grip (the strip along its top) to
 * a corner of their choosing (double-click the grip: back to choosing itself). A press inside
 * centres the view there and a drag keeps it following; outside its box every click is the
 * canvas's. View > Minimap hides it.
 */
final class Minimap {
    static final double MAX_WIDTH = 200, MAX_HEIGHT = 130, INSET = 10, GRIP = 10;

    enum Corner { BOTTOM_RIGHT, BOTTOM_LEFT, TOP_RIGHT, TOP_LEFT }

    private final EditorModel model;
    private boolean visible = true;
    private Corner corner = Corner.BOTTOM_RIGHT;
    private boolean placedByUser;

    Minimap(EditorModel model) {
        this.model = model;
    }

    boolean visible() {
        return visible;
    }

    void setVisible(boolean v) {
        visible = v;
    }

    Corner corner() {
        return corner;
    }

    /** Puts the minimap in a corner and keeps it there ({@code null}: it chooses again). */
    void placeIn(Corner c) {
        placedByUser = c != null;
        if (c != null) corner = c;
    }

    private boolean shown() {
        return visible && !model.graph().nodes().isEmpty();
    }

    /** Where the box is on a canvas of size w x h (empty when hidden). */
    Rectangle2D box(double w, double h) {
        if (!shown()) return Rectangle2D.EMPTY;
        Bounds b = graphBounds();
        double s = scaleFor(b);
        double bw = Math.max(40, b.width() * s), bh = Math.max(30, b.height() * s) + GRIP;
        return at(corner, bw, bh, w, h);
    }

    private static Rectangle2D at(Corner c, double bw, double bh, double w, double h) {
        double x = c == Corner.BOTTOM_LEFT || c == Corner.TOP_LEFT ? INSET : w - bw - INSET;
        double y = c == Corner.TOP_LEFT || c == Corner.TOP_RIGHT ? INSET : h - bh - INSET;
        return new Rectangle2D(x, y, bw, bh);
    }

    /** Whether a canvas point falls on the minimap's box. */
    boolean contains(double sx, double sy, double w, double h) {
        return box(w, h).contains(sx, sy);
    }

    /** Whether a canvas point is on the grip that moves the minimap. */
    boolean onGrip(double sx, double sy, double w, double h) {
        Rectangle2D r = box(w, h);
        return r.contains(sx, sy) && sy < r.getMinY() + GRIP;
    }

    /** The corner nearest a canvas point (where a dragged minimap lands). */
    static Corner nearest(double sx, double sy, double w, double h) {
        boolean left = sx < w / 2, top = sy < h / 2;
        return top ? (left ? Corner.TOP_LEFT : Corner.TOP_RIGHT) : (left ? Corner.BOTTOM_LEFT : Corner.BOTTOM_RIGHT);
    }

    /** The world point a minimap point stands for. */
    Point2D worldAt(double sx, double sy, double w, double h) {
        Bounds b = graphBounds();
        double s = scaleFor(b);
        Rectangle2D r = box(w, h);
        return new Point2D(b.x() + (sx - r.getMinX()) / s, b.y() + (sy - r.getMinY() - GRIP) / s);
    }

    private Bounds graphBounds() {
        return model.boundsOf(model.graph().nodes().keySet(), 100);
    }

    private static double scaleFor(Bounds b) {
        return Math.min(MAX_WIDTH / b.width(), (MAX_HEIGHT - GRIP) / b.height());
    }

    /** Unless placed by the user, moves to the corner covering the fewest nodes on screen (stays on a tie). */
    private void choose(Map<String, NodeGeometry> geos, Viewport vp, Rectangle2D here, double w, double h) {
        if (placedByUser) return;
        int best = covered(here, geos, vp);
        if (best == 0) return;
        for (Corner c : Corner.values()) {
            int n = covered(at(c, here.getWidth(), here.getHeight(), w, h), geos, vp);
            if (n < best) {
                best = n;
                corner = c;
            }
        }
    }

    private static int covered(Rectangle2D r, Map<String, NodeGeometry> geos, Viewport vp) {
        int n = 0;
        for (NodeGeometry g : geos.values()) {
            Point2D tl = vp.toLocal(g.x(), g.y()), br = vp.toLocal(g.x() + g.width(), g.y() + g.height());
            if (r.intersects(tl.getX(), tl.getY(), br.getX() - tl.getX(), br.getY() - tl.getY())) n++;
        }
        return n;
    }

    void paint(GraphicsContext gc, Map<String, NodeGeometry> geos, Viewport vp, double w, double h) {
        Graph g = model.graph();
        if (!shown()) return;
        choose(geos, vp, box(w, h), w, h);
        Rectangle2D r = box(w, h);
        Bounds b = graphBounds();
        double s = scaleFor(b);
        double mx = r.getMinX(), my = r.getMinY() + GRIP;
        // see-through: what lies under it stays visible
        gc.setFill(Color.web("#111214", 0.45));
        gc.fillRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
        gc.setFill(Color.web("#2f3238", 0.8));
        gc.fillRect(r.getMinX(), r.getMinY(), r.getWidth(), GRIP);
        gc.setFill(Color.web("#8a8f98", 0.9));
        for (int i = -1; i <= 1; i++) gc.fillRect(r.getMinX() + r.getWidth() / 2 + i * 5 - 1, r.getMinY() + GRIP / 2 - 1, 2, 2);
        gc.setGlobalAlpha(0.75);
        for (GraphNode n : g.nodes().values()) {
            NodeGeometry geo = geos.get(n.id());
            NodeSpec sp = model.spec(n).orElse(null);
            gc.setFill(model.selection().contains(n.id()) ? CanvasColours.SELECTED : sp == null ? Color.web("#a04040") : CanvasColours.category(sp.category()));
            gc.fillRect(mx + (geo.x() - b.x()) * s, my + (geo.y() - b.y()) * s, Math.max(1.5, geo.width() * s), Math.max(1.5, geo.height() * s));
        }
        gc.setGlobalAlpha(1);
        Point2D tl = vp.toWorld(0, 0), br = vp.toWorld(w, h);
        double rx = mx + (tl.getX() - b.x()) * s, ry = my + (tl.getY() - b.y()) * s;
        double rw = (br.getX() - tl.getX()) * s, rh = (br.getY() - tl.getY()) * s;
        gc.save();
        gc.beginPath();
        gc.rect(mx, my, r.getWidth(), r.getHeight() - GRIP);
        gc.clip();
        gc.setStroke(Color.WHITE);
        gc.setLineWidth(1);
        gc.strokeRect(rx, ry, rw, rh);
        gc.restore();
        gc.setStroke(Color.web("#555", 0.8));
        gc.strokeRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
    }
}
