package org.cinegraph.builtin.filter;

import org.cinegraph.media.Colours;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Pixels;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Map;

/** Unsharp mask: adds back the difference between the image and a blurred copy. */
public final class Sharpen implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("filter.sharpen", 1)
            .category("Filter").name("Sharpen")
            .description("Unsharp mask: boosts detail finer than the radius by the amount.")
            .input("image", DataType.IMAGE, "Image to sharpen")
            .param(ParamSpec.number("amount", 0.5, 0, 5, "Strength: 1 adds the full high-frequency detail once more").withSoftRange(0, 2))
            .param(ParamSpec.number("radius", 1.5, 0.2, 50, "Size of the detail to boost (gaussian standard deviation in pixels)").withSoftRange(0.2, 10))
            .output("image", DataType.IMAGE, "Sharpened image")
            .perFrame()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        Frame src = in.image("image");
        double amount = in.number("amount");
        if (amount == 0) return Map.of("image", src);
        Frame blurred = Pixels.gaussianBlur(src, in.number("radius"));
        int w = src.width(), h = src.height();
        int[] s = src.pixels(), b = blurred.pixels(), out = new int[w * h];
        Pixels.forRows(w, h, y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                int p = s[i], q = b[i];
                // Alpha is kept: sharpening edges of a matte would create halos in the composite.
                out[i] = Colours.argb(Pixels.alpha(p),
                        Colours.clamp8(Pixels.red(p) + amount * (Pixels.red(p) - Pixels.red(q))),
                        Colours.clamp8(Pixels.green(p) + amount * (Pixels.green(p) - Pixels.green(q))),
                        Colours.clamp8(Pixels.blue(p) + amount * (Pixels.blue(p) - Pixels.blue(q))));
            }
        });
        return Map.of("image", new Frame(w, h, out));
    }
}
