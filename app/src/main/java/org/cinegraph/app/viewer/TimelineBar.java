package org.cinegraph.app.viewer;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;

import java.util.BitSet;

/** The timeline under the picture: the in/out range, the frames cached (green) and the playhead; click or drag to scrub. */
final class TimelineBar extends Pane {
    static final double HEIGHT = 26;

    private final ViewerModel model;
    private final TimelineModel timeline;
    private final Canvas bar = new Canvas(100, HEIGHT);

    TimelineBar(ViewerModel model) {
        this.model = model;
        this.timeline = model.timeline();
        getChildren().add(bar);
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        bar.widthProperty().bind(widthProperty());
        bar.setId("viewer-timeline");
        bar.widthProperty().addListener(o -> draw());
        bar.setOnMousePressed(this::scrub);
        bar.setOnMouseDragged(this::scrub);
        for (var p : new javafx.beans.Observable[] {timeline.frameProperty(), timeline.frameCountProperty(), timeline.inProperty(),
                timeline.outProperty(), timeline.zoomProperty(), model.a().cacheVersionProperty()}) {
            p.addListener(o -> draw());
        }
    }

    Canvas canvas() {
        return bar;
    }

    /** The frame under x at the timeline's zoom. */
    int frameAt(double x) {
        int[] range = timeline.visibleRange();
        int span = range[1] - range[0] + 1;
        return timeline.clamp(range[0] + (int) Math.floor(x / Math.max(1, bar.getWidth()) * span));
    }

    /** Centre of frame {@code f}. */
    double xOf(int f) {
        int[] range = timeline.visibleRange();
        int span = range[1] - range[0] + 1;
        return (f - range[0] + 0.5) * bar.getWidth() / span;
    }

    private void scrub(MouseEvent e) {
        if (timeline.frameCount() == 0) return;
        timeline.seek(frameAt(e.getX()));
    }

    private void draw() {
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
