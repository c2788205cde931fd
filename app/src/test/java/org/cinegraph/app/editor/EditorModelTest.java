package org.cinegraph.app.editor;

import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor's view model without a window: every edit undoable, refusals explained. */
class EditorModelTest {
    EditorModel m;

    @BeforeEach
    void setUp() {
        m = new EditorModel(NodeRegistry.standard(), new Document(Graph.EMPTY, null));
    }

    @Test
    void addSnapsToTheGridSelectsAndUndoes() {
        m.addNode("generate.solid", 33, 47);
        assertThat(m.graph().requireNode("solid1").x()).isEqualTo(40);
        assertThat(m.graph().requireNode("solid1").y()).isEqualTo(40);
        assertThat(m.selection()).containsExactly("solid1");
        m.document().undo();
        assertThat(m.graph().nodes()).isEmpty();
        m.document().redo();
        assertThat(m.graph().nodes()).containsKey("solid1");
    }

    @Test
    void copyAndPasteGiveFreshIdsKeepInnerLinksAndAreOneStep() {
        m.addNode("generate.solid", 0, 0);
        m.addNode("output.image", 300, 0);
        m.connect(new PortRef("solid1", "image"), new PortRef("image1", "image"));
        m.select(List.of("solid1", "image1"));
        String text = m.copySelection().orElseThrow();
        assertThat(text).contains("\"format\": \"cinegraph\"");
        m.paste(text, 0.0, 400.0);
        assertThat(m.graph().nodes()).containsKeys("solid2", "image2");
        assertThat(m.graph().links()).contains(Link.of("solid2", "image", "image2", "image"));
        assertThat(m.graph().requireNode("solid2").y()).isEqualTo(400);
        assertThat(m.selection()).containsExactlyInAnyOrder("solid2", "image2");
        m.document().undo();
        assertThat(m.graph().nodes()).hasSize(2);
    }

    @Test
    void pasteOfForeignTextIsRefusedWithAMessage() {
        assertThat(m.paste("hello", null, null)).isPresent();
        assertThat(m.statusProperty().get()).contains("does not hold Cinegraph nodes");
        assertThat(m.graph().nodes()).isEmpty();
    }

    @Test
    void cutRemovesAndDuplicateOffsets() {
        m.addNode("generate.solid", 0, 0);
        m.duplicateSelection();
        assertThat(m.graph().requireNode("solid2").x()).isEqualTo(40);
        StringBuilder clip = new StringBuilder();
        m.cutSelection(clip::append);
        assertThat(m.graph().nodes()).containsOnlyKeys("solid1");
        assertThat(clip).contains("solid2");
    }

    @Test
    void multiSelectionSetsAParameterOnAllInOneStepOrRefusesIt() {
        m.addNode("generate.solid", 0, 0);
        m.addNode("generate.solid", 0, 200);
        assertThat(m.setParam(List.of("solid1", "solid2"), "width", 320L)).isEmpty();
        assertThat(m.graph().requireNode("solid1").params().get("width")).isEqualTo(320L);
        assertThat(m.graph().requireNode("solid2").params().get("width")).isEqualTo(320L);
        assertThat(m.setParam(List.of("solid1", "solid2"), "width", -5L)).hasValueSatisfying(msg -> assertThat(msg).contains("outside its range"));
        assertThat(m.graph().requireNode("solid2").params().get("width")).isEqualTo(320L);
        m.document().undo();
        assertThat(m.graph().requireNode("solid1").params().get("width")).isEqualTo(1280L);
    }

    @Test
    void whyNotConnectExplainsWithoutChangingTheGraph() {
        m.addNode("generate.solid", 0, 0);
        m.addNode("clip.trim", 300, 0);
        Graph before = m.graph();
        assertThat(m.whyNotConnect(new PortRef("solid1", "image"), new PortRef("trim1", "clip"))).hasValueSatisfying(r -> assertThat(r).contains("cannot connect Image output"));
        assertThat(m.graph()).isSameAs(before);
    }

    @Test
    void quickAddAfterAWireAddsAndConnectsInOneStep() {
        m.addNode("generate.solid", 0, 0);
        var grade = m.registry().find("colour.grade").orElseThrow().spec();
        assertThat(m.acceptsType(grade, DataType.IMAGE)).isTrue();
        assertThat(m.addNodeConnected(grade, 300, 0, new PortRef("solid1", "image"), DataType.IMAGE, false)).isEmpty();
        assertThat(m.graph().links()).hasSize(1);
        m.document().undo();
        assertThat(m.graph().nodes()).containsOnlyKeys("solid1");
    }

