package org.cinegraph.app.editor;

import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

import java.util.function.DoubleConsumer;

/**
 * A parameter's slider over a {@link SliderRange}. A press puts the value under the pointer
 * (with Shift it keeps the value); dragging then moves it by the distance dragged, a tenth as
 * fast while Shift is held (fine), always on the range's step. Arrow keys step it (Shift: a tenth).
 * {@code onChange} hears every value while dragging, {@code onCommit} the last one on release.
 */
final class ParamSlider extends Region {
    /** How much slower a drag moves the value while Shift is held. */
    static final double FINE = 0.1;

    private final SliderRange range;
    private final Rectangle track = new Rectangle();
    private final Rectangle fill = new Rectangle();
    private final Rectangle thumb = new Rectangle();
    private double value;
    private double unsnapped;
    private double lastX;
    private boolean dragging;
    private SliderRange span;
    private DoubleConsumer onChange = v -> { };
    private DoubleConsumer onCommit = v -> { };

    ParamSlider(SliderRange range, double value) {
        this.range = range;
        this.value = value;
        this.span = range.around(value);
        track.setFill(Color.web("#2b2d31"));
        track.setArcWidth(4);
        track.setArcHeight(4);
        fill.setFill(Color.web("#3d6a9e"));
        thumb.setFill(Color.web("#d8dde6"));
        thumb.setWidth(3);
        getChildren().addAll(track, fill, thumb);
        setFocusTraversable(true);
        setMinSize(60, 16);
        setPrefSize(160, 18);
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    void setOnChange(DoubleConsumer c) {
        onChange = c;
    }

    void setOnCommit(DoubleConsumer c) {
        onCommit = c;
    }

    SliderRange range() {
        return range;
    }

    double value() {
        return value;
    }

    boolean isDragging() {
        return dragging;
    }

    /** Shows a value set elsewhere (not while the user drags). */
    void setValue(double v) {
        if (dragging || v == value) return;
        value = v;
        span = range.around(v);
        requestLayout();
    }

    /** The x (local) where a value sits on the track. */
    double xOf(double v) {
        return span.fractionOf(v) * getWidth();
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        dragging = true;
        span = range.around(value);
        lastX = e.getX();
        unsnapped = e.isShiftDown() ? value : span.at(e.getX() / Math.max(1, getWidth()));
        show(e.isShiftDown());
        e.consume();
    }

    private void dragged(MouseEvent e) {
        if (!dragging) return;
        double dx = e.getX() - lastX;
        lastX = e.getX();
        unsnapped += dx * (span.hi() - span.lo()) / Math.max(1, getWidth()) * (e.isShiftDown() ? FINE : 1);
        unsnapped = Math.max(span.lo(), Math.min(span.hi(), unsnapped));
        show(e.isShiftDown());
        e.consume();
    }

    private void released(MouseEvent e) {
        if (!dragging) return;
        dragging = false;
        onCommit.accept(value);
        e.consume();
    }

    private void key(KeyEvent e) {
        int dir = switch (e.getCode()) {
            case RIGHT, UP -> 1;
            case LEFT, DOWN -> -1;
            default -> 0;
        };
        if (dir == 0) return;
        span = range.around(value);
        unsnapped = value + dir * range.step() * (e.isShiftDown() && !range.integral() ? FINE : 1);
        show(e.isShiftDown());
        onCommit.accept(value);
        e.consume();
    }

    private void show(boolean fine) {
        double v = span.snap(unsnapped, fine);
        if (v == value) return;
        value = v;
        requestLayout();
        onChange.accept(v);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        double barH = Math.min(8, h);
        double y = (h - barH) / 2;
        track.setX(0);
        track.setY(y);
        track.setWidth(w);
        track.setHeight(barH);
        double x = xOf(value);
        // the fill starts at zero when the span crosses it (an offset, exposure), else at the left
        double from = span.lo() < 0 && span.hi() > 0 ? xOf(0) : 0;
        fill.setX(Math.min(from, x));
        fill.setY(y);
        fill.setWidth(Math.abs(x - from));
        fill.setHeight(barH);
        thumb.setX(Math.max(0, Math.min(w - thumb.getWidth(), x - thumb.getWidth() / 2)));
        thumb.setY(0);
        thumb.setHeight(h);
    }
}
