package org.cinegraph.builtin.composite;

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

/**
 * Layers a foreground over a background with a blend mode. Blending follows the W3C compositing
 * model: where both layers are opaque the blend formula decides the colour; where the background
 * is transparent the foreground shows as it is; the result is then laid "over" the background
 * with the foreground's alpha x opacity x mask. With mode "over" this is the classic Porter-Duff
 * over on straight-alpha pixels.
 */
public final class Merge implements NodeType {
    static final List<String> MODES = List.of("over", "add", "multiply", "screen", "overlay", "difference", "lighten", "darken");

    private static final NodeSpec SPEC = NodeSpec.builder("composite.merge", 1)
            .category("Composite").name("Composite")
            .description("Places the foreground over the background using a blend mode, opacity and optional mask.")
            .input("background", DataType.IMAGE, "Bottom layer; sets the output size")
            .input("foreground", DataType.IMAGE, "Top layer")
            .optionalInput("mask", DataType.MASK, "Where the foreground shows (white) or not (black), read from luminance")
            .param(ParamSpec.choice("mode", "over", MODES, "How foreground colours combine with the background"))
            .param(ParamSpec.number("opacity", 1, 0, 1, "Foreground strength"))
            .param(ParamSpec.integer("x", 0, -16384, 16384, "Foreground offset in pixels, to the right"))
            .param(ParamSpec.integer("y", 0, -16384, 16384, "Foreground offset in pixels, downwards"))
            .output("image", DataType.IMAGE, "The composite")
            .perFrame()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        Frame bg = in.image("background"), fg = in.image("foreground");
        Frame mask = in.has("mask") ? in.image("mask") : null;
        int mode = MODES.indexOf(in.text("mode"));
        double opacity = in.number("opacity");
        int ox = in.intParam("x"), oy = in.intParam("y");
        int w = bg.width(), h = bg.height(), fw = fg.width(), fh = fg.height();
        if (DeepPixels.anyDeep(bg, fg)) return Map.of("image", deep(bg, fg, mask, mode, opacity, ox, oy));
        int[] b = bg.pixels(), f = fg.pixels(), out = new int[w * h];
        Pixels.forRows(w, h, y -> {
            int fy = y - oy;
            for (int x = 0; x < w; x++) {
                int i = y * w + x, fx = x - ox;
                if (fy < 0 || fy >= fh || fx < 0 || fx >= fw) {
                    out[i] = b[i];
                    continue;
                }
                double m = opacity;
                // A mask of another size is stretched over the background (nearest pixel).
                if (mask != null) m *= Pixels.luma(mask.pixel(x * mask.width() / w, y * mask.height() / h));
                out[i] = blend(b[i], f[fy * fw + fx], mode, m);
            }
        });
        return Map.of("image", new Frame(w, h, out));
    }

    /** The same composite on float channels, for deep layers (the result keeps their depth). */
    private static Frame deep(Frame bg, Frame fg, Frame mask, int mode, double opacity, int ox, int oy) {
        int w = bg.width(), h = bg.height(), fw = fg.width(), fh = fg.height();
        float[] b = bg.floats(), f = fg.floats(), out = b.clone();
        float[] m = mask == null ? null : mask.floats();
        Pixels.forRows(w, h, y -> {
            int fy = y - oy;
            if (fy < 0 || fy >= fh) return;
            for (int x = 0; x < w; x++) {
                int fx = x - ox;
                if (fx < 0 || fx >= fw) continue;
                double cover = opacity;
                if (m != null) {
                    int k = 4 * ((y * mask.height() / h) * mask.width() + x * mask.width() / w);
                    cover *= 0.2126 * m[k] + 0.7152 * m[k + 1] + 0.0722 * m[k + 2];
                }
                int i = 4 * (y * w + x), j = 4 * (fy * fw + fx);
                double as = f[j + 3] * cover;
                if (as <= 0) continue;
                double ab = b[i + 3], ao = as + ab * (1 - as);
                for (int c = 0; c < 3; c++) {
                    double cb = b[i + c], cs = f[j + c];
                    double mixed = (1 - ab) * cs + ab * formula(mode, cb, cs);
                    out[i + c] = (float) ((as * mixed + ab * (1 - as) * cb) / ao);
                }
                out[i + 3] = (float) ao;
            }
        });
        return Frame.deep(w, h, out);
    }

    /** Composites straight-alpha fg onto bg with blend mode index {@code mode} and extra coverage {@code m}. */
    static int blend(int bg, int fg, int mode, double m) {
        double as = Pixels.alpha(fg) / 255.0 * m;
        if (as <= 0) return bg;
        if (as >= 1 && mode == 0) return fg; // opaque "over": the common case, no arithmetic
        double ab = Pixels.alpha(bg) / 255.0;
        double ao = as + ab * (1 - as);
        double r = channel(Pixels.red(bg), Pixels.red(fg), mode, as, ab, ao);
        double g = channel(Pixels.green(bg), Pixels.green(fg), mode, as, ab, ao);
        double bl = channel(Pixels.blue(bg), Pixels.blue(fg), mode, as, ab, ao);
        return Colours.argb(Colours.clamp8(ao * 255), Colours.clamp8(r * 255), Colours.clamp8(g * 255), Colours.clamp8(bl * 255));
    }

    private static double channel(int bg8, int fg8, int mode, double as, double ab, double ao) {
        double cb = bg8 / 255.0, cs = fg8 / 255.0;
        double mixed = (1 - ab) * cs + ab * formula(mode, cb, cs);
        return (as * mixed + ab * (1 - as) * cb) / ao;
    }

    /** The separable blend functions B(background, source), colours 0..1. */
    static double formula(int mode, double cb, double cs) {
        return switch (mode) {
            case 0 -> cs;
            case 1 -> Math.min(1, cb + cs);
            case 2 -> cb * cs;
            case 3 -> cb + cs - cb * cs;
            case 4 -> cb <= 0.5 ? 2 * cb * cs : 1 - 2 * (1 - cb) * (1 - cs);
            case 5 -> Math.abs(cb - cs);
            case 6 -> Math.max(cb, cs);
            case 7 -> Math.min(cb, cs);
            default -> throw new IllegalArgumentException("unknown blend mode " + mode);
        };
    }
}
