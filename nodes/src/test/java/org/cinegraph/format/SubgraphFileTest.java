package org.cinegraph.format;

import org.cinegraph.graph.Command;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.SubgraphCommands;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Subgraph nodes in the file format: canonical layout, round trips, errors with their line, placeholders inside. */
class SubgraphFileTest {
    static final Commands CMD = new Commands(TestTypes.REGISTRY);
    static final SubgraphCommands SUB = new SubgraphCommands(TestTypes.REGISTRY);

    /** source1 -> sub1 (filter1 -> filter2, "amount" of filter1 promoted as "strength" = 0.75) -> filter3. */
    static Graph withSubgraph() {
        Graph g = Graph.EMPTY;
        for (Command c : List.of(CMD.addNode("test.source", 0, 0), CMD.addNode("test.filter", 0, 100), CMD.addNode("test.filter", 40, 200),
                CMD.addNode("test.filter", 0, 300), CMD.connect(new PortRef("source1", "image"), new PortRef("filter1", "image")),
                CMD.connect(new PortRef("filter1", "image"), new PortRef("filter2", "image")),
                CMD.connect(new PortRef("filter2", "image"), new PortRef("filter3", "image")),
                SUB.makeSubgraph(List.of("filter1", "filter2")), SUB.promote("sub1", "filter1", "amount", "strength"),
                CMD.setParam("sub1", "strength", 0.75))) {
            g = c.apply(g);
        }
        return g;
    }

    static final String SUB1 = String.join("\n",
            "    {",
            "      \"id\": \"sub1\",",
            "      \"type\": \"graph.subgraph\",",
            "      \"typeVersion\": 1,",
            "      \"title\": \"Subgraph\",",
            "      \"position\": {\"x\": 20.0, \"y\": 150.0},",
            "      \"params\": {",
            "        \"strength\": 0.75",
            "      },",
            "      \"subgraph\": {",
            "        \"inputs\": [",
            "          {\"name\": \"image\", \"to\": [\"filter1.image\"], \"type\": \"image\"}",
            "        ],",
            "        \"outputs\": [",
            "          {\"from\": \"filter2.image\", \"name\": \"image\", \"type\": \"image\"}",
            "        ],",
            "        \"params\": [",
            "          {\"name\": \"strength\", \"node\": \"filter1\", \"param\": \"amount\"}",
            "        ],",
            "        \"nodes\": [");

    @Test
    void aSubgraphNodeIsWrittenCanonicallyAndReadBackEqual() throws Exception {
        Graph g = withSubgraph();
        String text = GraphFile.toJson(g, TestTypes.REGISTRY);
        assertThat(text).contains(SUB1);
        assertThat(text).contains("\"nodes\": {\n      \"graph.subgraph\": 1,\n      \"test.filter\": 1,\n      \"test.source\": 2\n    }");
        assertThat(text).contains("        \"links\": [\n          {\"from\": \"filter1.image\", \"to\": \"filter2.image\"}\n        ],");
        LoadedGraph back = GraphFile.parse(text, "s.cgraph", TestTypes.REGISTRY);
        assertThat(back.warnings()).isEmpty();
        assertThat(back.graph()).isEqualTo(g);
        assertThat(GraphFile.toJson(back.graph(), TestTypes.REGISTRY)).isEqualTo(text);
    }

    @Test
    void nestedSubgraphsLibraryReferencesAndInnerConflictsRoundTrip() throws Exception {
        Graph g = SUB.makeSubgraph(List.of("sub1"), List.of("filter2")).apply(withSubgraph());
        GraphNode n = g.requireNode("sub1");
        Subgraph s = n.subgraph().withLibrary(new Subgraph.LibraryRef("Grade twice", 3, "a".repeat(64)));
        Graph inner = s.graph().withConflicts(List.of(Conflict.of(Conflict.Kind.PARAM, "filter1", "amount", Map.of(Conflict.Side.OURS, 0.1, Conflict.Side.THEIRS, 0.2))));
        g = g.withNode(n.withSubgraph(s.withGraph(inner)));
        String text = GraphFile.toJson(g, TestTypes.REGISTRY);
        assertThat(text).contains("\"library\": {\"name\": \"Grade twice\", \"sha256\": \"" + "a".repeat(64) + "\", \"version\": 3},");
        LoadedGraph back = GraphFile.parse(text, "s.cgraph", TestTypes.REGISTRY);
        assertThat(back.graph()).isEqualTo(g);
        assertThat(GraphFile.toJson(back.graph(), TestTypes.REGISTRY)).isEqualTo(text);
    }

