package org.cinegraph.app.viewer;

import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.util.StringConverter;
import org.cinegraph.media.Frame;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Locale;

/**
 * The viewer and its timeline, bound to a {@link ViewerModel}. Frames arrive as ARGB ints and are
 * copied into a {@link WritableImage} per side (the image is reused while the size stays), then
 * drawn on one canvas: fitted or at 100%, panned by dragging, with a wipe or side by side for A/B.
 * Keys while it has focus: Space play/pause, Left/Right step, Home/End, I/O in and out points.
 */
public final class ViewerPanel extends BorderPane {
    private final ViewerModel model;
    private final TimelineModel timeline;
    private final Canvas view = new Canvas();
    private final Canvas bar = new Canvas(100, 26);
    private final Label timecode = new Label();
    private final Label fpsLabel = new Label();
    private final Label info = new Label();
    private final ToggleButton actualSize = new ToggleButton("100%");
    private final ArrayDeque<Long> shownAt = new ArrayDeque<>();
    private WritableImage imageA;
    private WritableImage imageB;
    private double panX;
    private double panY;
    private double dragX;
    private double dragY;
    private boolean draggingWipe;
    private final AnimationTimer clock = new AnimationTimer() {
        @Override
        public void handle(long now) {
            timeline.tick(now);
            while (!shownAt.isEmpty() && now - shownAt.peekFirst() > 1_000_000_000L) shownAt.removeFirst();
            fpsLabel.setText(String.format(Locale.ROOT, "%d fps", shownAt.size()));
        }
    };

    public ViewerPanel(ViewerModel model) {
        this.model = model;
        this.timeline = model.timeline();
        setId("viewer");
        setFocusTraversable(true);

        Pane viewPane = new Pane(view);
        viewPane.setMinSize(0, 0);
        viewPane.setStyle("-fx-background-color: #202020;");
        view.widthProperty().bind(viewPane.widthProperty());
        view.heightProperty().bind(viewPane.heightProperty());
        view.widthProperty().addListener(o -> redraw());
        view.heightProperty().addListener(o -> redraw());
        view.setId("viewer-canvas");
        view.setOnMousePressed(this::pressView);
        view.setOnMouseDragged(this::dragView);
        setCenter(viewPane);

        ToggleButton pin = new ToggleButton("Pin");
        pin.setId("viewer-pin");
        pin.selectedProperty().bindBidirectional(model.pinnedProperty());
        ChoiceBox<ViewerModel.Compare> compare = new ChoiceBox<>();
        compare.setId("viewer-compare");
        compare.getItems().setAll(ViewerModel.Compare.values());
        compare.setConverter(new StringConverter<>() {
            @Override
            public String toString(ViewerModel.Compare c) {
                return c == null ? "" : switch (c) {
                    case OFF -> "A only";
                    case WIPE -> "A/B wipe";
                    case SIDE_BY_SIDE -> "A/B side by side";
                };
            }

            @Override
            public ViewerModel.Compare fromString(String s) {
                return null;
            }
        });
        compare.valueProperty().bindBidirectional(model.compareProperty());
        actualSize.setId("viewer-100");
        actualSize.selectedProperty().addListener(o -> {
            panX = 0;
            panY = 0;
            redraw();
        });
        info.textProperty().bind(Bindings.createStringBinding(() -> join(model.a().labelProperty().get(), model.b().labelProperty().get(),
                model.statusProperty().get()), model.a().labelProperty(), model.b().labelProperty(), model.statusProperty()));
        Button setB = button("B = selection", "viewer-set-b", model::compareWithSelection);
        Button clearB = button("Clear B", "viewer-clear-b", model::clearCompare);
        HBox top = new HBox(6, pin, setB, clearB, compare, actualSize, info);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(2, 4, 2, 4));
        setTop(top);

