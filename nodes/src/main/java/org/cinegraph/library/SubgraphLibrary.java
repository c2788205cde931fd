package org.cinegraph.library;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.format.GraphFile;
import org.cinegraph.format.GraphFormatException;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.GraphIds;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.spi.NodeRegistry;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A team library of subgraphs: the {@code .cgraph} files with a "library" block in some folders
 * (the graph's project folder {@code library/}, or the folder a setting names, then those of
 * {@code $CINEGRAPH_LIBRARY}). Per name the highest version counts; on equal versions the
 * earlier folder wins. Files that cannot be read are listed as problems, one line each, and do
 * not stop the others. Graphs embed a copy of what they use and reference it by name, version
 * and digest, so a graph renders without its library, and {@link #check} says when the library
 * moved on.
 */
public final class SubgraphLibrary {
    /** Extra library folders, separated like PATH. */
    public static final String ENV = "CINEGRAPH_LIBRARY";
    /** Overrides {@link #ENV} (tests, launch scripts). */
    public static final String PROPERTY = "cinegraph.library";
    /** The library folder beside a graph, when no setting names another. */
    public static final String FOLDER = "library";

    private final List<Path> folders;
    private final NodeRegistry registry;
    private List<LibraryEntry> entries;
    private List<String> problems;

    public SubgraphLibrary(List<Path> folders, NodeRegistry registry) {
        this.folders = folders.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
        this.registry = registry;
    }

    /**
     * The library a graph sees: {@code setting} when given, else {@code library/} beside the graph
     * file (none for an unsaved graph), then the folders of {@code -Dcinegraph.library} or
     * {@code $CINEGRAPH_LIBRARY}.
     */
    public static SubgraphLibrary forGraph(Optional<Path> graphFile, Optional<Path> setting, NodeRegistry registry) {
        List<Path> folders = new ArrayList<>();
        if (setting.isPresent()) folders.add(setting.get());
        else graphFile.map(f -> f.toAbsolutePath().getParent()).ifPresent(d -> folders.add(d.resolve(FOLDER)));
        String extra = System.getProperty(PROPERTY, System.getenv(ENV));
        if (extra != null) {
            for (String s : extra.split(File.pathSeparator)) if (!s.isBlank()) folders.add(Path.of(s.trim()));
        }
        return new SubgraphLibrary(folders, registry);
    }

    public List<Path> folders() {
        return folders;
    }

    /** Where {@link #save} writes: the first folder. */
    public Optional<Path> saveFolder() {
        return folders.stream().findFirst();
    }

    /** The newest version of each subgraph, by category then name. Read on first use; {@link #reload} reads again. */
    public synchronized List<LibraryEntry> entries() {
        if (entries == null) scan();
        return entries;
    }

    /** Files in the library folders that are not readable library subgraphs, one line each. */
    public synchronized List<String> problems() {
        if (entries == null) scan();
        return problems;
    }

    public synchronized void reload() {
        entries = null;
    }

    public Optional<LibraryEntry> find(String name) {
        return entries().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    private void scan() {
        Map<String, LibraryEntry> byName = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) continue;
            for (Path f : graphFiles(folder, bad)) {
                try {
                    LibraryEntry e = LibraryFiles.read(f, registry);
                    LibraryEntry prev = byName.get(e.name());
                    if (prev == null || e.version() > prev.version()) byName.put(e.name(), e);
                } catch (GraphFormatException | IOException | UncheckedIOException e) {
                    bad.add(e.getMessage());
                }
            }
        }
        entries = byName.values().stream().sorted(Comparator.comparing(LibraryEntry::category).thenComparing(LibraryEntry::name)).toList();
        problems = List.copyOf(bad);
    }

    private static List<Path> graphFiles(Path folder, List<String> bad) {
        try (Stream<Path> s = Files.walk(folder, 4)) {
            return s.filter(p -> p.getFileName().toString().endsWith(GraphFile.EXTENSION) && !p.getFileName().toString().startsWith(".")
                    && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            bad.add(folder + ": cannot list the library folder: " + e.getMessage());
            return List.of();
        }
    }

    /**
     * Saves a subgraph's definition (its inside and interface; the values an instance sets on
     * its promoted parameters stay with that instance) as the next version of {@code name} in
     * the first folder, atomically, and returns the new entry.
     *
     * @throws IOException    when the file cannot be written, or the file name is taken by another subgraph
     * @throws GraphException when the subgraph still holds merge conflicts
     */
    public LibraryEntry save(Subgraph s, String name, String category, String description) throws IOException {
        if (name == null || name.isBlank()) throw new GraphException("a library subgraph needs a name");
        Path folder = saveFolder().orElseThrow(() -> new IOException("no library folder: save the graph first, or set a library folder"));
        reload();
        int version = find(name).map(e -> e.version() + 1).orElse(1);
        Path file = folder.resolve(LibraryFiles.fileName(name));
        if (Files.exists(file)) {
            try {
                LibraryEntry there = LibraryFiles.read(file, registry);
                if (!there.name().equals(name)) throw new IOException(file + " holds library subgraph '" + there.name() + "'; choose another name");
            } catch (GraphFormatException e) {
                throw new IOException(file + " exists and is not a library subgraph; move it away first");
            }
        }
        Subgraph def = new Subgraph(s.graph(), s.inputs(), s.outputs(), s.params(), null);
        AtomicFiles.writeString(file, LibraryFiles.toText(name.strip(), version, category, description, def, registry));
        reload();
        try {
            return LibraryFiles.read(file, registry);
        } catch (GraphFormatException e) {
            throw new IllegalStateException("a library file just written does not read back: " + e.getMessage(), e);
        }
    }

    // ---- graphs that use the library ----

    /** How a library subgraph a graph embeds compares with the library. */
    public enum State {
        /** The library has exactly what the graph embeds. */
        CURRENT,
        /** The library has another definition under that name (usually a newer version). */
        CHANGED,
        /** The library has no subgraph of that name here; the embedded copy is used. */
        MISSING
    }

    /**
     * A subgraph node (by path) that came from a library: its reference, the library's entry of
     * that name if any, and whether its inside was edited since it was embedded.
     */
    public record Status(String path, Subgraph.LibraryRef ref, Optional<LibraryEntry> current, boolean modifiedHere) {
        public State state() {
            if (current.isEmpty()) return State.MISSING;
            return current.get().sha256().equals(ref.sha256()) ? State.CURRENT : State.CHANGED;
        }

        /** One line for a person: "sub1: Upscale and sharpen v1 (the library has v2)". */
        public String describe() {
            String what = path + ": " + ref.name() + " v" + ref.version();
            String here = modifiedHere ? "; edited in this graph since" : "";
            return switch (state()) {
                case CURRENT -> what + " (as in the library" + here + ")";
                case MISSING -> what + " (not in the library here; the embedded copy is used" + here + ")";
                case CHANGED -> what + " (the library has " + (current.get().version() == ref.version() ? "a changed v" + ref.version()
                        : "v" + current.get().version()) + here + ")";
            };
        }
    }

    /** Every library subgraph the graph embeds, at every depth, by path. */
    public List<Status> check(Graph g) {
        List<Status> out = new ArrayList<>();
        Subgraphs.allNodes(g).forEach((path, n) -> {
            if (!n.isSubgraph() || n.subgraph().library().isEmpty()) return;
            Subgraph.LibraryRef ref = n.subgraph().library().get();
            out.add(new Status(path, ref, find(ref.name()), !GraphFile.digest(n.subgraph()).equals(ref.sha256())));
        });
        return out;
    }

    /**
     * Replaces the embedded copy at {@code path} with the library's entry (one undo step): links
     * to ports the new version still has stay, as do the values of parameters it still promotes.
     */
    public static Command update(String path, LibraryEntry e) {
        List<String> ids = Subgraphs.parsePath(path);
        String id = ids.get(ids.size() - 1);
        return Subgraphs.inside(ids.subList(0, ids.size() - 1), Command.of("Update " + e.name() + " to v" + e.version(), g -> {
            GraphNode n = g.requireNode(id);
            if (!n.isSubgraph()) throw new GraphException("node " + id + " is not a subgraph");
            return Subgraphs.replaceSubgraph(g, id, e.subgraph());
        }));
    }

    /** After saving the subgraph at {@code path} to the library: it now references that entry (one undo step). */
    public static Command link(String path, LibraryEntry e) {
        List<String> ids = Subgraphs.parsePath(path);
        String id = ids.get(ids.size() - 1);
        return Subgraphs.inside(ids.subList(0, ids.size() - 1), Command.of("Save " + e.name() + " to library", g -> {
            GraphNode n = g.requireNode(id);
            if (!n.isSubgraph()) throw new GraphException("node " + id + " is not a subgraph");
            return g.withNode(n.withSubgraph(n.subgraph().withLibrary(e.subgraph().library().orElseThrow())));
        }));
    }

    /** A new node embedding a copy of the entry, at (x, y). */
    public static Command add(LibraryEntry e, double x, double y) {
        return Command.of("Add " + e.name(), g -> {
            String id = GraphIds.next("sub", g.nodes().keySet());
            return g.withNode(GraphNode.subgraph(id, e.name(), x, y, e.subgraph()));
        });
    }
}
