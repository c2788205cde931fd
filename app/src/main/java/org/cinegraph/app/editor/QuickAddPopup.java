package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;
import org.cinegraph.spi.NodeSpec;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The search popup of quick add (Tab, double-click, a wire dropped on empty canvas). Enter adds the highlighted type. */
public final class QuickAddPopup {
    private final Popup popup = new Popup();
    private final TextField field = new TextField();
    private final ListView<NodeSpec> list = new ListView<>();
    private final List<NodeSpec> specs;
    private Predicate<NodeSpec> filter = s -> true;
    private Consumer<NodeSpec> onChoose = s -> { };

    public QuickAddPopup(List<NodeSpec> specs) {
        this.specs = specs;
        field.setPromptText("Search nodes\u2026");
        list.setPrefSize(300, 260);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(NodeSpec s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.displayName() + "   \u00B7 " + s.category());
            }
        });
        VBox box = new VBox(4, new Label("Add node"), field, list);
        box.setStyle("-fx-background-color: #2b2d31; -fx-padding: 6; -fx-border-color: #555; -fx-text-fill: white;");
        popup.getContent().add(box);
        popup.setAutoHide(true);
        field.textProperty().addListener((o, a, b) -> refresh());
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN) {
                list.getSelectionModel().selectNext();
                e.consume();
            } else if (e.getCode() == KeyCode.UP) {
                list.getSelectionModel().selectPrevious();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER) {
                choose();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                popup.hide();
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) choose();
        });
    }

    public void show(Window owner, Point2D screen, Predicate<NodeSpec> filter, Consumer<NodeSpec> onChoose) {
        this.filter = filter;
        this.onChoose = onChoose;
        field.clear();
        refresh();
        popup.show(owner, screen.getX(), screen.getY());
        field.requestFocus();
    }

    public boolean isShowing() {
        return popup.isShowing();
    }

    public TextField field() {
        return field;
    }

    public List<NodeSpec> results() {
        return List.copyOf(list.getItems());
    }

    private void refresh() {
        list.getItems().setAll(NodeSearch.search(specs, field.getText(), filter));
        list.getSelectionModel().selectFirst();
    }

    /** Adds the highlighted entry (Enter). */
    public void choose() {
        NodeSpec s = list.getSelectionModel().getSelectedItem();
        if (s == null) return;
        popup.hide();
        onChoose.accept(s);
    }
}
