package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.PortRef;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.Executor;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.preview.Preview;
import org.cinegraph.render.preview.Thumbnails;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A preview never pays: previewing a remote node (or anything after it) whose result the cache
 * does not keep is refused with the price, without a call; once a render has paid for the
 * result, the same preview shows it without calling again.
 */
class RemotePreviewTest {
    @TempDir
    Path dir;
    RemoteFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new RemoteFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void previewsOfPaidNodesWaitForARenderAndThenCostNothing() throws Exception {
        NodeRegistry types = f.registry(Map.of("FAL_KEY", RemoteFixture.FAL_KEY));
        Graph g = GraphFile.read(f.graph, types).graph();
        Path project = f.graph.getParent();
        Executor executor = new Executor(types, new RenderSettings(f.cache, 1L << 30, 2).openCache(), 2);
        Preview preview = new Preview(executor);
        Thumbnails thumbs = new Thumbnails(executor, 64, 64, 1L << 24);

        assertThatThrownBy(() -> preview.pull(g, project, new PortRef("gen1", "image"), new CancelToken()))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("node gen1: calls fal fal-ai/flux/schnell (about ")
                .hasMessageContaining("a preview never pays for a call");
        assertThatThrownBy(() -> preview.pull(g, project, new PortRef("up1", "image"), new CancelToken()))
                .hasMessageContaining("node gen1: calls fal");
        Map<PortRef, Thumbnails.Thumb> before = thumbs.make(g, project, List.of(new PortRef("gen1", "image"), new PortRef("up1", "image")), new CancelToken());
        assertThat(before.values()).allSatisfy(t -> assertThat(t.error()).contains("waits for a paid call"));
        assertThat(f.server.submits.get()).isZero();

        assertThat(f.run("render", f.graph.toString(), "--out", dir.resolve("out").toString())).as(f.err()).isEqualTo(Cli.OK);
        assertThat(f.server.submits.get()).isEqualTo(2);

        try (Preview.Value v = preview.pull(g, project, new PortRef("gen1", "image"), new CancelToken())) {
            assertThat(v.image()).isPresent();
        }
        Map<PortRef, Thumbnails.Thumb> after = thumbs.make(g, project, List.of(new PortRef("up1", "image")), new CancelToken());
        assertThat(after.values()).allSatisfy(t -> assertThat(t.ok()).as(t.error()).isTrue());
        assertThat(f.server.submits.get()).isEqualTo(2);
    }
}
