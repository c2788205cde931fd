package org.cinegraph.graph;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Node and group ids: short, readable, stable ("grade1", "title2"), usable in --set grade1.exposure=1. */
public final class GraphIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private GraphIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * A node's path through subgraphs, "sub1/grade1": valid ids joined by '/'. Only flattened
     * graphs (what the executor runs) and messages about inner nodes use paths; stored graphs
     * hold single ids at every level.
     */
    public static boolean isValidPath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) return false;
        for (String part : path.split("/", -1)) if (!isValid(part)) return false;
        return true;
    }

    /** The lowest free id of the form {@code base + n}, e.g. "grade" -> "grade1", "grade2". */
    public static String next(String base, Set<String> taken) {
        String b = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
        if (b.isEmpty() || !Character.isLetter(b.charAt(0))) b = "node" + b;
        if (b.length() > 40) b = b.substring(0, 40);
        for (int n = 1; ; n++) {
            String id = b + n;
            if (!taken.contains(id)) return id;
        }
    }

    /** A base for ids of nodes of a type: the last segment of the type id ("colour.grade" -> "grade"). */
    public static String baseFor(String typeId) {
        if (Subgraph.TYPE.equals(typeId)) return "sub";
        int dot = typeId.lastIndexOf('.');
        return typeId.substring(dot + 1);
    }
}
