package org.cinegraph.builtin.colour;

import org.cinegraph.media.Frame;
import org.cinegraph.media.Pixels;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Map;

/**
 * Primary colour correction. Order: exposure and white balance in linear light (sRGB decoded, so
 * +1 stop really doubles the light), then contrast, lift, gain and gamma on display values (as in
 * a grading panel), then saturation, then an optional 3D LUT, then mix with the original.
 * Everything before saturation acts on each channel alone, so it is baked into three 256-entry
 * tables per frame; only saturation and the LUT need per-pixel arithmetic, done in 12-bit fixed
 * point (4096 levels, so 8-bit input passes through exactly at identity) over parallel rows.
 * Deep (float) frames are graded on floats and stay deep; highlights above 1 are kept.
 */
public final class ColourGrade implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("colour.grade", 1)
            .category("Colour").name("Colour Grade")
            .description("Exposure, white balance, contrast, lift/gamma/gain, saturation and an optional .cube LUT.")
            .input("image", DataType.IMAGE, "Image to grade")
            .param(ParamSpec.number("exposure", 0, -10, 10, "Exposure in stops (+1 doubles the linear light)").withSoftRange(-4, 4))
            .param(ParamSpec.number("temperature", 0, -1, 1, "White balance: positive warms (more red, less blue), negative cools"))
            .param(ParamSpec.number("tint", 0, -1, 1, "White balance: positive towards magenta, negative towards green"))
            .param(ParamSpec.number("contrast", 1, 0, 4, "Contrast around the pivot (1 = unchanged)"))
            .param(ParamSpec.number("pivot", 0.435, 0, 1, "Value that contrast leaves in place"))
            .param(ParamSpec.number("lift", 0, -1, 1, "Raises (or lowers) the blacks, leaving white fixed"))
            .param(ParamSpec.number("lift_r", 0, -1, 1, "Added to lift for red"))
            .param(ParamSpec.number("lift_g", 0, -1, 1, "Added to lift for green"))
            .param(ParamSpec.number("lift_b", 0, -1, 1, "Added to lift for blue"))
            .param(ParamSpec.number("gamma", 1, 0.1, 4, "Mid-tones: above 1 brightens, below 1 darkens"))
            .param(ParamSpec.number("gamma_r", 1, 0.1, 4, "Multiplies gamma for red"))
            .param(ParamSpec.number("gamma_g", 1, 0.1, 4, "Multiplies gamma for green"))
            .param(ParamSpec.number("gamma_b", 1, 0.1, 4, "Multiplies gamma for blue"))
            .param(ParamSpec.number("gain", 1, 0, 4, "Scales the whites, leaving black fixed"))
            .param(ParamSpec.number("gain_r", 1, 0, 4, "Multiplies gain for red"))
            .param(ParamSpec.number("gain_g", 1, 0, 4, "Multiplies gain for green"))
            .param(ParamSpec.number("gain_b", 1, 0, 4, "Multiplies gain for blue"))
            .param(ParamSpec.number("saturation", 1, 0, 4, "0 = greyscale (Rec.709 luma), 1 = unchanged"))
            .param(ParamSpec.file("lut", "Optional 3D LUT (.cube) applied after the primaries"))
            .param(ParamSpec.number("mix", 1, 0, 1, "Blend between the original (0) and the graded image (1)"))
            .output("image", DataType.IMAGE, "Graded image")
            .perFrame()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Frame src = in.image("image");
        String lutPath = in.text("lut").strip();
        CubeLut lut = lutPath.isEmpty() ? null : CubeLut.load(ctx.resolveInput(lutPath));
        float saturation = (float) in.number("saturation");
        float mix = (float) in.number("mix");
        if (src.isDeep()) {
            Curve[] curves = {Curve.of(in, 0, "r"), Curve.of(in, 1, "g"), Curve.of(in, 2, "b")};
            return Map.of("image", applyDeep(src, curves, saturation, lut, mix));
        }
        float[][] curves = {curve(in, 0, "r"), curve(in, 1, "g"), curve(in, 2, "b")};
        return Map.of("image", apply(src, curves, saturation, lut, mix));
    }

    /** The per-channel part of the grade for channel {@code c} as a 256-entry table of 0..1 values. */
    private static float[] curve(NodeInputs in, int c, String suffix) {
        Curve k = Curve.of(in, c, suffix);
        float[] table = new float[256];
        for (int i = 0; i < 256; i++) table[i] = (float) Math.min(1, k.apply(i / 255.0));
        return table;
    }

    /** Everything before saturation, for one channel: exposure and white balance in linear light, then the display-value controls. */
    record Curve(double exposure, double wb, double contrast, double pivot, double lift, double gain, double invGamma) {
        static Curve of(NodeInputs in, int c, String suffix) {
            double temp = in.number("temperature"), tint = in.number("tint");
            // White-balance gains: temperature trades red against blue, tint trades green against both.
            double wb = switch (c) {
                case 0 -> 1 + 0.3 * temp;
                case 1 -> 1 - 0.3 * tint;
                default -> 1 - 0.3 * temp;
            };
            return new Curve(Math.pow(2, in.number("exposure")), wb, in.number("contrast"), in.number("pivot"),
                    in.number("lift") + in.number("lift_" + suffix), in.number("gain") * in.number("gain_" + suffix),
                    1 / (in.number("gamma") * in.number("gamma_" + suffix)));
        }

        /** The curve at encoded value v (0..1, or beyond for deep frames); not clipped at 1. */
        double apply(double v) {
            if (exposure != 1 || wb != 1) v = encodeSrgb(decodeSrgb(v) * exposure * wb);
            v = pivot + (v - pivot) * contrast;
            v = v + lift * (1 - v);
            v = v * gain;
            return v <= 0 ? 0 : invGamma == 1 ? v : Math.pow(v, invGamma);
        }
    }

    /** Deep frames: the same grade on floats, through 4096-step curve tables inside 0..1 and exact beyond. */
    private static Frame applyDeep(Frame src, Curve[] curves, float saturation, CubeLut lut, float mix) {
        int w = src.width(), h = src.height();
        int steps = 4096;
        float[][] tables = new float[3][steps + 1];
        for (int c = 0; c < 3; c++) for (int i = 0; i <= steps; i++) tables[c][i] = (float) curves[c].apply((double) i / steps);
        float[] s = src.floats(), out = new float[s.length];
        Pixels.forRows(w, h, y -> {
            float[] v = new float[3];
            for (int i = 4 * y * w, end = i + 4 * w; i < end; i += 4) {
                for (int c = 0; c < 3; c++) {
                    float x = s[i + c];
                    if (x >= 0 && x <= 1) {
                        float p = x * steps;
                        int k = Math.min((int) p, steps - 1);
                        v[c] = tables[c][k] + (p - k) * (tables[c][k + 1] - tables[c][k]);
                    } else {
                        v[c] = (float) curves[c].apply(x);
                    }
                }
                if (saturation != 1) {
                    float l = 0.2126f * v[0] + 0.7152f * v[1] + 0.0722f * v[2];
                    for (int c = 0; c < 3; c++) v[c] = Math.max(0, l + saturation * (v[c] - l));
                }
                if (lut != null) {
                    long q = lut.apply12(to12(v[0]), to12(v[1]), to12(v[2]));
                    v[0] = (q >>> 24) / (float) MAX12;
                    v[1] = ((q >>> 12) & 0xFFF) / (float) MAX12;
                    v[2] = (q & 0xFFF) / (float) MAX12;
                }
                for (int c = 0; c < 3; c++) out[i + c] = s[i + c] + mix * (v[c] - s[i + c]);
                out[i + 3] = s[i + 3];
            }
        });
        return Frame.deep(w, h, out);
    }

    private static int to12(float v) {
        return Math.round(clamp01(v) * MAX12);
    }

    static Frame apply(Frame src, float[][] curves, float saturation, CubeLut lut, float mix) {
        int w = src.width(), h = src.height();
        int[] s = src.pixels(), out = new int[w * h];
        if (saturation == 1 && lut == null) {
            // Pure per-channel grade: fold the mix into byte tables, then one lookup per channel.
            int[] lr = bytes(curves[0], mix), lg = bytes(curves[1], mix), lb = bytes(curves[2], mix);
            Pixels.forRows(w, h, y -> {
                for (int i = y * w, end = i + w; i < end; i++) {
                    int p = s[i];
                    out[i] = (p & 0xFF000000) | lr[(p >> 16) & 0xFF] << 16 | lg[(p >> 8) & 0xFF] << 8 | lb[p & 0xFF];
                }
            });
            return new Frame(w, h, out);
        }
        // Per-pixel path in 12-bit fixed point: enough headroom that 8-bit input survives the
        // saturation and LUT steps exactly at identity, and integer maths keeps 1080p fast.
        int[] cr = levels(curves[0]), cg = levels(curves[1]), cb = levels(curves[2]);
        if (lut == null && mix == 1) return saturate(src, cr, cg, cb, saturation);
        int sat = Math.round(saturation * 4096), mix12 = Math.round(mix * 4096);
        boolean doSat = saturation != 1, doMix = mix != 1;
        Pixels.forRows(w, h, y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                int p = s[i];
                int r = cr[(p >> 16) & 0xFF], g = cg[(p >> 8) & 0xFF], b = cb[p & 0xFF];
                if (doSat) {
                    // Rec.709 luma weights in 1/16384 (they sum to 16384).
                    int l = (3483 * r + 11718 * g + 1183 * b + 8192) >> 14;
                    r = clamp12(l + ((sat * (r - l) + 2048) >> 12));
                    g = clamp12(l + ((sat * (g - l) + 2048) >> 12));
                    b = clamp12(l + ((sat * (b - l) + 2048) >> 12));
                }
                if (lut != null) {
                    long q = lut.apply12(r, g, b);
                    r = (int) (q >>> 24);
                    g = (int) (q >>> 12) & 0xFFF;
                    b = (int) q & 0xFFF;
                }
                if (doMix) {
                    int r0 = TO_12[(p >> 16) & 0xFF], g0 = TO_12[(p >> 8) & 0xFF], b0 = TO_12[p & 0xFF];
                    r = r0 + ((mix12 * (r - r0) + 2048) >> 12);
                    g = g0 + ((mix12 * (g - g0) + 2048) >> 12);
                    b = b0 + ((mix12 * (b - b0) + 2048) >> 12);
                }
                out[i] = (p & 0xFF000000) | TO_8[r] << 16 | TO_8[g] << 8 | TO_8[b];
            }
        });
        return new Frame(w, h, out);
    }

    /**
     * Curves then saturation, the common grade, with everything per channel folded into tables:
     * luma = LR[r] + LG[g] + LB[b], and each channel (K x luma + S[c]) >> 12 with K = 1 - sat
     * and S = sat x curve, which is l + sat x (c - l) in 12 bits; one table clamps and rounds
     * to 8 bits. The same arithmetic as the general path, in fewer steps per pixel. L and S of
     * a channel value share one long (L high, S low), so a pixel reads three entries rather than
     * six, and the three longs are added once: both halves are non-negative and below 2^27 each
     * (S includes the clamp table's offset, a multiple of 4096, so it adds to the index exactly),
     * so the low sums never carry into the luma.
     */
    private static Frame saturate(Frame src, int[] cr, int[] cg, int[] cb, float saturation) {
        int w = src.width(), h = src.height();
        int[] s = src.pixels(), out = new int[w * h];
        // saturation is 0..4 (the parameter's range), so k = 4096 - sat is -12288..4096
        int sat = Math.round(saturation * 4096), k = 4096 - sat;
        if (sat < 0 || sat > 4 * 4096) throw new IllegalArgumentException("saturation must be 0..4, not " + saturation);
        // range of (k * l + s) >> 12 over l, c in 0..4095; the table starts at lo, so indices are shifted by -lo
        int lo = (Math.min(0, k) * MAX12 + Math.min(0, sat) * MAX12) >> 12, hi = ((Math.max(0, k) + Math.max(0, sat)) * MAX12 + 2048) >> 12;
        int[] to8 = new int[hi - lo + 1];
        for (int v = lo; v <= hi; v++) to8[v - lo] = TO_8[clamp12(v)];
        int offset = -lo << 12;
        long[] tr = new long[256], tg = new long[256], tb = new long[256];
        for (int i = 0; i < 256; i++) {
            // Rec.709 luma weights in 1/16384 (they sum to 16384), the rounding of >> 14 folded into red's
            tr[i] = (long) (3483 * cr[i] + 8192) << 32 | sat * cr[i] + 2048 + offset;
            tg[i] = (long) (11718 * cg[i]) << 32 | sat * cg[i] + 2048 + offset;
            tb[i] = (long) (1183 * cb[i]) << 32 | sat * cb[i] + 2048 + offset;
        }
        Pixels.forRows(w, h, y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                int p = s[i];
                long r = tr[(p >> 16) & 0xFF], g = tg[(p >> 8) & 0xFF], b = tb[p & 0xFF];
                int kl = k * ((int) ((r + g + b) >>> 32) >> 14);
                out[i] = (p & 0xFF000000) | to8[(kl + (int) r) >> 12] << 16 | to8[(kl + (int) g) >> 12] << 8 | to8[(kl + (int) b) >> 12];
            }
        });
        return new Frame(w, h, out);
    }

    private static final int MAX12 = CubeLut.LEVELS - 1;
    /** 8-bit value to 12-bit and back, rounded. */
    private static final int[] TO_12 = new int[256], TO_8 = new int[CubeLut.LEVELS];

    static {
        for (int i = 0; i < 256; i++) TO_12[i] = Math.round(i * (float) MAX12 / 255);
        for (int i = 0; i <= MAX12; i++) TO_8[i] = Math.round(i * 255f / MAX12);
    }

    private static int[] levels(float[] curve) {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) t[i] = Math.round(clamp01(curve[i]) * MAX12);
        return t;
    }

    private static int clamp12(int v) {
        // min/max compile to conditional moves: no mispredicted branches on noisy pictures.
        return Math.min(Math.max(v, 0), MAX12);
    }

    private static int[] bytes(float[] curve, float mix) {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            float v = i / 255f + mix * (curve[i] - i / 255f);
            t[i] = (int) (clamp01(v) * 255 + 0.5f);
        }
        return t;
    }

    private static float clamp01(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    static double decodeSrgb(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    static double encodeSrgb(double l) {
        if (l <= 0) return 0;
        return l <= 0.0031308 ? l * 12.92 : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
    }

}
