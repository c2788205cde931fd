package org.cinegraph.app.editor;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.List;

/**
 * The Train LoRA progress window: the loss curve of the training so far (each step's loss and its
 * running mean, which is what shows whether it still learns), the progress line with the ETA, and
 * Cancel. It opens when a training starts and stays open after it ends, showing the whole curve.
 */
final class LoraProgressView extends BorderPane {
    /** Steps of the running mean drawn over the noisy per-step loss. */
    static final int MEAN_OF = 20;
    private final XYChart.Series<Number, Number> perStep = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> mean = new XYChart.Series<>();

    LoraProgressView(LoraTrainingController lora) {
        setId("lora-progress");
        setPadding(new Insets(8));
        NumberAxis steps = new NumberAxis();
        steps.setLabel("step");
        steps.setForceZeroInRange(false);
        NumberAxis loss = new NumberAxis();
        loss.setLabel("loss (flow-matching MSE)");
        loss.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(steps, loss);
        chart.setId("lora-loss-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        perStep.setName("loss per step");
        mean.setName("mean of " + MEAN_OF + " steps");
        chart.getData().add(perStep);
        chart.getData().add(mean);
        setCenter(chart);
        Label line = new Label();
        line.setId("lora-progress-line");
        line.textProperty().bind(lora.progressProperty());
        line.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(line, Priority.ALWAYS);
        Button cancel = new Button("Cancel");
        cancel.setId("lora-cancel");
        cancel.disableProperty().bind(lora.runningProperty().not());
        cancel.setOnAction(e -> lora.cancel());
        HBox bottom = new HBox(10, line, cancel);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        setBottom(bottom);
        redraw(lora.losses());
        lora.losses().addListener((ListChangeListener<Float>) c -> {
            boolean appendedOnly = true;
            while (c.next()) appendedOnly &= !c.wasRemoved();
            // appending is the common case (one step at a time); anything else (a new run, the final list) redraws
            if (!appendedOnly) {
                perStep.getData().clear();
                mean.getData().clear();
            }
            redraw(c.getList());
        });
    }

    /** Points of the per-step curve and of its running mean (for the test). */
    int[] pointCounts() {
        return new int[] {perStep.getData().size(), mean.getData().size()};
    }

    /** The running mean's last value (for the test). */
    double lastMean() {
        return mean.getData().get(mean.getData().size() - 1).getYValue().doubleValue();
    }

    /** Adds the points of the losses not drawn yet. */
    private void redraw(List<? extends Float> losses) {
        int from = perStep.getData().size();
        double sum = 0; // of the MEAN_OF losses before 'from' (fewer at the start)
        for (int i = Math.max(0, from - MEAN_OF); i < from; i++) sum += losses.get(i);
        for (int i = from; i < losses.size(); i++) {
            sum += losses.get(i);
            if (i >= MEAN_OF) sum -= losses.get(i - MEAN_OF);
            perStep.getData().add(new XYChart.Data<>(i + 1, losses.get(i)));
            if (i + 1 >= MEAN_OF) mean.getData().add(new XYChart.Data<>(i + 1, sum / MEAN_OF));
        }
    }

    /** Opens the window (once per editor window) whenever a training starts. */
    static void showOnStart(Window owner, LoraTrainingController lora) {
        Stage[] stage = new Stage[1];
        lora.runningProperty().addListener((obs, was, now) -> {
            if (!now) return;
            if (stage[0] == null) {
                stage[0] = new Stage();
                stage[0].initOwner(owner);
                stage[0].setTitle("Train LoRA");
                stage[0].setScene(new Scene(new LoraProgressView(lora), 640, 380));
            }
            stage[0].show();
            stage[0].toFront();
        });
    }
}
