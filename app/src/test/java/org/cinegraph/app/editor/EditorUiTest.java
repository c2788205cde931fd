package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.ViewState;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor driven through its real UI with a robot (Monocle, headless). */
@ExtendWith(ApplicationExtension.class)
class EditorUiTest {
    @TempDir
    Path tmp;
    EditorWindow w;
    ScriptedDialogs dialogs = new ScriptedDialogs();

    @Start
    void start(Stage stage) {
        NodeRegistry reg = NodeRegistry.standard();
        w = new EditorWindow(stage, Renderer.fromEnvironment(reg), dialogs, new Recovery(tmp.resolve("recovery"), reg),
                new RecentFiles(Preferences.userRoot().node("org/cinegraph/editor-test")), null);
        stage.show();
    }

    private EditorModel model() {
        return w.model();
    }

    private void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Point2D port(String node, String port, boolean input) {
        Point2D[] out = new Point2D[1];
        fx(() -> {
            Point2D p = w.canvas().portPosition(new PortRef(node, port), input).orElseThrow();
            out[0] = w.canvas().toScreen(p.getX(), p.getY());
        });
        return out[0];
    }

    private void twoNodes(String typeA, String typeB) {
        fx(() -> {
            model().addNode(typeA, 0, 0);
            model().addNode(typeB, 300, 0);
            w.canvas().setView(new ViewState(240, 60, 1));
        });
    }

