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
import org.cinegraph.graph.GraphNode;
import org.cinegraph.spi.NodeSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Find Node (Ctrl+F): a search over the nodes of the graph being edited by title, type (its
 * name and id) and node id; Enter (or a double-click) selects the highlighted node and centres
 * the view on it.
 */
final class FindNode {
    /** A node found, with what it is shown as. */
    record Hit(String id, String text, int score) {
    }

    private final EditorModel model;
    private final CanvasView canvas;
    private final Popup popup = new Popup();
    private final TextField field = new TextField();
    private final ListView<Hit> list = new ListView<>();

    FindNode(EditorModel model, CanvasView canvas) {
        this.model = model;
        this.canvas = canvas;
        field.setId("find-node-field");
        field.setPromptText("Title, type or id\u2026");
        list.setPrefSize(320, 240);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Hit h, boolean empty) {
                super.updateItem(h, empty);
                setText(empty || h == null ? null : h.text());
            }
        });
        VBox box = new VBox(4, new Label("Find node"), field, list);
        box.setStyle("-fx-background-color: #2b2d31; -fx-padding: 6; -fx-border-color: #555;");
        popup.getContent().add(box);
        popup.setAutoHide(true);
        field.textProperty().addListener((o, a, b) -> refresh());
        field.setOnKeyPressed(e -> {
            switch (e.getCode()) {
                case DOWN -> list.getSelectionModel().selectNext();
                case UP -> list.getSelectionModel().selectPrevious();
                case ENTER -> choose();
                case ESCAPE -> popup.hide();
                default -> {
                    return;
                }
            }
            e.consume();
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) choose();
        });
    }

    /** Opens the search over the canvas's top left corner. */
    void show(Window owner) {
        field.clear();
        refresh();
        Point2D at = canvas.localToScreen(12, 12);
        popup.show(owner, at.getX(), at.getY());
        field.requestFocus();
    }

    boolean isShowing() {
        return popup.isShowing();
    }

    TextField field() {
        return field;
    }

    List<Hit> results() {
        return List.copyOf(list.getItems());
    }

    /** Nodes matching a query, best first: an id or title equal to it, then starting with it, then containing it, then the type. */
    List<Hit> search(String query) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<Hit> out = new ArrayList<>();
        for (GraphNode n : model.graph().nodes().values()) {
            String type = model.spec(n).map(NodeSpec::displayName).orElse(n.type());
            String title = n.title().isEmpty() ? type : n.title();
            int score = q.isEmpty() ? 1 : Math.max(match(n.id(), q), Math.max(match(title, q), Math.max(match(type, q) - 50, match(n.type(), q) - 50)));
            if (score > 0) out.add(new Hit(n.id(), title + "   \u00B7 " + n.id() + " \u00B7 " + type, score));
        }
        out.sort(Comparator.comparingInt(Hit::score).reversed().thenComparing(Hit::id));
        return out;
    }

    private static int match(String text, String q) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals(q)) return 1000;
        if (t.startsWith(q)) return 800;
        if (t.contains(q)) return 600;
        return 0;
    }

    private void refresh() {
        list.getItems().setAll(search(field.getText()));
        list.getSelectionModel().selectFirst();
    }

    /** Selects the highlighted node and centres the view on it (Enter). */
    void choose() {
        Hit h = list.getSelectionModel().getSelectedItem();
        if (h == null) return;
        popup.hide();
        jumpTo(h.id());
    }

    void jumpTo(String id) {
        GraphNode n = model.graph().nodes().get(id);
        if (n == null) return;
        model.select(List.of(id));
        NodeGeometry g = model.geometry(n);
        canvas.centreOn(g.x() + g.width() / 2, g.y() + g.height() / 2);
        canvas.requestFocus();
    }
}
