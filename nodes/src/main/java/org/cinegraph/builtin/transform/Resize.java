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
        return Map.of("image", resample(src, w, h, sx, sy, in.text("filter"), Colours.parse(in.text("pad_colour"))));
    }

    /** {@code src} stretched to exactly w x h with the bilinear filter (aspect ratio not kept). */
    public static Frame stretch(Frame src, int w, int h) {
        if (src.width() == w && src.height() == h) return src;
        return resample(src, w, h, (double) w / src.width(), (double) h / src.height(), "bilinear", 0);
    }

    /**
     * Resamples src scaled by (sx, sy) and centred in a w x h frame; output pixels whose centre
     * falls outside the scaled picture get {@code pad}.
     */
    static Frame resample(Frame src, int w, int h, double sx, double sy, String filter, int pad) {
        boolean nearest = filter.equals("nearest");
        // Point samplers alias when shrinking a lot: pre-blur roughly to the new pixel size.
        double shrink = Math.min(sx, sy);
        Frame s = !nearest && shrink < 0.5 ? Pixels.gaussianBlur(src, 0.5 * (1 / shrink - 1)) : src;
        boolean bicubic = filter.equals("bicubic");
        double ox = (w - src.width() * sx) / 2, oy = (h - src.height() * sy) / 2;
        int sw = src.width(), sh = src.height();
        if (s.isDeep()) return resampleDeep(s, w, h, sx, sy, ox, oy, nearest, bicubic, pad);
        int[] out = new int[w * h];
        Pixels.forRows(w, h, y -> {
            double u = (y + 0.5 - oy) / sy;
            for (int x = 0; x < w; x++) {
                double v = (x + 0.5 - ox) / sx;
                int p;
                if (v < 0 || v >= sw || u < 0 || u >= sh) p = pad;
                else if (nearest) p = Pixels.sampleNearest(s, v, u);
                else if (bicubic) p = Pixels.sampleBicubic(s, v, u);
                else p = Pixels.sampleBilinear(s, v, u);
                out[y * w + x] = p;
            }
        });
        return new Frame(w, h, out);
    }

    /** The deep path: samples in linear light from premultiplied floats, so the depth survives. */
    private static Frame resampleDeep(Frame s, int w, int h, double sx, double sy, double ox, double oy, boolean nearest,
                                      boolean bicubic, int pad) {
        int sw = s.width(), sh = s.height();
        float[] lin = DeepPixels.premultipliedLinear(s), src = s.floats(), out = new float[4 * w * h];
        float[] padF = Frame.filled(1, 1, pad).floats();
        Pixels.forRows(w, h, y -> {
            float[] acc = new float[4];
            double u = (y + 0.5 - oy) / sy;
            for (int x = 0; x < w; x++) {
                double v = (x + 0.5 - ox) / sx;
                int o = 4 * (y * w + x);
                if (v < 0 || v >= sw || u < 0 || u >= sh) {
                    System.arraycopy(padF, 0, out, o, 4);
                } else if (nearest) {
                    System.arraycopy(src, 4 * (Pixels.clamp((int) u, sh) * sw + Pixels.clamp((int) v, sw)), out, o, 4);
                } else {
                    if (bicubic) {
                        DeepPixels.sampleBicubic(lin, sw, sh, v, u, acc);
                    } else {
                        acc[0] = acc[1] = acc[2] = acc[3] = 0;
                        DeepPixels.sampleBilinear(lin, sw, sh, v, u, 1, acc);
                    }
                    DeepPixels.store(acc, out, o);
                }
            }
        });
        return Frame.deep(w, h, out);
    }
}
