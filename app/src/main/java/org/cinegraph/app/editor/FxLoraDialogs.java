package org.cinegraph.app.editor;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.cinegraph.models.textimage.LoraTrainer;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The Train LoRA dialog: images folder, caption, name, rank, steps, and whether to continue a stopped training. */
final class FxLoraDialogs implements LoraDialogs {
    private final Window owner;

    FxLoraDialogs(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<LoraTrainer.Options> askLoraTraining(Path initialDir) {
        Dialog<LoraTrainer.Options> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Train LoRA");
        d.setHeaderText("Teach Text to Image (twemoji-flow) a motif from a folder of images, on this computer's CPU");
        TextField images = new TextField();
        images.setId("lora-images");
        images.setPrefColumnCount(28);
        Button browse = new Button("Choose\u2026");
        browse.setOnAction(e -> {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle("Folder of training images");
            if (Files.isDirectory(initialDir)) c.setInitialDirectory(initialDir.toFile());
            File f = c.showDialog(owner);
            if (f != null) images.setText(f.getPath());
        });
        TextField caption = new TextField();
        caption.setId("lora-caption");
        caption.setPromptText("e.g. a zorb (new words become trigger words)");
        TextField name = new TextField();
        name.setId("lora-name");
        name.setPromptText("name in the model library, e.g. zorb");
        Spinner<Integer> rank = new Spinner<>(1, 64, 4);
        Spinner<Integer> steps = new Spinner<>(10, 100_000, 400, 50);
        steps.setEditable(true);
        CheckBox resume = new CheckBox("Continue from the checkpoint of a stopped training");
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(12));
        g.addRow(0, new Label("Images"), new HBox(6, images, browse));
        g.addRow(1, new Label("Caption"), caption);
        g.addRow(2, new Label("LoRA name"), name);
        g.addRow(3, new Label("Rank"), rank);
        g.addRow(4, new Label("Steps"), steps);
        g.add(resume, 1, 5);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Label error = new Label();
        error.setStyle("-fx-text-fill: #c0392b;");
        g.add(error, 0, 6, 2, 1);
        // refuse OK (keeping the dialog open) until the form makes a valid training
        d.getDialogPane().lookupButton(ButtonType.OK).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            String why = problem(images.getText(), caption.getText(), name.getText());
            if (why != null) {
                error.setText(why);
                e.consume();
            }
        });
        d.setResultConverter(b -> b != ButtonType.OK ? null
                : new LoraTrainer.Options("twemoji-flow", Path.of(images.getText().strip()), caption.getText().strip(), name.getText().strip(),
                        rank.getValue(), rank.getValue(), steps.getValue(), 8, 0.003f, 1, resume.isSelected()));
        return d.showAndWait();
    }

    /** Why the form cannot start a training, or null. */
    static String problem(String images, String caption, String name) {
        if (images.isBlank() || !Files.isDirectory(Path.of(images.strip()))) return "Choose the folder of training images";
        if (caption.isBlank()) return "Write a caption: what the images show";
        if (!name.strip().matches("[a-z0-9][a-z0-9._-]{0,63}")) return "The name takes lower-case letters, digits, '.', '-', '_'";
        return null;
    }
}
