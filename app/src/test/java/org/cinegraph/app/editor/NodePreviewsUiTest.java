package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** Live previews inside nodes: computed in the background, current after edits, drawn in the node, off per node and globally. */
@ExtendWith(ApplicationExtension.class)
class NodePreviewsUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;
    EditorWindow w;
    EditorSettings settings;

    @Start
    void start(Stage stage) {
        settings = TestSettings.withPreviews(tmp);
        w = new EditorWindow(stage, Renderer.fromEnvironment(REG), new ScriptedDialogs(), new Recovery(tmp.resolve("recovery"), REG), settings,
                RecordingOpener.ok());
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

    private static GraphNode node(String id, String type, Map<String, Object> params, double x) {
        return GraphNode.of(id, type, 1, id, x, 0).withParams(params);
    }

    private void show(Graph g) {
        fx(() -> {
            w.model().execute(Command.of("test graph", x -> g));
            w.canvas().setView(new ViewState(400, 100, 1));
        });
        BackgroundWork.awaitIdle(w);
    }

    private static Graph graph(String colour) {
        return Graph.of(List.of(
                        node("solid1", "generate.solid", Map.of("width", 64L, "height", 36L, "colour", colour), 0),
                        node("blur1", "filter.blur", Map.of(), 250),
                        node("load1", "image.load", Map.of("file", "missing.png"), 500)),
                List.of(Link.of("solid1", "image", "blur1", "image")));
    }

    /** The colour drawn in the middle of a node's preview strip. */
    private int stripColour(String id) throws Exception {
        return fx(() -> {
            GraphNode n = w.model().graph().requireNode(id);
            NodeGeometry geo = w.model().geometry(n);
            Point2D p = w.canvas().toLocal(geo.x() + geo.width() / 2, geo.y() + geo.height() - NodeGeometry.PREVIEW_H / 2);
            w.canvas().redraw();
            WritableImage snap = w.canvas().snapshot(null, null);
            return snap.getPixelReader().getArgb((int) p.getX(), (int) p.getY());
        });
    }

    @Test
    void nodesShowTheirOutputAndKeepItCurrentAfterAnEdit(FxRobot robot) throws Exception {
        show(graph("#336699"));
        NodePreviews previews = w.canvas().previews();
        assertThat(previews.image("solid1")).isNotNull();
        assertThat(previews.image("blur1")).isNotNull();
        assertThat(stripColour("solid1")).isEqualTo(0xFF336699);
        // the node is taller by the strip, so clicks and wires follow it
        GraphNode solid = w.model().graph().requireNode("solid1");
        assertThat(w.model().geometry(solid).height()).isEqualTo(NodeGeometry.of(solid, w.model().spec(solid).orElseThrow(), w.model().graph()).height()
                + NodeGeometry.PREVIEW_H);
        // a node that cannot run says why, in the node and its tooltip
        assertThat(previews.error("load1")).contains("missing.png");
        String tip = fx(() -> {
            Point2D p = w.canvas().toLocal(510, 10);
            return w.canvas().tooltipAt(p.getX(), p.getY());
        });
        assertThat(tip).contains("No preview").contains("missing.png");

        fx(() -> w.model().setParam(List.of("solid1"), "colour", "#FF0000"));
        BackgroundWork.awaitIdle(w);
        assertThat(stripColour("solid1")).isEqualTo(0xFFFF0000);
        assertThat(previews.image("blur1").getPixelReader().getArgb(10, 10)).isEqualTo(0xFFFF0000);
    }

    @Test
    void previewsAreHiddenPerNodeWithPAndForEveryNodeFromTheViewMenu(FxRobot robot) throws Exception {
        show(graph("#336699"));
        GraphNode solid = w.model().graph().requireNode("solid1");
        double tall = w.model().geometry(solid).height();
        fx(() -> w.model().select(List.of("solid1")));
        robot.clickOn(w.canvas().localToScreen(5, 5));
        fx(() -> w.model().select(List.of("solid1")));
        robot.type(KeyCode.P);
        assertThat(w.canvas().previews().shows(solid)).isFalse();
        assertThat(w.model().geometry(solid).height()).isEqualTo(tall - NodeGeometry.PREVIEW_H);
        assertThat(w.canvas().previews().shows(w.model().graph().requireNode("blur1"))).isTrue();
        robot.type(KeyCode.P);
        assertThat(w.canvas().previews().shows(solid)).isTrue();

        robot.clickOn("View").clickOn("Previews in Nodes");
        assertThat(w.canvas().previews().enabled()).isFalse();
        assertThat(settings.nodePreviews()).isFalse();
        assertThat(w.model().geometry(solid).height()).isEqualTo(tall - NodeGeometry.PREVIEW_H);
    }
}
