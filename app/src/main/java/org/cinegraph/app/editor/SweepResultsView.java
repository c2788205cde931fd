package org.cinegraph.app.editor;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.render.sweep.ContactSheet;
import org.cinegraph.render.sweep.Sweep;
import org.cinegraph.render.sweep.SweepRunner;

import java.util.List;
import java.util.Optional;

/**
 * A finished sweep's contact sheet (for clips, its middle frame): clicking a cell chooses that
 * combination, "Use these values" writes them into the graph (one undo step).
 */
final class SweepResultsView extends BorderPane {
    private final SweepController sweeps;
    private final SweepRunner.Result result;
    private final Label chosenLabel = new Label("Click a cell to choose it");
    private final Button use = new Button("Use these values");
    private Sweep.Combination chosen;

    SweepResultsView(SweepController sweeps, SweepRunner.Result result) {
        this.sweeps = sweeps;
        this.result = result;
        setId("sweep-results");
        setPadding(new Insets(8));
        use.setId("sweep-use");
        use.setDisable(true);
        use.setOnAction(e -> {
            if (chosen != null) sweeps.pick(chosen);
        });
        chosenLabel.setId("sweep-chosen");
        Optional<SweepRunner.Sheet> sheet = result.sheets().stream().findFirst();
        if (sheet.isPresent()) {
            ImageView view = new ImageView(image(sheet.get()));
            view.setId("sweep-sheet");
            view.setOnMouseClicked(e -> sheet.get().layout().cellAt(e.getX(), e.getY()).ifPresent(this::choose));
            setCenter(new ScrollPane(view));
        } else {
            setCenter(new Label("No contact sheet: " + String.join("; ", result.warnings())));
        }
        HBox bottom = new HBox(10, chosenLabel, use);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        setBottom(bottom);
    }

    /** Chooses the combination of a cell (in the sheet's order). */
    void choose(int cell) {
        List<SweepRunner.Cell> cells = result.cells();
        if (cell < 0 || cell >= cells.size()) return;
        SweepRunner.Cell c = cells.get(cell);
        chosen = c.combination();
        chosenLabel.setText(c.failure().map(f -> "Failed: " + c.combination().label()).orElse("Chosen: " + c.combination().label()));
        use.setDisable(false);
    }

    Optional<Sweep.Combination> chosen() {
        return Optional.ofNullable(chosen);
    }

    private static Image image(SweepRunner.Sheet sheet) {
        Frame f;
        try {
            String name = sheet.file().getFileName().toString();
            if (name.endsWith(".png")) f = ImageFiles.read(sheet.file());
            else {
                try (VideoFileClip clip = new VideoFileClip(sheet.file())) {
                    f = clip.frame(clip.frameCount() / 2);
                }
            }
        } catch (MediaException e) {
            f = Frame.filled(sheet.layout().width(), sheet.layout().height(), 0xFF202020);
        }
        WritableImage img = new WritableImage(f.width(), f.height());
        img.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getIntArgbInstance(), f.pixels(), 0, f.width());
        return img;
    }

    /** Opens the results in their own window. */
    static void show(SweepController sweeps, SweepRunner.Result result) {
        Stage stage = new Stage();
        stage.setTitle("Sweep: " + result.sweep().describe());
        stage.setScene(new Scene(new SweepResultsView(sweeps, result), 900, 640));
        stage.show();
    }
}
