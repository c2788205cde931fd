package org.cinegraph.app.editor;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Subgraphs;

import java.util.List;

/**
 * Where the canvas is while a subgraph is edited: "Graph › Upscale and sharpen (sub1) › ...",
 * each step a link back to that level, and a Leave button. Hidden at the top.
 */
final class BreadcrumbBar extends HBox {
    private final EditorModel model;
    private List<String> shown;

    BreadcrumbBar(EditorModel model, Runnable leave) {
        super(4);
        this.model = model;
        setId("breadcrumb");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(2, 8, 2, 8));
        setStyle("-fx-background-color: #2d3440; -fx-border-color: transparent transparent #4a5568 transparent;");
        Button up = new Button("\u2191 Leave");
        up.setId("breadcrumb-leave");
        up.setOnAction(e -> leave.run());
        getChildren().add(up);
        model.addDocumentListener(m -> refresh());
        refresh();
    }

    private void refresh() {
        List<String> level = model.level();
        if (level.equals(shown)) return;
        shown = level;
        setVisible(!level.isEmpty());
        setManaged(!level.isEmpty());
        getChildren().remove(1, getChildren().size());
        Hyperlink top = link("Graph", 0);
        top.setId("breadcrumb-0");
        getChildren().add(top);
        Graph g = model.document().graph();
        for (int i = 0; i < level.size(); i++) {
            GraphNode n = Subgraphs.graphAt(g, level.subList(0, i)).requireNode(level.get(i));
            String text = (n.title().isBlank() || n.title().equals(n.id()) ? "" : n.title() + " ") + "(" + n.id() + ")";
            Label sep = new Label("\u203A");
            sep.setStyle("-fx-text-fill: #9aa5b1;");
            getChildren().add(sep);
            if (i == level.size() - 1) {
                Label here = new Label(text);
                here.setId("breadcrumb-here");
                here.setStyle("-fx-text-fill: white; -fx-font-weight: bold;");
                getChildren().add(here);
            } else {
                Hyperlink l = link(text, i + 1);
                l.setId("breadcrumb-" + (i + 1));
                getChildren().add(l);
            }
        }
    }

    private Hyperlink link(String text, int depth) {
        Hyperlink l = new Hyperlink(text);
        l.setStyle("-fx-text-fill: #8ec5ff;");
        l.setOnAction(e -> model.leaveTo(depth));
        return l;
    }
}
