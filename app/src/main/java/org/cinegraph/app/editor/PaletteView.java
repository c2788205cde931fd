package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.cinegraph.spi.NodeSpec;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The node palette: types by category with a search field. A type is dragged onto the canvas
 * with a plain press-drag-release (no platform drag and drop, which some window systems and
 * headless test runs do not deliver); the drop handler gets the release point on screen.
 */
public final class PaletteView extends VBox {
    private final TextField search = org.controlsfx.control.textfield.TextFields.createClearableTextField();
    private final TreeView<Object> tree = new TreeView<>();
    private final List<NodeSpec> specs;
    private List<NodeSpec> library = List.of();
    private final BiConsumer<NodeSpec, Point2D> onDrop;

    public PaletteView(List<NodeSpec> specs, BiConsumer<NodeSpec, Point2D> onDrop) {
        this.specs = specs;
        this.onDrop = onDrop;
        search.setPromptText("Search nodes");
        search.setId("palette-search");
        tree.setShowRoot(false);
        tree.setId("palette");
        tree.setCellFactory(t -> new PaletteCell());
        VBox.setVgrow(tree, Priority.ALWAYS);
        getChildren().addAll(new Label("Nodes"), search, tree);
        setSpacing(4);
        setPrefWidth(220);
        setStyle("-fx-padding: 6;");
        search.textProperty().addListener((o, a, b) -> fill());
        fill();
    }

    /** Subgraphs of the team library, listed under their categories beside the node types. */
    public void setLibrary(List<NodeSpec> entries) {
        library = List.copyOf(entries);
        fill();
    }

    private void fill() {
        TreeItem<Object> root = new TreeItem<>("root");
        String q = search.getText();
        List<NodeSpec> all = new java.util.ArrayList<>(specs);
        all.addAll(library);
        List<NodeSpec> hits = NodeSearch.search(all, q, s -> true);
        for (Map.Entry<String, List<NodeSpec>> e : NodeSearch.byCategory(hits).entrySet()) {
            TreeItem<Object> cat = new TreeItem<>(e.getKey());
            cat.setExpanded(true);
            for (NodeSpec s : e.getValue()) cat.getChildren().add(new TreeItem<>(s));
            root.getChildren().add(cat);
        }
        tree.setRoot(root);
    }

    private final class PaletteCell extends TreeCell<Object> {
        private boolean dragging;

        PaletteCell() {
            addEventHandler(MouseEvent.DRAG_DETECTED, e -> {
                if (getItem() instanceof NodeSpec) {
                    dragging = true;
                    getScene().setCursor(javafx.scene.Cursor.CLOSED_HAND);
                }
            });
            addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
                if (!dragging) return;
                dragging = false;
                getScene().setCursor(null);
                if (getItem() instanceof NodeSpec s) onDrop.accept(s, new Point2D(e.getScreenX(), e.getScreenY()));
            });
        }

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setTooltip(null);
                setId(null);
            } else if (item instanceof NodeSpec s) {
                setText(s.displayName());
                setId("palette-" + s.id());
                setTooltip(s.description().isEmpty() ? null : new Tooltip(s.description()));
            } else {
                setText(item.toString());
                setId(null);
                setTooltip(null);
            }
        }
    }
}
