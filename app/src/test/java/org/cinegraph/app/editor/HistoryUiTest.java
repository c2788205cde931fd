package org.cinegraph.app.editor;

import javafx.stage.Stage;
import org.cinegraph.app.viewer.ViewerModel;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Provenance;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.RenderSettings;
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
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** Renders from the editor are recorded; the history plays, compares and restores them. */
@ExtendWith(ApplicationExtension.class)
class HistoryUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;
    ScriptedDialogs dialogs = new ScriptedDialogs();

    @Start
    void start(Stage stage) {
        w = new EditorWindow(stage, new Renderer(REG, ModelLibrary.fromEnvironment(), RenderSettings.fromEnvironment(), new RenderHistory(tmp.resolve("history"))), dialogs, new Recovery(tmp.resolve("recovery"), REG),
                new RecentFiles(Preferences.userRoot().node("org/cinegraph/history-test")), null);
        stage.show();
    }

    private void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static GraphNode node(String id, String type, Map<String, Object> params, double x) {
        return GraphNode.of(id, type, 1, id, x, 0).withParams(params);
    }

    private static Graph graph(String colour) {
        return Graph.of(List.of(
                node("solid1", "generate.solid", Map.of("width", 64L, "height", 48L, "colour", colour), 0),
                node("image1", "output.image", Map.of("filename", "still.png"), 300)),
                List.of(Link.of("solid1", "image", "image1", "image")));
    }

    private HistoryEntry renderFromTheUi(FxRobot robot) throws Exception {
        robot.clickOn("#render-button");
        BackgroundWork.awaitIdle(w); // the render, then the history listing it started
        assertThat(w.historyView().list().getItems()).isNotEmpty();
        return w.render().lastRecordedProperty().get();
    }

    @Test
    void aRenderIsRecordedAndRestoresIntoANewDocumentAndIntoTheCurrentOneAsOneStep(FxRobot robot) throws Exception {
        RenderHistory history = new RenderHistory(tmp.resolve("history"));
        Graph rendered = graph("#806040");
        fx(() -> {
            w.model().execute(Command.of("test graph", g -> rendered));
            w.documents().saveTo(tmp.resolve("small.cgraph"));
        });
        HistoryEntry e = renderFromTheUi(robot);
        Graph snapshot = w.model().graph();
        assertThat(history.list()).extracting(HistoryEntry::id).containsExactly(e.id());
        assertThat(e.outputs()).containsExactly(tmp.resolve("renders/still.png").toAbsolutePath());
        assertThat(e.thumbnail()).isPresent();
        assertThat(GraphFile.parse(history.graphText(e), "h", REG).graph()).isEqualTo(snapshot);
        // the output carries the graph too, so dropping it onto the editor reopens it
        assertThat(Provenance.read(e.outputs().get(0))).contains(history.graphText(e));

        // edit, then restore into the current document: one undo step goes back to the edit
        fx(() -> w.model().setParam(List.of("solid1"), "colour", "#00FF00"));
        Graph edited = w.model().graph();
        fx(() -> w.historyView().list().getSelectionModel().select(0));
        robot.clickOn("#history-tab");
        robot.clickOn("#history-restore-into");
        assertThat(w.model().graph()).isEqualTo(snapshot);
        fx(() -> w.model().document().undo());
        assertThat(w.model().graph()).isEqualTo(edited);

        // restore as a new document (discarding the unsaved edit)
        dialogs.saveChoice = Dialogs.SaveChoice.DISCARD;
        robot.clickOn("#history-restore-new");
        assertThat(w.model().document().file()).isEmpty();
        assertThat(w.model().graph()).isEqualTo(snapshot);

        // play shows the PNG on A; compare puts it on B
        robot.clickOn("#history-tab");
        robot.clickOn("#history-play");
        BackgroundWork.awaitIdle(w);
        assertThat(w.viewer().a().frameProperty().get().pixel(1, 1)).isEqualTo(0xFF806040);
        robot.clickOn("#history-tab");
        robot.clickOn("#history-compare");
        BackgroundWork.awaitIdle(w);
        assertThat(w.viewer().b().frameProperty().get()).isNotNull();
        assertThat(w.viewer().compareProperty().get()).isEqualTo(ViewerModel.Compare.WIPE);
    }

    @Test
    void droppingARenderedPngReopensTheGraphThatMadeIt(FxRobot robot) throws Exception {
        fx(() -> {
            w.model().execute(Command.of("test graph", g -> graph("#102030")));
            w.documents().saveTo(tmp.resolve("drop.cgraph"));
        });
        renderFromTheUi(robot);
        Graph snapshot = w.model().graph();
        fx(() -> w.documents().newDocument());
        assertThat(w.model().graph().nodes()).isEmpty();

        // Dropped on the window: the render reopens its graph, a plain picture becomes a Load Image node
        Path plain = tmp.resolve("plain.png");
        org.cinegraph.media.ImageFiles.writePng(org.cinegraph.media.Frame.filled(4, 4, 0xFF000000), plain);
        fx(() -> w.drops().dropped(java.util.List.of(tmp.resolve("renders/still.png")), new javafx.geometry.Point2D(0, 0)));
        BackgroundWork.awaitIdle(w);
        assertThat(w.model().graph()).isEqualTo(snapshot);
        fx(() -> w.documents().newDocument());
        fx(() -> w.drops().dropped(java.util.List.of(plain), new javafx.geometry.Point2D(40, 60)));
        BackgroundWork.awaitIdle(w);
        assertThat(w.model().graph().nodes().values()).singleElement().satisfies(n -> assertThat(n.type()).isEqualTo("image.load"));
    }
}
