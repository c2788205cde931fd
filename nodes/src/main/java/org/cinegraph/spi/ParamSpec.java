package org.cinegraph.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A typed parameter of a node type. Values are plain JSON-like Java values: Double for NUMBER,
 * Long for INTEGER and SEED, Boolean, and String for TEXT, choices, colours (#RRGGBB or
 * #RRGGBBAA) and FILE (a path relative to the graph file).
 */
public record ParamSpec(String name, DataType type, Object defaultValue, Double min, Double max,
                        List<String> choices, Widget widget, String description, Double softMin, Double softMax) {

    /**
     * {@code min}/{@code max} are hard limits (a value outside is refused); {@code softMin}/{@code
     * softMax}, when set, the range a slider spans (a value typed beyond it is fine), as in Nuke.
     */
    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(widget, "widget");
        choices = choices == null ? List.of() : List.copyOf(choices);
        description = description == null ? "" : description;
        defaultValue = defaultValue == null ? null : coerce(name, type, choices, min, max, defaultValue);
        if ((softMin == null) != (softMax == null) || softMin != null && (softMin >= softMax
                || min != null && softMin < min || max != null && softMax > max)) {
            throw new IllegalArgumentException("parameter '" + name + "': soft range " + softMin + " to " + softMax
                    + " must be increasing and inside the limits " + min + " to " + max);
        }
    }

    public ParamSpec(String name, DataType type, Object defaultValue, Double min, Double max,
                     List<String> choices, Widget widget, String description) {
        this(name, type, defaultValue, min, max, choices, widget, description, null, null);
    }

    public static ParamSpec number(String name, double def, double min, double max, String description) {
        return new ParamSpec(name, DataType.NUMBER, def, min, max, null, Widget.SLIDER, description);
    }

    public static ParamSpec integer(String name, long def, long min, long max, String description) {
        return new ParamSpec(name, DataType.INTEGER, def, (double) min, (double) max, null, Widget.FIELD, description);
    }

    public static ParamSpec seed(String name, String description) {
        return new ParamSpec(name, DataType.SEED, 0L, 0d, (double) Long.MAX_VALUE, null, Widget.SEED, description);
    }

    public static ParamSpec bool(String name, boolean def, String description) {
        return new ParamSpec(name, DataType.BOOLEAN, def, null, null, null, Widget.CHECKBOX, description);
    }

    public static ParamSpec text(String name, String def, String description) {
        return new ParamSpec(name, DataType.TEXT, def, null, null, null, Widget.TEXT, description);
    }

    /** The name of a file written inside the output folder; checked by {@link OutputNames}. */
    public static ParamSpec outputName(String name, String def, String description) {
        return new ParamSpec(name, DataType.TEXT, def, null, null, null, Widget.OUTPUT_NAME, description);
    }

    public static ParamSpec multiline(String name, String def, String description) {
        return new ParamSpec(name, DataType.TEXT, def, null, null, null, Widget.MULTILINE, description);
    }

    public static ParamSpec colour(String name, String def, String description) {
        return new ParamSpec(name, DataType.TEXT, def, null, null, null, Widget.COLOUR, description);
    }

    public static ParamSpec choice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, DataType.TEXT, def, null, null, choices, Widget.DROPDOWN, description);
    }

    /** A file path, relative to the graph file; {@code required} files must be set to render. */
    public static ParamSpec file(String name, String description) {
        return new ParamSpec(name, DataType.FILE, "", null, null, null, Widget.FILE, description);
    }

    /** Name of the {@link #take} parameter. */
    public static final String TAKE = "take";

    /**
     * The take number of a node whose service answers differently each time it is asked (remote
     * generation): part of the cache key, so a new take forces a fresh result while an unchanged
     * one is served from the cache ("Generate again", {@code Commands.generateAgain}).
     */
    public static ParamSpec take(String description) {
        return new ParamSpec(TAKE, DataType.INTEGER, 1L, 1d, (double) Integer.MAX_VALUE, null, Widget.FIELD, description);
    }

    /** Returns this parameter with the given widget hint. */
    public ParamSpec withWidget(Widget w) {
        return new ParamSpec(name, type, defaultValue, min, max, choices, w, description, softMin, softMax);
    }

    /** Returns this parameter with the range its slider spans, inside the hard limits. */
    public ParamSpec withSoftRange(double lo, double hi) {
        return new ParamSpec(name, type, defaultValue, min, max, choices, widget, description, lo, hi);
    }

    /** The value that applies to a node storing {@code stored}: its own, else this parameter's default. */
    public Object storedOrDefault(java.util.Map<String, Object> stored) {
        Object v = stored.get(name);
        return v == null ? defaultValue : v;
    }

    /**
     * Checks and normalises a value for this parameter (Integer to Long, numbers to Double,
     * range and choice checks).
     *
     * @throws IllegalArgumentException with a message fit to show to the user
     */
    public Object coerce(Object value) {
        return coerce(name, type, choices, min, max, value);
    }

    private static Object coerce(String name, DataType type, List<String> choices, Double min, Double max, Object value) {
        if (value == null) throw new IllegalArgumentException("parameter '" + name + "' has no value");
        switch (type) {
            case NUMBER -> {
                double d;
                if (value instanceof Number n) d = n.doubleValue();
                else if (value instanceof String s) d = parseDouble(name, s);
                else throw wrong(name, "a number", value);
                if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("parameter '" + name + "' must be a finite number");
                checkRange(name, d, min, max);
                return d;
            }
            case INTEGER, SEED -> {
                long l;
                if (value instanceof Long || value instanceof Integer || value instanceof Short) l = ((Number) value).longValue();
                else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    // the range is checked on the value given, not on what a long clamps it to
                    checkRange(name, n.doubleValue(), min, max);
                    if (Math.abs(n.doubleValue()) >= 0x1p63) throw wrong(name, "a whole number", value);
                    l = n.longValue();
                }
                else if (value instanceof String s) {
                    try {
                        l = Long.parseLong(s.trim());
                    } catch (NumberFormatException e) {
                        throw wrong(name, "a whole number", value);
                    }
                } else throw wrong(name, "a whole number", value);
                checkRange(name, l, min, max);
                return l;
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) return b;
                if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) return Boolean.parseBoolean(s);
                throw wrong(name, "true or false", value);
            }
            case TEXT, FILE -> {
                if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) throw wrong(name, "text", value);
                String s = value.toString();
                if (!choices.isEmpty() && !choices.contains(s)) {
                    throw new IllegalArgumentException("parameter '" + name + "' must be one of " + choices + ", not '" + s + "'");
                }
                return s;
            }
            default -> throw new IllegalArgumentException("parameter '" + name + "' has unsupported type " + type);
        }
    }

    private static double parseDouble(String name, String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw wrong(name, "a number", s);
        }
    }

    private static void checkRange(String name, double v, Double min, Double max) {
        if ((min != null && v < min) || (max != null && v > max)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "parameter '%s' is %s, outside its range %s to %s",
                    name, fmt(v), fmt(min), fmt(max)));
        }
    }

    private static String fmt(Double d) {
        if (d == null) return "-";
        if (d == (double) Long.MAX_VALUE) return Long.toString(Long.MAX_VALUE);   // a seed's top, not 9.22E18
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
    }

    private static IllegalArgumentException wrong(String name, String expected, Object got) {
        return new IllegalArgumentException("parameter '" + name + "' must be " + expected + ", not '" + got + "'");
    }
}
