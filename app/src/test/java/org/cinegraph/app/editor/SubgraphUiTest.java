package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.graph.ViewState;
import org.cinegraph.library.LibraryEntry;
import org.cinegraph.library.SubgraphLibrary;
import org.cinegraph.render.NodeState;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.sweep.SweepRunner;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Subgraphs, the team library and sweeps through the editor's UI (Monocle, headless). */
@ExtendWith(ApplicationExtension.class)
class SubgraphUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;
    ScriptedDialogs dialogs = new ScriptedDialogs();
    Scripted answers = new Scripted();
    final List<SweepRunner.Result> results = new ArrayList<>();

    /** Scripted answers to the subgraph questions; what was asked is recorded. */
    static final class Scripted implements SubgraphDialogs {
        final List<String> asked = new ArrayList<>();
        boolean update = true;
        String promoteAs = "lift";
        List<String> sweep = List.of();

        public boolean askUpdateFromLibrary(String fileName, List<String> changes) {
            asked.add("update? " + fileName + ": " + String.join(" | ", changes));
            return update;
        }

        public Optional<LibrarySave> askSaveToLibrary(LibrarySave suggested, Path folder) {
            asked.add("save " + suggested.name() + " to " + folder);
            return Optional.of(new LibrarySave("Double grade", "Colour", "two grades"));
        }

        public Optional<String> askPromotedName(String param, String suggested) {
            asked.add("promote " + param);
            return Optional.of(promoteAs);
        }

        public Optional<Path> chooseLibraryFolder(Path current) {
            return Optional.empty();
        }

        public Optional<List<String>> askSweep(String param, String suggestedValues) {
            asked.add("sweep " + param + " " + suggestedValues);
            return Optional.of(sweep);
        }
    }

    @Start
    void start(Stage stage) {
        w = new EditorWindow(stage, Renderer.fromEnvironment(REG), dialogs, new Recovery(tmp.resolve("recovery"), REG),
                TestSettings.in(tmp), RecordingOpener.ok());
        w.subgraphs().setDialogs(answers);
        w.sweeps().setDialogs(answers);
        w.sweeps().setShowResults(results::add);
        stage.show();
    }

    private EditorModel model() {
        return w.model();
    }

    private void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static GraphNode node(String id, String type, double x, Map<String, Object> p) {
        return GraphNode.of(id, type, 1, id, x, 0).withParams(p);
    }

    /** solid1 -> grade1 -> grade2 -> save1, saved as tmp/shot.cgraph and opened. */
    private Path openChain() throws Exception {
        Graph g = Graph.of(List.of(node("solid1", "generate.solid", 0, Map.of("width", 64L, "height", 48L, "colour", "#806040")),
                node("grade1", "colour.grade", 240, Map.of()), node("grade2", "colour.grade", 480, Map.of()),
                node("save1", "output.image", 720, Map.of("filename", "shot.png"))),
                List.of(Link.of("solid1", "image", "grade1", "image"), Link.of("grade1", "image", "grade2", "image"), Link.of("grade2", "image", "save1", "image")));
        Path f = tmp.resolve("shot.cgraph");
        GraphFile.write(g.withView(new ViewState(360, 40, 1)), f, REG);
        fx(() -> w.documents().open(f));
        return f;
    }

    private Point2D centreOf(String id) {
        Point2D[] out = new Point2D[1];
        fx(() -> {
            GraphNode n = model().graph().requireNode(id);
            out[0] = w.canvas().toScreen(n.x() + 40, n.y() + 12);
        });
        return out[0];
    }

    /**
     * Chooses an item of a parameter's right-click menu (Monocle's headless glass sends no
     * context-menu events, so the menu the label carries is taken and its item fired).
     */
    private void menuItem(FxRobot robot, String label, String text) {
        javafx.scene.control.Label l = robot.lookup(label).queryAs(javafx.scene.control.Label.class);
        assertThat(l.getContextMenu()).as("right-click menu of " + label).isNotNull();
        MenuItem item = l.getContextMenu().getItems().stream().filter(i -> text.equals(i.getText())).findFirst().orElseThrow();
        fx(item::fire);
    }

    private void awaitTasks() throws InterruptedException {
        assertThat(w.tasks().awaitIdle(Duration.ofSeconds(60))).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void makeEnterPromoteLeaveAndUnpackThroughTheUi(FxRobot robot) throws Exception {
        openChain();
        fx(() -> model().select(List.of("grade1", "grade2")));
        robot.clickOn(centreOf("solid1"), MouseButton.SECONDARY); // focus the canvas without changing the selection much
        fx(() -> model().select(List.of("grade1", "grade2")));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.G).release(KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().nodes()).containsOnlyKeys("solid1", "sub1", "save1");
        assertThat(model().selection()).containsExactly("sub1");
        assertThat(model().document().undoName()).contains("Make subgraph");

        // double-click enters; the path above the canvas shows where we are
        robot.doubleClickOn(centreOf("sub1"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().level()).containsExactly("sub1");
        assertThat(model().graph().nodes()).containsOnlyKeys("grade1", "grade2");
        assertThat(robot.lookup("#breadcrumb").query().isVisible()).isTrue();
        assertThat(robot.lookup("#breadcrumb-here").queryLabeled().getText()).isEqualTo("Subgraph (sub1)");

        // an inner parameter promoted from its name's menu, as the scripted name
        robot.clickOn(centreOf("grade1"));
        WaitForAsyncUtils.waitForFxEvents();
        menuItem(robot, "#param-label-exposure", "Promote to sub1\u2026");
        assertThat(answers.asked).contains("promote grade1.exposure");
        assertThat(Subgraphs.graphAt(model().document().graph(), List.of()).requireNode("sub1").subgraph().params())
                .extracting(p -> p.name()).containsExactly("lift");

        // leave by the breadcrumb: the subgraph is selected, its promoted parameter in the inspector
        robot.clickOn("#breadcrumb-0");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().level()).isEmpty();
        assertThat(model().selection()).containsExactly("sub1");
        assertThat(robot.lookup("#param-lift").tryQuery()).isPresent();
        assertThat(robot.lookup("#subgraph-section").tryQuery()).isPresent();

        // Tab enters the selected subgraph, Shift+Tab leaves
        robot.clickOn(centreOf("sub1"));
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().level()).containsExactly("sub1");
        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().level()).isEmpty();

        // unpack is one step, and undo brings the subgraph back
        fx(() -> w.subgraphs().unpack());
        assertThat(model().graph().nodes()).containsOnlyKeys("solid1", "grade1", "grade2", "save1");
        assertThat(model().document().undoName()).contains("Unpack subgraph");
        fx(() -> model().document().undo());
        assertThat(model().graph().nodes()).containsKey("sub1");
    }

    @Test
    void aRenderShowsInnerStatesOnTheSubgraphAndInside(FxRobot robot) throws Exception {
        openChain();
        fx(() -> {
            model().select(List.of("grade1", "grade2"));
            w.subgraphs().makeSubgraph();
        });
        robot.clickOn("#render-button");
        awaitTasks();
        assertThat(w.render().failures()).isEmpty();
        assertThat(model().nodeStates()).containsKeys("sub1/grade1", "sub1/grade2");
        assertThat(model().nodeState("sub1").orElseThrow().state()).isIn(NodeState.DONE, NodeState.CACHED);
        assertThat(tmp.resolve("renders/shot.png")).exists();
        fx(() -> w.subgraphs().enter("sub1"));
        assertThat(model().nodeState("grade2").orElseThrow().nodeId()).isEqualTo("sub1/grade2");
        // an inner edit drops the badges downstream of it, the subgraph's included
        fx(() -> model().setParam(List.of("grade2"), "exposure", 0.5));
        assertThat(model().nodeStates()).doesNotContainKey("sub1/grade2").containsKey("sub1/grade1");
    }

    @Test
    void aSweepFromTheParameterMenuRendersEveryValueAndTheChosenOneIsWrittenBack(FxRobot robot) throws Exception {
        openChain();
        answers.sweep = List.of("grade1.exposure=-1,0,1");
        fx(() -> model().select(List.of("grade1")));
        menuItem(robot, "#param-label-exposure", "Sweep\u2026");
        assertThat(answers.asked).contains("sweep grade1.exposure -0.25,0,0.25");
        awaitTasks();
        assertThat(results).hasSize(1);
        SweepRunner.Result r = results.get(0);
        assertThat(r.cells()).hasSize(3).allMatch(c -> c.failure().isEmpty());
        Path sheet = r.sheets().get(0).file();
        assertThat(sheet.getFileName().toString()).isEqualTo("shot_contact-sheet.png");
        assertThat(sheet.getParent().getParent()).isEqualTo(tmp.resolve("renders"));
        assertThat(w.viewer().a().labelProperty().get()).contains("shot_contact-sheet.png");

        // pick the last cell of the sheet by clicking it in the results view
        SweepResultsView view = new SweepResultsView(w.sweeps(), r);
        java.awt.Rectangle box = r.sheets().get(0).layout().boxes().get(2);
        fx(() -> {
            view.choose(r.sheets().get(0).layout().cellAt(box.getCenterX(), box.getCenterY()).orElseThrow());
            w.sweeps().pick(view.chosen().orElseThrow());
        });
        assertThat(model().graph().requireNode("grade1").params()).containsEntry("exposure", 1.0);
        assertThat(model().document().undoName()).contains("Use sweep values exposure=1");
        fx(() -> model().document().undo());
        assertThat(model().graph().requireNode("grade1").params()).doesNotContainKey("exposure");
    }

    @Test
    void libraryInThePaletteSaveAndUpdateOnOpen(FxRobot robot) throws Exception {
        Path f = openChain();
        // save a subgraph to library/ beside the graph: it references the entry and shows in the palette
        fx(() -> {
            model().select(List.of("grade1", "grade2"));
            w.subgraphs().makeSubgraph();
            w.subgraphs().saveToLibrary();
        });
        assertThat(tmp.resolve("library/double-grade.cgraph")).exists();
        assertThat(model().graph().requireNode("sub1").subgraph().library().orElseThrow().name()).isEqualTo("Double grade");
        TreeCell<?> cell = robot.lookup(n -> n instanceof TreeCell<?> c && "Double grade".equals(c.getText())).query();
        Point2D target = new Point2D(w.canvas().localToScreen(0, 0).getX() + 300, w.canvas().localToScreen(0, 0).getY() + 300);
        robot.drag(cell, MouseButton.PRIMARY).dropTo(target);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().nodes()).containsKey("sub2");
        assertThat(model().graph().requireNode("sub2").subgraph().library().orElseThrow().version()).isEqualTo(1);
        fx(() -> w.documents().saveTo(f));

        // the library moves on; reopening says so and updating takes it (one undo step)
        SubgraphLibrary lib = new SubgraphLibrary(List.of(tmp.resolve("library")), REG);
        LibraryEntry v1 = lib.find("Double grade").orElseThrow();
        Graph changed = v1.subgraph().graph();
        GraphNode g2 = changed.requireNode("grade2").withParam("saturation", 0.0);
        lib.save(v1.subgraph().withGraph(changed.withNode(g2)), "Double grade", "Colour", "greyscale");
        fx(() -> w.documents().open(f));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(answers.asked).anyMatch(a -> a.startsWith("update? shot.cgraph: sub1: Double grade v1 (the library has v2)"));
        assertThat(model().graph().requireNode("sub1").subgraph().library().orElseThrow().version()).isEqualTo(2);
        assertThat(model().graph().requireNode("sub2").subgraph().library().orElseThrow().version()).isEqualTo(2);
        assertThat(model().document().undoName()).contains("Update from library");
    }
}
