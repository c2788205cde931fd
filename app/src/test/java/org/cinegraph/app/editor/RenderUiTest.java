package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.cinegraph.app.queue.QueuedRender;
import org.cinegraph.app.queue.RenderQueueStore;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.render.NodeEvent;
import org.cinegraph.render.NodeState;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15's rendering: where a render goes, opening it (and saying when that fails), honest progress per node, the render queue. */
@ExtendWith(ApplicationExtension.class)
class RenderUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;
    EditorSettings settings;
    ScriptedDialogs dialogs = new ScriptedDialogs();
    // no desktop here: opening fails the way xdg-open does without a handler
    RecordingOpener opener = RecordingOpener.failing("xdg-open could not open it (exit 3)");

    @Start
    void start(Stage stage) {
        settings = TestSettings.in(tmp);
        w = new EditorWindow(stage, Renderer.fromEnvironment(REG), dialogs, new Recovery(tmp.resolve("recovery"), REG), settings, opener);
        stage.show();
    }

    private static void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static GraphNode node(String id, String type, Map<String, Object> params, double x, double y) {
        return GraphNode.of(id, type, 1, id, x, y).withParams(params);
    }

    private void setGraph(Graph g) {
        fx(() -> w.model().execute(Command.of("test graph", x -> g)));
    }

    private static Graph still(String colour) {
        return Graph.of(List.of(node("solid1", "generate.solid", Map.of("width", 64L, "height", 48L, "colour", colour), 0, 0),
                        node("image1", "output.image", Map.of("filename", "still.png"), 300, 0)),
                List.of(Link.of("solid1", "image", "image1", "image")));
    }

    private long count(String prefix) {
        return dialogs.shown.stream().filter(s -> s.startsWith(prefix)).count();
    }

    @Test
    void anUnsavedGraphAsksWhereToRenderAndTheBarAndNotificationSayWhereItWent(FxRobot robot) throws Exception {
        setGraph(still("#806040"));
        // cancelled: nothing is rendered anywhere, and the status says why
        robot.clickOn("#render-button");
        BackgroundWork.awaitIdle(w);
        assertThat(count("folder?")).isEqualTo(1);
        assertThat(w.render().runningProperty().get()).isFalse();
        assertThat(w.statusBar().message()).contains("no output folder chosen");

        Path out = tmp.resolve("chosen");
        dialogs.folder = out;
        robot.clickOn("#render-button");
        BackgroundWork.awaitIdle(w);
        assertThat(out.resolve("still.png")).exists();
        assertThat(w.lastOutput()).isEqualTo(out.resolve("still.png").toAbsolutePath());
        assertThat(robot.lookup("#output-path").queryLabeled().getText()).isEqualTo("Wrote " + out.resolve("still.png").toAbsolutePath());
        assertThat(robot.lookup(".notification-bar").tryQuery()).as("render finished notification").isPresent();
        assertThat(robot.lookup(".notification-bar .button").queryAllAs(Button.class)).extracting(Button::getText).contains("Open", "Show in folder");

        assertThat(count("folder?")).isEqualTo(2);
        // the same document renders there again without asking
        robot.clickOn("#render-button");
        BackgroundWork.awaitIdle(w);
        assertThat(count("folder?")).isEqualTo(2);
    }

    @Test
    void openingTheOutputThatTheDesktopCannotOpenSaysSoInTheWindow(FxRobot robot) throws Exception {
        setGraph(still("#806040"));
        fx(() -> w.documents().saveTo(tmp.resolve("still.cgraph")));
        robot.clickOn("#render-button");
        BackgroundWork.awaitIdle(w);
        Path png = tmp.resolve("renders/still.png").toAbsolutePath();
        robot.clickOn("#output-open");
        BackgroundWork.awaitIdle(w);
        assertThat(opener.calls).contains("open " + png);
        assertThat(w.statusBar().message()).isEqualTo("Cannot open still.png: xdg-open could not open it (exit 3)");
        assertThat(robot.lookup(".notification-bar").queryAll().stream().anyMatch(n -> n.lookupAll(".title").stream()
                .anyMatch(t -> t instanceof javafx.scene.control.Label l && l.getText().equals("Cannot open the output")))).isTrue();
        robot.clickOn("#output-show");
        BackgroundWork.awaitIdle(w);
        assertThat(opener.calls).contains("show " + png);
    }

    @Test
    void aVideoRenderCountsFramesAndEachNodeSaysItsTimeAndWhyItRan(FxRobot robot) throws Exception {
        setGraph(Graph.of(List.of(node("solid1", "generate.solid", Map.of("width", 64L, "height", 48L), 0, 0),
                        node("clip1", "clip.from-still", Map.of("duration", 1.0, "fps", 24.0), 250, 0),
                        node("video1", "output.video", Map.of("filename", "out.mp4"), 500, 0)),
                List.of(Link.of("solid1", "image", "clip1", "image"), Link.of("clip1", "clip", "video1", "clip"))));
        fx(() -> w.documents().saveTo(tmp.resolve("clip.cgraph")));
        robot.clickOn("#render-button");
        BackgroundWork.awaitIdle(w);
        NodeEvent video = w.model().nodeStates().get("video1");
        assertThat(video.state()).isEqualTo(NodeState.DONE);
        assertThat(video.framesDone()).isEqualTo(24);
        assertThat(video.framesTotal()).isEqualTo(24);
        assertThat(w.render().progressProperty().get()).isEqualTo(1.0);
        assertThat(robot.lookup("#render-progress").queryLabeled().getText()).startsWith("Rendered 1 file(s)");
        // the tooltip of a node: its time, frames, and why it ran
        GraphNode v = w.model().graph().requireNode("video1");
        String tip = tooltipOver(v);
        assertThat(tip).contains("done in ").contains("24 frames").contains("(");
    }

    private String tooltipOver(GraphNode n) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            w.canvas().fitAll();
            Point2D p = w.canvas().toLocal(n.x() + 40, n.y() + 10);
            return w.canvas().tooltipAt(p.getX(), p.getY());
        }).get();
    }

    @Test
    void renderWhileRenderingQueuesTheGraphAsItIsThenAndTheQueueRunsItNext(FxRobot robot) throws Exception {
        Graph slow = Graph.of(List.of(
                        node("noise1", "generate.noise", Map.of("width", 3000L, "height", 3000L, "octaves", 10L, "seed", System.nanoTime() & 0xFFFFFFFL), 0, 200),
                        node("slow1", "output.image", Map.of("filename", "slow.png"), 300, 200),
                        node("solid1", "generate.solid", Map.of("width", 64L, "height", 48L, "colour", "#FF0000"), 0, 0),
                        node("image1", "output.image", Map.of("filename", "colour.png"), 300, 0)),
                List.of(Link.of("noise1", "image", "slow1", "image"), Link.of("solid1", "image", "image1", "image")));
        setGraph(slow);
        fx(() -> w.documents().saveTo(tmp.resolve("queue.cgraph")));
        robot.clickOn("#render-button");
        assertThat(w.render().runningProperty().get()).isTrue();

        // green, and the slow writer muted: this is what the queued render must render
        fx(() -> {
            w.model().setParam(List.of("solid1"), "colour", "#00FF00");
            w.model().select(List.of("slow1"));
            w.model().toggleMute();
        });
        robot.clickOn("#render-button");
        assertThat(w.render().queue().items()).hasSize(1);
        assertThat(tabText("queue-tab")).isEqualTo("Queue (1)");
        // later edits do not change what was queued
        fx(() -> w.model().setParam(List.of("solid1"), "colour", "#0000FF"));

        RenderQueueStore store = new RenderQueueStore(settings.queueDir());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> store.load().renders().size() == 1);
        QueuedRender saved = store.load().renders().get(0);
        assertThat(saved.graphText()).contains("#00FF00").doesNotContain("#0000FF");
        assertThat(saved.graphFile()).contains(tmp.resolve("queue.cgraph").toAbsolutePath());

        // cancelling the running render starts the next in line
        robot.clickOn("#cancel-button");
        BackgroundWork.awaitIdle(w);
        assertThat(w.render().queue().items()).isEmpty();
        assertThat(tmp.resolve("renders/colour.png")).exists();
        assertThat(ImageFiles.read(tmp.resolve("renders/colour.png")).pixel(0, 0)).isEqualTo(0xFF00FF00);
        assertThat(tmp.resolve("renders/slow.png")).doesNotExist();
        assertThat(store.load().renders()).isEmpty();
    }

    private String tabText(String id) {
        return w.stage().getScene().getRoot().lookupAll(".tab-pane").stream()
                .flatMap(n -> ((javafx.scene.control.TabPane) n).getTabs().stream()).filter(t -> id.equals(t.getId()))
                .findFirst().orElseThrow().getText();
    }

    @Test
    void queuedRendersAreReorderedRemovedAndClearedFromTheQueueTab(FxRobot robot) throws Exception {
        fx(() -> {
            for (String id : List.of("a", "b", "c")) {
                w.render().queue().add(new QueuedRender(id, "render " + id, "{}", Optional.empty(), tmp, tmp.resolve("out"), Instant.now()));
            }
        });
        robot.clickOn(robot.lookup("#bottom-tabs .tab").nth(2).queryAs(javafx.scene.Node.class));
        @SuppressWarnings("unchecked")
        ListView<QueuedRender> list = robot.lookup("#queue-list").queryAs(ListView.class);
        fx(() -> list.getSelectionModel().select(2));
        robot.clickOn("#queue-up");
        assertThat(w.render().queue().items()).extracting(QueuedRender::id).containsExactly("a", "c", "b");
        robot.clickOn("#queue-remove");
        assertThat(w.render().queue().items()).extracting(QueuedRender::id).containsExactly("a", "b");
        BackgroundWork.awaitIdle(w);
        assertThat(new RenderQueueStore(settings.queueDir()).load().renders()).extracting(QueuedRender::id).containsExactly("a", "b");
        robot.clickOn("#queue-clear");
        assertThat(w.render().queue().items()).isEmpty();
        assertThat(tabText("queue-tab")).isEqualTo("Queue");
        BackgroundWork.awaitIdle(w);
        assertThat(new RenderQueueStore(settings.queueDir()).load().renders()).isEmpty();
    }
}
