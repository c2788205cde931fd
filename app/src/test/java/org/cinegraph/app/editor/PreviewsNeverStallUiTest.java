package org.cinegraph.app.editor;

import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.ViewState;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, item 3: previews survive bypass and mute toggles, duplicate and paste and a
 * rubber-band selection: nothing escapes onto the FX thread, a cancelled preview is superseded,
 * and the viewer and the nodes end up showing the graph as it is.
 */
@ExtendWith(ApplicationExtension.class)
class PreviewsNeverStallUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;
    final List<Throwable> escaped = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before;

    @Start
    void start(Stage stage) {
        before = Thread.currentThread().getUncaughtExceptionHandler();
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> escaped.add(e));
        w = new EditorWindow(stage, Renderer.fromEnvironment(REG), new ScriptedDialogs(), new Recovery(tmp.resolve("recovery"), REG),
                TestSettings.withPreviews(tmp), RecordingOpener.ok());
        stage.show();
    }

    @AfterEach
    void restore() {
        Platform.runLater(() -> Thread.currentThread().setUncaughtExceptionHandler(before));
    }

    private void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void idle() {
        BackgroundWork.awaitIdle(w);
        // what the last answers asked to repaint asks for previews: wait for those too
        fx(() -> w.canvas().redraw());
        BackgroundWork.awaitIdle(w);
    }

    private static GraphNode node(String id, String type, Map<String, Object> params, double x) {
        return GraphNode.of(id, type, 1, id, x, 0).withParams(params);
    }

    /** A held still, graded: the grade's output is a lazy clip kept in the shared cache. */
    static Graph graph() {
        return Graph.of(List.of(
                node("solid1", "generate.solid", Map.of("width", 64L, "height", 36L, "colour", "#336699"), 0),
                node("still1", "clip.from-still", Map.of("duration", 1.0, "fps", 12.0), 250),
                node("grade1", "colour.grade", Map.of("exposure", 0.5), 500)),
                List.of(Link.of("solid1", "image", "still1", "image"), Link.of("still1", "clip", "grade1", "image")));
    }

    @Test
    void togglesPasteAndRubberBandNeverLeavePreviewsStuck(FxRobot robot) throws Exception {
        fx(() -> {
            w.model().execute(Command.of("test graph", g -> graph()));
            w.canvas().setView(new ViewState(350, 60, 1));
            w.model().select(Set.of("grade1"));
        });
        idle();
        for (int round = 0; round < 3; round++) {
            // each toggle supersedes the pull before it (its token is cancelled); toggling back
            // finds the clip the first pull left in the cache
            fx(() -> w.model().toggleBypass());
            fx(() -> w.model().toggleBypass());
            fx(() -> w.model().toggleMute());
            fx(() -> w.model().toggleMute());
        }
        fx(() -> w.model().select(Set.of("still1")));
        fx(() -> w.edits().duplicate());
        fx(() -> w.model().copySelection().ifPresent(text -> w.model().paste(text, 300.0, 300.0)));
        fx(() -> w.model().deleteSelection());
        // a rubber band around nothing but grade1 selects it again
        Point2D a = w.canvas().toScreen(480, -40), b = w.canvas().toScreen(740, 140);
        robot.drag(a, MouseButton.PRIMARY).dropTo(b);
        idle();
        assertThat(w.model().selection()).containsExactly("grade1");

        // the viewer shows grade1 again and steps through its frames
        fx(() -> w.viewer().timeline().seek(5));
        idle();
        assertThat(w.viewer().nodeA()).isEqualTo("grade1");
        assertThat(w.viewer().a().shownIndexProperty().get()).as(w.viewer().a().labelProperty().get()).isEqualTo(5);
        assertThat(w.viewer().a().frameProperty().get()).isNotNull();
        assertThat(w.viewer().statusProperty().get()).doesNotContain("Computing", "cancelled");
        // the nodes show pictures, none an error
        for (String id : List.of("solid1", "still1", "grade1")) {
            assertThat(w.canvas().previews().error(id)).as(id).isNull();
            assertThat(w.canvas().previews().image(id)).as(id).isNotNull();
        }
        assertThat(escaped).as("exceptions on the FX thread").isEmpty();
    }
}