    @Test
    void alignDistributeAndGroups() {
        m.addNode("generate.solid", 0, 0);
        m.addNode("generate.solid", 300, 100);
        m.addNode("generate.solid", 900, 300);
        m.select(List.of("solid1", "solid2", "solid3"));
        m.align(EditorModel.Align.TOP);
        assertThat(m.graph().nodes().values()).allSatisfy(n -> assertThat(n.y()).isEqualTo(0));
        m.distribute(true);
        assertThat(m.graph().requireNode("solid2").x()).isEqualTo(450);
        m.toggleBypass();
        assertThat(m.graph().requireNode("solid1").bypass()).isTrue();
        m.toggleMute();
        m.toggleCollapse();
        assertThat(m.graph().requireNode("solid3").muted()).isTrue();
        assertThat(m.graph().requireNode("solid3").collapsed()).isTrue();
        m.groupSelection("Shots", "#336699");
        String gid = m.graph().groups().firstKey();
        m.execute(m.commands().moveGroup(gid, 100, 0));
        assertThat(m.graph().requireNode("solid1").x()).isEqualTo(100);
    }

    @Test
    void fileParametersAreStoredRelativeToTheGraphFolder() {
        m.setDocument(new Document(Graph.EMPTY, java.nio.file.Path.of("/work/shots/a.cgraph")));
        assertThat(m.storedPath(java.nio.file.Path.of("/work/shots/media/x.png"))).isEqualTo("media/x.png");
        assertThat(m.storedPath(java.nio.file.Path.of("/elsewhere/y.png"))).isEqualTo("/elsewhere/y.png");
    }

    @Test
    void fuzzySearchFindsByNameCategoryAndLetters() {
        var specs = m.registry().all().stream().map(t -> t.spec()).toList();
        assertThat(NodeSearch.search(specs, "ken", s -> true).get(0).id()).isEqualTo("clip.ken-burns");
        assertThat(NodeSearch.search(specs, "kbrn", s -> true)).extracting(s -> s.id()).contains("clip.ken-burns");
        assertThat(NodeSearch.search(specs, "output", s -> true)).extracting(s -> s.id()).contains("output.image", "output.video");
    }

    @Test
    void badgesOfChangedNodesAndTheirDownstreamAreDroppedButMovesKeepThem() {
        m.addNode("generate.solid", 0, 0);
        m.addNode("colour.grade", 300, 0);
        m.addNode("generate.noise", 0, 300);
        m.connect(new PortRef("solid1", "image"), new PortRef("grade1", "image"));
        m.clearNodeStates();
        for (String id : List.of("solid1", "grade1", "noise1")) m.putNodeState(new org.cinegraph.render.NodeEvent(id, org.cinegraph.render.NodeState.DONE, 1, ""));
        m.execute(m.commands().moveNodes(List.of("solid1"), 40, 0));
        assertThat(m.nodeStates()).containsOnlyKeys("solid1", "grade1", "noise1");
        m.setParam(List.of("solid1"), "width", 640L);
        assertThat(m.nodeStates()).containsOnlyKeys("noise1");
    }

    @Test
    void theQuickWiringCheckAgreesWithConnect() {
        m.addNode("generate.solid", 0, 0);
        m.addNode("colour.grade", 300, 0);
        m.addNode("filter.blur", 600, 0);
        m.addNode("clip.trim", 600, 300);
        m.connect(new PortRef("solid1", "image"), new PortRef("grade1", "image"));
        m.connect(new PortRef("grade1", "image"), new PortRef("blur1", "image"));
        PortRef blurOut = new PortRef("blur1", "image");
        var upstream = m.graph().upstreamOf(List.of("blur1"));
        for (PortRef to : List.of(new PortRef("grade1", "image"), new PortRef("trim1", "clip"), new PortRef("blur1", "image"))) {
            assertThat(m.canConnect(blurOut, to, upstream)).as(to.toString()).isEqualTo(m.whyNotConnect(blurOut, to).isEmpty()).isFalse();
        }
        PortRef gradeIn = new PortRef("grade1", "image");
        var downstream = m.graph().downstreamOf(List.of("grade1"));
        assertThat(m.canConnect(new PortRef("solid1", "image"), gradeIn, downstream)).isTrue();
        assertThat(m.canConnect(blurOut, gradeIn, downstream)).isFalse();
    }

    private String add(String type) {
        var before = java.util.Set.copyOf(m.graph().nodes().keySet());
        assertThat(m.addNode(type, 40 * before.size(), 300)).isEmpty();
        return m.addedSince(before).get(0);
    }

