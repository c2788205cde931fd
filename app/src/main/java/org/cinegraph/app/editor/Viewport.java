package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.ViewState;

/**
 * Where the canvas looks: screen = world x scale + translation. Knows nothing of nodes or
 * painting; {@link #moved()} says whether the user changed the view since it was last set from
 * the document (then Save records it).
 */
final class Viewport {
    static final double MIN_ZOOM = 0.02, MAX_ZOOM = 4;

    private double scale = 1, tx, ty;
    private boolean moved;

    double scale() {
        return scale;
    }

    /** The translation (screen position of the world origin), for the grid's phase. */
    double tx() {
        return tx;
    }

    double ty() {
        return ty;
    }

    Point2D toWorld(double sx, double sy) {
        return new Point2D((sx - tx) / scale, (sy - ty) / scale);
    }

    Point2D toLocal(double wx, double wy) {
        return new Point2D(wx * scale + tx, wy * scale + ty);
    }

    /** Centres {@code v} in a canvas of the given size. */
    void set(ViewState v, double width, double height) {
        scale = clampZoom(v.zoom());
        tx = width / 2 - v.centerX() * scale;
        ty = height / 2 - v.centerY() * scale;
    }

    ViewState get(double width, double height) {
        Point2D c = toWorld(width / 2, height / 2);
        return new ViewState(c.getX(), c.getY(), scale);
    }

    void panBy(double dx, double dy) {
        moved = true;
        tx += dx;
        ty += dy;
    }

    /** Zooms by a factor keeping the canvas point under (sx, sy) in place. */
    void zoomAt(double sx, double sy, double factor) {
        moved = true;
        Point2D w = toWorld(sx, sy);
        scale = clampZoom(scale * factor);
        tx = sx - w.getX() * scale;
        ty = sy - w.getY() * scale;
    }

    /** Shows a world rectangle whole, at most 150%. */
    void fit(Bounds b, double width, double height) {
        moved = true;
        double z = Math.min(1.5, Math.min(width / b.width(), height / b.height()));
        set(new ViewState(b.x() + b.width() / 2, b.y() + b.height() / 2, z), width, height);
    }

    boolean moved() {
        return moved;
    }

    void setMoved(boolean m) {
        moved = m;
    }

    static double clampZoom(double z) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
    }
}
