package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, item 6: a slider drag stays on its step and soft range, Shift drags finely, and the graph follows the drag as one undo step. */
@ExtendWith(ApplicationExtension.class)
class SliderUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;

    @Start
    void start(Stage stage) {
        w = new EditorWindow(stage, Renderer.fromEnvironment(REG), new ScriptedDialogs(), new Recovery(tmp.resolve("recovery"), REG),
                TestSettings.in(tmp), RecordingOpener.ok());
        stage.show();
    }

    private void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private double size() {
        return ((Number) w.model().graph().requireNode("title1").params().getOrDefault("size", 72.0)).doubleValue();
    }

    /** Scrolls the inspector so a control is in view (the title card has many parameters). */
    private void reveal(javafx.scene.Node n) {
        fx(() -> {
            javafx.scene.control.ScrollPane sp = w.inspector();
            javafx.geometry.Bounds b = sp.getContent().sceneToLocal(n.localToScene(n.getBoundsInLocal()));
            double room = sp.getContent().getBoundsInLocal().getHeight() - sp.getViewportBounds().getHeight();
            if (room > 0) sp.setVvalue(Math.max(0, Math.min(1, (b.getMinY() - 10) / room)));
            sp.layout();
        });
    }

    /** The screen point of a value on the slider's track. */
    private Point2D at(ParamSlider s, double v) {
        Point2D[] p = new Point2D[1];
        fx(() -> p[0] = s.localToScreen(s.xOf(v), s.getHeight() / 2));
        return p[0];
    }

    @Test
    void dragging60PixelsMovesASizeOnItsStepAndShiftDragsATenthAsFar(FxRobot robot) {
        fx(() -> w.model().addNode("text.title", 0, 0));
        WaitForAsyncUtils.waitForFxEvents();
        ParamSlider slider = robot.lookup("#slider-size").queryAs(ParamSlider.class);
        TextField field = robot.lookup("#param-size").queryAs(TextField.class);
        reveal(slider);
        assertThat(field.getText()).isEqualTo("72");
        double perPixel = (300 - 8) / slider.getWidth();
        BackgroundWork.awaitIdle(w);
        var shownBefore = w.viewer().a().frameProperty().get();
        assertThat(shownBefore).as("the viewer shows the selected title").isNotNull();

        Point2D from = at(slider, 72);
        robot.drag(from, MouseButton.PRIMARY).moveBy(30, 0).moveBy(30, 0);
        WaitForAsyncUtils.waitForFxEvents();
        // the graph, and the viewer, follow while the button is still down
        double during = size();
        assertThat(during).isGreaterThan(72);
        BackgroundWork.awaitIdle(w);
        assertThat(w.viewer().a().frameProperty().get()).as("a new picture mid-drag").isNotNull().isNotSameAs(shownBefore);
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        double after = size();
        assertThat(after % 2).as("on the step of 2").isZero();
        assertThat(after).isBetween(72 + 60 * perPixel - 4, 72 + 60 * perPixel + 4).isLessThanOrEqualTo(300);
        assertThat(field.getText()).isEqualTo(Long.toString(Math.round(after)));
        // the drag is one step
        fx(() -> w.edits().undo());
        assertThat(size()).isEqualTo(72);

        // Shift: the press keeps the value, the drag moves a tenth as far
        Point2D again = at(slider, 72);
        robot.press(KeyCode.SHIFT);
        robot.drag(again, MouseButton.PRIMARY).moveBy(30, 0).moveBy(30, 0).release(MouseButton.PRIMARY);
        robot.release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(size()).isBetween(72 + 6 * perPixel - 2, 72 + 6 * perPixel + 2);
        assertThat(w.model().graph().requireNode("title1").params().get("size")).isInstanceOf(Double.class);
    }

    @Test
    void aTypedValueBeyondTheSoftRangeStaysAndTheSliderWidensToShowIt(FxRobot robot) {
        fx(() -> w.model().addNode("text.title", 0, 0));
        WaitForAsyncUtils.waitForFxEvents();
        TextField field = robot.lookup("#param-size").queryAs(TextField.class);
        reveal(field);
        robot.doubleClickOn(field).eraseText(8).write("640").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(size()).isEqualTo(640);
        ParamSlider slider = robot.lookup("#slider-size").queryAs(ParamSlider.class);
        assertThat(slider.value()).isEqualTo(640);
        assertThat(slider.xOf(640)).isCloseTo(slider.getWidth(), org.assertj.core.data.Offset.offset(0.5));
        fx(() -> w.model().select(List.of()));
    }
}
