package org.cinegraph.spi;

/**
 * The one rule for the names writers give their files: a relative path inside the output folder
 * ("shot.png", "plates/shot.mp4"), each part a plain name, no control characters. The validator
 * checks it on every {@link ParamSpec#outputName} parameter and the render path on every file it
 * writes, so {@code validate} refuses exactly the names a render would.
 */
public final class OutputNames {
    private OutputNames() {
    }

    /** Why {@code name} cannot name an output file, or null when it can. */
    public static String problem(String name) {
        if (name == null || name.isBlank()) return "is empty";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
                return "contains the control character U+" + String.format("%04X", (int) c);
            }
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) return "is absolute";
        for (String part : name.split("[/\\\\]", -1)) {
            if (part.equals("..")) return "climbs out of the output folder with '..'";
            if (part.isEmpty() || part.equals(".")) return "has an empty part or '.'; give a file name inside the output folder";
        }
        return null;
    }

    /** {@code name} quoted for a one-line message: control characters (a newline, a NUL) as escapes. */
    public static String quote(String name) {
        if (name == null) return "''";
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c == '\t') sb.append("\\t");
            else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029') sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('\'').toString();
    }
}
