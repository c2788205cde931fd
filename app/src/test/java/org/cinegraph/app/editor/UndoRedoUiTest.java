package org.cinegraph.app.editor;

import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, item 2: undo and redo follow the document at all times, whether or not the Edit menu was ever opened. */
@ExtendWith(ApplicationExtension.class)
class UndoRedoUiTest {
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

    private MenuItem item(FxRobot robot, String id) {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        return bar.getMenus().stream().flatMap(m -> m.getItems().stream()).filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
    }

    private void undoKey(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void redoKey(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void ctrlZWorksBeforeAndAfterTheEditMenuWasOpenedAndTheItemsFollowTheDocument(FxRobot robot) {
        MenuItem undo = item(robot, "undo-item"), redo = item(robot, "redo-item");
        assertThat(undo.isDisable()).as("nothing to undo in a new graph").isTrue();
        assertThat(redo.isDisable()).isTrue();
        fx(() -> {
            w.model().addNode("generate.solid", 0, 0);
            w.model().addNode("colour.grade", 300, 0);
        });
        assertThat(undo.isDisable()).isFalse();
        assertThat(undo.getText()).startsWith("Undo ").isNotEqualTo("Undo ");
        robot.clickOn(w.canvas().localToScreen(20, w.canvas().getHeight() - 20));
        undoKey(robot);
        assertThat(w.model().graph().nodes()).containsOnlyKeys("solid1");
        assertThat(redo.isDisable()).isFalse();
        undoKey(robot);
        assertThat(w.model().graph().nodes()).isEmpty();
        assertThat(undo.isDisable()).isTrue();

        // opened while there is nothing to undo, closed, then an edit: Ctrl+Z still undoes it
        robot.clickOn("Edit");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> w.model().addNode("generate.noise", 0, 0));
        robot.clickOn(w.canvas().localToScreen(20, w.canvas().getHeight() - 20));
        undoKey(robot);
        assertThat(w.model().graph().nodes()).isEmpty();
        redoKey(robot);
        assertThat(w.model().graph().nodes()).containsOnlyKeys("noise1");
        assertThat(redo.isDisable()).isTrue();
        assertThat(undo.isDisable()).isFalse();
    }
}
