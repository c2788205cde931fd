package org.cinegraph.app.viewer;

import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

import java.util.ArrayDeque;
import java.util.Locale;

/**
 * The viewer and its timeline, bound to a {@link ViewerModel}: the picture ({@link PictureView}:
 * fit, 100%, zoom and pan, A/B wipe or side by side), the toolbar above it, the timeline bar and
 * transport below. Buttons keep their size whatever the window: the status text shrinks with an
 * ellipsis and shows in full in its tooltip. Keys while it has focus are {@link ViewerKeys}.
 * Floating it in its own window and full screen are the {@link ViewerDock}'s, reached through
 * {@link #setOnFloat} and {@link #setOnFullScreen}.
 */
public final class ViewerPanel extends BorderPane {
    private final ViewerModel model;
    private final TimelineModel timeline;
    private final PictureView picture;
    private final TimelineBar bar;
    private final Label timecode = new Label();
    private final Label fpsLabel = new Label();
    private final Label info = new Label();
    private final Label zoomLabel = new Label();
    private final ArrayDeque<Long> shownAt = new ArrayDeque<>();
    private Runnable onFloat = () -> { };
    private Runnable onFullScreen = () -> { };
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
        this.picture = new PictureView(model, this::updateZoomLabel);
        this.bar = new TimelineBar(model);
        setId("viewer");
        setFocusTraversable(true);
        setMinSize(0, 0);
        setCenter(picture);
        setTop(toolbar());
        setBottom(new BorderPane(bar, null, null, transport(), null));

