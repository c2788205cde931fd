package org.cinegraph.format;

import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Problem;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AssetPathsTest {
    static Graph withPath(String path) {
        return Graph.of(List.of(GraphNode.of("src", "test.source", 2, "", 0, 0).withParam("path", path),
                GraphNode.of("alien", "future.loader", 1, "", 0, 0).withParam("path", "/not/checked.png")), List.of());
    }

    static Path asset(Path dir, String rel) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[]{42});
        return p;
    }

    @Test
    void relativePathsStillResolveAfterMovingGraphAndAssets(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("projectA"));
        asset(a, "plates/bg.png");
        GraphFile.write(withPath("plates/bg.png"), a.resolve("shot.cgraph"), TestTypes.REGISTRY);
        Path b = Files.move(a, tmp.resolve("elsewhere"));

        LoadedGraph loaded = GraphFile.read(b.resolve("shot.cgraph"), TestTypes.REGISTRY);
        assertThat(loaded.warnings()).filteredOn(w -> !w.message().contains("placeholder")).isEmpty();
        String stored = (String) loaded.graph().nodes().get("src").params().get("path");
        assertThat(AssetPaths.resolve(stored, b)).isEqualTo(b.resolve("plates/bg.png")).exists();
    }

    @Test
    void saveAsToAnotherFolderRebasesRelativePaths(@TempDir Path tmp) throws Exception {
        Path from = Files.createDirectories(tmp.resolve("shots/a"));
        Path to = Files.createDirectories(tmp.resolve("exports/final"));
        Path file = asset(from, "plates/bg.png");
        Graph g = withPath("plates/bg.png");

        Graph moved = AssetPaths.rebase(g, from, to, TestTypes.REGISTRY);
        String stored = (String) moved.nodes().get("src").params().get("path");
        assertThat(stored).isEqualTo("../../shots/a/plates/bg.png");
        assertThat(AssetPaths.resolve(stored, to)).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(moved.nodes().get("alien")).isEqualTo(g.nodes().get("alien"));
        GraphFile.write(moved, to.resolve("final.cgraph"), TestTypes.REGISTRY);
        LoadedGraph reopened = GraphFile.read(to.resolve("final.cgraph"), TestTypes.REGISTRY);
        assertThat(reopened.warnings()).extracting(Problem::isError).doesNotContain(true);
        assertThat(reopened.warnings()).anySatisfy(w -> assertThat(w.message()).contains("outside the graph's folder"));

        assertThat(AssetPaths.rebase(g, from, from, TestTypes.REGISTRY)).isSameAs(g);
        Graph back = AssetPaths.rebase(moved, to, from, TestTypes.REGISTRY);
        assertThat(back).isEqualTo(g);
    }

    @Test
    void documentSaveAsMovesPathsInTheGraphAndItsHistory(@TempDir Path tmp) throws Exception {
        Path from = Files.createDirectories(tmp.resolve("a"));
        Path to = Files.createDirectories(tmp.resolve("b"));
        Path plate = asset(from, "plates/bg.png");
        Path inside = asset(to, "local.png");
        GraphFile.write(withPath("plates/bg.png"), from.resolve("shot.cgraph"), TestTypes.REGISTRY);
        Document doc = new Document(GraphFile.read(from.resolve("shot.cgraph"), TestTypes.REGISTRY).graph(), from.resolve("shot.cgraph"));
        Commands cmd = new Commands(TestTypes.REGISTRY);
        doc.execute(cmd.moveNodes(List.of("src"), 5, 5));
        doc.execute(cmd.addNode("test.source", 0, 0));
        doc.execute(cmd.setParam("source1", "path", inside.toAbsolutePath().toString()));

        GraphFile.save(doc, to.resolve("copy.cgraph"), TestTypes.REGISTRY);
        assertThat(doc.isDirty()).isFalse();
        assertThat(doc.file()).contains(to.resolve("copy.cgraph"));
        assertThat(doc.graph().nodes().get("src").params()).containsEntry("path", "../a/plates/bg.png");
        assertThat(doc.graph().nodes().get("source1").params()).containsEntry("path", "local.png");
        assertThat(GraphFile.read(to.resolve("copy.cgraph"), TestTypes.REGISTRY).graph()).isEqualTo(doc.graph());
        assertThat(Files.readString(from.resolve("shot.cgraph"))).contains("\"plates/bg.png\"");

        doc.undo();
        doc.undo();
        doc.undo();
        String stored = (String) doc.graph().nodes().get("src").params().get("path");
        assertThat(AssetPaths.resolve(stored, to)).as("undo keeps paths valid for the new folder").isEqualTo(plate.toAbsolutePath());
        assertThat(doc.isDirty()).isTrue();
    }

    @Test
    void absolutePathsInsideTheFolderBecomeRelativeOthersStay(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("proj"));
        Path inside = asset(dir, "in/deep/x.png");
        Path outside = asset(tmp, "lib/y.png");
        Graph rel = AssetPaths.relativize(withPath(inside.toAbsolutePath().toString()), dir, TestTypes.REGISTRY);
        assertThat(rel.nodes().get("src").params()).containsEntry("path", "in/deep/x.png");
        assertThat(rel.nodes().get("alien").params()).containsEntry("path", "/not/checked.png");
        Graph abs = AssetPaths.relativize(withPath(outside.toAbsolutePath().toString()), dir, TestTypes.REGISTRY);
        assertThat(abs.nodes().get("src").params()).containsEntry("path", outside.toAbsolutePath().toString());
    }

    @Test
    void problemsWarnAboutAbsoluteAndEscapingPathsAndReportMissingFiles(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("proj"));
        Path outside = asset(tmp, "lib/y.png");
        asset(dir, "ok.png");

        assertThat(AssetPaths.assetProblems(withPath("ok.png"), dir, TestTypes.REGISTRY)).isEmpty();
        assertThat(AssetPaths.assetProblems(withPath(""), dir, TestTypes.REGISTRY)).isEmpty();

        List<Problem> abs = AssetPaths.assetProblems(withPath(outside.toString()), dir, TestTypes.REGISTRY);
        assertThat(abs).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.nodeId()).isEqualTo("src");
            assertThat(p.message()).contains("parameter 'path'", "absolute path");
        });
        List<Problem> up = AssetPaths.assetProblems(withPath("../lib/y.png"), dir, TestTypes.REGISTRY);
        assertThat(up).singleElement().satisfies(p -> assertThat(p.message()).contains("outside the graph's folder"));

        List<Problem> missing = AssetPaths.assetProblems(withPath("plates/gone.png"), dir, TestTypes.REGISTRY);
        assertThat(missing).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.message()).contains("'plates/gone.png'", "does not exist");
        });
    }

    @Test
    void windowsStylePathsCountAsAbsoluteEverywhere() {
        assertThat(AssetPaths.isAbsolute("C:/media/x.png")).isTrue();
        assertThat(AssetPaths.isAbsolute("C:\\media\\x.png")).isTrue();
        assertThat(AssetPaths.isAbsolute("\\\\server\\share\\x.png")).isTrue();
        assertThat(AssetPaths.isAbsolute("/media/x.png")).isTrue();
        assertThat(AssetPaths.isAbsolute("media/x.png")).isFalse();
        assertThat(AssetPaths.stored(Path.of("a", "b", "c.png"))).isEqualTo("a/b/c.png");
    }

    @Test
    void requiresListsAssetsOfKnownTypesOnly() {
        String json = GraphFile.toJson(withPath("plates/bg.png"), TestTypes.REGISTRY);
        String assets = json.substring(json.indexOf("\"assets\": ["), json.indexOf(']', json.indexOf("\"assets\": [")) + 1);
        assertThat(assets).isEqualTo("\"assets\": [\n      \"plates/bg.png\"\n    ]");
        assertThat(json).contains("\"future.loader\": 1,\n      \"test.source\": 2");
    }
}
