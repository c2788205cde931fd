package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.cinegraph.app.viewer.TimelineModel;
import org.cinegraph.app.viewer.ViewerModel;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.media.Frame;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.Executor;
import org.cinegraph.render.RenderCache;
import org.cinegraph.render.preview.Preview;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** The viewer in the real editor window, driven by a robot (Monocle, headless). */
@ExtendWith(ApplicationExtension.class)
class ViewerUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;

    @Start
    void start(Stage stage) {
        w = new EditorWindow(stage, Renderer.fromEnvironment(REG), new ScriptedDialogs(), new Recovery(tmp.resolve("recovery"), REG),
                new RecentFiles(Preferences.userRoot().node("org/cinegraph/viewer-test")), null);
        stage.show();
    }

    private static GraphNode node(String id, String type, Map<String, Object> params, double x) {
        return GraphNode.of(id, type, 1, id, x, 0).withParams(params);
    }

    /** A 2 s clip at 12 fps whose frames differ: a zoom over a gradient; and a solid still. */
    static Graph graph() {
        return Graph.of(List.of(
                node("grad1", "generate.gradient", Map.of("width", 96L, "height", 54L, "start_colour", "#102030", "end_colour", "#F0C080"), 0),
                node("kb1", "clip.ken-burns", Map.of("width", 96L, "height", 54L, "duration", 2.0, "fps", 12.0,
                        "start_zoom", 1.0, "end_zoom", 3.0, "start_x", 0.2, "end_x", 0.8, "easing", "linear"), 250),
                node("solid1", "generate.solid", Map.of("width", 96L, "height", 54L, "colour", "#336699"), 0)),
                List.of(Link.of("grad1", "image", "kb1", "image")));
    }

    private void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits for playback, which runs on the clock, not as a task. */
    static void awaitPlaybackEnd(TimelineModel t) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return !t.isPlaying();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("playback did not end in 20 s", e);
        }
    }

    private ViewerModel viewer() {
        return w.viewer();
    }

    private void showClip() {
        fx(() -> {
            w.model().execute(Command.of("test graph", g -> graph()));
            w.model().select(List.of("kb1"));
        });
        BackgroundWork.awaitIdle(w);
        assertThat(viewer().timeline().frameCount()).isEqualTo(24);
        assertThat(viewer().a().shownIndexProperty().get()).isZero();
    }

    /** The frame the headless preview computes for kb1, pulled independently of the viewer. */
    private Frame headless(int i) throws Exception {
        Executor ex = new Executor(REG, new RenderCache(tmp.resolve("cache"), 1 << 28, 1 << 24), 1);
        try (Preview.Value v = new Preview(ex).pull(graph(), tmp, new PortRef("kb1", "clip"), new CancelToken())) {
            return v.clip().orElseThrow().frame(i);
        }
    }

    private static void assertShows(WritableImage img, Frame f) {
        assertThat((int) img.getWidth()).isEqualTo(f.width());
        var r = img.getPixelReader();
        for (int[] p : new int[][] {{0, 0}, {f.width() / 2, f.height() / 2}, {f.width() - 1, f.height() - 1}, {13, 41}}) {
            assertThat(r.getArgb(p[0], p[1])).as("pixel %d,%d", p[0], p[1]).isEqualTo(f.pixel(p[0], p[1]));
        }
    }

    @Test
    void selectingANodeShowsItsOutputAndScrubbingShowsExactlyThatFrame(FxRobot robot) throws Exception {
        showClip();
        int target = 17;
        double x = w.viewerPanel().xOf(target);
        Point2D onBar = w.viewerPanel().timelineBar().localToScreen(x, 10);
        robot.clickOn(onBar, MouseButton.PRIMARY);
        BackgroundWork.awaitIdle(w);
        assertThat(viewer().a().shownIndexProperty().get()).isEqualTo(target);
        assertThat(viewer().timeline().frame()).isEqualTo(target);
        Frame expected = headless(target);
        assertShows(w.viewerPanel().imageA(), expected);
        assertThat(headless(0).pixel(48, 27)).isNotEqualTo(expected.pixel(48, 27));
        assertThat(robot.lookup("#viewer-timecode").queryLabeled().getText()).startsWith("00:00:01:05");
    }

    @Test
    void keysStepJumpAndMarkTheRangeAndPlayAdvancesWithinIt(FxRobot robot) throws Exception {
        showClip();
        TimelineModel t = viewer().timeline();
        var canvas = w.viewerPanel().viewCanvas();
        // a notification left by an earlier test's render may hold the window focus
        fx(() -> canvas.getScene().getWindow().requestFocus());
        robot.clickOn(canvas.localToScreen(10, 10), MouseButton.PRIMARY);
        assertThat(canvas.getScene().getFocusOwner()).as("the viewer takes focus when clicked").isSameAs(w.viewerPanel());
        robot.type(KeyCode.RIGHT, KeyCode.RIGHT, KeyCode.RIGHT);
        assertThat(t.frame()).isEqualTo(3);
        robot.type(KeyCode.I);
        robot.type(KeyCode.END);
        assertThat(t.frame()).isEqualTo(23);
        robot.type(KeyCode.LEFT, KeyCode.LEFT);
        robot.type(KeyCode.O);
        assertThat(t.inProperty().get()).isEqualTo(3);
        assertThat(t.outProperty().get()).isEqualTo(21);
        robot.type(KeyCode.HOME);
        assertThat(t.frame()).isEqualTo(3);
        BackgroundWork.awaitIdle(w);
        assertThat(viewer().a().shownIndexProperty().get()).isEqualTo(3);
        assertShows(w.viewerPanel().imageA(), headless(3));

        fx(() -> t.loopProperty().set(false));
        robot.type(KeyCode.SPACE);
        assertThat(t.isPlaying()).isTrue();
        // 19 frames at 12 fps: playback ends on the out point in about 1.6 s without looping
        awaitPlaybackEnd(t);
        assertThat(t.frame()).isEqualTo(21);
        BackgroundWork.awaitIdle(w);
        assertThat(viewer().a().shownIndexProperty().get()).isEqualTo(21);
        // once stopped the frame is drawn from a full-size copy again
        assertShows(w.viewerPanel().imageA(), headless(21));
        assertThat(viewer().a().cached().cardinality()).isGreaterThan(10);
    }

    @Test
    void pinKeepsTheOutputWhileOtherNodesAreSelectedAndBComparesWithAWipe(FxRobot robot) throws Exception {
        showClip();
        robot.clickOn("#viewer-pin");
        fx(() -> w.model().select(List.of("solid1")));
        assertThat(viewer().nodeA()).isEqualTo("kb1");
        robot.clickOn("#viewer-set-b");
        BackgroundWork.awaitIdle(w);
        assertThat(viewer().compareProperty().get()).isEqualTo(ViewerModel.Compare.WIPE);
        assertThat(viewer().b().frameProperty().get().pixel(0, 0)).isEqualTo(0xFF336699);
        // A keeps its frame count: the timeline spans the clip, the still holds
        assertThat(viewer().timeline().frameCount()).isEqualTo(24);

        // drag the wipe line from the middle to a quarter of the picture
        var canvas = w.viewerPanel().viewCanvas();
        Point2D mid = canvas.localToScreen(canvas.getWidth() / 2, canvas.getHeight() / 2);
        Point2D quarter = canvas.localToScreen(canvas.getWidth() / 2 - 50, canvas.getHeight() / 2);
        robot.drag(mid, MouseButton.PRIMARY).dropTo(quarter);
        assertThat(viewer().wipeProperty().get()).isLessThan(0.5).isGreaterThan(0.05);
        // at the wipe's left A shows, at its right B
        WaitForAsyncUtils.waitForFxEvents();
        var snap = new WritableImage((int) canvas.getWidth(), (int) canvas.getHeight());
        fx(() -> canvas.snapshot(null, snap));
        int y = (int) canvas.getHeight() / 2;
        assertThat(snap.getPixelReader().getArgb((int) canvas.getWidth() / 2 + 20, y)).isEqualTo(0xFF336699);
        assertThat(snap.getPixelReader().getArgb((int) canvas.getWidth() / 2 - 80, y)).isNotEqualTo(0xFF336699);

        // side by side: B in the right half whatever the wipe
        fx(() -> viewer().compareProperty().set(ViewerModel.Compare.SIDE_BY_SIDE));
        fx(() -> canvas.snapshot(null, snap));
        assertThat(snap.getPixelReader().getArgb((int) (canvas.getWidth() * 0.75), y)).isEqualTo(0xFF336699);
        assertThat(snap.getPixelReader().getArgb((int) (canvas.getWidth() * 0.25), y)).isNotEqualTo(0xFF336699);
        robot.clickOn("#viewer-clear-b");
        assertThat(viewer().b().isEmpty()).isTrue();
        assertThat(viewer().compareProperty().get()).isEqualTo(ViewerModel.Compare.OFF);
    }
}