    @Test
    void aWireFromAnUnfedRerouteDimsNoPortItsDropWouldAccept() {
        m.addNode("generate.solid", 0, 0);
        String still = add("clip.from-still");
        m.addNode("colour.grade", 600, 0);
        m.addNode("clip.trim", 600, 300);
        m.addNode("output.image", 900, 0);
        m.connect(new PortRef("solid1", "image"), new PortRef(still, "image"));
        m.execute(m.commands().insertReroute(Link.of("solid1", "image", still, "image"), 150, 0)); // fed: carries Image
        String unfed = add("util.reroute");                                                       // carries nothing yet
        Graph g = m.graph();
        PortRef out = new PortRef(unfed, "out");
        var cycle = g.upstreamOf(List.of(unfed));
        int accepted = 0;
        for (var n : g.nodes().values()) {
            for (var in : m.inputs(n)) {
                PortRef to = new PortRef(n.id(), in.name());
                if (to.node().equals(unfed)) continue;
                boolean drop = m.whyNotConnect(out, to).isEmpty();
                assertThat(m.canConnect(out, to, cycle)).as(to + " (dropping there is " + (drop ? "accepted" : "refused") + ")").isEqualTo(drop);
                if (drop) accepted++;
            }
        }
        assertThat(accepted).as("an unfed reroute feeds every input").isEqualTo(g.nodes().values().stream().mapToInt(n -> m.inputs(n).size()).sum() - 1);
        // and quick add after dropping its wire on the canvas offers every type with an input
        var specs = m.registry().all().stream().map(t -> t.spec()).filter(s -> !s.inputs().isEmpty()).toList();
        assertThat(specs).allSatisfy(s -> assertThat(m.acceptsType(s, m.outputType(out, DataType.ANY))).as(s.id()).isTrue());
    }

    @Test
    void theWiringCheckAgreesWithConnectForClipsPerFrameNodesAndReroutes() {
        m.addNode("generate.solid", 0, 0);
        String still = add("clip.from-still");
        m.addNode("colour.grade", 600, 0);
        m.addNode("clip.trim", 600, 300);
        m.addNode("output.image", 900, 0);
        String reroute = add("util.reroute");
        m.connect(new PortRef("solid1", "image"), new PortRef(still, "image"));
        m.connect(new PortRef(still, "clip"), new PortRef(reroute, "in")); // a reroute carrying a Clip
        Graph g = m.graph();
        for (var from : g.nodes().values()) {
            for (var o : m.outputs(from)) {
                PortRef out = new PortRef(from.id(), o.name());
                var cycle = g.upstreamOf(List.of(from.id()));
                for (var to : g.nodes().values()) {
                    if (to.id().equals(from.id())) continue;
                    for (var in : m.inputs(to)) {
                        PortRef ref = new PortRef(to.id(), in.name());
                        assertThat(m.canConnect(out, ref, cycle)).as(out + " -> " + ref).isEqualTo(m.whyNotConnect(out, ref).isEmpty());
                    }
                }
            }
        }
        // a new node fed from an input is offered only when its output fits that input
        var trim = m.registry().find("clip.trim").orElseThrow().spec();
        assertThat(m.firstCompatibleOutput(trim, new PortRef("grade1", "image"))).as("a clip feeds a per-frame image input").isPresent();
        assertThat(m.firstCompatibleOutput(trim, new PortRef("image1", "image"))).as("but not Save Image").isEmpty();
    }

    @Test
    void recentFilesKeepTheNewestFirstWithoutDuplicates() throws Exception {
        var prefs = java.util.prefs.Preferences.userRoot().node("org/cinegraph/editor-test-recent");
        prefs.clear();
        RecentFiles r = new RecentFiles(prefs);
        r.add(java.nio.file.Path.of("/a/one.cgraph"));
        r.add(java.nio.file.Path.of("/a/two.cgraph"));
        r.add(java.nio.file.Path.of("/a/one.cgraph"));
        assertThat(new RecentFiles(prefs).list()).containsExactly(java.nio.file.Path.of("/a/one.cgraph"), java.nio.file.Path.of("/a/two.cgraph"));
        for (int i = 0; i < 20; i++) r.add(java.nio.file.Path.of("/b/" + i + ".cgraph"));
        assertThat(r.list()).hasSize(10).startsWith(java.nio.file.Path.of("/b/19.cgraph"));
        prefs.removeNode();
    }

    @Test
    void droppedImagesAndVideosBecomeLoadNodesWithRelativePathsInOneStep(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        m.setDocument(new Document(Graph.EMPTY, dir.resolve("shot.cgraph")));
        m.addMediaNodes(java.util.List.of(dir.resolve("plates/bg.PNG"), dir.resolve("clip.mov"), dir.resolve("notes.txt")), 100, 40);
        assertThat(m.graph().nodes()).containsOnlyKeys("load1", "load2");
        assertThat(m.graph().requireNode("load1").type()).isEqualTo("image.load");
        assertThat(m.graph().requireNode("load1").params()).containsEntry("file", "plates/bg.PNG");
        assertThat(m.graph().requireNode("load2").type()).isEqualTo("video.load");
        assertThat(m.graph().requireNode("load2").params()).containsEntry("file", "clip.mov");
        assertThat(m.graph().requireNode("load2").y()).isGreaterThan(m.graph().requireNode("load1").y());
        assertThat(m.statusProperty().get()).contains("notes.txt");
        m.document().undo();
        assertThat(m.graph().nodes()).isEmpty();
    }
}
