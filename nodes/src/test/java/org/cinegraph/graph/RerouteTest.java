package org.cinegraph.graph;

import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reroute points: pass-through nodes whose output type follows what feeds them. */
class RerouteTest {
    private final NodeRegistry registry = NodeRegistry.standard();
    private final Commands commands = new Commands(registry);
    private final GraphValidator validator = new GraphValidator(registry);

    private static GraphNode node(String id, String type) {
        return GraphNode.of(id, type, 1, id, 0, 0);
    }

    @Test
    void aReroutePointSplitsAWireInOneUndoableStepAndCarriesItsType() {
        Graph g = Graph.of(List.of(node("solid1", "generate.solid"), node("grade1", "colour.grade")),
                List.of(Link.of("solid1", "image", "grade1", "image")));
        Document doc = new Document(g, null);
        doc.execute(commands.insertReroute(Link.of("solid1", "image", "grade1", "image"), 100, 50));
        Graph r = doc.graph();
        assertThat(r.links()).containsExactlyInAnyOrder(Link.of("solid1", "image", "reroute1", "in"), Link.of("reroute1", "out", "grade1", "image"));
        assertThat(r.requireNode("reroute1").x()).isEqualTo(100);
        assertThat(validator.validate(r)).isEmpty();
        assertThat(validator.outputTypes(r)).containsEntry(new PortRef("reroute1", "out"), DataType.IMAGE);
        doc.undo();
        assertThat(doc.graph()).isEqualTo(g);
    }

    @Test
    void feedingARerouteATypeItsWiresCannotTakeIsRefused() {
        Graph g = Graph.of(List.of(node("solid1", "generate.solid"), node("clip1", "clip.from-still"),
                        node("reroute1", "util.reroute"), node("save1", "output.image")),
                List.of(Link.of("solid1", "image", "clip1", "image")));
        // Wiring an empty reroute onward is allowed: it has no type yet.
        g = commands.connect(new PortRef("reroute1", "out"), new PortRef("save1", "image")).apply(g);
        Graph wired = g;
        assertThatThrownBy(() -> commands.connect(new PortRef("clip1", "clip"), new PortRef("reroute1", "in")).apply(wired))
                .isInstanceOf(GraphException.class).hasMessageContaining("Clip").hasMessageContaining("save1.image");
        Graph ok = commands.connect(new PortRef("solid1", "image"), new PortRef("reroute1", "in")).apply(wired);
        assertThat(validator.validate(ok)).isEmpty();
    }

    @Test
    void anUnfedRerouteIsAValidationError() {
        Graph g = Graph.of(List.of(node("reroute1", "util.reroute"), node("save1", "output.image")),
                List.of(Link.of("reroute1", "out", "save1", "image")));
        assertThat(validator.validate(g)).extracting(Problem::toString)
                .anySatisfy(s -> assertThat(s).contains("reroute1").contains("required input 'in'"));
    }
}
