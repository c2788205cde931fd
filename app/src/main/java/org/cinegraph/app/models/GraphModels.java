package org.cinegraph.app.models;

import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.render.MissingModels;
import org.cinegraph.render.ModelCheck;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The editor's question before a render: which models does this graph need that this machine
 * lacks? The answer is {@link MissingModels}' (the same one {@code render --pull} acts on), put as
 * problems that name the nodes using each model and, for a catalogued model, say that the Model
 * manager installs it. Reads manifests only, so it runs off the FX thread on every edit.
 */
public final class GraphModels {
    private GraphModels() {
    }

    /**
     * @param installable catalogue entries with exactly the weights the graph needs
     * @param problems    one error per missing model (the render cannot start while there is one)
     * @param modelOf     for each problem, the model it is about (for "double-click to install")
     */
    public record Report(List<ModelManifest> installable, List<Problem> problems, Map<Problem, String> modelOf) {
        public static final Report NONE = new Report(List.of(), List.of(), Map.of());

        public boolean blocked() {
            return problems.stream().anyMatch(Problem::isError);
        }

        /** The reason Render is off, in one line (empty when it is not). */
        public String reason() {
            if (!blocked()) return "";
            java.util.Set<String> in = new java.util.LinkedHashSet<>();
            for (Problem p : problems) if (modelOf.containsKey(p)) in.add(modelOf.get(p));
            List<String> names = new ArrayList<>(in);
            return names.size() == 1 ? "model " + names.get(0) + " is missing" : names.size() + " models are missing: " + String.join(", ", names);
        }
    }

    /** What {@code g} (saved as {@code graphFile}, if it is) needs and lacks in the renderer's model library. */
    public static Report check(Graph g, Optional<Path> graphFile, Renderer renderer) {
        return check(g, List.of(), graphFile, renderer);
    }

    /** As {@link #check(Graph, Optional, Renderer)}, with the models the file listed when it was read ({@code requires.models}). */
    public static Report check(Graph g, List<ModelRef> declared, Optional<Path> graphFile, Renderer renderer) {
        NodeRegistry registry = graphFile.map(renderer::registryFor).orElse(renderer.registry());
        ModelLibrary library = graphFile.map(f -> renderer.library().forGraph(f)).orElse(renderer.library());
        LoadedGraph loaded = new LoadedGraph(g, List.of(), declared);
        Map<String, List<String>> users = users(g, registry);
        List<ModelManifest> installable = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<Problem, String> modelOf = new LinkedHashMap<>();
        for (MissingModels.Need need : MissingModels.of(loaded, registry, library)) {
            List<String> by = users.getOrDefault(need.name(), List.of());
            String node = by.isEmpty() ? "" : by.get(0);
            String usedBy = by.size() > 1 ? " (used by " + String.join(", ", by) + ")" : "";
            if (need.pullable()) {
                ModelManifest m = need.available().get();
                installable.add(m);
                String state = library.find(need.name()).isPresent() ? "is installed with other weights than this graph needs" : "is not installed";
                Problem p = Problem.error(Problem.Code.MODEL, node, "model " + m.name() + " " + state + usedBy + ": install it from Models > Model Manager ("
                        + megabytes(m.totalBytes()) + ", " + m.licence() + "); double-click here to open it");
                problems.add(p);
                modelOf.put(p, m.name());
            } else {
                for (Problem c : ModelCheck.check(List.of(new ModelRef(need.name(), need.sha256())), library)) {
                    Problem p = Problem.error(Problem.Code.MODEL, node, c.message() + usedBy);
                    problems.add(p);
                    modelOf.put(p, need.name());
                }
            }
        }
        // placeholder nodes whose type comes from a model that is not installed anywhere
        for (Problem c : ModelCheck.forGraph(loaded, registry, library)) {
            if (c.nodeId().isEmpty() || !c.isError()) continue;
            GraphNode n = Subgraphs.allNodes(g).get(c.nodeId());
            String type = n == null ? "" : n.type();
            String model = type.startsWith("model.") ? type.substring("model.".length()) : c.nodeId();
            if (modelOf.containsValue(model)) continue;
            problems.add(c);
            modelOf.put(c, model);
        }
        return new Report(List.copyOf(installable), List.copyOf(problems), java.util.Collections.unmodifiableMap(modelOf));
    }

    /** Node paths by the model they use: installed types' declared models, and placeholder "model.NAME" types. */
    private static Map<String, List<String>> users(Graph g, NodeRegistry registry) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, GraphNode> e : Subgraphs.allNodes(g).entrySet()) {
            GraphNode n = e.getValue();
            if (n.isSubgraph()) continue;
            Optional<NodeType> t = registry.find(n.type());
            List<String> names = new ArrayList<>();
            if (t.isEmpty() && n.type().startsWith("model.")) names.add(n.type().substring("model.".length()));
            t.ifPresent(type -> {
                try {
                    type.requiredModels(type.spec().effectiveParams(n.params())).forEach(m -> names.add(m.name()));
                } catch (IllegalArgumentException ignored) {
                    // a parameter value the type refuses: the validator reports it
                }
            });
            for (String name : names) out.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getKey());
        }
        return out;
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, bytes < 10L << 20 ? "%.1f MB" : "%.0f MB", bytes / (1024.0 * 1024.0));
    }
}
