package org.cinegraph.builtin.transform;

import org.cinegraph.media.Frame;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Map;

/** Cuts a rectangle out of an image. */
public final class Crop implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("transform.crop", 1)
            .category("Transform").name("Crop")
            .description("Keeps a rectangle of the image; the output is the rectangle's size.")
            .input("image", DataType.IMAGE, "Image to crop")
            .param(ParamSpec.integer("x", 0, 0, 16383, "Left edge of the rectangle, pixels from the left"))
            .param(ParamSpec.integer("y", 0, 0, 16383, "Top edge of the rectangle, pixels from the top"))
            .param(ParamSpec.integer("width", 640, 1, 16384, "Rectangle width in pixels"))
            .param(ParamSpec.integer("height", 360, 1, 16384, "Rectangle height in pixels"))
            .output("image", DataType.IMAGE, "Cropped image")
            .perFrame()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Frame src = in.image("image");
        int x = in.intParam("x"), y = in.intParam("y"), w = in.intParam("width"), h = in.intParam("height");
        if (x + w > src.width() || y + h > src.height()) {
            throw new NodeException(String.format("Crop: the rectangle x=%d y=%d width=%d height=%d reaches outside the %dx%d image",
                    x, y, w, h, src.width(), src.height()));
        }
        int[] s = src.pixels();
        int[] out = new int[w * h];
        for (int row = 0; row < h; row++) System.arraycopy(s, (y + row) * src.width() + x, out, row * w, w);
        return Map.of("image", new Frame(w, h, out));
    }
}
