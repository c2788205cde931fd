package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, item 7 and the daily tools: right-click menus on nodes, wires, groups and the canvas; Find Node; Auto Layout. */
@ExtendWith(ApplicationExtension.class)
class CanvasMenusUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;
    RecordingOpener opener = RecordingOpener.ok();

    @Start
    void start(Stage stage) {
        w = new EditorWindow(stage, Renderer.fromEnvironment(REG), new ScriptedDialogs(), new Recovery(tmp.resolve("recovery"), REG),
                TestSettings.in(tmp), opener);
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

    private EditorModel model() {
        return w.model();
    }

    /** Solid -> grade -> image output, the view at zoom 1. */
    private void graph() {
        fx(() -> {
            model().addNode("generate.solid", 0, 0);
            model().addNode("colour.grade", 300, 0);
            model().addNode("output.image", 600, 0);
            model().connect(new PortRef("solid1", "image"), new PortRef("grade1", "image"));
            model().connect(new PortRef("grade1", "image"), new PortRef("image1", "image"));
            w.canvas().setView(new ViewState(400, 60, 1));
        });
    }

    private Point2D local(double wx, double wy) throws Exception {
        return fx(() -> w.canvas().toLocal(wx, wy));
    }

    private ContextMenu menuAt(Point2D local) throws Exception {
        return fx(() -> w.canvasMenus().menuAt(local.getX(), local.getY()));
    }

    private static List<String> texts(ContextMenu m) {
        return m.getItems().stream().map(MenuItem::getText).filter(t -> t != null).toList();
    }

    private static void fire(ContextMenu m, String startsWith) {
        MenuItem i = m.getItems().stream().filter(x -> x.getText() != null && x.getText().startsWith(startsWith)).findFirst().orElseThrow();
        fx(i::fire);
    }

    @Test
    void rightClickOnANodeOffersItsActionsAndBypassesIt(FxRobot robot) throws Exception {
        graph();
        Point2D screen = fx(() -> w.canvas().toScreen(320, 10));
        robot.clickOn(screen, MouseButton.SECONDARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model().selection()).containsExactly("grade1");
        robot.clickOn("Bypass  (B)");
        assertThat(model().graph().requireNode("grade1").bypass()).isTrue();

        ContextMenu m = menuAt(local(320, 10));
        assertThat(texts(m)).contains("View Output", "Pin in Viewer", "Rename\u2026", "Unbypass  (B)", "Mute  (M)", "Copy  (Ctrl+C)",
                "Duplicate  (Ctrl+D)", "Delete  (Del)", "Group Selection\u2026  (Ctrl+G)", "Make Subgraph").doesNotContain("Open File Location");
        fire(m, "Pin in Viewer");
        assertThat(w.viewer().pinnedProperty().get()).isTrue();
        assertThat(w.viewer().nodeA()).isEqualTo("grade1");
        fire(menuAt(local(320, 10)), "Duplicate");
        assertThat(model().graph().nodes()).hasSize(4);
        fire(menuAt(local(320, 10)), "Rename");
        WaitForAsyncUtils.waitForFxEvents();
        TextField title = robot.lookup("#inspector-title").queryAs(TextField.class);
        assertThat(title.isFocused()).isTrue();
        robot.write("Warm grade").type(KeyCode.ENTER);
        assertThat(model().graph().requireNode("grade1").title()).isEqualTo("Warm grade");
    }

    @Test
    void aWireOffersARerouteAndDisconnectAndTheCanvasAddsAndPastesAtTheCursor(FxRobot robot) throws Exception {
        graph();
        Point2D a = fx(() -> w.canvas().portPosition(new PortRef("solid1", "image"), false).orElseThrow());
        Point2D b = fx(() -> w.canvas().portPosition(new PortRef("grade1", "image"), true).orElseThrow());
        Point2D mid = local((a.getX() + b.getX()) / 2, (a.getY() + b.getY()) / 2);
        ContextMenu wire = menuAt(mid);
        assertThat(texts(wire)).containsExactly("Insert Reroute", "Disconnect");
        fire(wire, "Insert Reroute");
        assertThat(model().graph().links()).contains(Link.of("solid1", "image", "reroute1", "in"), Link.of("reroute1", "out", "grade1", "image"));
        fx(() -> model().document().undo());
        fire(menuAt(mid), "Disconnect");
        assertThat(model().linkInto(new PortRef("grade1", "image"))).isEmpty();

        ContextMenu canvas = menuAt(local(300, 400));
        assertThat(texts(canvas)).contains("Add Node Here\u2026  (Tab)", "Paste Here  (Ctrl+V)", "Find Node\u2026  (Ctrl+F)");
        fire(canvas, "Add Node Here");
        assertThat(w.quickAdd().isShowing()).isTrue();
        fx(() -> w.quickAdd().field().setText("Noise"));
        fx(() -> w.quickAdd().choose());
        GraphNode noise = model().graph().requireNode("noise1");
        assertThat(noise.x()).isCloseTo(300, org.assertj.core.data.Offset.offset(20.0));
        assertThat(noise.y()).isCloseTo(400, org.assertj.core.data.Offset.offset(20.0));
    }

    @Test
    void aGroupsTitleBarAndAWritersMenuActOnThem(FxRobot robot) throws Exception {
        graph();
        fx(() -> {
            model().select(List.of("solid1", "grade1"));
            model().groupSelection("Look", "#5A6B7C");
        });
        var g = model().graph().groups().values().iterator().next();
        ContextMenu group = menuAt(local(g.bounds().x() + 30, g.bounds().y() + 6));
        assertThat(texts(group)).contains("Select Nodes in Group", "Rename / Colour\u2026", "Delete Group (keeps its nodes)");
        fx(() -> model().selection().clear());
        fire(group, "Select Nodes in Group");
        assertThat(model().selection()).containsExactlyInAnyOrder("solid1", "grade1");
        fire(menuAt(local(g.bounds().x() + 30, g.bounds().y() + 6)), "Delete Group");
        assertThat(model().graph().groups()).isEmpty();
        assertThat(model().graph().nodes()).hasSize(3);

        // a writer's menu shows what it wrote in the file manager
        fx(() -> w.documents().saveTo(tmp.resolve("look.cgraph")));
        Files.createDirectories(tmp.resolve("renders"));
        Files.writeString(tmp.resolve("renders/image.png"), "not really a png");
        ContextMenu writer = menuAt(local(620, 10));
        fire(writer, "Open File Location");
        BackgroundWork.awaitIdle(w);
        assertThat(opener.calls).containsExactly("show " + tmp.resolve("renders/image.png").toAbsolutePath().normalize());
    }

    @Test
    void findNodeJumpsToANodeByTitleTypeOrIdAndAutoLayoutIsOneStep(FxRobot robot) throws Exception {
        graph();
        fx(() -> {
            model().addNode("filter.blur", 2400, 1600);
            model().execute(model().commands().setTitle("blur1", "Soften highlights"));
            model().selection().clear();
        });
        robot.clickOn(w.canvas().localToScreen(20, 20));
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.findNode().isShowing()).isTrue();
        robot.write("soften");
        assertThat(w.findNode().results()).extracting(FindNode.Hit::id).containsExactly("blur1");
        fx(() -> w.findNode().field().setText("grade"));
        assertThat(w.findNode().results()).extracting(FindNode.Hit::id).containsExactly("grade1");
        fx(() -> w.findNode().field().setText("Blur"));
        assertThat(w.findNode().results()).extracting(FindNode.Hit::id).containsExactly("blur1");
        robot.type(KeyCode.ENTER);
        assertThat(model().selection()).containsExactly("blur1");
        ViewState v = w.canvas().view();
        GraphNode blur = model().graph().requireNode("blur1");
        assertThat(v.centerX()).isCloseTo(blur.x() + model().geometry(blur).width() / 2, org.assertj.core.data.Offset.offset(1.0));

        // auto layout: columns by depth left to right, one undo step
        fx(() -> {
            model().connect(new PortRef("grade1", "image"), new PortRef("blur1", "image"));
            model().select(List.of("solid1", "grade1"));
            model().groupSelection("Look", "#5A6B7C");
            model().selection().clear();
        });
        double before = model().graph().requireNode("solid1").x();
        fx(() -> AutoLayout.apply(model()));
        assertThat(model().document().undoName()).contains("Auto layout 4 nodes");
        double solidX = model().graph().requireNode("solid1").x(), gradeX = model().graph().requireNode("grade1").x();
        double blurX = model().graph().requireNode("blur1").x(), imageX = model().graph().requireNode("image1").x();
        assertThat(solidX).isLessThan(gradeX);
        assertThat(gradeX).isLessThan(blurX);
        assertThat(blurX).isEqualTo(imageX);
        assertThat(model().graph().requireNode("blur1").y()).isNotEqualTo(model().graph().requireNode("image1").y());
        // the group's box went with its nodes, so it still holds them (and only them)
        var look = model().graph().groups().values().iterator().next().bounds();
        for (String id : List.of("solid1", "grade1")) {
            GraphNode n = model().graph().requireNode(id);
            assertThat(look.contains(n.x(), n.y())).as(id + " in the group").isTrue();
        }
        for (String id : List.of("blur1", "image1")) {
            GraphNode n = model().graph().requireNode(id);
            assertThat(look.contains(n.x(), n.y())).as(id + " outside the group").isFalse();
        }
        fx(() -> model().document().undo());
        assertThat(model().graph().requireNode("blur1").x()).isEqualTo(2400);
        assertThat(model().graph().requireNode("solid1").x()).isEqualTo(before);
    }
}
