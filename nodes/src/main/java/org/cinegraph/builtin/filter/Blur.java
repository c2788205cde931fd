package org.cinegraph.builtin.filter;

import org.cinegraph.media.Pixels;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Map;

/** Gaussian blur (three box passes; the cost does not grow with the radius). */
public final class Blur implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("filter.blur", 1)
            .category("Filter").name("Blur")
            .description("Gaussian blur, approximated by three box blurs so large radii stay fast.")
            .input("image", DataType.IMAGE, "Image to blur")
            .param(ParamSpec.number("radius", 4, 0, 500, "Blur size: the gaussian's standard deviation in pixels").withSoftRange(0, 50))
            .output("image", DataType.IMAGE, "Blurred image")
            .perFrame()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        return Map.of("image", Pixels.gaussianBlur(in.image("image"), in.number("radius")));
    }
}