        model.a().frameProperty().addListener((o, was, f) -> {
            picture.showA(f, timeline.isPlaying());
            if (timeline.isPlaying()) shownAt.addLast(System.nanoTime());
            updateZoomLabel();
        });
        model.b().frameProperty().addListener((o, was, f) -> picture.showB(f));
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        // consumed here: a TabPane around the viewer would otherwise take the focus the keys need
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            e.consume();
        });
        picture.canvas().addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) onFullScreen.run();
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
                picture.showA(model.a().frameProperty().get(), false);
            }
        });
        updateZoomLabel();
    }

    private Region toolbar() {
        ToggleButton pin = new ToggleButton("Pin");
        pin.setId("viewer-pin");
        pin.setTooltip(new Tooltip("Keep showing this node whatever gets selected"));
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
        Button setB = button("B = selection", "viewer-set-b", "Compare A with the selected node", model::compareWithSelection);
        Button clearB = button("Clear B", "viewer-clear-b", "Stop comparing", model::clearCompare);
        Button fit = button("Fit", "viewer-fit", "Fit the picture into the viewer (0)", picture::fit);
        Button actual = button("100%", "viewer-100", "One picture pixel per screen pixel (1)", picture::actualSize);
        zoomLabel.setId("viewer-zoom");
        zoomLabel.setMinWidth(Region.USE_PREF_SIZE);
        Button floatButton = iconButton(TransportIcons.FLOAT, "viewer-float", "Viewer in its own window (again to dock it)", () -> onFloat.run());
        Button full = iconButton(TransportIcons.FULL_SCREEN, "viewer-full-screen", "Full screen (F, double-click; Esc leaves)", () -> onFullScreen.run());
        info.setId("viewer-info");
        info.textProperty().bind(Bindings.createStringBinding(() -> join(model.a().labelProperty().get(), model.b().labelProperty().get(),
                model.statusProperty().get()), model.a().labelProperty(), model.b().labelProperty(), model.statusProperty()));
        // a long error shrinks to an ellipsis, never the buttons; the whole text is in the tooltip
        info.setMinWidth(0);
        info.setMaxWidth(Double.MAX_VALUE);
        info.setTextOverrun(OverrunStyle.ELLIPSIS);
        Tooltip full1 = new Tooltip();
        full1.textProperty().bind(info.textProperty());
        full1.setWrapText(true);
        full1.setMaxWidth(640);
        info.setTooltip(full1);
        HBox.setHgrow(info, Priority.ALWAYS);
        compare.setMinWidth(Region.USE_PREF_SIZE);
        pin.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(6, pin, setB, clearB, compare, fit, actual, zoomLabel, floatButton, full, info);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(2, 4, 2, 4));
        return top;
    }

    private Region transport() {
        Button start = iconButton(TransportIcons.TO_START, "viewer-start", "First frame (Home)", timeline::toStart);
        Button back = iconButton(TransportIcons.STEP_BACK, "viewer-back", "One frame back (Left)", () -> timeline.step(-1));
        Button play = iconButton(TransportIcons.PLAY, "viewer-play", "Play / pause (Space)", () -> timeline.togglePlay(System.nanoTime()));
        Node playIcon = play.getGraphic(), pauseIcon = TransportIcons.icon(TransportIcons.PAUSE);
        play.graphicProperty().bind(Bindings.when(timeline.playingProperty()).then(pauseIcon).otherwise(playIcon));
        Button fwd = iconButton(TransportIcons.STEP_FORWARD, "viewer-forward", "One frame forward (Right)", () -> timeline.step(1));
        Button end = iconButton(TransportIcons.TO_END, "viewer-end", "Last frame (End)", timeline::toEnd);
        CheckBox loop = new CheckBox("Loop");
        loop.setMinWidth(Region.USE_PREF_SIZE);
        loop.selectedProperty().bindBidirectional(timeline.loopProperty());
        Button markIn = button("In", "viewer-in", "Set the in point (I)", timeline::markIn);
        Button markOut = button("Out", "viewer-out", "Set the out point (O)", timeline::markOut);
        Slider zoom = new Slider(1, 32, 1);
        zoom.setPrefWidth(90);
        zoom.setMinWidth(40);
        zoom.setTooltip(new Tooltip("Timeline zoom"));
        zoom.valueProperty().bindBidirectional(timeline.zoomProperty());
        timecode.setId("viewer-timecode");
        timecode.setMinWidth(0);
        timecode.setTextOverrun(OverrunStyle.ELLIPSIS);
        fpsLabel.setId("viewer-fps");
        fpsLabel.setMinWidth(Region.USE_PREF_SIZE);
        timecode.textProperty().bind(Bindings.createStringBinding(() -> timeline.frameCount() == 0 ? "--:--:--:--"
                        : timeline.timecode(timeline.frame()) + "  frame " + timeline.frame() + " / " + (timeline.frameCount() - 1),
                timeline.frameProperty(), timeline.frameCountProperty(), timeline.fpsProperty()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label zoomName = new Label("Zoom");
        zoomName.setMinWidth(Region.USE_PREF_SIZE);
        HBox transport = new HBox(4, start, back, play, fwd, end, loop, markIn, markOut, timecode, gap, fpsLabel, zoomName, zoom);
        transport.setAlignment(Pos.CENTER_LEFT);
        transport.setPadding(new Insets(2, 4, 2, 4));
        return transport;
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

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        return setUp(b, id, tip, action);
    }

    private static Button iconButton(String icon, String id, String tip, Runnable action) {
        Button b = new Button();
        b.setGraphic(TransportIcons.icon(icon));
        return setUp(b, id, tip, action);
    }

    private static Button setUp(Button b, String id, String tip, Runnable action) {
        b.setId(id);
        b.setFocusTraversable(false);
        b.setTooltip(new Tooltip(tip));
        // never squeezed to "..." by a long status text
        b.setMinWidth(ButtonBase.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** What the float button does (the dock sets it). */
    public void setOnFloat(Runnable r) {
        onFloat = r;
    }

    /** What F, double-click and the full-screen button do (the dock sets it). */
    public void setOnFullScreen(Runnable r) {
        onFullScreen = r;
    }

    private void updateZoomLabel() {
        double s = picture.shownScale();
        String text = s <= 0 ? "" : Math.round(s * 100) + "%" + (picture.zoom().isFit() ? " (fit)" : "");
        zoomLabel.setText(text);
    }

    /** The picture of side A as drawn (for tests and snapshots). */
    public WritableImage imageA() {
        return picture.imageA();
    }

    public WritableImage imageB() {
        return picture.imageB();
    }

    public Canvas viewCanvas() {
        return picture.canvas();
    }

    public Canvas timelineBar() {
        return bar.canvas();
    }

    /** Where the picture is placed: fit or an explicit zoom, and the pan. */
    public ViewerZoom zoom() {
        return picture.zoom();
    }

    /** The scale the picture is drawn at now (fit or zoomed). */
    public double shownScale() {
        return picture.shownScale();
    }

    /** The frame under x on the timeline bar at its zoom. */
    public int frameAt(double x) {
        return bar.frameAt(x);
    }

    /** Centre of frame {@code f} on the timeline bar. */
    public double xOf(int f) {
        return bar.xOf(f);
    }

    private void key(KeyEvent e) {
        ViewerKeys k = ViewerKeys.of(e).orElse(null);
        if (k == null) return;
        switch (k) {
            case PLAY -> timeline.togglePlay(System.nanoTime());
            case STEP_BACK -> timeline.step(-1);
            case STEP_FORWARD -> timeline.step(1);
            case TO_START -> timeline.toStart();
            case TO_END -> timeline.toEnd();
            case MARK_IN -> timeline.markIn();
            case MARK_OUT -> timeline.markOut();
            case FULL_SCREEN -> onFullScreen.run();
            case FIT -> picture.fit();
            case ACTUAL_SIZE -> picture.actualSize();
            case ZOOM_IN -> picture.zoomBy(1.25);
            case ZOOM_OUT -> picture.zoomBy(1 / 1.25);
        }
        e.consume();
    }
}
