package org.cinegraph.builtin.generate;

import org.cinegraph.media.Colours;
import org.cinegraph.media.Frame;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Map;

/** A frame filled with one colour. */
public final class SolidColour implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("generate.solid", 1)
            .category("Generate").name("Solid Colour")
            .description("An image of one flat colour, e.g. a background plate.")
            .param(ParamSpec.integer("width", 1280, 1, 16384, "Width in pixels"))
            .param(ParamSpec.integer("height", 720, 1, 16384, "Height in pixels"))
            .param(ParamSpec.colour("colour", "#202020", "Fill colour (#RRGGBB or #RRGGBBAA)"))
            .output("image", DataType.IMAGE, "The filled image")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        int argb = Colours.parse(in.text("colour"));
        return Map.of("image", Frame.filled(in.intParam("width"), in.intParam("height"), argb));
    }
}
