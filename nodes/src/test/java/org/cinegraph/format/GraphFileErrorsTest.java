package org.cinegraph.format;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.Link;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every way a file can be wrong, and what the message says: file, line:column, node, what. */
class GraphFileErrorsTest {
    // Line numbers below refer to this text: node a is on line 5, node b on 6, the link on 9.
    static final String GOOD = """
            {
              "format": "cinegraph",
              "version": 1,
              "nodes": [
                {"id": "a", "type": "test.source", "typeVersion": 2, "position": {"x": 0, "y": 0}},
                {"id": "b", "type": "test.filter", "typeVersion": 1, "position": {"x": 0, "y": 0}}
              ],
              "links": [
                {"from": "a.image", "to": "b.image"}
              ]
            }
            """;

    static GraphFormatException fail(String text) {
        GraphFormatException e = catchThrowableOfType(GraphFormatException.class,
                () -> GraphFile.parse(text, "bad.cgraph", TestTypes.REGISTRY));
        assertThat(e).as("expected a GraphFormatException").isNotNull();
        assertThat(e.getMessage()).startsWith("bad.cgraph").doesNotContain("\tat ", "Exception", "[Source", "\n");
        return e;
    }

    static String edit(String from, String to) {
        assertThat(GOOD).contains(from);
        return GOOD.replace(from, to);
    }

    /** 1-based column of the first occurrence of {@code what} on its line. */
    static int col(String text, String what) {
        int at = text.indexOf(what);
        return at - text.lastIndexOf('\n', at);
    }

    @Test
    void theBaseTextIsValid() throws Exception {
        Graph g = GraphFile.parse(GOOD, "good.cgraph", TestTypes.REGISTRY).graph();
        assertThat(g.links()).containsExactly(Link.of("a", "image", "b", "image"));
    }

    @Test
    void truncatedJson() {
        GraphFormatException e = fail(GOOD.substring(0, GOOD.indexOf("\"links\"")));
        assertThat(e.getMessage()).matches("bad\\.cgraph:8:\\d+: the JSON ends too early \\(is the file truncated\\?\\)");
    }

