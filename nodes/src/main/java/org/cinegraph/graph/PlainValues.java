package org.cinegraph.graph;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Plain values (what parameters and unknown fields hold: String, Boolean, Long, Double, lists
 * and maps of them) written on one line the way a graph file writes them: text quoted and
 * escaped, whole doubles with their point ("120.0"), maps sorted by key. Messages, diffs and
 * the merge report use it so a value reads the same everywhere.
 */
public final class PlainValues {
    private PlainValues() {
    }

    public static String text(Object v) {
        StringBuilder sb = new StringBuilder();
        append(v, sb);
        return sb.toString();
    }

    private static void append(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            sb.append('"');
            JsonStringEncoder.getInstance().quoteAsString(s, sb);
            sb.append('"');
        } else if (v instanceof Map<?, ?> m) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            new TreeMap<>(m).forEach((k, x) -> {
                StringBuilder e = new StringBuilder();
                append(String.valueOf(k), e);
                e.append(": ");
                append(x, e);
                j.add(e);
            });
            sb.append(j);
        } else if (v instanceof Collection<?> c) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (Object x : c) j.add(text(x));
            sb.append(j);
        } else {
            sb.append(v); // Long, Double (Double.toString keeps the point), Boolean
        }
    }
}
