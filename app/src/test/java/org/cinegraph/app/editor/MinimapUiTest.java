package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.cinegraph.graph.ViewState;
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
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, item 8: the minimap covers no node it can avoid, moves by its grip, takes no click outside its box, and hides. */
@ExtendWith(ApplicationExtension.class)
class MinimapUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;
    EditorSettings settings;

    @Start
    void start(Stage stage) {
        settings = TestSettings.in(tmp);
        w = new EditorWindow(stage, Renderer.fromEnvironment(REG), new ScriptedDialogs(), new Recovery(tmp.resolve("recovery"), REG),
                settings, RecordingOpener.ok());
        stage.show();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        T v = WaitForAsyncUtils.asyncFx(c).get();
        WaitForAsyncUtils.waitForFxEvents();
        return v;
    }

    private static void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Rectangle2D box() throws Exception {
        return fx(() -> {
            w.canvas().redraw();
            return w.canvas().minimap().box(w.canvas().getWidth(), w.canvas().getHeight());
        });
    }

    private Point2D screen(double lx, double ly) throws Exception {
        return fx(() -> w.canvas().localToScreen(lx, ly));
    }

    @Test
    void itMovesOffNodesTakesOnlyClicksInsideAndMovesByItsGrip(FxRobot robot) throws Exception {
        fx(() -> {
            w.model().addNode("generate.solid", 0, 0);
            w.model().addNode("colour.grade", 300, 0);
            w.canvas().setView(new ViewState(200, 60, 1));
        });
        Rectangle2D first = box();
        assertThat(w.canvas().minimap().corner()).isEqualTo(Minimap.Corner.BOTTOM_RIGHT);
        // a node under the minimap's corner: it moves to a corner with none
        fx(() -> {
            Point2D world = w.canvas().toWorld(first.getMinX() + 20, first.getMinY() + 20);
            w.model().addNode("filter.blur", world.getX(), world.getY());
        });
        Rectangle2D moved = box();
        assertThat(w.canvas().minimap().corner()).isNotEqualTo(Minimap.Corner.BOTTOM_RIGHT);
        assertThat(moved.getMinX()).isNotEqualTo(first.getMinX());

        // a click just outside its box is the canvas's (it clears the selection), inside it centres the view
        fx(() -> w.model().select(java.util.List.of("blur1")));
        ViewState before = w.canvas().view();
        Point2D outside = moved.getMinX() > 100 ? screen(moved.getMinX() - 6, moved.getMinY() + 20) : screen(moved.getMaxX() + 6, moved.getMinY() + 20);
        robot.clickOn(outside);
        assertThat(w.model().selection()).isEmpty();
        assertThat(w.canvas().view()).isEqualTo(before);
        robot.clickOn(screen(moved.getMinX() + moved.getWidth() / 2, moved.getMinY() + Minimap.GRIP + 10));
        assertThat(w.canvas().view()).isNotEqualTo(before);

        // dragged by its grip to a top corner, it stays there
        Rectangle2D now = box(); // the view moved: it may have chosen another corner
        Point2D grip = screen(now.getMinX() + 8, now.getMinY() + Minimap.GRIP / 2);
        Point2D target = now.getMinX() < 100 && now.getMinY() < 100 ? screen(w.canvas().getWidth() - 30, 30) : screen(30, 30);
        Minimap.Corner expected = now.getMinX() < 100 && now.getMinY() < 100 ? Minimap.Corner.TOP_RIGHT : Minimap.Corner.TOP_LEFT;
        robot.drag(grip, MouseButton.PRIMARY).dropTo(target);
        assertThat(w.canvas().minimap().corner()).isEqualTo(expected);
        fx(() -> w.canvas().setView(new ViewState(0, 0, 1)));
        box();
        assertThat(w.canvas().minimap().corner()).isEqualTo(expected);

        robot.clickOn("View").clickOn("Minimap");
        assertThat(box()).isEqualTo(Rectangle2D.EMPTY);
        assertThat(settings.minimap()).as("remembered").isFalse();
    }
}
