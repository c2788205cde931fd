package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.format.GraphFile;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Document;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Provenance;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * assets/examples/remote-storyboard.cgraph end to end against the loopback fake providers: prompt
 * -> FLUX schnell (fal) -> ESRGAN x2 (local) -> Kling image to video (fal) -> grade -> title -> MP4.
 * It validates without keys, estimates its cost, renders, is recorded with its calls, and renders
 * again (another process, no key) without calling anyone.
 */
class RemoteStoryboardTest {
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
    void theExampleValidatesWithoutKeys() {
        assertThat(f.run(Map.of(), "validate", f.graph.toString())).as(f.err()).isEqualTo(Cli.OK);
        assertThat(f.out()).contains("ok (6 nodes, 5 links)");
    }

    @Test
    void rendersEndToEndAndNeverPaysTwice() throws Exception {
        assertThat(f.run("render", f.graph.toString(), "--estimate")).as(f.err()).isEqualTo(Cli.OK);
        assertThat(f.out()).contains("2 paid remote calls would run:").contains("gen1").contains("fal-ai/flux/schnell")
                .contains("fal-ai/kling-video/v2.1/standard/image-to-video").contains("0.25 USD").contains("estimated total: 0.2518 USD");
        assertThat(f.server.submits.get()).isZero();

        assertThat(f.run("render", f.graph.toString(), "--out", dir.resolve("out").toString())).as(f.err()).isEqualTo(Cli.OK);
        assertThat(f.server.submits.get()).isEqualTo(2);
        Path mp4 = dir.resolve("out/remote-storyboard.mp4");
        assertThat(f.out()).contains(mp4.toString());
        try (VideoFileClip clip = new VideoFileClip(mp4)) {
            assertThat(clip.frameCount()).isEqualTo(12);
            assertThat(clip.width()).isEqualTo(128);   // 64x36 from the fake FLUX, x2 by ESRGAN
            assertThat(clip.height()).isEqualTo(72);
            Frame first = clip.frame(0);
            assertThat(first.pixel(10, 10) & 0xFFFFFF).isNotZero();
        }
        assertThat(Provenance.read(mp4)).hasValueSatisfying(text -> assertThat(text).contains("remote.fal-kling-2.1-i2v"));
        // the upscaled frame went to the video model as an inline PNG of twice the generated size
        JsonNode i2v = new ObjectMapper().readTree(f.server.last("/fal/fal-ai/kling-video/v2.1/standard/image-to-video").orElseThrow().body());
        assertThat(i2v.path("image_url").asText()).startsWith("data:image/png;base64,");
        assertThat(f.err()).contains("in queue").contains("step 2/4 50%");

        List<HistoryEntry> h = new RenderHistory(f.history).list();
        assertThat(h).singleElement().satisfies(e -> {
            assertThat(e.calls()).hasSize(2);
            assertThat(e.calls()).extracting(c -> c.endpoint()).containsExactlyInAnyOrder("fal-ai/flux/schnell", "fal-ai/kling-video/v2.1/standard/image-to-video");
            assertThat(e.calls()).allSatisfy(c -> {
                assertThat(c.requestId()).startsWith("req-");
                assertThat(c.estimatedCost()).isPositive();
            });
            assertThat(e.models()).extracting(m -> m.name()).contains("fal-flux-schnell", "fal-kling-2.1-i2v", "esrgan-slim");
        });

        // another process, no keys at all: everything comes from the cache
        Files.delete(mp4);
        assertThat(f.run(Map.of(), "render", f.graph.toString(), "--out", dir.resolve("out").toString())).as(f.err()).isEqualTo(Cli.OK);
        assertThat(f.server.submits.get()).isEqualTo(2);
        assertThat(mp4).exists();
        assertThat(f.run(Map.of(), "render", f.graph.toString(), "--estimate")).isEqualTo(Cli.OK);
        assertThat(f.out()).contains("no paid remote calls would run (2 served from the cache)");
        // a new prompt makes both calls again (the video's input changes with the image)
        assertThat(f.run(Map.of(), "render", f.graph.toString(), "--estimate", "--set", "gen1.prompt=A windmill")).isEqualTo(Cli.OK);
        assertThat(f.out()).contains("2 paid remote calls would run");
        // the node's timeout is not part of the result
        assertThat(f.run(Map.of(), "render", f.graph.toString(), "--estimate", "--set", "shot1.timeout=60")).isEqualTo(Cli.OK);
        assertThat(f.out()).contains("no paid remote calls would run");
        // a spending limit refuses before anything runs
        assertThat(f.run("render", f.graph.toString(), "--max-cost", "0.1", "--set", "gen1.prompt=A windmill")).isEqualTo(Cli.BAD_INPUT);
        assertThat(f.err()).contains("cinegraph: the estimated cost 0.2518 USD is over the limit of 0.1; nothing was rendered");
        assertThat(f.server.submits.get()).isEqualTo(2);
        assertThat(f.run("render", f.graph.toString(), "--estimate", "--json")).isEqualTo(Cli.OK);
        assertThat(new ObjectMapper().readTree(f.out()).path("cached").asInt()).isEqualTo(2);
    }

    @Test
    void generateAgainIsOneUndoStepThatForcesOneNewCall() throws Exception {
        assertThat(f.run("render", f.graph.toString(), "--out", dir.resolve("out").toString())).as(f.err()).isEqualTo(Cli.OK);
        LoadedGraph g = GraphFile.read(f.graph, f.registry(Map.of()));
        Document doc = new Document(g.graph(), f.graph);
        doc.execute(new Commands(f.registry(Map.of())).generateAgain("shot1"));
        assertThat(doc.undoName()).hasValue("Generate again");
        assertThat(doc.graph().requireNode("shot1").params().get("take")).isEqualTo(2L);
        Path again = f.graph.resolveSibling("again.cgraph");
        GraphFile.write(doc.graph(), again, f.registry(Map.of()));
        assertThat(f.run("render", again.toString(), "--estimate")).isEqualTo(Cli.OK);
        assertThat(f.out()).contains("1 paid remote call would run (1 more served from the cache)").contains("shot1");
        assertThat(f.run("render", again.toString(), "--out", dir.resolve("out2").toString())).as(f.err()).isEqualTo(Cli.OK);
        assertThat(f.server.submits.get()).isEqualTo(3);
        doc.undo();
        assertThat(doc.graph().requireNode("shot1").params().get("take")).isNull();
        assertThat(doc.canUndo()).isFalse();
    }

    @Test
    void withoutAKeyTheRenderSaysWhichVariableToSet() {
        assertThat(f.run(Map.of(), "render", f.graph.toString(), "--out", dir.resolve("out").toString())).isEqualTo(Cli.FAILED);
        assertThat(f.err()).contains("node gen1 failed: node gen1: fal fal-ai/flux/schnell: no fal key: set FAL_KEY or run: cinegraph credentials set fal");
        assertThat(f.server.received).isEmpty();
    }
}
