package org.cinegraph.builtin;

import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinRegistryTest {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("generate.gradient", "Gradient"), Map.entry("generate.noise", "Noise"),
            Map.entry("text.title", "Title Card"), Map.entry("transform.resize", "Resize"),
            Map.entry("transform.crop", "Crop"), Map.entry("transform.pad", "Pad"),
            Map.entry("colour.grade", "Colour Grade"), Map.entry("filter.blur", "Blur"),
            Map.entry("filter.sharpen", "Sharpen"), Map.entry("composite.merge", "Composite"),
            Map.entry("clip.from-still", "Still to Clip"), Map.entry("clip.ken-burns", "Ken Burns"),
            Map.entry("clip.trim", "Trim"), Map.entry("clip.concat", "Concatenate"),
            Map.entry("clip.crossfade", "Crossfade"), Map.entry("clip.retime", "Change Frame Rate"),
            Map.entry("clip.extract-frame", "Extract Frame"));

    private static final List<String> PER_FRAME = List.of("text.title", "transform.resize", "transform.crop", "transform.pad",
            "colour.grade", "filter.blur", "filter.sharpen", "composite.merge");

    @Test
    void everyBuiltinIsRegisteredWithItsNameAndValidDefaults() {
        NodeRegistry registry = NodeRegistry.standard();
        NAMES.forEach((id, name) -> {
            NodeSpec spec = registry.find(id).orElseThrow(() -> new AssertionError(id + " is not registered")).spec();
            assertThat(spec.displayName()).isEqualTo(name);
            assertThat(spec.perFrame()).as(id + " perFrame").isEqualTo(PER_FRAME.contains(id));
            for (ParamSpec p : spec.params()) {
                assertThat(p.defaultValue()).as(id + "." + p.name()).isNotNull();
                assertThat(p.coerce(p.defaultValue())).isEqualTo(p.defaultValue());
                assertThat(p.description()).as(id + "." + p.name() + " description").isNotBlank();
            }
        });
        assertThat(registry.find("generate.solid")).isPresent();
    }
}
