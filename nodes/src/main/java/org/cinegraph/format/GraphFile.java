package org.cinegraph.format;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.ViewState;
import org.cinegraph.spi.NodeRegistry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reading and writing {@code .cgraph} files: UTF-8 JSON, canonical so that the same graph
 * always gives the same bytes and a save after a small edit gives a small diff.
 *
 * <pre>
 * {
 *   "format": "cinegraph",
 *   "version": 1,
 *   "requires": {"nodes": {"type.id": highestTypeVersion}, "models": [{"name": "m", "sha256": "..."}], "assets": ["sorted/paths.png"]},
 *   "nodes": [ sorted by id:
 *     {"id", "type", "typeVersion", "title", "position": {"x", "y"}, "params": {sorted},
 *      then only when not the default: "bypass", "muted", "collapsed", "notes",
 *      for a "graph.subgraph" node: "subgraph": {"library"?, "inputs", "outputs", "params" (see
 *      {@link SubgraphInterface}), then "nodes", "links", "groups", "view", "conflicts"? of its inside, as here},
 *      then unknown fields, sorted} ],
 *   "links": [ {"from": "node.port", "to": "node.port"}, sorted by "to" then "from" ],
 *   "groups": [ {"id", "title", "colour", "bounds": {"x", "y", "width", "height"}}, sorted by id ],
 *   "view": {"centerX", "centerY", "zoom"},
 *   only after a merge that left some: "conflicts": [ one line each, sorted by node, then group, then graph:
 *     {"kind": "param"|"input"|"node"|"deleted"|"group"|"graph", "node": id | "group": id, "name": what,
 *      "deletedBy": "ours"|"theirs" (kind "deleted"), "ours", "theirs", "base": the side's value, absent if it had none,
 *      "note": why (optional)} ],
 *   then unknown top-level fields, sorted (a team library file has "library": its declaration,
 *   see {@link org.cinegraph.library.LibraryFiles})
 * }
 * </pre>
 *
 * Layout: two-space indent, {@code "key": value}, "\n" line ends, a final newline; links,
 * positions, bounds and the view sit on one line each so a wire or a move is a one-line diff.
 * Maps without a fixed order (parameters, unknown fields, anything inside them) are sorted.
 * Numbers: integers (Long) without a point, doubles always with one or an exponent
 * ({@code 120.0}, {@code 1.0E20}: Java's shortest round-tripping form), so Long and Double
 * survive a round trip; NaN and infinities are refused.
 * <p>
 * "nodes" is an array with the id inside each node rather than an object keyed by id: a node
 * entry is then self-contained (the clipboard fragment is the same shape, a block can be moved
 * between files), and two branches adding nodes with the same id merge into a file that is
 * refused as "duplicate node id" with both lines, where an object would be silently
 * last-one-wins in most JSON readers. Sorting by id keeps entries at stable places, so
 * unrelated additions land in different hunks either way.
 * <p>
 * "conflicts" is what a three-way merge ({@code cinegraph merge}, git's merge driver) could not
 * decide: the graph holds ours' value and the entry lists every side's, so the file stays a
 * valid graph (never text markers) that the editor and {@code validate} report until someone
 * resolves it. Its names: "param" a parameter, "input" an input port (values "node.port"),
 * "node" and "group" a property (type, typeVersion, title, position, bypass, muted, collapsed,
 * notes, an unknown field; title, colour, bounds), "graph" a top-level field.
 * <p>
 * "requires" is derived from the graph on every save; it lets tools see what a graph needs (node
 * types, models, asset files) without understanding the nodes. On open only its model list is
 * read ({@link LoadedGraph#declaredModels()}), so validate can name models whose node types are
 * not installed here.
 */
public final class GraphFile {
    public static final String FORMAT = "cinegraph";
    public static final String EXTENSION = ".cgraph";
    /** The format version this build writes; older versions are upgraded on open. */
    public static final int VERSION = Migrations.CURRENT;

    private GraphFile() {
    }

    /** Opens a graph file with the installed node types; warnings include asset path problems. */
    public static LoadedGraph read(Path file) throws IOException, GraphFormatException {
        return read(file, NodeRegistry.standard());
    }

    public static LoadedGraph read(Path file, NodeRegistry registry) throws IOException, GraphFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new GraphFormatException(file.toString(), 0, 0, null, "the file is not UTF-8 text");
        }
        // Some Windows editors start UTF-8 files with a byte order mark; it is not part of the JSON.
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        LoadedGraph loaded = parse(text, file.toString(), registry);
        Path dir = file.toAbsolutePath().getParent();
        List<Problem> warnings = new ArrayList<>(loaded.warnings());
        warnings.addAll(AssetPaths.assetProblems(loaded.graph(), dir, registry));
        return new LoadedGraph(loaded.graph(), warnings, loaded.declaredModels());
    }

    /** Parses graph JSON; {@code sourceName} (a file name, "clipboard") starts every error message. */
    public static LoadedGraph parse(String text, String sourceName) throws GraphFormatException {
        return parse(text, sourceName, NodeRegistry.standard());
    }

    public static LoadedGraph parse(String text, String sourceName, NodeRegistry registry) throws GraphFormatException {
        return GraphDecoder.decode(text, sourceName, registry);
    }

    /** The canonical text of a graph. @throws IllegalArgumentException if a value has no JSON form */
    public static String toJson(Graph g) {
        return toJson(g, NodeRegistry.standard());
    }

    public static String toJson(Graph g, NodeRegistry registry) {
        return GraphEncoder.encode(g, registry);
    }

    public static void write(Graph g, Path file) throws IOException {
        write(g, file, NodeRegistry.standard());
    }

    /**
     * Saves atomically: the text is built first (an unsavable value fails before the disk is
     * touched), then written through {@link AtomicFiles}: the old file is intact until the rename,
     * no partial file is ever left behind, and a replaced file keeps its permissions.
     */
    public static void write(Graph g, Path file, NodeRegistry registry) throws IOException {
        AtomicFiles.writeString(file.toAbsolutePath(), toJson(g, registry));
    }

    /**
     * Saves a document to {@code file} (Save, or Save As when the folder changes): relative asset
     * paths are rebased from the document's old folder to the new one, absolute paths to files
     * inside the new folder become relative, and the document, history included, follows. The
     * document is changed only once the file is written.
     */
    public static void save(Document doc, Path file, NodeRegistry registry) throws IOException {
        Path newDir = file.toAbsolutePath().getParent();
        Path oldDir = doc.file().map(f -> f.toAbsolutePath().getParent()).orElse(newDir);
        UnaryOperator<Graph> follow = g -> AssetPaths.relativize(AssetPaths.rebase(g, oldDir, newDir, registry), newDir, registry);
        write(follow.apply(doc.graph()), file, registry);
        doc.rewriteAll(follow);
        doc.markSaved(file);
    }

    /**
     * The digest of a subgraph's definition: sha256 of the canonical text of its interface and
     * inner graph, leaving out its library reference and the inner view (where someone last
     * looked inside is not a change). A library entry and the copy a graph embeds of it have
     * the same digest until one of them is edited.
     */
    public static String digest(Subgraph s) {
        Subgraph plain = new Subgraph(s.graph().withView(ViewState.DEFAULT), s.inputs(), s.outputs(), s.params(), null);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(GraphEncoder.definition(plain).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The clipboard form of some nodes and the links among them: the same JSON as a file. */
    public static String copy(Graph g, Collection<String> nodeIds, NodeRegistry registry) {
        return toJson(Commands.fragment(g, nodeIds), registry);
    }

    /** Reads clipboard text made by {@link #copy}; paste it with {@link Commands#paste}. */
    public static Graph pasteFragment(String text, NodeRegistry registry) throws GraphFormatException {
        return parse(text, "clipboard", registry).graph();
    }
}
