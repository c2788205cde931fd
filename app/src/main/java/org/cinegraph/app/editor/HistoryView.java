package org.cinegraph.app.editor;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The render history beside the viewer: newest first, each with its thumbnail, start time,
 * duration and outputs. The folder is listed on a background thread; thumbnails load in the
 * background too. The actions act on the selected entry.
 */
public final class HistoryView extends BorderPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    /** What the buttons do with the selected entry. */
    public record Actions(Consumer<HistoryEntry> play, Consumer<HistoryEntry> compare,
                          Consumer<HistoryEntry> restoreAsNew, Consumer<HistoryEntry> restoreInto) {
    }

    private final ListView<HistoryEntry> list = new ListView<>();
    private final Label note = new Label();
    private final TaskRunner tasks;
    private RenderHistory history;

    public HistoryView(Actions actions, TaskRunner tasks) {
        this.tasks = tasks;
        setId("history");
        list.setId("history-list");
        list.setPlaceholder(new Label("No renders yet"));
        list.setCellFactory(v -> new EntryCell());
        Button play = button("Play", "history-play", actions.play());
        Button compare = button("Compare with viewer", "history-compare", actions.compare());
        Button asNew = button("Restore as new", "history-restore-new", actions.restoreAsNew());
        Button into = button("Restore into current", "history-restore-into", actions.restoreInto());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> refresh());
        for (Button b : List.of(play, compare, asNew, into)) b.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        HBox bar = new HBox(6, play, compare, asNew, into, refresh, note);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 4, 2, 4));
        setTop(bar);
        setCenter(list);
    }

    private Button button(String text, String id, Consumer<HistoryEntry> action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> {
            HistoryEntry h = list.getSelectionModel().getSelectedItem();
            if (h != null) action.accept(h);
        });
        return b;
    }

    public ListView<HistoryEntry> list() {
        return list;
    }

    public void setHistory(RenderHistory h) {
        history = h;
        refresh();
    }

    /** Lists the history folder again (off the FX thread). */
    public void refresh() {
        RenderHistory h = history;
        if (h == null) return;
        tasks.run(BackgroundTask.of("history-list", h::list).onSuccess(entries -> {
            String selected = list.getSelectionModel().getSelectedItem() == null ? null : list.getSelectionModel().getSelectedItem().id();
            list.getItems().setAll(entries);
            entries.stream().filter(e -> e.id().equals(selected)).findFirst().ifPresent(e -> list.getSelectionModel().select(e));
            note.setText("");
        }).onFailure(e -> note.setText("Cannot list the history: " + e.getMessage())));
    }

    static String describe(HistoryEntry e) {
        String outs = e.outputs().stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
        return WHEN.format(e.started()) + "   " + RenderController.duration(e.durationMillis() / 1000.0) + "\n"
                + (outs.isEmpty() ? "no files" : outs) + e.graphFile().map(g -> "\nfrom " + Path.of(g).getFileName()).orElse("");
    }

    private static final class EntryCell extends ListCell<HistoryEntry> {
        private final ImageView thumb = new ImageView();
        private final Label text = new Label();
        private final HBox box = new HBox(8, thumb, new VBox(text));

        EntryCell() {
            thumb.setFitWidth(RenderHistory.THUMB_WIDTH / 2.0);
            thumb.setPreserveRatio(true);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(HistoryEntry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                return;
            }
            thumb.setImage(e.thumbnail().map(p -> new Image(p.toUri().toString(), true)).orElse(null));
            text.setText(describe(e));
            setGraphic(box);
        }
    }
}
