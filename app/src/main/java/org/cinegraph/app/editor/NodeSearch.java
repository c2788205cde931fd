package org.cinegraph.app.editor;

import org.cinegraph.spi.NodeSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Fuzzy search over node types by name, category, id and description (palette and quick add). */
public final class NodeSearch {
    private NodeSearch() {
    }

    /** Types matching the query, best first; an empty query lists all in category order. */
    public static List<NodeSpec> search(List<NodeSpec> specs, String query, Predicate<NodeSpec> filter) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<Map.Entry<Integer, NodeSpec>> hits = new ArrayList<>();
        for (NodeSpec s : specs) {
            if (!filter.test(s)) continue;
            int score = q.isEmpty() ? 1 : score(s, q);
            if (score > 0) hits.add(Map.entry(score, s));
        }
        hits.sort(Comparator.<Map.Entry<Integer, NodeSpec>>comparingInt(Map.Entry::getKey).reversed()
                .thenComparing(e -> e.getValue().category()).thenComparing(e -> e.getValue().displayName()));
        return hits.stream().map(Map.Entry::getValue).toList();
    }

    static int score(NodeSpec s, String q) {
        String name = s.displayName().toLowerCase(Locale.ROOT);
        if (name.equals(q)) return 1000;
        if (name.startsWith(q)) return 800;
        if (name.contains(q)) return 600;
        if (s.category().toLowerCase(Locale.ROOT).contains(q) || s.id().toLowerCase(Locale.ROOT).contains(q)) return 400;
        int sub = subsequence(name, q);
        if (sub > 0) return 200 + sub;
        if (s.description().toLowerCase(Locale.ROOT).contains(q)) return 100;
        return 0;
    }

    /** Letters of q in order inside text ("kbn" in "ken burns"); more adjacent letters score higher. */
    private static int subsequence(String text, String q) {
        int i = 0, run = 0, score = 0;
        for (int k = 0; k < text.length() && i < q.length(); k++) {
            if (text.charAt(k) == q.charAt(i)) {
                i++;
                run++;
                score += run;
            } else {
                run = 0;
            }
        }
        return i == q.length() ? score : 0;
    }

    /** Node types grouped by category, for the palette tree. */
    public static Map<String, List<NodeSpec>> byCategory(List<NodeSpec> specs) {
        Map<String, List<NodeSpec>> m = new TreeMap<>();
        for (NodeSpec s : specs) m.computeIfAbsent(s.category(), k -> new ArrayList<>()).add(s);
        m.values().forEach(l -> l.sort(Comparator.comparing(NodeSpec::displayName)));
        return m;
    }
}
