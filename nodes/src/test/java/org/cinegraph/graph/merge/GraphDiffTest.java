package org.cinegraph.graph.merge;

import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.ViewState;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cinegraph.graph.merge.GraphMergeTest.BASE;
import static org.cinegraph.graph.merge.GraphMergeTest.link;
import static org.cinegraph.graph.merge.GraphMergeTest.move;
import static org.cinegraph.graph.merge.GraphMergeTest.set;

class GraphDiffTest {
    static Graph edited() {
        Graph g = set(set(BASE, "grade1", "exposure", 0.8), "grade1", "lift", 0.1);
        g = g.withNode(g.requireNode("grade1").withParam("gamma", null).withTitle("Final grade").withBypass(true));
        g = move(g, "blur1", 120, 40);
        g = g.withoutNodes(List.of("save1"));
        g = g.withNode(GraphNode.of("save2", "output.video", 1, "Save Video", 300, 0).withParams(Map.of("filename", "final.mp4", "crf", 18L)));
        g = link(link(g, Link.of("grade1", "image", "save2", "clip")), Link.of("load1", "image", "blur1", "image"));
        g = link(g, Link.of("blur1", "image", "grade1", "image"));
        return g.withGroup(new Group("group1", "Shots", null, new Bounds(0, 0, 400, 300))).withView(new ViewState(10, 0, 1.5));
    }

    @Test
    void aReviewerReadsWhatChangedInAStableOrder() {
        GraphDiff d = GraphDiff.between(BASE, edited());
        assertThat(d.text()).isEqualTo(String.join("\n",
                "2 nodes changed, 1 added, 1 removed; 2 links added, 1 removed, 1 rewired; 1 group added; view changed",
                "nodes added",
                "  + save2  Save Video (output.video v1) at (300, 0)",
                "      crf = 18",
                "      filename = \"final.mp4\"",
                "nodes removed",
                "  - save1 (colour.grade v1)",
                "nodes changed",
                "  ~ blur1 (colour.grade v1)",
                "      moved (0, 0) -> (120, 40)",
                "  ~ grade1  Final grade (colour.grade v1)",
                "      renamed \"grade1\" -> \"Final grade\"",
                "      bypassed",
                "      exposure: 0.5 -> 0.8",
                "      gamma: 1.0 -> unset",
                "      lift: unset -> 0.1",
                "links",
                "  + load1.image -> blur1.image",
                "  ~ grade1.image now from blur1.image (was load1.image)",
                "  - grade1.image -> save1.clip",
                "  + grade1.image -> save2.clip",
                "groups",
                "  + group1  \"Shots\" at (0, 0), 400 x 300",
                "graph",
                "  view: centre (0, 0) zoom 1 -> centre (10, 0) zoom 1.5",
                ""));
        JsonNode j = d.json();
        assertThat(j.get("summary").asText()).isEqualTo(d.summary());
        assertThat(j.get("nodes")).extracting(n -> n.get("id").asText() + ":" + n.get("status").asText())
                .containsExactly("blur1:changed", "grade1:changed", "save1:removed", "save2:added");
        JsonNode exposure = j.get("nodes").get(1).get("changes").get(2);
        assertThat(exposure.toString()).isEqualTo("{\"what\":\"param\",\"name\":\"exposure\",\"before\":0.5,\"after\":0.8}");
        assertThat(j.get("links").get(1).toString()).isEqualTo("{\"input\":\"grade1.image\",\"before\":\"load1.image\",\"after\":\"blur1.image\"}");
        // The reverse diff says the opposite.
        assertThat(GraphDiff.between(edited(), BASE).summary())
                .isEqualTo("2 nodes changed, 1 added, 1 removed; 1 link added, 2 removed, 1 rewired; 1 group removed; view changed");
    }

    @Test
    void equalGraphsHaveNoChanges() {
        assertThat(GraphDiff.between(BASE, BASE).isEmpty()).isTrue();
        assertThat(GraphDiff.between(BASE, BASE).text()).isEqualTo("no changes\n");
    }

    @Test
    void mapValuedParametersAreComparedInsideWithDottedNames() {
        Graph a = set(BASE, "grade1", "curve", Map.of("points", List.of(0L, 1L), "mode", "rgb", "inner", Map.of("gain", 1.0)));
        Graph b = set(BASE, "grade1", "curve", Map.of("points", List.of(0L, 1L), "mode", "luma", "inner", Map.of("gain", 2.0)));
        assertThat(GraphDiff.between(a, b).text()).contains("      curve.inner.gain: 1.0 -> 2.0\n      curve.mode: \"rgb\" -> \"luma\"\n")
                .doesNotContain("points");
        assertThat(GraphText.of(a)).contains("  curve.inner.gain = 1.0\n  curve.mode = \"rgb\"\n  curve.points = [0, 1]\n");
    }

    @Test
    void conflictsAddedAndResolvedAreListed() {
        MergeResult r = GraphMerge.merge(BASE, set(BASE, "grade1", "exposure", 1.0), set(BASE, "grade1", "exposure", 2.0));
        Graph resolved = ConflictResolver.resolveAll(r.graph(), org.cinegraph.graph.Conflict.Side.THEIRS);
        assertThat(GraphDiff.between(set(BASE, "grade1", "exposure", 1.0), r.graph()).text()).isEqualTo(
                "1 merge conflict added\nmerge conflicts\n  + node grade1: merge conflict on parameter 'exposure': ours 1.0, theirs 2.0, base 0.5\n");
        assertThat(GraphDiff.between(r.graph(), resolved).summary()).isEqualTo("1 node changed; 1 merge conflict resolved");
    }

    @Test
    void theTextFormHasOneBlockPerNodeForLineDiffs() {
        assertThat(GraphText.of(edited())).isEqualTo(String.join("\n",
                "node blur1 (colour.grade v1)",
                "  at (120, 40)",
                "  radius = 2.0",
                "  image <- load1.image",
                "",
                "node grade1  Final grade (colour.grade v1)",
                "  at (0, 0)",
                "  bypassed",
                "  exposure = 0.8",
                "  lift = 0.1",
                "  image <- blur1.image",
                "",
                "node load1 (colour.grade v1)",
                "  at (0, 0)",
                "  file = \"in.mp4\"",
                "",
                "node save2  Save Video (output.video v1)",
                "  at (300, 0)",
                "  crf = 18",
                "  filename = \"final.mp4\"",
                "  clip <- grade1.image",
                "",
                "group group1  \"Shots\"  #5A6B7C  at (0, 0), 400 x 300",
                "view centre (10, 0) zoom 1.5",
                ""));
    }
}