    @Test
    void dragFromPaletteAddsTheNodeWhereItIsDropped(FxRobot robot) {
        TreeCell<?> cell = robot.lookup(n -> n instanceof TreeCell<?> c && "Solid Colour".equals(c.getText())).query();
        Point2D target = new Point2D(w.canvas().localToScreen(0, 0).getX() + 300, w.canvas().localToScreen(0, 0).getY() + 200);
        robot.drag(cell, MouseButton.PRIMARY).dropTo(target);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().nodes()).hasSize(1);
        GraphNode n = model().graph().nodes().values().iterator().next();
        assertThat(n.type()).isEqualTo("generate.solid");
        Point2D world = w.canvas().toWorld(300, 200);
        assertThat(n.x()).isCloseTo(EditorModel.snap(world.getX()), org.assertj.core.data.Offset.offset(0.01));
        assertThat(model().selection()).containsExactly(n.id());
    }

    @Test
    void doubleClickOnAWireAddsAReroutePointThatCanBeMovedAndUndone(FxRobot robot) {
        twoNodes("generate.solid", "output.image");
        fx(() -> model().connect(new PortRef("solid1", "image"), new PortRef("image1", "image")));
        Point2D a = port("solid1", "image", false), b = port("image1", "image", true);
        Point2D mid = new Point2D((a.getX() + b.getX()) / 2, (a.getY() + b.getY()) / 2);
        robot.doubleClickOn(mid);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().links()).containsExactlyInAnyOrder(
                Link.of("solid1", "image", "reroute1", "in"), Link.of("reroute1", "out", "image1", "image"));
        // the dot's middle moves it, as one step
        GraphNode dot = model().graph().requireNode("reroute1");
        Point2D[] c = new Point2D[1];
        fx(() -> c[0] = w.canvas().toScreen(dot.x() + NodeGeometry.REROUTE_SIZE / 2, dot.y() + NodeGeometry.REROUTE_SIZE / 2));
        robot.drag(c[0], MouseButton.PRIMARY).dropTo(new Point2D(c[0].getX(), c[0].getY() + 80));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().requireNode("reroute1").y()).isGreaterThan(dot.y() + 40);
        assertThat(model().graph().links()).hasSize(2);
        fx(() -> model().document().undo());
        fx(() -> model().document().undo());
        assertThat(model().graph().links()).containsExactly(Link.of("solid1", "image", "image1", "image"));
    }

    @Test
    void draggingFromAnUnfedRerouteDimsNoPortTheDropAcceptsAndADotTakesAWireAnywhere(FxRobot robot) {
        fx(() -> {
            model().addNode("util.reroute", 0, 60);
            model().addNode("colour.grade", 200, 0);
            model().addNode("clip.trim", 200, 200);
            model().addNode("generate.solid", -300, 0);
            model().addNode("composite.merge", 450, 0);
            w.canvas().setView(new ViewState(100, 100, 1));
        });
        GraphNode dot = model().graph().requireNode("reroute1");
        Point2D[] edge = new Point2D[2];
        fx(() -> {
            edge[0] = w.canvas().toScreen(dot.x() + NodeGeometry.REROUTE_SIZE - 2, dot.y() + NodeGeometry.REROUTE_SIZE / 2); // right edge: its output
            edge[1] = w.canvas().toScreen(dot.x() + NodeGeometry.REROUTE_SIZE - 3, dot.y() + NodeGeometry.REROUTE_SIZE / 2 + 1);
        });
        Point2D gradeIn = port("grade1", "image", true);
        robot.drag(edge[0], MouseButton.PRIMARY).moveTo(gradeIn);
        boolean[] dimmed = new boolean[3];
        fx(() -> {
            dimmed[0] = w.canvas().dims(new PortRef("grade1", "image"), true);
            dimmed[1] = w.canvas().dims(new PortRef("merge1", "mask"), true);
            dimmed[2] = w.canvas().dims(new PortRef("trim1", "clip"), true);
        });
        assertThat(model().statusProperty().get()).isEqualTo("Release to connect grade1.image");
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dimmed).as("an unfed reroute feeds anything").containsOnly(false);
        assertThat(model().graph().links()).containsExactly(Link.of("reroute1", "out", "grade1", "image"));
        // a wire dropped on the dot's right half (where its output is) still ends at its input
        robot.drag(port("solid1", "image", false), MouseButton.PRIMARY).dropTo(edge[1]);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().links()).contains(Link.of("solid1", "image", "reroute1", "in"));
    }

    @Test
    void draggingFromAnOutputPortToAnInputPortConnects(FxRobot robot) {
        twoNodes("generate.solid", "output.image");
        robot.drag(port("solid1", "image", false), MouseButton.PRIMARY).dropTo(port("image1", "image", true));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().links()).containsExactly(Link.of("solid1", "image", "image1", "image"));
        // one undo step removes the link again; redo brings it back
        robot.clickOn("#undo-button");
        assertThat(model().graph().links()).isEmpty();
        robot.clickOn("#redo-button");
        assertThat(model().graph().links()).hasSize(1);
    }

    @Test
    void aConnectionOfTheWrongTypeIsRefusedWithTheReason(FxRobot robot) {
        twoNodes("generate.solid", "clip.trim");
        var before = model().graph();
        robot.drag(port("solid1", "image", false), MouseButton.PRIMARY).dropTo(port("trim1", "clip", true));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph()).isEqualTo(before);
        assertThat(model().statusProperty().get()).contains("cannot connect Image output solid1.image to Clip input trim1.clip");
        assertThat(robot.lookup("#status-message").queryLabeled().getText()).contains("cannot connect");
    }

    @Test
    void inspectorEditsAParameterAndRefusesAnOutOfRangeValue(FxRobot robot) {
        fx(() -> model().addNode("generate.solid", 0, 0));
        WaitForAsyncUtils.waitForFxEvents();
        TextField width = robot.lookup("#param-width").queryAs(TextField.class);
        robot.doubleClickOn(width).eraseText(12).write("640").type(KeyCode.ENTER);
        assertThat(model().graph().requireNode("solid1").params().get("width")).isEqualTo(640L);
        robot.doubleClickOn(width).eraseText(12).write("99999").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().requireNode("solid1").params().get("width")).isEqualTo(640L);
        assertThat(width.getText()).isEqualTo("640");
        assertThat(w.inspector().errorText()).contains("outside its range 1 to 16384");
        // the edit is one undo step
        fx(() -> model().document().undo());
        assertThat(model().graph().requireNode("solid1").params().get("width")).isEqualTo(1280L);
    }

    @Test
    void rendersFromTheToolbarAndShowsDoneBadges(FxRobot robot) throws Exception {
        twoNodes("generate.solid", "output.image");
        fx(() -> {
            model().connect(new PortRef("solid1", "image"), new PortRef("image1", "image"));
            model().setParam(List.of("solid1"), "width", 64L);
            model().setParam(List.of("solid1"), "height", 48L);
            w.documents().saveTo(tmp.resolve("small.cgraph"));
        });
        robot.clickOn("#render-button");
        BackgroundWork.awaitIdle(w);
        assertThat(w.render().runningProperty().get()).isFalse();
        assertThat(tmp.resolve("renders/image.png")).exists();
        for (String id : List.of("solid1", "image1")) {
            NodeEvent e = model().nodeStates().get(id);
            assertThat(e.state()).isIn(NodeState.DONE, NodeState.CACHED);
        }
        assertThat(w.render().failures()).isEmpty();
        assertThat(w.lastOutput()).isEqualTo(tmp.resolve("renders/image.png").toAbsolutePath());
        assertThat(robot.lookup("#render-progress").queryLabeled().getText()).startsWith("Rendered 1 file");
        assertThat(robot.lookup(".notification-bar").tryQuery()).as("render finished notification").isPresent();
    }

    @Test
    void aFailingNodeShowsItsErrorInTheProblemsList(FxRobot robot) {
        fx(() -> {
            model().addNode("image.load", 0, 0);
            model().addNode("output.image", 300, 0);
            model().connect(new PortRef("load1", "image"), new PortRef("image1", "image"));
            model().setParam(List.of("load1"), "file", "missing.png");
        });
        robot.clickOn("#render-button");
        BackgroundWork.awaitIdle(w);
        assertThat(w.render().failures()).isNotEmpty();
        assertThat(w.render().failures().get(0).nodeId()).isEqualTo("load1");
        fx(() -> model().selection().clear());
        robot.clickOn(robot.lookup("#problems .list-cell").nth(0).queryAs(javafx.scene.Node.class));
        assertThat(model().selection()).containsExactly("load1");
    }

    private Point2D local(double x, double y) {
        return w.canvas().localToScreen(x, y);
    }

    @Test
    void aWireDroppedOnEmptyCanvasOpensQuickAddAndConnectsTheNewNode(FxRobot robot) {
        fx(() -> {
            model().addNode("generate.solid", 0, 0);
            w.canvas().setView(new ViewState(240, 60, 1));
        });
        Point2D from = port("solid1", "image", false);
        robot.drag(from, MouseButton.PRIMARY).dropTo(new Point2D(from.getX() + 250, from.getY() + 150));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.quickAdd().isShowing()).isTrue();
        // only types that take an image are offered
        assertThat(w.quickAdd().results()).extracting(s -> s.id()).contains("colour.grade").doesNotContain("generate.solid", "clip.trim");
        fx(() -> {
            w.quickAdd().field().setText("colour grade");
            w.quickAdd().choose();
        });
        assertThat(model().graph().links()).containsExactly(Link.of("solid1", "image", "grade1", "image"));
        fx(() -> model().document().undo());
        assertThat(model().graph().nodes()).containsOnlyKeys("solid1");
    }

    @Test
    void rubberBandSelectsAndDraggingMovesAllSelectedInOneSnappedStep(FxRobot robot) {
        fx(() -> {
            model().addNode("generate.solid", 0, 0);
            model().addNode("generate.solid", 0, 100);
            model().addNode("generate.solid", 600, 400);
            w.canvas().setView(new ViewState(300, 180, 1));
            model().selection().clear();
        });
        Point2D a = w.canvas().toScreen(-30, -30), b = w.canvas().toScreen(200, 160);
        robot.drag(a, MouseButton.PRIMARY).dropTo(b);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().selection()).containsExactlyInAnyOrder("solid1", "solid2");
        Point2D title = w.canvas().toScreen(60, 10);
        robot.drag(title, MouseButton.PRIMARY).dropTo(new Point2D(title.getX() + 93, title.getY() + 47));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().requireNode("solid1").x()).isEqualTo(100);
        assertThat(model().graph().requireNode("solid1").y()).isEqualTo(40);
        assertThat(model().graph().requireNode("solid2").y()).isEqualTo(140);
        assertThat(model().graph().requireNode("solid3").x()).isEqualTo(600);
        fx(() -> model().document().undo());
        assertThat(model().graph().requireNode("solid1").x()).isZero();
        assertThat(model().graph().requireNode("solid2").y()).isEqualTo(100);
    }

    @Test
    void keysOnTheCanvasBypassMuteCollapseAndDelete(FxRobot robot) {
        fx(() -> {
            model().addNode("generate.solid", 0, 0);
            w.canvas().setView(new ViewState(100, 40, 1));
        });
        robot.clickOn(w.canvas().toScreen(60, 10));
        robot.type(KeyCode.B);
        assertThat(model().graph().requireNode("solid1").bypass()).isTrue();
        robot.type(KeyCode.M);
        assertThat(model().graph().requireNode("solid1").muted()).isTrue();
        robot.type(KeyCode.H);
        assertThat(model().graph().requireNode("solid1").collapsed()).isTrue();
        robot.type(KeyCode.DELETE);
        assertThat(model().graph().nodes()).isEmpty();
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertThat(model().graph().nodes()).containsKey("solid1");
    }

    @Test
    void paletteSearchFiltersTheTypes(FxRobot robot) {
        robot.clickOn("#palette-search").write("ken");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(n -> n instanceof TreeCell<?> c && "Ken Burns".equals(c.getText())).tryQuery()).isPresent();
        assertThat(robot.lookup(n -> n instanceof TreeCell<?> c && "Solid Colour".equals(c.getText())).tryQuery()).isEmpty();
    }

    @Test
    void pullingAWiresInputEndOntoEmptyCanvasDetachesItInOneStep(FxRobot robot) {
        twoNodes("generate.solid", "output.image");
        fx(() -> model().connect(new PortRef("solid1", "image"), new PortRef("image1", "image")));
        Point2D in = port("image1", "image", true);
        robot.drag(in, MouseButton.PRIMARY).dropTo(new Point2D(in.getX() + 60, in.getY() + 200));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().links()).isEmpty();
        assertThat(w.quickAdd().isShowing()).isFalse();
        fx(() -> model().document().undo());
        assertThat(model().graph().links()).hasSize(1);
    }

    @Test
    void aParameterSharedByDifferentTypesIsEditedOnAllSelectedNodes(FxRobot robot) {
        fx(() -> {
            model().addNode("generate.solid", 0, 0);
            model().addNode("generate.noise", 0, 200);
            model().select(List.of("solid1", "noise1"));
        });
        WaitForAsyncUtils.waitForFxEvents();
        TextField width = robot.lookup("#param-width").queryAs(TextField.class);
        robot.doubleClickOn(width).eraseText(12).write("320").type(KeyCode.ENTER);
        assertThat(model().graph().requireNode("solid1").params().get("width")).isEqualTo(320L);
        assertThat(model().graph().requireNode("noise1").params().get("width")).isEqualTo(320L);
    }

    @Test
    void cancelStopsTheRenderWithoutWritingTheOutput(FxRobot robot) throws Exception {
        fx(() -> {
            model().addNode("generate.noise", 0, 0);
            model().addNode("filter.blur", 300, 0);
            model().addNode("output.image", 600, 0);
            model().connect(new PortRef("noise1", "image"), new PortRef("blur1", "image"));
            model().connect(new PortRef("blur1", "image"), new PortRef("image1", "image"));
            // a fresh seed so the cache cannot answer at once
            model().setParam(List.of("noise1"), "seed", System.nanoTime() & 0xFFFFFFFL);
            model().setParam(List.of("noise1"), "width", 3000L);
            model().setParam(List.of("noise1"), "height", 3000L);
            model().setParam(List.of("noise1"), "octaves", 10L);
            w.documents().saveTo(tmp.resolve("slow.cgraph"));
        });
        robot.clickOn("#render-button");
        robot.clickOn("#cancel-button");
        BackgroundWork.awaitIdle(w);
        assertThat(robot.lookup("#render-progress").queryLabeled().getText()).isEqualTo("Render cancelled");
        assertThat(tmp.resolve("renders/image.png")).doesNotExist();
        assertThat(model().nodeStates().get("image1").state()).isEqualTo(NodeState.CANCELLED);
    }

    @Test
    void draggingAGroupTitleMovesItsNodesInOneStep(FxRobot robot) {
        fx(() -> {
            model().addNode("generate.solid", 0, 0);
            model().addNode("generate.solid", 0, 100);
            model().addNode("generate.solid", 600, 0);
            model().select(List.of("solid1", "solid2"));
            model().groupSelection("Shots", "#336699");
            model().selection().clear();
            w.canvas().setView(new ViewState(300, 100, 1));
        });
        var group = model().graph().groups().values().iterator().next();
        Point2D title = w.canvas().toScreen(group.bounds().x() + 100, group.bounds().y() + 8);
        robot.drag(title, MouseButton.PRIMARY).dropTo(new Point2D(title.getX() + 80, title.getY() + 40));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().requireNode("solid1").x()).isEqualTo(80);
        assertThat(model().graph().requireNode("solid2").y()).isEqualTo(140);
        assertThat(model().graph().requireNode("solid3").x()).isEqualTo(600);
        fx(() -> model().document().undo());
        assertThat(model().graph().requireNode("solid1").x()).isZero();
        assertThat(model().graph().groups().values().iterator().next()).isEqualTo(group);
    }

    @Test
    void wheelZoomsAroundTheCursorAndMiddleDragPans(FxRobot robot) {
        fx(() -> {
            model().addNode("generate.solid", 0, 0);
            w.canvas().setView(new ViewState(0, 0, 1));
        });
        Point2D anchor = w.canvas().toScreen(100, 50);
        robot.moveTo(anchor).scroll(3, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.canvas().scale()).isNotEqualTo(1.0);
        Point2D after = w.canvas().toScreen(100, 50);
        assertThat(after.distance(anchor)).isLessThan(1.5);
        double cx = w.canvas().view().centerX();
        robot.drag(anchor, MouseButton.MIDDLE).dropTo(new Point2D(anchor.getX() + 120, anchor.getY()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.canvas().view().centerX()).isLessThan(cx - 50);
        assertThat(model().document().canUndo()).as("viewing is not an edit").isTrue();
        assertThat(model().document().undoName()).hasValueSatisfying(n -> assertThat(n).startsWith("Add"));
    }

    @Test
    void tabOpensQuickAddAndEnterAddsTheBestMatchAtTheCursor(FxRobot robot) {
        fx(() -> w.canvas().setView(new ViewState(0, 0, 1)));
        robot.clickOn(w.canvas().toScreen(100, 100));
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.quickAdd().isShowing()).isTrue();
        robot.write("blur").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().graph().nodes()).containsOnlyKeys("blur1");
        assertThat(model().graph().requireNode("blur1").x()).isEqualTo(100);
        assertThat(model().graph().requireNode("blur1").y()).isEqualTo(100);
    }
}
