package org.cinegraph.builtin.transform;

import org.cinegraph.media.Colours;
import org.cinegraph.media.DeepPixels;
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

/** Scales an image to a new size: stretched, fitted inside (letterboxed) or filling (cropped). */
public final class Resize implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("transform.resize", 1)
            .category("Transform").name("Resize")
            .description("Scales to a new frame size. Fit keeps the whole picture and pads the rest; fill covers the frame and crops the overflow.")
            .input("image", DataType.IMAGE, "Image to resize")
            .param(ParamSpec.integer("width", 1920, 1, 16384, "Output width in pixels"))
            .param(ParamSpec.integer("height", 1080, 1, 16384, "Output height in pixels"))
            .param(ParamSpec.choice("mode", "fit", List.of("fit", "fill", "stretch"), "fit: letterbox inside; fill: cover and crop; stretch: ignore aspect ratio"))
            .param(ParamSpec.choice("filter", "bilinear", List.of("bilinear", "bicubic", "nearest"), "Resampling filter"))
            .param(ParamSpec.colour("pad_colour", "#000000", "Colour of the bars when fitting"))
            .output("image", DataType.IMAGE, "Resized image")
            .perFrame()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        Frame src = in.image("image");
        int w = in.intParam("width"), h = in.intParam("height");
        String mode = in.text("mode");
        double sx = (double) w / src.width(), sy = (double) h / src.height();
        if (mode.equals("fit")) sx = sy = Math.min(sx, sy);
        else if (mode.equals("fill")) sx = sy = Math.max(sx, sy);
        return Map.of("image", Pixels.resample(src, w, h, sx, sy, in.text("filter"), Colours.parse(in.text("pad_colour"))));
    }
}
