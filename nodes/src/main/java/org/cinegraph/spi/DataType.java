package org.cinegraph.spi;

import java.util.Locale;

/**
 * The kinds of value that flow along links. Each has the colour its ports and wires are drawn in.
 * Java representation: Image and Mask are {@link org.cinegraph.media.Frame}s (a mask is read from
 * its luminance), Clip is a lazy {@link org.cinegraph.media.Clip}, Audio a lazy
 * {@link org.cinegraph.media.Audio}, Number is Double, Integer and
 * Seed are Long, Text is String, Boolean is Boolean, File is a {@link java.nio.file.Path}, LoRA a LoraStack.
 */
public enum DataType {
    IMAGE("#E0A33A"),
    MASK("#9E9E9E"),
    CLIP("#C04BD6"),
    AUDIO("#3FB8A8"),
    NUMBER("#6FB7E8"),
    INTEGER("#3F7FD0"),
    TEXT("#8DC26F"),
    BOOLEAN("#E0605B"),
    SEED("#D4C94A"),
    FILE("#B08D6A"),
    /** A stack of LoRAs (adapters) with a strength each, for a generator: {@code org.cinegraph.models.LoraStack}. */
    LORA("#7E57C2"),
    /**
     * Any value: the input of a pass-through node (Reroute). Such a node's output carries
     * whatever type feeds it; the validator computes it from the link.
     */
    ANY("#B0B0B0");

    private final String colour;

    DataType(String colour) {
        this.colour = colour;
    }

    /** Hex colour (#RRGGBB) of ports and wires of this type. */
    public String colour() {
        return colour;
    }

    /** Name as written in graph files and shown to users, e.g. "Image". */
    public String displayName() {
        if (this == LORA) return "LoRA";
        String n = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    /**
     * Whether an output of this type may feed an input of {@code target}. Besides equal types,
     * the lossless widenings are allowed: Integer and Seed to Number, Seed to Integer, Mask to
     * Image and Image to Mask (a mask is read from luminance).
     */
    public boolean canFeed(DataType target) {
        if (this == target || target == ANY) return true;
        return switch (this) {
            case INTEGER -> target == NUMBER;
            case SEED -> target == NUMBER || target == INTEGER;
            case MASK -> target == IMAGE;
            case IMAGE -> target == MASK;
            default -> false;
        };
    }

    public static DataType parse(String s) {
        for (DataType t : values()) {
            if (t.name().equalsIgnoreCase(s)) return t;
        }
        throw new IllegalArgumentException("unknown data type '" + s + "'");
    }
}
