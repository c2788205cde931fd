package org.cinegraph.app.models;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Problem;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the editor says about a graph's models before any render: which are missing, which nodes use them, which it can install. */
class GraphModelsTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    @TempDir
    Path dir;

    private Renderer renderer() {
        return new Renderer(REG, new ModelLibrary(dir.resolve("models")), null, null);
    }

    private static GraphNode node(String id, String type) {
        return GraphNode.of(id, type, REG.find(type).map(t -> t.spec().version()).orElse(1), id, 0, 0);
    }

    @Test
    void aCatalogueModelIsOfferedAndNamesEveryNodeUsingIt() {
        Graph g = Graph.of(List.of(node("faces", "model.blazeface-front"), node("faces2", "model.blazeface-front"), node("solid", "generate.solid")), List.of());
        GraphModels.Report r = GraphModels.check(g, Optional.empty(), renderer());
        assertThat(r.installable()).extracting(ModelManifest::name).containsExactly("blazeface-front");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.nodeId()).isEqualTo("faces");
            assertThat(p.message()).startsWith("model blazeface-front is not installed (used by faces, faces2): install it from Models > Model Manager (0.4 MB, Apache-2.0");
        });
        assertThat(r.reason()).isEqualTo("model blazeface-front is missing");
        assertThat(GraphModels.check(Graph.of(List.of(node("solid", "generate.solid")), List.of()), Optional.empty(), renderer()).blocked()).isFalse();
    }

    @Test
    void otherWeightsAreOfferedAsAReplacementAndAnUnknownModelIsNamedWithoutAnOffer() throws Exception {
        ModelManifest c = ModelLibrary.catalogued("blazeface-front");
        ModelManifest.FileEntry f = c.files().get(0);
        ModelManifest other = new ModelManifest(c.name(), c.version(), c.task(), c.format(), c.architecture(), c.description(), c.entry(),
                List.of(new ModelManifest.FileEntry(f.path(), "0".repeat(64), f.size())), c.inputs(), c.outputs(), c.parameters(), c.licence(), c.source(), c.node(), c.remote());
        Path folder = Files.createDirectories(dir.resolve("models/blazeface-front"));
        Files.writeString(folder.resolve("manifest.json"), other.toJson());
        Graph g = Graph.of(List.of(node("faces", "model.blazeface-front"), GraphNode.of("odd", "model.studio-matte", 1, "odd", 0, 0)), List.of());
        GraphModels.Report r = GraphModels.check(g, Optional.empty(), renderer());
        assertThat(r.installable()).extracting(ModelManifest::name).containsExactly("blazeface-front");
        assertThat(r.problems()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("model blazeface-front is installed with other weights than this graph needs"))
                .anySatisfy(m -> assertThat(m).contains("model.studio-matte comes from model studio-matte, which is not installed: copy its folder into"));
        assertThat(r.modelOf().values()).containsExactlyInAnyOrder("blazeface-front", "studio-matte");
        assertThat(r.reason()).isEqualTo("2 models are missing: blazeface-front, studio-matte");
    }
}