    @Test
    void innerNodesOfUnknownTypesArePlaceholdersThatKeepTheirData() throws Exception {
        String text = GraphFile.toJson(withSubgraph(), TestTypes.REGISTRY);
        NodeRegistry without = new NodeRegistry(List.of(TestTypes.REGISTRY.find("test.source").orElseThrow(),
                TestTypes.REGISTRY.find("test.filter").orElseThrow()));
        String unknown = text.replace("\"id\": \"filter2\",\n            \"type\": \"test.filter\"", "\"id\": \"filter2\",\n            \"type\": \"vendor.sharpen\"");
        assertThat(unknown).isNotEqualTo(text);
        LoadedGraph loaded = GraphFile.parse(unknown, "s.cgraph", without);
        assertThat(loaded.warnings()).extracting(Problem::nodeId).containsExactly("sub1/filter2");
        assertThat(GraphFile.toJson(loaded.graph(), without)).isEqualTo(unknown.replace("\"test.source\": 2\n", "\"test.source\": 2,\n      \"vendor.sharpen\": 1\n"));
    }

    @Test
    void badSubgraphsAreRefusedWithTheLineAndTheNode() {
        String text = GraphFile.toJson(withSubgraph(), TestTypes.REGISTRY);
        assertThatThrownBy(() -> GraphFile.parse(text.replace("\"to\": [\"filter1.image\"]", "\"to\": [\"ghost1.image\"]"), "s.cgraph", TestTypes.REGISTRY))
                .hasMessageEndingWith("node sub1: subgraph: subgraph input 'image' feeds missing inner node 'ghost1'");
        assertThatThrownBy(() -> GraphFile.parse(text.replace("\"type\": \"image\"}\n        ],\n        \"outputs\"", "\"type\": \"picture\"}\n        ],\n        \"outputs\""),
                "s.cgraph", TestTypes.REGISTRY)).hasMessageEndingWith("node sub1: subgraph: input image: unknown type 'picture'");
        String noSub = text.substring(0, text.indexOf("      \"subgraph\": {")) + "      \"notes\": \"\"\n    },\n" + text.substring(text.indexOf("    {\n      \"id\": \"filter3\""));
        assertThatThrownBy(() -> GraphFile.parse(noSub, "s.cgraph", TestTypes.REGISTRY))
                .hasMessageEndingWith("node sub1: the required field \"subgraph\" is missing");
        assertThatThrownBy(() -> GraphFile.parse(text.replace("\"from\": \"filter1.image\", \"to\": \"filter2.image\"", "\"from\": \"filter1.image\", \"to\": \"filter2.nope\""),
                "s.cgraph", TestTypes.REGISTRY)).hasMessageStartingWith("s.cgraph:").hasMessageEndingWith("node sub1/filter2: link filter1.image -> filter2.nope: test.filter has no input 'nope'");
    }

    @Test
    void fileParametersInsideSubgraphsAreAssets() throws Exception {
        Graph g = withSubgraph();
        g = Subgraphs.inside(List.of("sub1"), CMD.addNode("test.source", 0, 0)).apply(g);
        g = Subgraphs.inside(List.of("sub1"), CMD.setParam("source1", "path", "plates/a.png")).apply(g);
        assertThat(AssetPaths.fileParams(g, TestTypes.REGISTRY)).extracting(AssetPaths.FileParam::nodeId).containsExactly("sub1/source1");
        assertThat(GraphFile.toJson(g, TestTypes.REGISTRY)).contains("\"assets\": [\n      \"plates/a.png\"\n    ]");
        Graph moved = AssetPaths.rebase(g, java.nio.file.Path.of("/p/a"), java.nio.file.Path.of("/p/b"), TestTypes.REGISTRY);
        assertThat(Subgraphs.allNodes(moved).get("sub1/source1").params()).containsEntry("path", "../a/plates/a.png");
    }
}
