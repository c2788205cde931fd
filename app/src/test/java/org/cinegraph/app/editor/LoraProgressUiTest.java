package org.cinegraph.app.editor;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.cinegraph.app.task.SameThreadTaskRunner;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.textimage.LoraTrainer;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Train LoRA's progress window: the loss curve grows with the training and Cancel follows whether one runs. */
@ExtendWith(ApplicationExtension.class)
class LoraProgressUiTest {
    @TempDir
    Path dir;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void theLossCurveShowsEveryStepAndItsRunningMean(FxRobot robot) throws Exception {
        Path images = LoraTrainingControllerTest.motif(dir.resolve("images"), new Color(0xC62828));
        ModelLibrary lib = new ModelLibrary(dir.resolve("models"));
        EditorModel model = new EditorModel(NodeRegistry.standard(), new Document(Graph.EMPTY, null));
        int steps = LoraProgressView.MEAN_OF + 5;
        LoraTrainer.Options o = new LoraTrainer.Options("twemoji-flow", images, "a red plop", "redplop", 2, 2, steps, 2, 0.003f, 1, false);
        LoraTrainingController c = new LoraTrainingController(model, new SameThreadTaskRunner(), () -> lib, initial -> Optional.of(o));
        LoraProgressView[] view = new LoraProgressView[1];
        fx(() -> {
            view[0] = new LoraProgressView(c);
            stage.setScene(new Scene(view[0], 640, 380));
            stage.show();
        });
        assertThat(robot.lookup("#lora-cancel").queryAs(Button.class).isDisabled()).isTrue();
        fx(c::train); // the same-thread runner trains here, publishing every step to the window

        List<Float> losses = List.copyOf(c.losses());
        assertThat(losses).hasSize(steps).allMatch(l -> l > 0 && Float.isFinite(l));
        assertThat(view[0].pointCounts()).containsExactly(steps, steps - LoraProgressView.MEAN_OF + 1);
        double lastMean = losses.subList(steps - LoraProgressView.MEAN_OF, steps).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        assertThat(view[0].lastMean()).isCloseTo(lastMean, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(robot.lookup("#lora-progress-line").queryAs(Label.class).getText()).startsWith("LoRA redplop installed in");
        assertThat(robot.lookup("#lora-cancel").queryAs(Button.class).isDisabled()).isTrue();
    }

    private static void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