    @Test
    void malformedJsonPointsAtTheCharacter() {
        String text = edit("\"version\": 1,", "\"version\": 1");
        GraphFormatException e = fail(text);
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).startsWith("bad.cgraph:4:").contains("malformed JSON");
    }

    @Test
    void emptyTextAndNonObjectRoot() {
        assertThat(fail("").getMessage()).isEqualTo("bad.cgraph: the file is empty");
        assertThat(fail("[1, 2]").getMessage()).isEqualTo("bad.cgraph:1:1: expected a JSON object ('{') at the start");
        assertThat(fail(GOOD + "{}").getMessage()).contains("unexpected text after the end");
    }

    @Test
    void wrongFieldTypeNamesLineColumnAndNode() {
        String text = edit("\"typeVersion\": 1,", "\"typeVersion\": \"1\",");
        GraphFormatException e = fail(text);
        assertThat(e.getMessage()).isEqualTo("bad.cgraph:6:" + col(text, "\"1\"")
                + ": node b: \"typeVersion\" must be a whole number, not text");
        assertThat(e.nodeId()).isEqualTo("b");

        String pos = edit("\"typeVersion\": 2, \"position\": {\"x\": 0,", "\"typeVersion\": 2, \"position\": {\"x\": true,");
        assertThat(fail(pos).getMessage()).isEqualTo("bad.cgraph:5:" + col(pos, "true") + ": node a: \"x\" must be a number, not true/false");

        assertThat(fail(edit("\"nodes\": [", "\"nodes\": {\"x\": [")
                .replace("\n  ],\n  \"links\"", "\n  ]},\n  \"links\"")).getMessage())
                .startsWith("bad.cgraph:4:").endsWith("\"nodes\" must be a list, not an object");
    }

    @Test
    void missingRequiredFields() {
        String noType = edit("{\"id\": \"b\", \"type\": \"test.filter\", ", "{\"id\": \"b\", ");
        assertThat(fail(noType).getMessage()).isEqualTo("bad.cgraph:6:5: node b: the required field \"type\" is missing");
        String noPos = edit(", \"typeVersion\": 2, \"position\": {\"x\": 0, \"y\": 0}}", ", \"typeVersion\": 2}");
        assertThat(fail(noPos).getMessage()).isEqualTo("bad.cgraph:5:5: node a: the required field \"position\" is missing");
        String noNodes = GOOD.replaceAll("(?s)\"nodes\": \\[.*?\\n  \\],", "");
        assertThat(fail(noNodes).getMessage()).isEqualTo("bad.cgraph:1:1: the required field \"nodes\" is missing");
        String noVersion = edit("  \"version\": 1,\n", "");
        assertThat(fail(noVersion).getMessage()).isEqualTo("bad.cgraph:1:1: the required field \"version\" is missing");
    }

    @Test
    void duplicateNodeIds() {
        String text = edit("{\"id\": \"b\"", "{\"id\": \"a\"").replace("\"to\": \"b.image\"", "\"to\": \"a.image\"");
        GraphFormatException e = fail(text);
        assertThat(e.getMessage()).isEqualTo("bad.cgraph:6:5: node a: duplicate node id 'a' (also at line 5)");
    }

    @Test
    void duplicateJsonKeys() {
        String text = edit("\"version\": 1,", "\"version\": 1, \"version\": 1,");
        assertThat(fail(text).getMessage()).isEqualTo("bad.cgraph:3:" + (col(text, ", \"version\"") + 2)
                + ": the key \"version\" appears twice in one object");
    }

    @Test
    void badIds() {
        String text = edit("{\"id\": \"a\"", "{\"id\": \"1a\"");
        assertThat(fail(text).getMessage()).isEqualTo("bad.cgraph:5:" + col(text, "\"1a\"")
                + ": node id '1a' is not valid (1 to 64 letters, digits, '_' or '-', starting with a letter)");
        assertThat(fail(edit("\"from\": \"a.image\"", "\"from\": \"aimage\"")).getMessage())
                .startsWith("bad.cgraph:9:").endsWith("a link's \"from\" must be \"node.port\", not \"aimage\"");
    }

    @Test
    void linksToMissingNodes() {
        assertThat(fail(edit("\"to\": \"b.image\"", "\"to\": \"c.image\"")).getMessage())
                .isEqualTo("bad.cgraph:9:5: node a: link a.image -> c.image goes to missing node 'c'");
        assertThat(fail(edit("\"from\": \"a.image\"", "\"from\": \"z.image\"")).getMessage())
                .isEqualTo("bad.cgraph:9:5: node b: link z.image -> b.image comes from missing node 'z'");
    }

    @Test
    void linksToMissingPortsOfKnownTypes() {
        assertThat(fail(edit("\"from\": \"a.image\"", "\"from\": \"a.picture\"")).getMessage())
                .isEqualTo("bad.cgraph:9:5: node a: link a.picture -> b.image: test.source has no output 'picture'");
        assertThat(fail(edit("\"to\": \"b.image\"", "\"to\": \"b.matte\"")).getMessage())
                .isEqualTo("bad.cgraph:9:5: node b: link a.image -> b.matte: test.filter has no input 'matte'");
    }

    @Test
    void placeholderPortsAreNotChecked() throws Exception {
        String text = edit("\"type\": \"test.filter\"", "\"type\": \"future.thing\"").replace("b.image", "b.anything");
        assertThat(GraphFile.parse(text, "ok.cgraph", TestTypes.REGISTRY).graph().links()).hasSize(1);
    }

    @Test
    void twoLinksIntoOneInput() {
        String text = edit("{\"from\": \"a.image\", \"to\": \"b.image\"}",
                "{\"from\": \"a.image\", \"to\": \"b.image\"},\n    {\"from\": \"a.value\", \"to\": \"b.image\"}");
        assertThat(fail(text).getMessage()).startsWith("bad.cgraph:10:5: node b: input b.image has more than one link");
    }

    @Test
    void cycles() {
        String text = edit("{\"id\": \"a\", \"type\": \"test.source\", \"typeVersion\": 2,", "{\"id\": \"a\", \"type\": \"test.filter\", \"typeVersion\": 1,")
                .replace("{\"from\": \"a.image\", \"to\": \"b.image\"}",
                        "{\"from\": \"a.image\", \"to\": \"b.image\"},\n    {\"from\": \"b.image\", \"to\": \"a.image\"}");
        assertThat(fail(text).getMessage()).isEqualTo("bad.cgraph: the graph has a cycle through nodes a, b");
    }

    @Test
    void notACinegraphFile() {
        assertThat(fail(edit("\"format\": \"cinegraph\"", "\"format\": \"blender\"")).getMessage())
                .isEqualTo("bad.cgraph:2:13: not a Cinegraph graph: \"format\" is \"blender\", expected \"cinegraph\"");
        assertThat(fail("{\"nodes\": []}").getMessage()).isEqualTo("bad.cgraph:1:1: not a Cinegraph graph: the \"format\" field is missing");
    }

    @Test
    void newerVersionIsRefusedClearly() {
        GraphFormatException e = fail(edit("\"version\": 1", "\"version\": 7"));
        assertThat(e.getMessage()).isEqualTo("bad.cgraph:3:14: made by a newer Cinegraph (format version 7); this build reads up to 1");
    }

    @Test
    void readNamesTheFileAndLoadsNothingOnError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("scene.cgraph");
        Files.writeString(f, GOOD.substring(0, 60));
        GraphFormatException e = catchThrowableOfType(GraphFormatException.class, () -> GraphFile.read(f, TestTypes.REGISTRY));
        assertThat(e.getMessage()).startsWith(f + ":").contains("ends too early");
        Files.write(f, new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'});
        e = catchThrowableOfType(GraphFormatException.class, () -> GraphFile.read(f, TestTypes.REGISTRY));
        assertThat(e.getMessage()).isEqualTo(f + ": the file is not UTF-8 text");
    }
}
