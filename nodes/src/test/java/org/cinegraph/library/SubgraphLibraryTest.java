package org.cinegraph.library;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphValidator;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.SubgraphCommands;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubgraphLibraryTest {
    final Commands cmd = new Commands(TestTypes.REGISTRY);
    final SubgraphCommands sub = new SubgraphCommands(TestTypes.REGISTRY);
    @TempDir
    Path dir;

    /** source1 -> sub1 (filter1 -> filter2; filter1.amount promoted as "strength") -> filter3 */
    Graph graph() {
        Graph g = Graph.EMPTY;
        for (Command c : List.of(cmd.addNode("test.source", 0, 0), cmd.addNode("test.filter", 0, 100), cmd.addNode("test.filter", 40, 200),
                cmd.addNode("test.filter", 0, 300), cmd.connect(new PortRef("source1", "image"), new PortRef("filter1", "image")),
                cmd.connect(new PortRef("filter1", "image"), new PortRef("filter2", "image")),
                cmd.connect(new PortRef("filter2", "image"), new PortRef("filter3", "image")),
                sub.makeSubgraph(List.of("filter1", "filter2")), sub.promote("sub1", "filter1", "amount", "strength"))) {
            g = c.apply(g);
        }
        return g;
    }

    SubgraphLibrary library(Path... folders) {
        return new SubgraphLibrary(List.of(folders), TestTypes.REGISTRY);
    }

    @Test
    void savingWritesALibraryFileWithTheNextVersionAndLinksTheNode() throws Exception {
        Path lib = dir.resolve("library");
        SubgraphLibrary library = library(lib);
        Graph g = graph();
        LibraryEntry v1 = library.save(g.requireNode("sub1").subgraph(), "Grade twice", "Colour", "Two filters");
        assertThat(v1.file()).isEqualTo(lib.resolve("grade-twice.cgraph"));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.category()).isEqualTo("Colour");
        String text = Files.readString(v1.file());
        assertThat(text).contains("  \"library\": {\n    \"category\": \"Colour\",\n    \"description\": \"Two filters\",\n    \"inputs\": [\n"
                + "      {\"name\": \"image\", \"to\": [\"filter1.image\"], \"type\": \"image\"}\n    ],\n    \"name\": \"Grade twice\",");
        // an ordinary graph file: it opens like any other and is canonical
        assertThat(GraphFile.toJson(GraphFile.read(v1.file(), TestTypes.REGISTRY).graph(), TestTypes.REGISTRY)).isEqualTo(text);

        Graph linked = SubgraphLibrary.link("sub1", v1).apply(g);
        assertThat(linked.requireNode("sub1").subgraph().library()).contains(new Subgraph.LibraryRef("Grade twice", 1, v1.sha256()));
        assertThat(library.check(linked)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(SubgraphLibrary.State.CURRENT);
            assertThat(s.modifiedHere()).isFalse();
        });

        LibraryEntry v2 = library.save(Subgraphs.inside(List.of("sub1"), cmd.setParam("filter2", "amount", 0.9)).apply(g)
                .requireNode("sub1").subgraph(), "Grade twice", "Colour", "Two filters");
        assertThat(v2.version()).isEqualTo(2);
        assertThat(library.entries()).containsExactly(v2);
        assertThat(library.check(linked)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(SubgraphLibrary.State.CHANGED);
            assertThat(s.describe()).isEqualTo("sub1: Grade twice v1 (the library has v2)");
        });
    }

    @Test
    void updatingTakesTheNewDefinitionAndKeepsLinksAndValuesThatStillFit() throws Exception {
        SubgraphLibrary library = library(dir.resolve("library"));
        Graph g = graph();
        LibraryEntry v1 = library.save(g.requireNode("sub1").subgraph(), "Grade twice", "", "");
        Graph used = cmd.setParam("sub1", "strength", 0.25).apply(SubgraphLibrary.link("sub1", v1).apply(g));
        Graph edited = Subgraphs.inside(List.of("sub1"), cmd.setParam("filter2", "amount", 0.9)).apply(used);
        assertThat(library.check(edited).get(0).modifiedHere()).isTrue();

        LibraryEntry v2 = library.save(edited.requireNode("sub1").subgraph(), "Grade twice", "", "");
        Graph updated = SubgraphLibrary.update("sub1", v2).apply(used);
        assertThat(updated.requireNode("sub1").subgraph()).isEqualTo(v2.subgraph());
        assertThat(updated.requireNode("sub1").params()).containsEntry("strength", 0.25);
        assertThat(updated.links()).isEqualTo(used.links());
        assertThat(library.check(updated).get(0).state()).isEqualTo(SubgraphLibrary.State.CURRENT);

        // a version without the output: the link from it goes, the rest stays valid
        Subgraph noOutput = graph().requireNode("sub1").subgraph().withOutputs(List.of()).withParams(List.of());
        LibraryEntry v3 = library.save(noOutput, "Grade twice", "", "");
        Graph thin = SubgraphLibrary.update("sub1", v3).apply(updated);
        assertThat(thin.links()).containsExactly(Link.of("source1", "image", "sub1", "image"));
        assertThat(thin.requireNode("sub1").params()).isEmpty();
        assertThat(new GraphValidator(TestTypes.REGISTRY).validate(thin)).extracting(p -> p.nodeId()).containsExactly("filter3");
    }

    @Test
    void aMissingLibraryLosesNothing() throws Exception {
        Path lib = dir.resolve("library");
        LibraryEntry v1 = library(lib).save(graph().requireNode("sub1").subgraph(), "Grade twice", "", "");
        Graph used = SubgraphLibrary.link("sub1", v1).apply(graph());
        Path file = dir.resolve("shot.cgraph");
        GraphFile.write(used, file, TestTypes.REGISTRY);
        Files.delete(v1.file());
        Graph back = GraphFile.read(file, TestTypes.REGISTRY).graph();
        assertThat(back).isEqualTo(used);
        SubgraphLibrary.Status s = library(lib).check(back).get(0);
        assertThat(s.state()).isEqualTo(SubgraphLibrary.State.MISSING);
        assertThat(s.describe()).isEqualTo("sub1: Grade twice v1 (not in the library here; the embedded copy is used)");
        assertThat(new GraphValidator(TestTypes.REGISTRY).validate(back)).isEmpty();
    }

    @Test
    void foldersComeFromTheGraphTheSettingAndTheEnvironment() throws Exception {
        Path project = dir.resolve("project");
        Path team = dir.resolve("team");
        Path other = dir.resolve("other");
        Subgraph s = graph().requireNode("sub1").subgraph();
        library(project.resolve("library")).save(s, "Grade twice", "Colour", "project copy");
        library(team).save(s, "Grade twice", "Colour", "team v1");
        library(team).save(s, "Grade twice", "Colour", "team v2");
        library(team).save(s, "Soften", "Filters", "");
        Files.writeString(team.resolve("broken.cgraph"), "{ not json");
        Files.writeString(team.resolve("plain.cgraph"), GraphFile.toJson(graph(), TestTypes.REGISTRY));
        System.setProperty(SubgraphLibrary.PROPERTY, team + java.io.File.pathSeparator + other);
        try {
            SubgraphLibrary lib = SubgraphLibrary.forGraph(Optional.of(project.resolve("shot.cgraph")), Optional.empty(), TestTypes.REGISTRY);
            assertThat(lib.folders()).containsExactly(project.resolve("library"), team, other);
            assertThat(lib.entries()).extracting(LibraryEntry::name, LibraryEntry::version, LibraryEntry::description)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Grade twice", 2, "team v2"), org.assertj.core.groups.Tuple.tuple("Soften", 1, ""));
            assertThat(lib.problems()).hasSize(2).anySatisfy(p -> assertThat(p).startsWith(team.resolve("broken.cgraph").toString()))
                    .anySatisfy(p -> assertThat(p).isEqualTo(team.resolve("plain.cgraph") + ": not a library subgraph: it has no \"library\" block"));
            SubgraphLibrary set = SubgraphLibrary.forGraph(Optional.empty(), Optional.of(other), TestTypes.REGISTRY);
            assertThat(set.folders()).containsExactly(other, team);
            assertThat(set.saveFolder()).contains(other);
        } finally {
            System.clearProperty(SubgraphLibrary.PROPERTY);
        }
        assertThat(SubgraphLibrary.forGraph(Optional.empty(), Optional.empty(), TestTypes.REGISTRY).saveFolder()).isEmpty();
    }

    @Test
    void aNameTakenByAnotherFileIsRefused() throws Exception {
        Path lib = dir.resolve("library");
        Files.createDirectories(lib);
        Files.writeString(lib.resolve("grade-twice.cgraph"), "{}");
        assertThatThrownBy(() -> library(lib).save(graph().requireNode("sub1").subgraph(), "Grade twice", "", ""))
                .hasMessageContaining("exists and is not a library subgraph");
        assertThat(Files.readString(lib.resolve("grade-twice.cgraph"))).isEqualTo("{}");
        assertThat(LibraryFiles.fileName("Upscale & sharpen (2x)")).isEqualTo("upscale-sharpen-2x.cgraph");
    }
}
