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

/**
 * Seeded fractal value noise: random values on a lattice, smoothly interpolated, summed over
 * octaves of halving size. Purely a function of (seed, x, y), so the same seed always gives the
 * same image on any machine and thread count.
 */
public final class Noise implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("generate.noise", 1)
            .category("Generate").name("Noise")
            .description("Seeded fractal value noise (clouds, grain plates, displacement sources).")
            .param(ParamSpec.integer("width", 1280, 1, 16384, "Width in pixels"))
            .param(ParamSpec.integer("height", 720, 1, 16384, "Height in pixels"))
            .param(ParamSpec.seed("seed", "Same seed gives the identical image; change it for a different pattern"))
            .param(ParamSpec.number("scale", 64, 1, 4096, "Size of the largest features in pixels").withSoftRange(1, 512))
            .param(ParamSpec.integer("octaves", 4, 1, 10, "Layers of finer detail added on top").withWidget(org.cinegraph.spi.Widget.SLIDER))
            .param(ParamSpec.number("roughness", 0.5, 0, 1, "How strong each finer octave is relative to the previous one"))
            .param(ParamSpec.choice("colour", "mono", List.of("mono", "colour"), "Grey noise, or independent red, green and blue"))
            .output("image", DataType.IMAGE, "The noise")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        int w = in.intParam("width"), h = in.intParam("height");
        long seed = in.integer("seed");
        double scale = in.number("scale");
        int octaves = in.intParam("octaves");
        double rough = in.number("roughness");
        boolean colour = in.text("colour").equals("colour");
        int[] px = new int[w * h];
        Pixels.forRows(w, h, y -> {
            for (int x = 0; x < w; x++) {
                double r = fractal(seed, 0, x + 0.5, y + 0.5, scale, octaves, rough);
                if (colour) {
                    double g = fractal(seed, 1, x + 0.5, y + 0.5, scale, octaves, rough);
                    double b = fractal(seed, 2, x + 0.5, y + 0.5, scale, octaves, rough);
                    px[y * w + x] = Colours.argb(255, Colours.clamp8(r * 255), Colours.clamp8(g * 255), Colours.clamp8(b * 255));
                } else {
                    int v = Colours.clamp8(r * 255);
                    px[y * w + x] = Colours.argb(255, v, v, v);
                }
            }
        });
        return Map.of("image", new Frame(w, h, px));
    }

    /** Sum of octaves normalised to 0..1. */
    static double fractal(long seed, int channel, double x, double y, double scale, int octaves, double rough) {
        double sum = 0, norm = 0, amp = 1, freq = 1 / scale;
        for (int o = 0; o < octaves; o++) {
            sum += amp * value(seed, channel * 16 + o, x * freq, y * freq);
            norm += amp;
            amp *= rough;
            freq *= 2;
        }
        return norm == 0 ? 0 : sum / norm;
    }

    private static double value(long seed, int layer, double x, double y) {
        long ix = (long) Math.floor(x), iy = (long) Math.floor(y);
        double tx = smooth(x - ix), ty = smooth(y - iy);
        double a = lattice(seed, layer, ix, iy), b = lattice(seed, layer, ix + 1, iy);
        double c = lattice(seed, layer, ix, iy + 1), d = lattice(seed, layer, ix + 1, iy + 1);
        double top = a + (b - a) * tx, bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** A hash of the lattice point to 0..1 (SplitMix64 finaliser: well mixed, cheap). */
    private static double lattice(long seed, int layer, long ix, long iy) {
        long z = seed * 0x9E3779B97F4A7C15L + layer * 0xC2B2AE3D27D4EB4FL + ix * 0x165667B19E3779F9L + iy * 0x27D4EB2F165667C5L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
