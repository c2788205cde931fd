package org.cinegraph.app.editor;

import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.ParamSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sliders' ranges, steps and rounding from the parameters' specs (issue 15, item 6). */
class SliderRangeTest {
    static final NodeRegistry REG = NodeRegistry.standard();

    private static ParamSpec param(String type, String name) {
        return REG.find(type).orElseThrow().spec().param(name).orElseThrow();
    }

    @Test
    void aTitlesSizeSpansItsSoftRangeInWholeStepsAndShowsNoStrayDecimals() {
        SliderRange r = SliderRange.of(param("text.title", "size")).orElseThrow();
        assertThat(r.lo()).isEqualTo(8);
        assertThat(r.hi()).isEqualTo(300);
        assertThat(r.step()).isEqualTo(2);
        assertThat(r.format(72.0)).isEqualTo("72");
        // what a drag across a fraction of the slider lands on: on the step, never 508.204
        assertThat(r.snap(r.at(0.237), false)).isEqualTo(78.0);
        assertThat(r.format(r.snap(508.204, false))).isEqualTo("300");
        // a typed value beyond the soft range stays and widens the slider, up to the hard limit
        assertThat(r.around(700).hi()).isEqualTo(700);
        assertThat(r.around(5000).hi()).isEqualTo(1000);
        assertThat(r.format(72.25)).isEqualTo("72.25");
    }

    @Test
    void stepsAndDecimalsFollowTheSpanAndFineDragGoesOneDecimalFurther() {
        SliderRange exposure = SliderRange.of(param("colour.grade", "exposure")).orElseThrow();
        assertThat(exposure.lo()).isEqualTo(-4);
        assertThat(exposure.step()).isEqualTo(0.05);
        assertThat(exposure.snap(0.1234, false)).isEqualTo(0.1);
        assertThat(exposure.snap(0.1234, true)).isEqualTo(0.125);
        assertThat(exposure.format(0.1)).isEqualTo("0.10");
        SliderRange mix = SliderRange.of(param("colour.grade", "mix")).orElseThrow();
        assertThat(mix.step()).isEqualTo(0.005);
        assertThat(mix.snap(0.3333333, false)).isEqualTo(0.335);
    }

    @Test
    void integersAreWholeAndWideUndeclaredOnesAreTypedNotDragged() {
        SliderRange octaves = SliderRange.of(param("generate.noise", "octaves")).orElseThrow();
        assertThat(octaves.step()).isEqualTo(1);
        assertThat(octaves.stored(3.6)).isEqualTo(4L);
        assertThat(SliderRange.of(param("generate.solid", "width"))).as("1 to 16384 pixels").isEmpty();
        assertThat(SliderRange.of(param("clip.crossfade", "overlap")).orElseThrow().hi()).isEqualTo(96);
        assertThat(SliderRange.of(param("generate.solid", "colour"))).isEmpty();
    }

    @Test
    void aSoftRangeMustLieInsideTheHardLimits() {
        assertThatThrownBy(() -> ParamSpec.number("x", 1, 0, 10, "").withSoftRange(-1, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the limits");
        assertThatThrownBy(() -> ParamSpec.number("x", 1, 0, 10, "").withSoftRange(5, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
