package org.cinegraph.app.viewer;

/**
 * How the viewer places a picture in its box: fitted (the default), or at an explicit scale
 * (100% is 1), moved by a pan offset from the centred position. Zooming about a point keeps the
 * picture pixel under it in place. Plain arithmetic, no toolkit.
 */
public final class ViewerZoom {
    public static final double MIN = 1 / 32.0;
    public static final double MAX = 32;

    private boolean fit = true;
    private double scale = 1;
    private double panX;
    private double panY;

    public boolean isFit() {
        return fit;
    }

    /** Fits the picture into the box, centred. */
    public void fit() {
        fit = true;
        panX = 0;
        panY = 0;
    }

    /** One picture pixel per screen pixel, centred. */
    public void actualSize() {
        setScale(1);
        panX = 0;
        panY = 0;
    }

    public void setScale(double s) {
        fit = false;
        scale = Math.max(MIN, Math.min(MAX, s));
    }

    /** The scale a picture of iw x ih is drawn at in a box of w x h. */
    public double scale(double iw, double ih, double w, double h) {
        return fit ? Math.min(w / iw, h / ih) : scale;
    }

    public void panBy(double dx, double dy) {
        panX += dx;
        panY += dy;
    }

    /**
     * Multiplies the scale by {@code factor} keeping the picture point under (sx, sy) where it is;
     * a fitted picture first takes the scale it is shown at.
     */
    public void zoomAt(double factor, double sx, double sy, double iw, double ih, double x, double y, double w, double h) {
        double[] before = placement(iw, ih, x, y, w, h);
        double s0 = before[2] / iw;
        // the picture point under the cursor, in picture pixels
        double px = (sx - before[0]) / s0, py = (sy - before[1]) / s0;
        setScale(s0 * factor);
        double s1 = scale;
        // where the centred picture would put that point, and the pan that brings it back under the cursor
        double cx = x + (w - iw * s1) / 2, cy = y + (h - ih * s1) / 2;
        panX = sx - px * s1 - cx;
        panY = sy - py * s1 - cy;
    }

    /** Where a picture of iw x ih goes in the box (x, y, w, h): {x, y, width, height} on screen. */
    public double[] placement(double iw, double ih, double x, double y, double w, double h) {
        double s = scale(iw, ih, w, h);
        double dw = iw * s, dh = ih * s;
        return new double[]{x + (w - dw) / 2 + panX, y + (h - dh) / 2 + panY, dw, dh};
    }
}
