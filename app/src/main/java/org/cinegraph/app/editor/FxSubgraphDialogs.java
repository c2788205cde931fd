package org.cinegraph.app.editor;

import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SubgraphDialogs} as modal JavaFX dialogs owned by the editor window. */
final class FxSubgraphDialogs implements SubgraphDialogs {
    private final Window owner;

    FxSubgraphDialogs(Window owner) {
        this.owner = owner;
    }

    @Override
    public boolean askUpdateFromLibrary(String fileName, List<String> changes) {
        ButtonType update = new ButtonType("Update", ButtonBar.ButtonData.YES);
        ButtonType keep = new ButtonType("Keep embedded copies", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", update, keep);
        a.initOwner(owner);
        a.setHeaderText(fileName + " uses library subgraphs the library has changed");
        TextArea t = new TextArea(String.join("\n", changes)
                + "\n\nUpdate takes the library's versions (one step you can undo); links and values that still fit are kept."
                + " Keep renders the copies embedded in the graph, as before.");
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount(Math.min(10, changes.size() + 3));
        a.getDialogPane().setContent(t);
        return a.showAndWait().orElse(keep) == update;
    }

    @Override
    public Optional<LibrarySave> askSaveToLibrary(LibrarySave suggested, Path folder) {
        Dialog<LibrarySave> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Save to library");
        d.setHeaderText("Save the subgraph to " + folder + " (as its next version when the name exists)");
        TextField name = new TextField(suggested.name());
        TextField category = new TextField(suggested.category());
        TextArea description = new TextArea(suggested.description());
        description.setPrefRowCount(3);
        description.setWrapText(true);
        GridPane g = grid();
        g.addRow(0, new Label("Name"), name);
        g.addRow(1, new Label("Category"), category);
        g.addRow(2, new Label("Description"), description);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(name.textProperty().isEmpty());
        d.setResultConverter(b -> b == ButtonType.OK ? new LibrarySave(name.getText().strip(), category.getText().strip(), description.getText().strip()) : null);
        return d.showAndWait();
    }

    @Override
    public Optional<String> askPromotedName(String param, String suggested) {
        TextInputDialog d = new TextInputDialog(suggested);
        d.initOwner(owner);
        d.setTitle("Promote parameter");
        d.setHeaderText("Show " + param + " on the subgraph node as");
        return d.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }

    @Override
    public Optional<Path> chooseLibraryFolder(Path current) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Team library folder");
        if (current != null && Files.isDirectory(current)) c.setInitialDirectory(current.toFile());
        return Optional.ofNullable(c.showDialog(owner)).map(File::toPath);
    }

    @Override
    public Optional<List<String>> askSweep(String param, String suggestedValues) {
        Dialog<List<String>> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Sweep");
        d.setHeaderText("Render every combination and compare them on a contact sheet");
        TextField values = new TextField(suggestedValues);
        values.setId("sweep-values");
        TextField second = new TextField();
        second.setId("sweep-second");
        second.setPromptText("optional: NODE.PARAM=VALUES");
        Label help = new Label("Values: a list 0.5,1,2 \u2014 a range START:STOP:STEP like 0.5:1.5:0.25 \u2014 seeds 4seeds or 4seeds@100");
        help.setWrapText(true);
        GridPane g = grid();
        g.addRow(0, new Label(param), values);
        g.addRow(1, new Label("and"), second);
        g.add(help, 0, 2, 2, 1);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> {
            if (b != ButtonType.OK) return null;
            List<String> out = new ArrayList<>();
            out.add(param + "=" + values.getText().strip());
            if (!second.getText().isBlank()) out.add(second.getText().strip());
            return out;
        });
        return d.showAndWait();
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        return g;
    }
}
