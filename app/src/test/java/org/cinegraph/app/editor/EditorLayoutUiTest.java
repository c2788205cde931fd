package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.shape.SVGPath;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.cinegraph.app.viewer.ViewerKeys;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
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
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Issue 15's layout and viewer: split panes remembered, the viewer floating and full screen, zoom, a toolbar that keeps its buttons, the shortcut help. */
@ExtendWith(ApplicationExtension.class)
class EditorLayoutUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;
    EditorSettings settings;
    ScriptedDialogs dialogs = new ScriptedDialogs();

    @Start
    void start(Stage stage) {
        settings = TestSettings.in(tmp);
        w = window(stage);
        stage.show();
    }

    private EditorWindow window(Stage stage) {
        return new EditorWindow(stage, Renderer.fromEnvironment(REG), dialogs, new Recovery(tmp.resolve("recovery"), REG), settings, RecordingOpener.ok());
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

    private static GraphNode node(String id, String type, Map<String, Object> params, double x) {
        return GraphNode.of(id, type, 1, id, x, 0).withParams(params);
    }

    /** A 96x54 solid selected in the viewer. */
    private void showSolid() {
        fx(() -> {
            w.model().execute(Command.of("test graph", g -> Graph.of(List.of(
                    node("solid1", "generate.solid", Map.of("width", 96L, "height", 54L, "colour", "#336699"), 0)), List.of())));
            w.model().select(List.of("solid1"));
        });
        BackgroundWork.awaitIdle(w);
        assertThat(w.viewer().a().frameProperty().get()).isNotNull();
    }

    private Node divider(FxRobot robot, String split, int i) {
        return robot.lookup("#" + split).queryAs(SplitPane.class).lookupAll(".split-pane-divider").stream()
                .filter(d -> d.getParent() == robot.lookup("#" + split).query()).toList().get(i);
    }

    @Test
    void theViewerIsTallAndEveryPaneIsSizedByItsDividerAndRememberedForTheNextWindow(FxRobot robot) throws Exception {
        double viewerBefore = w.viewerPanel().viewCanvas().getHeight();
        // the old fixed strip left about 140 px for the picture in this window
        assertThat(viewerBefore).isGreaterThan(200);
        double mainBefore = settings.divider("main.0", -1);

        robot.drag(divider(robot, "main-split", 0), MouseButton.PRIMARY).dropBy(0, -150);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.viewerPanel().viewCanvas().getHeight()).isGreaterThan(viewerBefore + 100);
        double main = robot.lookup("#main-split").queryAs(SplitPane.class).getDividerPositions()[0];
        assertThat(settings.divider("main.0", -1)).isCloseTo(main, within(1e-9)).isNotEqualTo(mainBefore);

        double paletteBefore = w.palette().getWidth();
        robot.drag(divider(robot, "sides-split", 0), MouseButton.PRIMARY).dropBy(120, 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.palette().getWidth()).isGreaterThan(paletteBefore + 80);
        double sides = robot.lookup("#sides-split").queryAs(SplitPane.class).getDividerPositions()[0];

        // a new window with the same settings opens as this one was left
        EditorWindow second = fx(() -> {
            Stage s = new Stage();
            EditorWindow x = window(s);
            s.show();
            return x;
        });
        SplitPane secondMain = (SplitPane) second.stage().getScene().lookup("#main-split");
        SplitPane secondSides = (SplitPane) second.stage().getScene().lookup("#sides-split");
        assertThat(secondMain.getDividerPositions()[0]).isCloseTo(main, within(0.01));
        assertThat(secondSides.getDividerPositions()[0]).isCloseTo(sides, within(0.01));
        fx(() -> second.stage().close());
    }

    @Test
    void theViewerFloatsInItsOwnWindowGoesFullScreenAndComesBackToItsTab(FxRobot robot) throws Exception {
        showSolid();
        Stage main = w.stage();
        robot.clickOn("#viewer-float");
        assertThat(w.viewerDock().isFloating()).isTrue();
        assertThat(w.viewerPanel().getScene().getWindow()).isNotSameAs(main);
        assertThat(robot.lookup("#viewer-dock").tryQuery()).isPresent();
        // closing its window docks it again
        fx(() -> w.viewerDock().floatingWindow().hide());
        assertThat(w.viewerDock().isFloating()).isFalse();
        assertThat(w.viewerPanel().getScene().getWindow()).isSameAs(main);

        // F in the viewer: full screen, and F again back into the tab. (The key is fired at the
        // viewer: Monocle's glass fails on key events of a window that went full screen.)
        robot.clickOn(w.viewerPanel().viewCanvas().localToScreen(5, 5), MouseButton.PRIMARY);
        pressInViewer(KeyCode.F);
        assertThat(w.viewerDock().isFullScreen()).isTrue();
        assertThat(w.viewerPanel().viewCanvas().getWidth()).isGreaterThan(main.getWidth() * 0.9);
        pressInViewer(KeyCode.F);
        assertThat(w.viewerDock().isFloating()).isFalse();
        assertThat(w.viewerPanel().getScene().getWindow()).isSameAs(main);

        // double-click: full screen; leaving full screen (as Esc does) docks it. (Fired at the canvas:
        // on a loaded machine the robot's two clicks may come further apart than a double-click.)
        fx(() -> javafx.event.Event.fireEvent(w.viewerPanel().viewCanvas(), new javafx.scene.input.MouseEvent(
                javafx.scene.input.MouseEvent.MOUSE_CLICKED, 20, 20, 0, 0, MouseButton.PRIMARY, 2,
                false, false, false, false, true, false, false, true, false, true, null)));
        assertThat(w.viewerDock().isFullScreen()).isTrue();
        fx(() -> w.viewerDock().floatingWindow().setFullScreen(false));
        assertThat(w.viewerDock().isFloating()).isFalse();
    }

    private void pressInViewer(KeyCode k) {
        fx(() -> javafx.event.Event.fireEvent(w.viewerPanel(), new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED,
                "", "", k, false, false, false, false)));
    }

    @Test
    void fitOneHundredPercentAndTheWheelZoomAboutTheCursor(FxRobot robot) throws Exception {
        showSolid();
        var canvas = w.viewerPanel().viewCanvas();
        double fitted = w.viewerPanel().shownScale();
        assertThat(fitted).isCloseTo(Math.min(canvas.getWidth() / 96, canvas.getHeight() / 54), within(1e-9));
        assertThat(robot.lookup("#viewer-zoom").queryLabeled().getText()).endsWith("(fit)");
        robot.clickOn("#viewer-100");
        assertThat(w.viewerPanel().shownScale()).isEqualTo(1);
        assertThat(robot.lookup("#viewer-zoom").queryLabeled().getText()).isEqualTo("100%");

        // the wheel zooms in about the cursor: the picture point under it stays there
        double sx = canvas.getWidth() / 2 + 20, sy = canvas.getHeight() / 2 + 10;
        double[] before = w.viewerPanel().zoom().placement(96, 54, 0, 0, canvas.getWidth(), canvas.getHeight());
        double px = (sx - before[0]) / (before[2] / 96);
        robot.moveTo(canvas.localToScreen(sx, sy)).scroll(20, VerticalDirection.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        double s = w.viewerPanel().shownScale();
        assertThat(Math.abs(s - 1)).isGreaterThan(0.01);
        double[] after = w.viewerPanel().zoom().placement(96, 54, 0, 0, canvas.getWidth(), canvas.getHeight());
        assertThat(after[0] + px * s).isCloseTo(sx, within(0.5));

        // keys: 0 fits, 1 is 100%, + zooms in
        robot.clickOn(canvas.localToScreen(5, 5), MouseButton.PRIMARY);
        robot.type(KeyCode.DIGIT0);
        assertThat(w.viewerPanel().zoom().isFit()).isTrue();
        robot.type(KeyCode.DIGIT1);
        assertThat(w.viewerPanel().shownScale()).isEqualTo(1);
        robot.type(KeyCode.EQUALS);
        assertThat(w.viewerPanel().shownScale()).isCloseTo(1.25, within(1e-9));
    }

    @Test
    void aLongErrorShrinksToAnEllipsisAndNeverSqueezesTheButtonsWhichAreShapesNotGlyphs(FxRobot robot) throws Exception {
        String longName = "a-very-long-folder-name/".repeat(20) + "missing.png";
        fx(() -> {
            w.model().execute(Command.of("test graph", g -> Graph.of(List.of(node("load1", "image.load", Map.of("file", longName), 0)), List.of())));
            w.model().select(List.of("load1"));
        });
        BackgroundWork.awaitIdle(w);
        Label info = robot.lookup("#viewer-info").queryAs(Label.class);
        assertThat(info.getText()).contains("missing.png");
        assertThat(info.getWidth()).isLessThan(info.prefWidth(-1));
        assertThat(info.getTooltip().getText()).isEqualTo(info.getText());
        List<Button> buttons = robot.lookup("#viewer .button").queryAllAs(Button.class).stream().filter(Node::isVisible).toList();
        assertThat(buttons).hasSizeGreaterThan(10);
        for (Button b : buttons) {
            assertThat(b.getWidth()).as("width of %s", b.getId()).isGreaterThanOrEqualTo(b.prefWidth(-1) - 0.5);
        }
        for (String id : List.of("viewer-start", "viewer-back", "viewer-play", "viewer-forward", "viewer-end", "viewer-float", "viewer-full-screen")) {
            Button b = robot.lookup("#" + id).queryButton();
            assertThat(b.getText()).isNullOrEmpty();
            assertThat(b.getGraphic()).isInstanceOf(SVGPath.class);
        }
    }

    @Test
    void helpListsEveryShortcutFromTheMenusTheCanvasAndTheViewerAndFitsOnTheScreen(FxRobot robot) throws Exception {
        robot.clickOn("#canvas");
        robot.type(KeyCode.F1);
        assertThat(dialogs.shortcuts).isNotNull();
        List<String> keys = dialogs.shortcuts.stream().map(Shortcuts.Row::keys).toList();
        assertThat(keys).contains("Ctrl+Z", "Ctrl+Enter", "F1", "P", "Delete, Backspace");
        for (ViewerKeys k : ViewerKeys.values()) assertThat(keys).contains(k.keys());
        assertThat(dialogs.shortcuts).anyMatch(r -> r.section().equals("Menus") && r.description().equals("Render > Render"));

        ScrollPane table = fx(() -> FxDialogs.shortcutsTable(dialogs.shortcuts, w.stage()));
        double screenH = Screen.getPrimary().getVisualBounds().getHeight(), screenW = Screen.getPrimary().getVisualBounds().getWidth();
        assertThat(table.getPrefViewportHeight()).isLessThanOrEqualTo(screenH * 0.75);
        assertThat(table.getPrefViewportWidth()).isLessThanOrEqualTo(screenW * 0.9);
    }

    @Test
    void aGraphOpensWholeWhateverViewItWasSavedWith() throws Exception {
        Graph g = GraphFile.read(Path.of("..", "assets", "examples", "storyboard.cgraph"), REG).graph();
        Path f = tmp.resolve("zoomed.cgraph");
        // saved zoomed in on one corner, from some other window
        GraphFile.write(new Graph(g.nodes(), g.links(), g.groups(), new ViewState(0, 0, 3), g.extra()), f, REG);
        assertThat(fx(() -> w.documents().open(f))).isTrue();
        CanvasView c = w.canvas();
        Bounds b = fx(() -> w.model().boundsOf(g.nodes().keySet(), 0));
        Point2D tl = fx(() -> c.toWorld(0, 0)), br = fx(() -> c.toWorld(c.getWidth(), c.getHeight()));
        assertThat(b.x()).isGreaterThanOrEqualTo(tl.getX());
        assertThat(b.y()).isGreaterThanOrEqualTo(tl.getY());
        assertThat(b.x() + b.width()).isLessThanOrEqualTo(br.getX());
        assertThat(b.y() + b.height()).isLessThanOrEqualTo(br.getY());
        assertThat(Files.exists(f)).isTrue();
    }
}
