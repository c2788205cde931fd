package org.cinegraph.media;

import java.util.Locale;

/** Colour values as written in graph files: "#RRGGBB" or "#RRGGBBAA". */
public final class Colours {
    private Colours() {
    }

    /** Parses a colour to a non-premultiplied ARGB int. */
    public static int parse(String s) {
        String t = s == null ? "" : s.trim();
        if (t.startsWith("#")) t = t.substring(1);
        try {
            if (t.length() == 6) return 0xFF000000 | Integer.parseUnsignedInt(t, 16);
            if (t.length() == 8) {
                int rgba = Integer.parseUnsignedInt(t, 16);
                return (rgba << 24) | (rgba >>> 8);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("colour must look like #RRGGBB or #RRGGBBAA, not '" + s + "'");
    }

    public static String format(int argb) {
        int a = argb >>> 24;
        String rgb = String.format(Locale.ROOT, "#%06X", argb & 0xFFFFFF);
        return a == 0xFF ? rgb : rgb + String.format(Locale.ROOT, "%02X", a);
    }

    public static int argb(int a, int r, int g, int b) {
        return (a << 24) | (r << 16) | (g << 8) | b;
    }

    public static int clamp8(double v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5);
    }
}
