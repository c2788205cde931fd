package org.cinegraph.library;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.GraphFormatException;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.format.SubgraphInterface;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.merge.ConflictResolver;
import org.cinegraph.spi.NodeRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A library subgraph file: an ordinary {@code .cgraph} (so it opens, edits and diffs like any
 * graph) holding the inside, plus a top-level "library" block that declares it:
 * <pre>
 *   "library": {"category": "Enhance", "description": "...", "inputs": [...], "name": "Upscale and sharpen",
 *               "outputs": [...], "params": [...], "version": 2}
 * </pre>
 * (inputs, outputs and params as in a subgraph node, see {@link SubgraphInterface}).
 */
public final class LibraryFiles {
    /** The top-level field that makes a graph file a library subgraph. */
    public static final String BLOCK = "library";

    private LibraryFiles() {
    }

    /**
     * Reads a library file.
     *
     * @throws IOException          when it cannot be read
     * @throws GraphFormatException when it is not a graph, or its "library" block is missing or malformed (the message names the file)
     */
    public static LibraryEntry read(Path file, NodeRegistry registry) throws IOException, GraphFormatException {
        LoadedGraph loaded = GraphFile.read(file, registry);
        Graph g = loaded.graph();
        Object block = g.extra().get(BLOCK);
        if (!(block instanceof Map<?, ?> m)) throw GraphFormatException.of(file.toString(), "not a library subgraph: it has no \"library\" block");
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) m;
        Map<String, Object> extra = new TreeMap<>(g.extra());
        extra.remove(BLOCK);
        Graph inner = new Graph(g.nodes(), g.links(), g.groups(), g.view(), extra, g.conflicts());
        try {
            if (!(b.get("name") instanceof String name) || name.isBlank()) throw new IllegalArgumentException("\"name\" must be text");
            if (!(b.get("version") instanceof Long v) || v < 1 || v > Integer.MAX_VALUE) throw new IllegalArgumentException("\"version\" must be a whole number from 1");
            Subgraph def = SubgraphInterface.read(inner, b, false);
            if (!inner.conflicts().isEmpty()) throw new IllegalArgumentException("it holds unresolved merge conflicts");
            Subgraph s = def.withLibrary(new Subgraph.LibraryRef(name, v.intValue(), GraphFile.digest(def)));
            return new LibraryEntry(name, v.intValue(), text(b, "category"), text(b, "description"), s, file);
        } catch (IllegalArgumentException | GraphException e) {
            throw GraphFormatException.of(file.toString(), "library block: " + e.getMessage());
        }
    }

    /** The file's text: the subgraph's inside with the block that declares it. */
    public static String toText(String name, int version, String category, String description, Subgraph s, NodeRegistry registry) {
        if (!ConflictResolver.all(s.graph()).isEmpty()) throw new GraphException("resolve the merge conflicts inside the subgraph before saving it to a library");
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("name", name);
        block.put("version", (long) version);
        block.put("category", category == null ? "" : category);
        block.put("description", description == null ? "" : description);
        block.putAll(SubgraphInterface.write(s, false));
        Graph inner = s.graph();
        Map<String, Object> extra = new TreeMap<>(inner.extra());
        extra.put(BLOCK, block);
        return GraphFile.toJson(new Graph(inner.nodes(), inner.links(), inner.groups(), inner.view(), extra, inner.conflicts()), registry);
    }

    /** A file name for a subgraph name: lower case, words joined by '-' ("Upscale and sharpen" -> "upscale-and-sharpen.cgraph"). */
    public static String fileName(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return (slug.isEmpty() ? "subgraph" : slug) + GraphFile.EXTENSION;
    }

    private static String text(Map<String, Object> b, String key) {
        Object v = b.get(key);
        if (v == null) return "";
        if (!(v instanceof String s)) throw new IllegalArgumentException("\"" + key + "\" must be text");
        return s;
    }
}
