package org.cinegraph.format;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Problem;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.graph.NodeSpecs;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.spi.ParamSpec;

import org.cinegraph.media.ImageSequenceClip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * File parameters (assets) as stored in graphs: paths relative to the graph file's folder,
 * written with forward slashes on every OS, so a folder holding a graph and its assets can be
 * moved or shared as a whole. Only parameters that the registry declares as FILE count; nodes
 * whose type is not installed are skipped, since nothing says which of their values are paths.
 */
public final class AssetPaths {
    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^([A-Za-z]:)?[/\\\\].*");

    private AssetPaths() {
    }

    /** One non-empty FILE parameter of a node of a known type. */
    public record FileParam(String nodeId, String param, String value) {
    }

    /** At every depth: inside subgraphs {@code nodeId} is the node's path ("sub1/load1"). */
    public static List<FileParam> fileParams(Graph g, NodeRegistry registry) {
        List<FileParam> out = new ArrayList<>();
        for (Map.Entry<String, GraphNode> e : Subgraphs.allNodes(g).entrySet()) {
            GraphNode n = e.getValue();
            NodeSpec spec = NodeSpecs.of(registry, n).orElse(null);
            if (spec == null) continue;
            for (ParamSpec p : spec.params()) {
                if (p.type() == DataType.FILE && n.params().get(p.name()) instanceof String v && !v.isEmpty()) {
                    out.add(new FileParam(e.getKey(), p.name(), v));
                }
            }
        }
        return out;
    }

    /** The distinct asset paths a graph uses, sorted, as stored. */
    public static SortedSet<String> assets(Graph g, NodeRegistry registry) {
        SortedSet<String> s = new TreeSet<>();
        for (FileParam f : fileParams(g, registry)) s.add(f.value());
        return s;
    }

    /** Whether a stored path is absolute on any OS ("/x", "\\server\x", "C:/x", "C:\x"). */
    public static boolean isAbsolute(String stored) {
        return WINDOWS_ABSOLUTE.matcher(stored).matches() || Path.of(stored).isAbsolute();
    }

    /** The file a stored path names, for a graph in {@code graphDir}. */
    public static Path resolve(String stored, Path graphDir) {
        return isAbsolute(stored) ? Path.of(stored) : graphDir.toAbsolutePath().resolve(stored).normalize();
    }

    /** A relative path in the stored form: forward slashes whatever the OS. */
    static String stored(Path relative) {
        List<String> parts = new ArrayList<>();
        for (Path p : relative) parts.add(p.toString());
        return String.join("/", parts);
    }

    /**
     * Makes absolute paths to files inside {@code graphDir} (or below it) relative, for saving.
     * Paths elsewhere stay absolute; {@link #assetProblems} warns about them.
     */
    public static Graph relativize(Graph g, Path graphDir, NodeRegistry registry) {
        Path dir = graphDir.toAbsolutePath().normalize();
        return rewrite(g, registry, v -> {
            if (!isAbsolute(v)) return v;
            Path abs = Path.of(v).normalize();
            return abs.startsWith(dir) && !abs.equals(dir) ? stored(dir.relativize(abs)) : v;
        });
    }

    /**
     * Rewrites relative paths for a graph moving from {@code fromDir} to {@code toDir} (save-as
     * into another folder), so each still names the same file. Absolute paths are kept.
     */
    public static Graph rebase(Graph g, Path fromDir, Path toDir, NodeRegistry registry) {
        Path from = fromDir.toAbsolutePath().normalize();
        Path to = toDir.toAbsolutePath().normalize();
        if (from.equals(to)) return g;
        return rewrite(g, registry, v -> {
            if (isAbsolute(v)) return v;
            Path target = from.resolve(v).normalize();
            // Different roots (another Windows drive) have no relative path: keep the file absolute.
            return target.getRoot() != null && target.getRoot().equals(to.getRoot()) ? stored(to.relativize(target)) : target.toString();
        });
    }

    private static Graph rewrite(Graph g, NodeRegistry registry, UnaryOperator<String> fn) {
        return Subgraphs.mapNodes(g, (path, n) -> {
            NodeSpec spec = NodeSpecs.of(registry, n).orElse(null);
            if (spec == null) return n;
            GraphNode out = n;
            for (ParamSpec p : spec.params()) {
                if (p.type() == DataType.FILE && n.params().get(p.name()) instanceof String v && !v.isEmpty()) {
                    String nv = fn.apply(v);
                    if (!nv.equals(v)) out = out.withParam(p.name(), nv);
                }
            }
            return out;
        });
    }

    /**
     * What is wrong with a graph's asset paths for a graph file in {@code graphDir}: warnings for
     * absolute paths and paths leaving the folder (they break when the folder is moved or
     * shared), errors for files that do not exist.
     */
    public static List<Problem> assetProblems(Graph g, Path graphDir, NodeRegistry registry) {
        List<Problem> out = new ArrayList<>();
        for (FileParam f : fileParams(g, registry)) {
            String what = "parameter '" + f.param() + "' ";
            if (isAbsolute(f.value())) {
                out.add(Problem.warning(Problem.Code.ASSET, f.nodeId(), what + "holds the absolute path '" + f.value()
                        + "', which will not work when the graph is moved or shared"));
            } else if (f.value().contains("\\")) {
                out.add(Problem.warning(Problem.Code.ASSET, f.nodeId(), what + "path '" + f.value() + "' uses '\\'; graph files use '/' on every system"));
            } else if (Path.of(f.value()).normalize().startsWith("..")) {
                out.add(Problem.warning(Problem.Code.ASSET, f.nodeId(), what + "path '" + f.value()
                        + "' points outside the graph's folder, so moving the folder will break it"));
            }
            Path file = resolve(f.value(), graphDir);
            if (ImageSequenceClip.isPattern(f.value()) ? ImageSequenceClip.list(file).isEmpty() : !Files.exists(file)) {
                out.add(Problem.error(Problem.Code.ASSET, f.nodeId(), what + "names '" + f.value() + "', which does not exist"));
            }
        }
        return out;
    }
}
