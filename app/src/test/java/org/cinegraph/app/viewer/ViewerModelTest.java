package org.cinegraph.app.viewer;

import org.cinegraph.app.task.SameThreadTaskRunner;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The viewer's model without a window: its pulls run on the test's thread, so each answer is there when select returns. */
class ViewerModelTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path tmp;

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    static Graph graph() {
        return Graph.of(List.of(
                node("grad1", "generate.gradient", Map.of("width", 32L, "height", 18L)),
                node("kb1", "clip.ken-burns", Map.of("width", 32L, "height", 18L, "duration", 1.0, "fps", 12.0)),
                node("solid1", "generate.solid", Map.of("width", 32L, "height", 18L, "colour", "#336699")),
                node("load1", "image.load", Map.of("file", "missing.png")),
                node("save1", "output.image", Map.of())),
                List.of(Link.of("grad1", "image", "kb1", "image"), Link.of("solid1", "image", "save1", "image")));
    }

    @Test
    void aSelectedNodeIsShownAndItsClipFollowsThePlayhead() {
        ViewerModel v = new ViewerModel(Renderer.fromEnvironment(REG), new SameThreadTaskRunner());
        v.setGraph(graph(), tmp);
        v.select("solid1");
        assertThat(v.a().frameProperty().get().pixel(0, 0)).isEqualTo(0xFF336699);
        assertThat(v.a().labelProperty().get()).isEqualTo("A: solid1.image");

        v.select("kb1");
        assertThat(v.timeline().frameCount()).isEqualTo(12);
        assertThat(v.a().shownIndexProperty().get()).isZero();
        v.timeline().seek(7);
        assertThat(v.a().shownIndexProperty().get()).isEqualTo(7);

        // a writer shows what feeds it; the still is one frame long
        v.select("save1");
        assertThat(v.a().labelProperty().get()).isEqualTo("A: solid1.image");
        assertThat(v.timeline().frameCount()).isEqualTo(1);
        v.close();
        assertThat(v.a().isEmpty()).isTrue();
    }

    @Test
    void aNodeThatFailsSaysWhyOnItsSideAndInTheStatus() {
        ViewerModel v = new ViewerModel(Renderer.fromEnvironment(REG), new SameThreadTaskRunner());
        v.setGraph(graph(), tmp);
        v.select("load1");
        assertThat(v.a().isEmpty()).isTrue();
        assertThat(v.a().labelProperty().get()).startsWith("A: ").contains("missing.png");
        assertThat(v.statusProperty().get()).startsWith("Cannot preview load1.image: ");
    }
}
