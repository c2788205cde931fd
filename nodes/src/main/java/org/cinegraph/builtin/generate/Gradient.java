package org.cinegraph.builtin.generate;

import org.cinegraph.media.Colours;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Pixels;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.List;
import java.util.Map;

/** A linear or radial blend between two colours. */
public final class Gradient implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("generate.gradient", 1)
            .category("Generate").name("Gradient")
            .description("A linear or radial ramp between two colours, e.g. a sky or a vignette matte.")
            .param(ParamSpec.integer("width", 1280, 1, 16384, "Width in pixels"))
            .param(ParamSpec.integer("height", 720, 1, 16384, "Height in pixels"))
            .param(ParamSpec.choice("type", "linear", List.of("linear", "radial"), "Linear ramp across the frame, or circles out from the centre"))
            .param(ParamSpec.colour("start_colour", "#000000", "Colour at the start (linear) or centre (radial)"))
            .param(ParamSpec.colour("end_colour", "#FFFFFF", "Colour at the end (linear) or edge (radial)"))
            .param(ParamSpec.number("angle", 0, -360, 360, "Linear direction in degrees: 0 runs left to right, 90 bottom to top"))
            .param(ParamSpec.number("centre_x", 0.5, -1, 2, "Radial centre, fraction of the width from the left"))
            .param(ParamSpec.number("centre_y", 0.5, -1, 2, "Radial centre, fraction of the height from the top"))
            .param(ParamSpec.number("radius", 1, 0.01, 4, "Radial extent as a fraction of half the frame diagonal"))
            .output("image", DataType.IMAGE, "The gradient")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        int w = in.intParam("width"), h = in.intParam("height");
        int c0 = Colours.parse(in.text("start_colour")), c1 = Colours.parse(in.text("end_colour"));
        boolean radial = in.text("type").equals("radial");
        double rad = Math.toRadians(in.number("angle"));
        // y grows downwards in the frame, so a positive angle runs upwards.
        double dx = Math.cos(rad), dy = -Math.sin(rad);
        // Span of the frame along the direction, so the ramp reaches exactly corner to corner.
        double span = Math.abs(w * dx) + Math.abs(h * dy);
        double cx = in.number("centre_x") * w, cy = in.number("centre_y") * h;
        double reach = in.number("radius") * 0.5 * Math.hypot(w, h);
        int[] px = new int[w * h];
        Pixels.forRows(w, h, y -> {
            double py = y + 0.5;
            for (int x = 0; x < w; x++) {
                double pxc = x + 0.5;
                double t = radial
                        ? Math.hypot(pxc - cx, py - cy) / reach
                        : ((pxc - w / 2.0) * dx + (py - h / 2.0) * dy) / span + 0.5;
                px[y * w + x] = Pixels.mix(c0, c1, t);
            }
        });
        return Map.of("image", new Frame(w, h, px));
    }
}
