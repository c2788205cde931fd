package org.cinegraph.render;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.media.Clip;
import org.cinegraph.render.preview.Preview;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreviewTest {
    @TempDir
    Path dir;
    private Preview preview;

    @BeforeEach
    void setUp() {
        TestNodes.reset();
        preview = new Preview(new Executor(TestNodes.registry(), new RenderCache(dir.resolve("cache"), 1 << 30, 1 << 28), 2));
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    /** frames1 -> bright1 -> bright2 -> writeframes1 */
    private static Graph graph() {
        return Graph.of(List.of(
                node("frames1", "test.frames", Map.of()),
                node("bright1", "test.brighten", Map.of()),
                node("bright2", "test.brighten", Map.of()),
                node("out1", "test.write-frames", Map.of())), List.of(
                Link.of("frames1", "clip", "bright1", "image"),
                Link.of("bright1", "image", "bright2", "image"),
                Link.of("bright2", "image", "out1", "clip")));
    }

    @Test
    void scrubbingComputesOnlyTheRequestedFrameAndNeverRunsWriters() throws Exception {
        try (Preview.Value v = preview.pull(graph(), dir, new PortRef("bright2", "image"), new CancelToken())) {
            Clip c = v.clip().orElseThrow();
            assertThat(c.frameCount()).isEqualTo(100);
            assertThat((c.frame(70).pixel(0, 0) >> 16) & 0xFF).isEqualTo(72);
        }
        assertThat(TestNodes.FRAMES.keySet()).containsExactly(70);
        assertThat(TestNodes.FRAMES.get(70).get()).isEqualTo(1);
        assertThat(TestNodes.evals("out1")).isZero();
        assertThat(Files.exists(dir.resolve("frames.txt"))).isFalse();
    }

    @Test
    void upstreamWorkComesFromTheCache() throws Exception {
        try (Preview.Value v = preview.pull(graph(), dir, new PortRef("bright1", "image"), new CancelToken())) {
            v.clip().orElseThrow().frame(3);
        }
        try (Preview.Value v = preview.pull(graph(), dir, new PortRef("bright2", "image"), new CancelToken())) {
            assertThat(v.reports()).filteredOn(r -> r.nodeId().equals("frames1")).singleElement()
                    .extracting(NodeReport::state).isEqualTo(NodeState.CACHED);
            v.clip().orElseThrow().frame(5);
        }
        assertThat(TestNodes.evals("frames1")).isEqualTo(1);
        assertThat(TestNodes.FRAMES.keySet()).containsExactlyInAnyOrder(3, 5);
    }

    @Test
    void aPreviewedNodeKeepsTheCacheKeyItHasInARender() throws Exception {
        Graph g = Graph.of(List.of(node("value1", "test.value", Map.of("value", 4.0)), node("write1", "test.write", Map.of())),
                List.of(Link.of("value1", "out", "write1", "value")));
        Executor ex = new Executor(TestNodes.registry(), new RenderCache(dir.resolve("cache2"), 1 << 30, 1 << 28), 1);
        ex.render(RenderRequest.of(g, dir, dir.resolve("out")), null, e -> { }, new CancelToken());
        try (Preview.Value v = new Preview(ex).pull(g, dir, new PortRef("value1", "out"), new CancelToken())) {
            assertThat(v.value()).isEqualTo(4.0);
        }
        assertThat(TestNodes.evals("value1")).isEqualTo(1);
    }

    @Test
    void refusesToPreviewAWriterAndNamesFailures() {
        assertThatThrownBy(() -> preview.pull(graph(), dir, new PortRef("out1", "file"), new CancelToken()))
                .isInstanceOf(RenderException.class).hasMessageContaining("out1").hasMessageContaining("writes files");
        Graph failing = Graph.of(List.of(node("value1", "test.value", Map.of()), node("fail1", "test.fail", Map.of())),
                List.of(Link.of("value1", "out", "fail1", "a")));
        assertThatThrownBy(() -> preview.pull(failing, dir, new PortRef("fail1", "out"), new CancelToken()))
                .isInstanceOf(RenderException.class).hasMessageContaining("fail1").hasMessageContaining("broken.png");
    }

    @Test
    void aClipKeptInTheCacheFromACancelledPreviewStillGivesItsFrames() throws Exception {
        CancelToken first = new CancelToken();
        try (Preview.Value v = preview.pull(graph(), dir, new PortRef("bright2", "image"), first)) {
            v.clip().orElseThrow().frame(0);
        }
        // the editor cancels a preview's token when a newer one starts, even after it finished
        first.cancel();
        try (Preview.Value v = preview.pull(graph(), dir, new PortRef("bright2", "image"), new CancelToken())) {
            assertThat(v.reports()).filteredOn(r -> r.nodeId().equals("bright2")).singleElement()
                    .extracting(NodeReport::state).isEqualTo(NodeState.CACHED);
            assertThat((v.clip().orElseThrow().frame(7).pixel(0, 0) >> 16) & 0xFF).isEqualTo(9);
        }
    }
}
