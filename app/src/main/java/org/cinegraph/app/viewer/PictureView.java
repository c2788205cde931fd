package org.cinegraph.app.viewer;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import org.cinegraph.media.Frame;

/**
 * The picture area of the viewer: A (and B, wiped or side by side) drawn on one canvas, placed by
 * a {@link ViewerZoom} (fit, 100%, any zoom; wheel zooms about the cursor, drag pans, dragging the
 * wipe line moves it). Frames arrive as ARGB ints and are copied into one reused
 * {@link WritableImage} per side. While A plays alone at less than full size, each frame is
 * shrunk to its drawn size first, so the software pipeline does not scale the full frame every
 * pulse; paused frames are copied at full size.
 */
final class PictureView extends Pane {
    private static final Color BACKGROUND = Color.web("#202020");

    private final ViewerModel model;
    private final Canvas view = new Canvas();
    private final ViewerZoom zoom = new ViewerZoom();
    private final Runnable onZoomChanged;
    private WritableImage imageA;
    private WritableImage imageB;
    // the size of the frames shown (a playback copy may be smaller)
    private int aw, ah, bw, bh;
    private int[] proxyPixels = new int[0];
    private double dragX;
    private double dragY;
    private boolean draggingWipe;

    PictureView(ViewerModel model, Runnable onZoomChanged) {
        this.model = model;
        this.onZoomChanged = onZoomChanged;
        getChildren().add(view);
        setMinSize(0, 0);
        setStyle("-fx-background-color: #202020;");
        view.widthProperty().bind(widthProperty());
        view.heightProperty().bind(heightProperty());
        view.widthProperty().addListener(o -> redraw());
        view.heightProperty().addListener(o -> redraw());
        view.setId("viewer-canvas");
        view.setOnMousePressed(this::pressed);
        view.setOnMouseDragged(this::dragged);
        view.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        model.compareProperty().addListener(o -> redraw());
        model.wipeProperty().addListener(o -> redraw());
    }

    Canvas canvas() {
        return view;
    }

    ViewerZoom zoom() {
        return zoom;
    }

    WritableImage imageA() {
        return imageA;
    }

    WritableImage imageB() {
        return imageB;
    }

    /** Shows A's frame; {@code playing} allows the shrunk playback copy. */
    void showA(Frame f, boolean playing) {
        aw = f == null ? 0 : f.width();
        ah = f == null ? 0 : f.height();
        imageA = playing && model.compareProperty().get() == ViewerModel.Compare.OFF ? proxy(f, imageA) : copy(f, imageA);
        redraw();
    }

    void showB(Frame f) {
        bw = f == null ? 0 : f.width();
        bh = f == null ? 0 : f.height();
        imageB = copy(f, imageB);
        redraw();
    }

    /** The scale A is drawn at now (fit or zoomed), 0 when nothing is shown. */
    double shownScale() {
        if (imageA == null && imageB == null) return 0;
        return imageA != null ? zoom.scale(aw, ah, boxW(), view.getHeight()) : zoom.scale(bw, bh, boxW(), view.getHeight());
    }

    void fit() {
        zoom.fit();
        zoomChanged();
    }

    void actualSize() {
        zoom.actualSize();
        zoomChanged();
    }

    /** Zooms by a factor about the centre of the view. */
    void zoomBy(double factor) {
        zoomAbout(factor, boxW() / 2, view.getHeight() / 2);
    }

    private void zoomAbout(double factor, double sx, double sy) {
        int w = imageA != null ? aw : bw, h = imageA != null ? ah : bh;
        if (w == 0) return;
        zoom.zoomAt(factor, sx, sy, w, h, 0, 0, boxW(), view.getHeight());
        zoomChanged();
    }

    private void zoomChanged() {
        redraw();
        onZoomChanged.run();
    }

    private boolean sideBySide() {
        return model.compareProperty().get() == ViewerModel.Compare.SIDE_BY_SIDE && imageB != null;
    }

    /** Width of the box one picture is placed in (half the view side by side). */
    private double boxW() {
        return sideBySide() ? view.getWidth() / 2 : view.getWidth();
    }

