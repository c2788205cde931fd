package org.cinegraph.render;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.Provenance;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rendered files carry the graph that made them: real FFmpeg and PNG writes, read back. */
class ProvenanceTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.standard();
    @TempDir
    Path dir;

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    private static Graph graph() {
        return Graph.of(List.of(
                node("solid1", "generate.solid", Map.of("width", 64L, "height", 48L, "colour", "#806040")),
                node("clip1", "clip.from-still", Map.of("duration", 0.5, "fps", 24.0)),
                node("grade1", "colour.grade", Map.of("gain", 1.2)),
                node("still1", "output.image", Map.of("filename", "still.png")),
                node("video1", "output.video", Map.of("filename", "clip.mp4")),
                node("seq1", "output.video", Map.of("filename", "seq", "format", "png-sequence"))), List.of(
                Link.of("solid1", "image", "clip1", "image"),
                Link.of("solid1", "image", "still1", "image"),
                Link.of("clip1", "clip", "grade1", "image"),
                Link.of("grade1", "image", "video1", "clip"),
                Link.of("grade1", "image", "seq1", "clip")));
    }

    @Test
    void theGraphComesBackFromTheMp4ThePngAndTheSequenceSidecar() throws Exception {
        Graph g = graph();
        String text = GraphFile.toJson(g, REGISTRY);
        Executor ex = new Executor(REGISTRY, new RenderCache(dir.resolve("cache"), 1 << 30, 1 << 26), 2);
        RenderResult r = ex.render(RenderRequest.of(g, dir, dir.resolve("out")).withProvenance(text), null, e -> { }, new CancelToken());
        assertThat(r.failed()).as(r.failures().toString()).isFalse();

        for (String name : List.of("clip.mp4", "still.png", "seq")) {
            Path f = dir.resolve("out").resolve(name);
            String back = Provenance.read(f).orElseThrow(() -> new AssertionError("no graph in " + f));
            assertThat(back).isEqualTo(text);
            assertThat(GraphFile.parse(back, name, REGISTRY).graph()).isEqualTo(g);
        }
        assertThat(ImageFiles.readPngText(dir.resolve("out/still.png"))).containsKey(Provenance.PNG_KEYWORD);
        assertThat(Files.exists(Provenance.sidecar(dir.resolve("out/clip.mp4")))).isFalse();
        assertThat(Files.exists(dir.resolve("out/seq.cgraph"))).isTrue();
        // the picture itself is untouched by the text chunk
        assertThat(ImageFiles.read(dir.resolve("out/still.png")).pixel(3, 3) & 0xFFFFFF).isEqualTo(0x806040);
    }

    @Test
    void filesWithoutProvenanceSayNothingAndAChangedGraphRewritesTheOutputs() throws Exception {
        Graph g = graph();
        Executor ex = new Executor(REGISTRY, new RenderCache(dir.resolve("cache"), 1 << 30, 1 << 26), 2);
        ex.render(RenderRequest.of(g, dir, dir.resolve("out")), null, e -> { }, new CancelToken());
        assertThat(Provenance.read(dir.resolve("out/clip.mp4"))).isEmpty();
        assertThat(Provenance.read(dir.resolve("out/still.png"))).isEmpty();
        RenderResult r = ex.render(RenderRequest.of(g, dir, dir.resolve("out")).withProvenance(GraphFile.toJson(g, REGISTRY)), null, e -> { }, new CancelToken());
        assertThat(r.report("video1").state()).isEqualTo(NodeState.DONE);
        assertThat(Provenance.read(dir.resolve("out/clip.mp4"))).isPresent();

        // Moving a node changes the graph text but not a pixel: the outputs are kept, and the
        // graph they carry still reproduces them.
        String firstText = Provenance.read(dir.resolve("out/clip.mp4")).orElseThrow();
        GraphNode any = g.nodes().values().iterator().next();
        Graph moved = g.withNode(any.withPosition(any.x() + 500, any.y()));
        RenderResult again = ex.render(RenderRequest.of(moved, dir, dir.resolve("out")).withProvenance(GraphFile.toJson(moved, REGISTRY)),
                null, e -> { }, new CancelToken());
        assertThat(again.report("video1").state()).isEqualTo(NodeState.CACHED);
        assertThat(Provenance.read(dir.resolve("out/clip.mp4"))).contains(firstText);
    }
}
