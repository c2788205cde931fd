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
import javafx.scene.control.TextInputDialog;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.cinegraph.app.models.InstallOffer;
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
    public Optional<Path> chooseFolder(String title, Path initialDir) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(title);
        if (initialDir != null && Files.isDirectory(initialDir)) dc.setInitialDirectory(initialDir.toFile());
        return Optional.ofNullable(dc.showDialog(owner)).map(File::toPath);
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
    public void showOpenProblems(String fileName, List<String> lines, List<InstallOffer> installs) {
        Alert a = new Alert(Alert.AlertType.WARNING);
        a.initOwner(owner);
        a.setHeaderText(fileName + " opened with " + (lines.size() + installs.size()) + " thing(s) to look at");
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(8);
        if (!lines.isEmpty()) {
            TextArea t = new TextArea(String.join("\n\n", lines));
            t.setEditable(false);
            t.setWrapText(true);
            t.setPrefSize(560, installs.isEmpty() ? 260 : 160);
            box.getChildren().add(t);
        }
        if (!installs.isEmpty()) {
            // installs go on in the background after the dialog closes (Models > Model Manager shows them)
            box.getChildren().add(new javafx.scene.control.Label("Models this graph needs (the graph renders once they are installed):"));
            for (InstallOffer o : installs) box.getChildren().add(o.row());
        }
        box.setPrefWidth(580);
        a.getDialogPane().setContent(box);
        a.showAndWait();
    }

    @Override
    public boolean confirm(String title, String question) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.YES, ButtonType.NO);
        a.initOwner(owner);
        a.setHeaderText(title);
        return a.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
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
    public boolean confirmSpend(String renderName, List<String> calls, String total) {
        ButtonType go = new ButtonType("Render and pay", ButtonBar.ButtonData.YES);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", go, cancel);
        a.initOwner(owner);
        a.setHeaderText(renderName + " calls " + calls.size() + " paid model" + (calls.size() == 1 ? "" : "s") + ": about " + total);
        TextArea t = new TextArea(String.join("\n", calls) + "\n\nResults are kept in the render cache: rendering again does not pay twice.");
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefSize(560, 180);
        a.getDialogPane().setContent(t);
        return a.showAndWait().orElse(cancel) == go;
    }

    @Override
    public Optional<String> askCostLimit(String current) {
        TextInputDialog d = new TextInputDialog(current);
        d.initOwner(owner);
        d.setTitle("Cost limit");
        d.setHeaderText("The most one render may spend on paid models (in the price's currency, e.g. 2.50). Blank: no limit.");
        return d.showAndWait();
    }

    @Override
    public void showShortcuts(List<Shortcuts.Row> rows) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setHeaderText("Keyboard and mouse shortcuts");
        a.getDialogPane().setContent(shortcutsTable(rows, owner));
        a.setResizable(true);
        a.showAndWait();
    }

    /**
     * The shortcuts in two columns (the menus left, canvas and viewer right), in a scroll pane no
     * taller than most of the screen the window is on.
     */
    static javafx.scene.control.ScrollPane shortcutsTable(List<Shortcuts.Row> rows, Window owner) {
        GridPane left = section(rows.stream().filter(r -> r.section().equals("Menus")).toList());
        GridPane right = section(rows.stream().filter(r -> !r.section().equals("Menus")).toList());
        javafx.scene.layout.HBox both = new javafx.scene.layout.HBox(28, left, right);
        both.setPadding(new Insets(10));
        javafx.scene.control.ScrollPane sp = new javafx.scene.control.ScrollPane(both);
        sp.setId("shortcuts");
        sp.setFitToWidth(true);
        javafx.geometry.Rectangle2D screen = owner == null ? javafx.stage.Screen.getPrimary().getVisualBounds()
                : javafx.stage.Screen.getScreensForRectangle(owner.getX(), owner.getY(), Math.max(1, owner.getWidth()), Math.max(1, owner.getHeight()))
                .stream().findFirst().orElse(javafx.stage.Screen.getPrimary()).getVisualBounds();
        both.applyCss();
        double h = both.prefHeight(-1), w = both.prefWidth(-1);
        sp.setPrefViewportHeight(Math.min(h, screen.getHeight() * 0.75));
        sp.setPrefViewportWidth(Math.min(w + 20, screen.getWidth() * 0.9));
        return sp;
    }

    private static GridPane section(List<Shortcuts.Row> rows) {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(3);
        String section = null;
        int line = 0;
        for (Shortcuts.Row r : rows) {
            if (!r.section().equals(section)) {
                section = r.section();
                Label title = new Label(section);
                title.setStyle("-fx-font-weight: bold; -fx-font-size: 1.1em; -fx-padding: " + (line == 0 ? "0" : "8") + " 0 2 0;");
                grid.add(title, 0, line++, 2, 1);
            }
            Label k = new Label(r.keys());
            k.setStyle("-fx-font-family: monospace; -fx-font-weight: bold;");
            Label d = new Label(r.description());
            d.setWrapText(true);
            d.setMaxWidth(330);
            grid.addRow(line++, k, d);
        }
        return grid;
    }
}