    private static WritableImage copy(Frame f, WritableImage reuse) {
        if (f == null) return null;
        WritableImage img = reuse != null && (int) reuse.getWidth() == f.width() && (int) reuse.getHeight() == f.height()
                ? reuse : new WritableImage(f.width(), f.height());
        img.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getIntArgbInstance(), f.pixels(), 0, f.width());
        return img;
    }

    /** The frame shrunk (nearest pixel) to the size it is drawn at, when that is smaller. */
    private WritableImage proxy(Frame f, WritableImage reuse) {
        if (f == null) return null;
        double s = zoom.scale(f.width(), f.height(), view.getWidth(), view.getHeight());
        if (s >= 1 || s <= 0) return copy(f, reuse);
        int tw = Math.max(1, (int) Math.round(f.width() * s));
        int th = Math.max(1, (int) Math.round(f.height() * s));
        if (proxyPixels.length < tw * th) proxyPixels = new int[tw * th];
        int[] src = f.pixels();
        int fw = f.width();
        int[] xs = new int[tw];
        for (int x = 0; x < tw; x++) xs[x] = Math.min(fw - 1, (int) ((x + 0.5) * fw / tw));
        for (int y = 0; y < th; y++) {
            int row = Math.min(f.height() - 1, (int) ((y + 0.5) * f.height() / th)) * fw;
            int out = y * tw;
            for (int x = 0; x < tw; x++) proxyPixels[out + x] = src[row + xs[x]];
        }
        WritableImage img = reuse != null && (int) reuse.getWidth() == tw && (int) reuse.getHeight() == th ? reuse : new WritableImage(tw, th);
        img.getPixelWriter().setPixels(0, 0, tw, th, PixelFormat.getIntArgbInstance(), proxyPixels, 0, tw);
        return img;
    }

    void redraw() {
        GraphicsContext g = view.getGraphicsContext2D();
        double w = view.getWidth();
        double h = view.getHeight();
        g.setFill(BACKGROUND);
        g.fillRect(0, 0, w, h);
        boolean showB = model.compareProperty().get() != ViewerModel.Compare.OFF && imageB != null;
        if (showB && sideBySide()) {
            drawIn(g, imageA, aw, ah, 0, 0, w / 2, h);
            drawIn(g, imageB, bw, bh, w / 2, 0, w / 2, h);
            return;
        }
        double[] r = drawIn(g, imageA, aw, ah, 0, 0, w, h);
        if (!showB) return;
        double[] rb = zoom.placement(bw, bh, 0, 0, w, h);
        double[] frame = r != null ? r : rb;
        double x = frame[0] + frame[2] * model.wipeProperty().get();
        g.save();
        g.beginPath();
        g.rect(x, 0, w - x, h);
        g.clip();
        g.setImageSmoothing(zoom.scale(bw, bh, w, h) < 1);
        g.drawImage(imageB, rb[0], rb[1], rb[2], rb[3]);
        g.restore();
        g.setStroke(Color.WHITE);
        g.setLineWidth(1);
        g.strokeLine(x + 0.5, 0, x + 0.5, h);
    }

    /** Draws an image (of a frame iw x ih) placed in a box; returns where, or null. */
    private double[] drawIn(GraphicsContext g, WritableImage img, int iw, int ih, double x, double y, double w, double h) {
        if (img == null || iw == 0) return null;
        double[] r = zoom.placement(iw, ih, x, y, w, h);
        g.save();
        g.beginPath();
        g.rect(x, y, w, h);
        g.clip();
        // magnified pixels stay sharp, so one can inspect them
        g.setImageSmoothing(zoom.scale(iw, ih, w, h) < 1);
        g.drawImage(img, r[0], r[1], r[2], r[3]);
        g.restore();
        return r;
    }

    private double wipeX() {
        if (imageA == null && imageB == null) return -1;
        double[] r = imageA != null ? zoom.placement(aw, ah, 0, 0, view.getWidth(), view.getHeight())
                : zoom.placement(bw, bh, 0, 0, view.getWidth(), view.getHeight());
        return r[0] + r[2] * model.wipeProperty().get();
    }

    private void pressed(MouseEvent e) {
        dragX = e.getX();
        dragY = e.getY();
        draggingWipe = e.getButton() == MouseButton.PRIMARY && model.compareProperty().get() == ViewerModel.Compare.WIPE
                && imageB != null && Math.abs(e.getX() - wipeX()) < 8;
    }

    private void dragged(MouseEvent e) {
        if (draggingWipe) {
            double[] r = imageA != null ? zoom.placement(aw, ah, 0, 0, view.getWidth(), view.getHeight())
                    : zoom.placement(bw, bh, 0, 0, view.getWidth(), view.getHeight());
            model.wipeProperty().set(Math.max(0, Math.min(1, (e.getX() - r[0]) / r[2])));
            return;
        }
        zoom.panBy(e.getX() - dragX, e.getY() - dragY);
        dragX = e.getX();
        dragY = e.getY();
        redraw();
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0) return;
        double sx = sideBySide() && e.getX() > view.getWidth() / 2 ? e.getX() - view.getWidth() / 2 : e.getX();
        zoomAbout(Math.pow(1.0015, e.getDeltaY()), sx, e.getY());
        e.consume();
    }
}
