package org.cinegraph.app.queue;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The render queue beside the viewer: what runs now, then what waits, next first. Waiting renders
 * can be moved, removed one by one or all cleared; Start runs the queue when nothing runs (a
 * queue read back after a restart waits for it).
 */
public final class QueueView extends BorderPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final ListView<QueuedRender> list = new ListView<>();
    private final Label now = new Label();

    /**
     * @param running what runs now (null when nothing does)
     * @param start   starts the queue
     */
    public QueueView(RenderQueue queue, ObservableValue<QueuedRender> running, ObservableBooleanValue busy, Runnable start) {
        setId("queue");
        list.setId("queue-list");
        list.setItems(queue.items());
        list.setPlaceholder(new Label("Nothing queued. Render while a render runs to queue the graph as it is then."));
        list.setCellFactory(v -> new Cell());
        Button startButton = button("Start", "queue-start", start);
        startButton.disableProperty().bind(Bindings.createBooleanBinding(() -> busy.get() || queue.items().isEmpty(), busy, queue.items()));
        Button up = button("Up", "queue-up", () -> move(queue, -1));
        Button down = button("Down", "queue-down", () -> move(queue, 1));
        Button remove = button("Remove", "queue-remove", () -> queue.remove(selected()));
        Button clear = button("Clear", "queue-clear", queue::clear);
        clear.disableProperty().bind(Bindings.isEmpty(queue.items()));
        for (Button b : List.of(up, down, remove)) b.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        now.setId("queue-now");
        now.setMinWidth(0);
        now.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        now.textProperty().bind(Bindings.createStringBinding(() -> running.getValue() == null ? "Nothing rendering"
                : "Rendering " + running.getValue().name() + " into " + running.getValue().outDir(), running));
        Label note = new Label();
        note.setMinWidth(0);
        note.textProperty().bind(queue.noteProperty());
        note.setStyle("-fx-text-fill: #c0392b;");
        HBox.setHgrow(now, Priority.ALWAYS);
        now.setMaxWidth(Double.MAX_VALUE);
        HBox bar = new HBox(6, startButton, up, down, remove, clear, now, note);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 4, 2, 4));
        setTop(bar);
        setCenter(list);
    }

    private void move(RenderQueue queue, int by) {
        QueuedRender r = selected();
        queue.move(r, by);
        list.getSelectionModel().select(r);
    }

    private QueuedRender selected() {
        return list.getSelectionModel().getSelectedItem();
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(Button.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        return b;
    }

    public ListView<QueuedRender> list() {
        return list;
    }

    private static final class Cell extends ListCell<QueuedRender> {
        @Override
        protected void updateItem(QueuedRender r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText((getIndex() + 1) + ".  " + r.name() + "   \u2192 " + r.outDir() + "   (queued " + WHEN.format(r.queued()) + ")");
            setTooltip(new Tooltip(r.graphFile().map(f -> "From " + f).orElse("An unsaved graph") + "\nOutputs into " + r.outDir()));
        }
    }
}
