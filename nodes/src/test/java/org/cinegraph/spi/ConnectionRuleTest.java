package org.cinegraph.spi;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What may feed what, and what type flows out: the rule the validator and the editor share. */
class ConnectionRuleTest {
    static final NodeSpec GRADE = NodeSpec.builder("test.grade", 1).input("image", DataType.IMAGE, "")
            .optionalInput("mask", DataType.MASK, "").optionalInput("gain", DataType.NUMBER, "")
            .output("image", DataType.IMAGE, "").output("mean", DataType.NUMBER, "").perFrame().build();
    static final NodeSpec SAVE = NodeSpec.builder("test.save", 1).input("image", DataType.IMAGE, "").writesFiles().build();
    static final NodeSpec TRIM = NodeSpec.builder("test.trim", 1).input("clip", DataType.CLIP, "").output("clip", DataType.CLIP, "").build();
    static final NodeSpec REROUTE = NodeSpec.builder("test.reroute", 1).input("in", DataType.ANY, "").output("out", DataType.ANY, "").build();

    static PortSpec in(NodeSpec s, String name) {
        return s.input(name).orElseThrow();
    }

    @Test
    void typesThatFitAndTheirLosslessWideningsAreAccepted() {
        assertThat(ConnectionRule.accepts(DataType.IMAGE, SAVE, in(SAVE, "image"))).isTrue();
        assertThat(ConnectionRule.accepts(DataType.MASK, SAVE, in(SAVE, "image"))).isTrue();
        assertThat(ConnectionRule.accepts(DataType.INTEGER, GRADE, in(GRADE, "gain"))).isTrue();
        assertThat(ConnectionRule.accepts(DataType.IMAGE, TRIM, in(TRIM, "clip"))).isFalse();
        assertThat(ConnectionRule.accepts(DataType.TEXT, GRADE, in(GRADE, "gain"))).isFalse();
    }

    @Test
    void aClipFeedsTheImageAndMaskInputsOfPerFrameNodesOnly() {
        assertThat(ConnectionRule.accepts(DataType.CLIP, GRADE, in(GRADE, "image"))).isTrue();
        assertThat(ConnectionRule.accepts(DataType.CLIP, GRADE, in(GRADE, "mask"))).isTrue();
        assertThat(ConnectionRule.accepts(DataType.CLIP, GRADE, in(GRADE, "gain"))).isFalse();
        assertThat(ConnectionRule.accepts(DataType.CLIP, SAVE, in(SAVE, "image"))).as("Save Image is not per frame").isFalse();
        assertThat(ConnectionRule.liftsOverTime(DataType.CLIP, GRADE, in(GRADE, "image"))).isTrue();
        assertThat(ConnectionRule.liftsOverTime(DataType.IMAGE, GRADE, in(GRADE, "image"))).isFalse();
    }

    @Test
    void anUnfedPassThroughFeedsAnythingAndAnyValueFeedsAPassThrough() {
        for (NodeSpec s : new NodeSpec[] {GRADE, SAVE, TRIM}) {
            for (PortSpec p : s.inputs()) assertThat(ConnectionRule.accepts(DataType.ANY, s, p)).as(s.id() + "." + p.name()).isTrue();
        }
        for (DataType t : DataType.values()) assertThat(ConnectionRule.accepts(t, REROUTE, in(REROUTE, "in"))).isTrue();
    }

    @Test
    void outputTypesFollowWhatArrives() {
        PortSpec out = REROUTE.outputs().get(0);
        assertThat(ConnectionRule.outputType(REROUTE, out, Map.of())).isEqualTo(DataType.ANY);
        assertThat(ConnectionRule.outputType(REROUTE, out, Map.of("in", DataType.CLIP))).isEqualTo(DataType.CLIP);
        PortSpec image = GRADE.outputPort("image").orElseThrow(), mean = GRADE.outputPort("mean").orElseThrow();
        assertThat(ConnectionRule.outputType(GRADE, image, Map.of("image", DataType.IMAGE))).isEqualTo(DataType.IMAGE);
        assertThat(ConnectionRule.outputType(GRADE, image, Map.of("mask", DataType.CLIP))).isEqualTo(DataType.CLIP);
        assertThat(ConnectionRule.outputType(GRADE, mean, Map.of("image", DataType.CLIP))).as("only pictures become clips").isEqualTo(DataType.NUMBER);
        // a clip arriving where it does not lift (a number input) changes nothing
        assertThat(ConnectionRule.outputType(GRADE, image, Map.of("gain", DataType.CLIP))).isEqualTo(DataType.IMAGE);
    }

    @Test
    void aNewNodeIsWiredAtItsFirstFittingPort() {
        assertThat(ConnectionRule.firstInput(GRADE, DataType.CLIP)).map(PortSpec::name).hasValue("image");
        assertThat(ConnectionRule.firstInput(GRADE, DataType.INTEGER)).map(PortSpec::name).hasValue("gain");
        assertThat(ConnectionRule.firstInput(TRIM, DataType.IMAGE)).isEmpty();
        assertThat(ConnectionRule.firstInput(TRIM, DataType.ANY)).map(PortSpec::name).hasValue("clip");
        assertThat(ConnectionRule.firstOutput(GRADE, GRADE, in(GRADE, "gain"))).map(PortSpec::name).hasValue("mean");
        assertThat(ConnectionRule.firstOutput(TRIM, GRADE, in(GRADE, "image"))).as("a clip feeds a per-frame image input").map(PortSpec::name).hasValue("clip");
        assertThat(ConnectionRule.firstOutput(TRIM, SAVE, in(SAVE, "image"))).isEmpty();
        assertThat(ConnectionRule.firstOutput(REROUTE, TRIM, in(TRIM, "clip"))).as("a new reroute is unfed").map(PortSpec::name).hasValue("out");
    }
}
