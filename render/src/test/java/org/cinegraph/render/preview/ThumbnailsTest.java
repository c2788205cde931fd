package org.cinegraph.render.preview;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.media.Frame;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.Executor;
import org.cinegraph.render.RenderCache;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThumbnailsTest {
    private static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path dir;

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    private static Graph graph(String colour) {
        return Graph.of(List.of(
                        node("solid1", "generate.solid", Map.of("width", 64L, "height", 36L, "colour", colour)),
                        node("grad1", "generate.gradient", Map.of("width", 64L, "height", 36L, "start_colour", "#000000", "end_colour", "#FFFFFF")),
                        node("kb1", "clip.ken-burns", Map.of("width", 64L, "height", 36L, "duration", 1.0, "fps", 12.0)),
                        node("load1", "image.load", Map.of("file", "missing.png")),
                        node("grade1", "colour.grade", Map.of()),
                        node("save1", "output.image", Map.of())),
                List.of(Link.of("grad1", "image", "kb1", "image"), Link.of("load1", "image", "grade1", "image"),
                        Link.of("solid1", "image", "save1", "image")));
    }

    private static final List<PortRef> PORTS = List.of(new PortRef("solid1", "image"), new PortRef("kb1", "clip"),
            new PortRef("load1", "image"), new PortRef("grade1", "image"));

    @Test
    void eachPortGetsASmallPictureOrTheReasonItHasNoneAndOnlyChangedKeysAreComputedAgain() {
        Thumbnails t = new Thumbnails(new Executor(REG, new RenderCache(dir.resolve("cache"), 1 << 26, 1 << 24), 2), 32, 32, 1 << 20);
        Map<PortRef, Thumbnails.Thumb> first = t.make(graph("#336699"), dir, PORTS, new CancelToken());

        Thumbnails.Thumb solid = first.get(PORTS.get(0));
        assertThat(solid.ok()).isTrue();
        assertThat(solid.image().width()).isEqualTo(32);
        assertThat(solid.image().height()).isEqualTo(18);
        assertThat(solid.image().pixel(5, 5)).isEqualTo(0xFF336699);
        // a clip shows its first frame
        assertThat(first.get(PORTS.get(1)).ok()).isTrue();
        // a node that fails says why; one after it names it
        assertThat(first.get(PORTS.get(2)).ok()).isFalse();
        assertThat(first.get(PORTS.get(2)).error()).contains("missing.png");
        assertThat(first.get(PORTS.get(3)).error()).contains("load1");

        Map<PortRef, Thumbnails.Thumb> recoloured = t.make(graph("#FF0000"), dir, PORTS, new CancelToken());
        assertThat(recoloured.get(PORTS.get(0)).image().pixel(5, 5)).isEqualTo(0xFFFF0000);
        // the clip's key did not change: the very same thumbnail, nothing computed
        assertThat(recoloured.get(PORTS.get(1))).isSameAs(first.get(PORTS.get(1)));
    }

    @Test
    void shrinkingAveragesTheCoveredPixelsWeightedByAlpha() {
        Frame f = new Frame(4, 2, new int[]{
                0xFF000000, 0xFFFFFFFF, 0xFF102030, 0xFF102030,
                0xFF000000, 0xFFFFFFFF, 0x00FFFFFF, 0x00FFFFFF});
        Frame s = Thumbnails.shrink(f, 2, 1);
        assertThat(s.width()).isEqualTo(2);
        assertThat(s.pixel(0, 0)).isEqualTo(0xFF808080);
        // the transparent pixels do not pull the colour towards white
        assertThat(s.pixel(1, 0)).isEqualTo(0x80102030);
        assertThat(Thumbnails.shrink(f, 100, 100)).isSameAs(f);
    }
}
