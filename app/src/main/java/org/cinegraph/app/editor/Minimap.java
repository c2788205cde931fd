package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.spi.NodeSpec;

import java.util.Map;

/** The overview in the canvas's bottom-right corner: every node, and a frame for the view; a click there centres the view. */
final class Minimap {
    static final double WIDTH = 200, HEIGHT = 130, INSET = 10;

    private final EditorModel model;
    private boolean visible = true;

    Minimap(EditorModel model) {
        this.model = model;
    }

    boolean visible() {
        return visible;
    }

    void setVisible(boolean v) {
        visible = v;
    }

    /** Whether a canvas point (canvas of size w x h) falls on the shown minimap. */
    boolean contains(double sx, double sy, double w, double h) {
        return visible && !model.graph().nodes().isEmpty() && sx >= w - WIDTH - INSET && sx <= w - INSET
                && sy >= h - HEIGHT - INSET && sy <= h - INSET;
    }

    /** The world point a minimap point stands for. */
    Point2D worldAt(double sx, double sy, double w, double h) {
        Bounds b = graphBounds();
        double s = scaleFor(b);
        return new Point2D(b.x() + (sx - (w - WIDTH - INSET)) / s, b.y() + (sy - (h - HEIGHT - INSET)) / s);
    }

    private Bounds graphBounds() {
        return model.boundsOf(model.graph().nodes().keySet(), 100);
    }

    private static double scaleFor(Bounds b) {
        return Math.min(WIDTH / b.width(), HEIGHT / b.height());
    }

    void paint(GraphicsContext gc, Map<String, NodeGeometry> geos, Viewport vp, double w, double h) {
        Graph g = model.graph();
        if (!visible || g.nodes().isEmpty()) return;
        Bounds b = graphBounds();
        double mx = w - WIDTH - INSET, my = h - HEIGHT - INSET;
        double s = scaleFor(b);
        gc.setFill(Color.web("#111214", 0.85));
        gc.fillRect(mx, my, WIDTH, HEIGHT);
        for (GraphNode n : g.nodes().values()) {
            NodeGeometry geo = geos.get(n.id());
            NodeSpec sp = model.spec(n).orElse(null);
            gc.setFill(model.selection().contains(n.id()) ? CanvasColours.SELECTED : sp == null ? Color.web("#a04040") : CanvasColours.category(sp.category()));
            gc.fillRect(mx + (geo.x() - b.x()) * s, my + (geo.y() - b.y()) * s, Math.max(1.5, geo.width() * s), Math.max(1.5, geo.height() * s));
        }
        Point2D tl = vp.toWorld(0, 0), br = vp.toWorld(w, h);
        double rx = mx + (tl.getX() - b.x()) * s, ry = my + (tl.getY() - b.y()) * s;
        double rw = (br.getX() - tl.getX()) * s, rh = (br.getY() - tl.getY()) * s;
        gc.save();
        gc.beginPath();
        gc.rect(mx, my, WIDTH, HEIGHT);
        gc.clip();
        gc.setStroke(Color.WHITE);
        gc.setLineWidth(1);
        gc.strokeRect(rx, ry, rw, rh);
        gc.restore();
        gc.setStroke(Color.web("#444"));
        gc.strokeRect(mx, my, WIDTH, HEIGHT);
    }
}
