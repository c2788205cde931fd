package org.cinegraph.builtin.transform;

import org.cinegraph.media.Colours;
import org.cinegraph.media.Frame;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Arrays;
import java.util.Map;

/** Adds borders around an image. */
public final class Pad implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("transform.pad", 1)
            .category("Transform").name("Pad")
            .description("Grows the frame by adding borders of a colour on each side.")
            .input("image", DataType.IMAGE, "Image to pad")
            .param(ParamSpec.integer("left", 0, 0, 8192, "Pixels added on the left"))
            .param(ParamSpec.integer("right", 0, 0, 8192, "Pixels added on the right"))
            .param(ParamSpec.integer("top", 0, 0, 8192, "Pixels added at the top"))
            .param(ParamSpec.integer("bottom", 0, 0, 8192, "Pixels added at the bottom"))
            .param(ParamSpec.colour("colour", "#000000", "Border colour (#RRGGBBAA for transparent borders)"))
            .output("image", DataType.IMAGE, "Padded image")
            .perFrame()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        Frame src = in.image("image");
        int l = in.intParam("left"), t = in.intParam("top");
        int w = src.width() + l + in.intParam("right"), h = src.height() + t + in.intParam("bottom");
        int[] out = new int[w * h];
        Arrays.fill(out, Colours.parse(in.text("colour")));
        for (int row = 0; row < src.height(); row++) {
            System.arraycopy(src.pixels(), row * src.width(), out, (row + t) * w + l, src.width());
        }
        return Map.of("image", new Frame(w, h, out));
    }
}