        Button start = button("\u23EE", "viewer-start", timeline::toStart);
        Button back = button("\u25C0|", "viewer-back", () -> timeline.step(-1));
        Button play = button("\u25B6", "viewer-play", () -> timeline.togglePlay(System.nanoTime()));
        play.textProperty().bind(Bindings.when(timeline.playingProperty()).then("\u23F8").otherwise("\u25B6"));
        Button fwd = button("|\u25B6", "viewer-forward", () -> timeline.step(1));
        Button end = button("\u23ED", "viewer-end", timeline::toEnd);
        CheckBox loop = new CheckBox("Loop");
        loop.selectedProperty().bindBidirectional(timeline.loopProperty());
        Button markIn = button("In", "viewer-in", timeline::markIn);
        Button markOut = button("Out", "viewer-out", timeline::markOut);
        Slider zoom = new Slider(1, 32, 1);
        zoom.setPrefWidth(90);
        zoom.valueProperty().bindBidirectional(timeline.zoomProperty());
        timecode.setId("viewer-timecode");
        fpsLabel.setId("viewer-fps");
        timecode.textProperty().bind(Bindings.createStringBinding(() -> timeline.frameCount() == 0 ? "--:--:--:--"
                        : timeline.timecode(timeline.frame()) + "  frame " + timeline.frame() + " / " + (timeline.frameCount() - 1),
                timeline.frameProperty(), timeline.frameCountProperty(), timeline.fpsProperty()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox transport = new HBox(4, start, back, play, fwd, end, loop, markIn, markOut, timecode, gap, fpsLabel, new Label("Zoom"), zoom);
        transport.setAlignment(Pos.CENTER_LEFT);
        transport.setPadding(new Insets(2, 4, 2, 4));
        Pane barPane = new Pane(bar);
        barPane.setMinHeight(26);
        barPane.setPrefHeight(26);
        bar.widthProperty().bind(barPane.widthProperty());
        bar.setId("viewer-timeline");
        bar.widthProperty().addListener(o -> drawBar());
        bar.setOnMousePressed(this::scrub);
        bar.setOnMouseDragged(this::scrub);
        setBottom(new BorderPane(barPane, null, null, transport, null));

        model.a().frameProperty().addListener((o, was, f) -> {
            imageA = playbackProxy() ? proxy(f, imageA) : copy(f, imageA);
            if (timeline.isPlaying()) shownAt.addLast(System.nanoTime());
            redraw();
        });
        model.b().frameProperty().addListener((o, was, f) -> {
            imageB = copy(f, imageB);
            redraw();
        });
        model.compareProperty().addListener(o -> redraw());
        model.wipeProperty().addListener(o -> redraw());
        for (var p : new javafx.beans.Observable[] {timeline.frameProperty(), timeline.frameCountProperty(), timeline.inProperty(),
                timeline.outProperty(), timeline.zoomProperty(), model.a().cacheVersionProperty()}) {
            p.addListener(o -> drawBar());
        }
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        // consumed here: a TabPane around the viewer would otherwise take the focus the keys need
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            e.consume();
        });
        // the clock runs only while playing, so an idle editor asks for no pulses
        timeline.playingProperty().addListener((o, was, now) -> {
            if (now) {
                shownAt.clear();
                clock.start();
            } else {
                clock.stop();
                fpsLabel.setText("");
                // the paused frame is shown at full size again (playback drew a window-sized copy)
                imageA = copy(model.a().frameProperty().get(), imageA);
                redraw();
            }
        });
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isEmpty()) continue;
            if (sb.length() > 0) sb.append("   ");
            sb.append(p);
        }
        return sb.toString();
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** The picture of side A as drawn (for tests and snapshots). */
    public WritableImage imageA() {
        return imageA;
    }

    public WritableImage imageB() {
        return imageB;
    }

    public Canvas viewCanvas() {
        return view;
    }

    public Canvas timelineBar() {
        return bar;
    }

    private static WritableImage copy(Frame f, WritableImage reuse) {
        if (f == null) return null;
        WritableImage img = reuse != null && (int) reuse.getWidth() == f.width() && (int) reuse.getHeight() == f.height()
                ? reuse : new WritableImage(f.width(), f.height());
        img.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getIntArgbInstance(), f.pixels(), 0, f.width());
        return img;
    }

    /**
     * While A plays alone and fitted, frames are shrunk to the size they are drawn at before they
     * reach the WritableImage: the software pipeline then uploads and draws a window-sized image
     * instead of scaling the full frame every pulse. Paused frames are copied at full size.
     */
    private boolean playbackProxy() {
        return timeline.isPlaying() && !actualSize.isSelected() && model.compareProperty().get() == ViewerModel.Compare.OFF;
    }

    private int[] proxyPixels = new int[0];

    private WritableImage proxy(Frame f, WritableImage reuse) {
        if (f == null) return null;
        double s = Math.min(view.getWidth() / f.width(), view.getHeight() / f.height());
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

    private void key(KeyEvent e) {
        switch (e.getCode()) {
            case SPACE -> timeline.togglePlay(System.nanoTime());
            case LEFT -> timeline.step(-1);
            case RIGHT -> timeline.step(1);
            case HOME -> timeline.toStart();
            case END -> timeline.toEnd();
            case I -> timeline.markIn();
            case O -> timeline.markOut();
            default -> {
                return;
            }
        }
        e.consume();
    }

    // ---- picture ----

    /** Scale of an image drawn into a box: fitted, or 1 at 100%. */
    private double scale(WritableImage img, double w, double h) {
        if (actualSize.isSelected()) return 1;
        return Math.min(w / img.getWidth(), h / img.getHeight());
    }

    private void redraw() {
        GraphicsContext g = view.getGraphicsContext2D();
        double w = view.getWidth();
        double h = view.getHeight();
        g.setFill(Color.web("#202020"));
        g.fillRect(0, 0, w, h);
        boolean showB = model.compareProperty().get() != ViewerModel.Compare.OFF && imageB != null;
        if (showB && model.compareProperty().get() == ViewerModel.Compare.SIDE_BY_SIDE) {
            drawIn(g, imageA, 0, 0, w / 2, h);
            drawIn(g, imageB, w / 2, 0, w / 2, h);
            return;
        }
        double[] r = drawIn(g, imageA, 0, 0, w, h);
        if (!showB) return;
        double[] rb = placement(imageB, 0, 0, w, h);
        double[] frame = r != null ? r : rb;
        double x = frame[0] + frame[2] * model.wipeProperty().get();
        g.save();
        g.beginPath();
        g.rect(x, 0, w - x, h);
        g.clip();
        g.drawImage(imageB, rb[0], rb[1], rb[2], rb[3]);
        g.restore();
        g.setStroke(Color.WHITE);
        g.setLineWidth(1);
        g.strokeLine(x + 0.5, 0, x + 0.5, h);
    }

    /** Where an image goes in a box: x, y, width, height on the canvas. */
    private double[] placement(WritableImage img, double x, double y, double w, double h) {
        double s = scale(img, w, h);
        double iw = img.getWidth() * s;
        double ih = img.getHeight() * s;
        return new double[] {x + (w - iw) / 2 + panX, y + (h - ih) / 2 + panY, iw, ih};
    }

    private double[] drawIn(GraphicsContext g, WritableImage img, double x, double y, double w, double h) {
        if (img == null) return null;
        double[] r = placement(img, x, y, w, h);
        g.save();
        g.beginPath();
        g.rect(x, y, w, h);
        g.clip();
        g.setImageSmoothing(!actualSize.isSelected());
        g.drawImage(img, r[0], r[1], r[2], r[3]);
        g.restore();
        return r;
    }

    private double wipeX() {
        WritableImage img = imageA != null ? imageA : imageB;
        if (img == null) return -1;
        double[] r = placement(img, 0, 0, view.getWidth(), view.getHeight());
        return r[0] + r[2] * model.wipeProperty().get();
    }

    private void pressView(MouseEvent e) {
        dragX = e.getX();
        dragY = e.getY();
        draggingWipe = model.compareProperty().get() == ViewerModel.Compare.WIPE && imageB != null && Math.abs(e.getX() - wipeX()) < 8;
    }

    private void dragView(MouseEvent e) {
        if (draggingWipe) {
            WritableImage img = imageA != null ? imageA : imageB;
            double[] r = placement(img, 0, 0, view.getWidth(), view.getHeight());
            model.wipeProperty().set(Math.max(0, Math.min(1, (e.getX() - r[0]) / r[2])));
            return;
        }
        panX += e.getX() - dragX;
        panY += e.getY() - dragY;
        dragX = e.getX();
        dragY = e.getY();
        redraw();
    }

    // ---- timeline bar ----

    /** The frame under x on the timeline bar at its zoom. */
    public int frameAt(double x) {
        int[] range = timeline.visibleRange();
        int span = range[1] - range[0] + 1;
        return timeline.clamp(range[0] + (int) Math.floor(x / Math.max(1, bar.getWidth()) * span));
    }

    /** Centre of frame {@code f} on the timeline bar. */
    public double xOf(int f) {
        int[] range = timeline.visibleRange();
        int span = range[1] - range[0] + 1;
        return (f - range[0] + 0.5) * bar.getWidth() / span;
    }

    private void scrub(MouseEvent e) {
        if (timeline.frameCount() == 0) return;
        timeline.seek(frameAt(e.getX()));
    }

    private void drawBar() {
        GraphicsContext g = bar.getGraphicsContext2D();
        double w = bar.getWidth();
        double h = bar.getHeight();
        g.setFill(Color.web("#2b2b2b"));
        g.fillRect(0, 0, w, h);
        int n = timeline.frameCount();
        if (n == 0) return;
        int[] range = timeline.visibleRange();
        double fw = w / (range[1] - range[0] + 1);
        g.setFill(Color.web("#3d4a5c"));
        double inX = (timeline.inProperty().get() - range[0]) * fw;
        double outX = (timeline.outProperty().get() - range[0] + 1) * fw;
        g.fillRect(inX, 0, outX - inX, h);
        BitSet cached = model.a().cached();
        g.setFill(Color.web("#4caf50"));
        for (int i = cached.nextSetBit(range[0]); i >= 0 && i <= range[1]; i = cached.nextSetBit(i + 1)) {
            g.fillRect((i - range[0]) * fw, h - 5, Math.max(1, fw), 5);
        }
        g.setStroke(Color.web("#ff9800"));
        g.setLineWidth(2);
        double x = xOf(timeline.frame());
        g.strokeLine(x, 0, x, h);
    }
}
