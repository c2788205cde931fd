package org.cinegraph.media;

/**
 * The sRGB transfer curve between linear light and the display-referred values frames hold,
 * extended past 0..1 (mirrored below zero, the power segment continued above one) so an EXR's
 * highlights and negative lobes survive a round trip.
 */
public final class Transfer {
    private Transfer() {
    }

    /** Linear light to encoded value. */
    public static float encode(float l) {
        if (l < 0) return -encode(-l);
        return l <= 0.0031308f ? l * 12.92f : (float) (1.055 * Math.pow(l, 1 / 2.4) - 0.055);
    }

    /** Encoded value to linear light. */
    public static float decode(float v) {
        if (v < 0) return -decode(-v);
        return v <= 0.04045f ? v / 12.92f : (float) Math.pow((v + 0.055) / 1.055, 2.4);
    }

    public static double encode(double l) {
        if (l < 0) return -encode(-l);
        return l <= 0.0031308 ? l * 12.92 : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
    }

    public static double decode(double v) {
        if (v < 0) return -decode(-v);
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
