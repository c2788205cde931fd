package org.cinegraph.app.editor;

import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Dialog;
import javafx.scene.layout.GridPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.cinegraph.format.GraphFile;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@link Dialogs} as modal JavaFX dialogs owned by the editor window. */
public final class FxDialogs implements Dialogs {
    private final Window owner;

    public FxDialogs(Window owner) {
        this.owner = owner;
    }

    private FileChooser chooser(String title, Path dir) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Cinegraph graphs", "*" + GraphFile.EXTENSION));
        if (dir != null && Files.isDirectory(dir)) fc.setInitialDirectory(dir.toFile());
        return fc;
    }

    @Override
    public SaveChoice askSaveChanges(String documentName) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Save the changes to " + documentName + "?", save, discard, cancel);
        a.initOwner(owner);
        a.setHeaderText("Unsaved changes");
        ButtonType r = a.showAndWait().orElse(cancel);
        return r == save ? SaveChoice.SAVE : r == discard ? SaveChoice.DISCARD : SaveChoice.CANCEL;
    }

    @Override
    public Optional<Path> chooseOpen(Path initialDir) {
        File f = chooser("Open graph", initialDir).showOpenDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseSave(Path initialDir, String initialName) {
        FileChooser fc = chooser("Save graph as", initialDir);
        fc.setInitialFileName(initialName);
        return Optional.ofNullable(fc.showSaveDialog(owner)).map(File::toPath);
    }

    @Override
    public boolean askRestore(String documentName, String when) {
        ButtonType restore = new ButtonType("Restore", ButtonBar.ButtonData.YES);
        ButtonType ignore = new ButtonType("Open as saved", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Unsaved changes to " + documentName + " from " + when
                + " were recovered. Restore them? (Restoring is one step you can undo.)", restore, ignore);
        a.initOwner(owner);
        a.setHeaderText("Recovered work");
        return a.showAndWait().orElse(ignore) == restore;
    }

    @Override
    public void showOpenProblems(String fileName, List<String> lines) {
        Alert a = new Alert(Alert.AlertType.WARNING);
        a.initOwner(owner);
        a.setHeaderText(fileName + " opened with " + lines.size() + " thing(s) to look at");
        TextArea t = new TextArea(String.join("\n\n", lines));
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefSize(560, 260);
        a.getDialogPane().setContent(t);
        a.showAndWait();
    }

    @Override
    public void error(String title, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.initOwner(owner);
        a.setHeaderText(title);
        a.showAndWait();
    }

    @Override
    public Optional<String[]> askGroup(String title, String colour) {
        Dialog<String[]> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Group");
        d.setHeaderText("Group the selected nodes");
        TextField name = new TextField(title);
        ColorPicker picker = new ColorPicker(CanvasColours.parse(colour));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Title"), name);
        grid.addRow(1, new Label("Colour"), picker);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? new String[]{name.getText(), InspectorView.hex(picker.getValue())} : null);
        return d.showAndWait();
    }

    @Override
    public void showShortcuts(List<String[]> rows) {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(4);
        grid.setPadding(new Insets(10));
        for (int i = 0; i < rows.size(); i++) {
            Label k = new Label(rows.get(i)[0]);
            k.setStyle("-fx-font-family: monospace; -fx-font-weight: bold;");
            grid.addRow(i, k, new Label(rows.get(i)[1]));
        }
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setHeaderText("Keyboard and mouse shortcuts");
        javafx.scene.control.ScrollPane sp = new javafx.scene.control.ScrollPane(grid);
        sp.setPrefSize(520, 420);
        a.getDialogPane().setContent(sp);
        a.showAndWait();
    }
}
