package org.cinegraph.render;

import org.cinegraph.media.ImageSequenceClip;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.GraphValidator;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.PortSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides what a render runs without running anything: the graph that runs (subgraphs flattened,
 * inner nodes named by path), the targets (output nodes, or the nodes asked for), the nodes they
 * need (muted nodes cut their links), validation of those nodes, and each node's fingerprint in
 * dependency order, so a node's key covers everything upstream. A fingerprint holds no node id,
 * so an inner node's key does not depend on where its subgraph sits: the same subgraph fed the
 * same inputs in two places, or two graphs, shares its cache entries.
 */
final class Planner {
    private final NodeRegistry registry;

    Planner(NodeRegistry registry) {
        this.registry = registry;
    }

    /** @throws RenderException naming the nodes if the graph cannot run */
    Plan plan(RenderRequest req) throws RenderException {
        Subgraphs.Flat flat;
        try {
            flat = Subgraphs.flatten(req.graph());
        } catch (Subgraphs.FlattenException e) {
            throw new RenderException(List.of(Problem.error(e.nodeId(), e.getMessage())));
        }
        Graph g = flat.graph();
        List<Problem> problems = new ArrayList<>();
        Set<String> targets = targets(req, flat, problems);
        Set<String> needed = needed(g, targets);
        // Validated as stored (subgraph interfaces, conflicts inside); problems name nodes by path.
        Set<String> neededPaths = new HashSet<>();
        for (String id : needed) {
            for (int i = id.indexOf('/'); i > 0; i = id.indexOf('/', i + 1)) neededPaths.add(id.substring(0, i));
            neededPaths.add(id);
        }
        for (Problem p : new GraphValidator(registry).validate(req.graph())) {
            if (p.isError() && (p.nodeId().isEmpty() || neededPaths.contains(p.nodeId()))) problems.add(p);
        }
        Map<String, Fingerprint> fps = new HashMap<>();
        Map<PortRef, String> outKeys = new HashMap<>();
        List<String> order = new ArrayList<>();
        if (problems.isEmpty()) {
            for (String id : g.topologicalOrder()) {
                if (!needed.contains(id)) continue;
                GraphNode node = g.requireNode(id);
                NodeSpec spec = type(node).spec();
                for (PortSpec in : spec.inputs()) {
                    Optional<Link> l = g.linkInto(new PortRef(id, in.name()));
                    if (in.required() && l.isPresent() && !needed.contains(l.get().from().node())) {
                        problems.add(Problem.error(id, "required input '" + in.name() + "' comes from muted node " + l.get().from().node()));
                    }
                }
                if (node.bypass()) {
                    for (PortSpec o : spec.outputs()) {
                        Optional<PortRef> src = bypassSource(g, node, spec, o).filter(s -> needed.contains(s.node()));
                        if (src.isEmpty()) {
                            problems.add(Problem.error(id, "cannot bypass: no connected input can pass through to output '" + o.name() + "' (" + o.type().displayName() + ")"));
                        } else {
                            outKeys.put(new PortRef(id, o.name()), outKeys.get(src.get()));
                        }
                    }
                }
                Fingerprint fp;
                try {
                    // Only writers depend on where and which frames go out; a previewed node keeps the key it has in a render.
                    fp = fingerprint(req, g, node, spec, targets.contains(id) && spec.output(), outKeys, needed);
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.error(id, e.getMessage()));
                    continue;
                }
                fps.put(id, fp);
                if (targets.contains(id) && spec.output()) outputProblems(req, id, spec, node, problems);
                if (!node.bypass()) {
                    for (PortSpec o : spec.outputs()) outKeys.put(new PortRef(id, o.name()), fp.key() + ":" + o.name());
                }
                order.add(id);
            }
        }
        if (!problems.isEmpty()) throw new RenderException(problems);
        Set<String> writers = new HashSet<>();
        for (String id : order) if (type(g.requireNode(id)).spec().output()) writers.add(id);
        return new Plan(g, order, fps, outKeys, distances(g, targets, needed), targets, writers);
    }

    /**
     * Output names that lead out of the output folder through a link already there: refused
     * before anything is created or run (names themselves are the validator's, see OutputNames).
     */
    private static void outputProblems(RenderRequest req, String id, NodeSpec spec, GraphNode node, List<Problem> problems) {
        Map<String, Object> params = spec.effectiveParams(node.params());
        for (org.cinegraph.spi.ParamSpec p : spec.params()) {
            if (p.widget() != org.cinegraph.spi.Widget.OUTPUT_NAME || !(params.get(p.name()) instanceof String name)) continue;
            if (org.cinegraph.spi.OutputNames.problem(name) != null) continue;
            String bad = OutputPaths.problem(req.outDir(), OutputPaths.withSuffix(name.trim(), req.outputSuffix()));
            if (bad != null) problems.add(Problem.error(Problem.Code.OUTPUT_NAME, id, "parameter '" + p.name() + "': " + bad));
        }
    }

    private NodeType type(GraphNode node) {
        return registry.find(node.type()).orElseThrow();
    }

    /**
     * The output nodes (all unmuted writers, inside subgraphs too), or the nodes the request
     * names: by path for inner nodes; a subgraph node stands for the inner nodes its outputs come
     * from and the writers inside it.
     */
    private Set<String> targets(RenderRequest req, Subgraphs.Flat flat, List<Problem> problems) throws RenderException {
        Graph g = flat.graph();
        Set<String> targets = new HashSet<>();
        if (req.targets().isEmpty()) {
            for (GraphNode n : g.nodes().values()) {
                if (!n.muted() && registry.find(n.type()).map(t -> t.spec().output()).orElse(false)) targets.add(n.id());
            }
            if (targets.isEmpty()) throw new RenderException("the graph has no output node to render (add a Save Image or Save Video node)");
        } else {
            for (String t : req.targets()) {
                if (g.nodes().containsKey(t)) {
                    targets.add(t);
                    continue;
                }
                GraphNode sub = Subgraphs.allNodes(req.graph()).get(t);
                if (sub == null) {
                    problems.add(Problem.error(t, "no such node to render"));
                    continue;
                }
                if (sub.isSubgraph()) {
                    for (Subgraph.Output o : sub.subgraph().outputs()) targets.add(flat.source(new PortRef(t, o.name())).node());
                    for (String id : flat.nodesFor(t)) {
                        GraphNode n = g.requireNode(id);
                        if (!n.muted() && registry.find(n.type()).map(x -> x.spec().output()).orElse(false)) targets.add(id);
                    }
                }
            }
        }
        targets.retainAll(g.nodes().keySet());
        return targets;
    }

    /** The targets and everything upstream of them; a muted node is not run and its outputs count as unconnected. */
    private static Set<String> needed(Graph g, Set<String> targets) {
        Set<String> needed = new HashSet<>();
        List<String> pending = new ArrayList<>(targets);
        while (!pending.isEmpty()) {
            String id = pending.remove(pending.size() - 1);
            if (!needed.add(id)) continue;
            for (Link l : g.linksInto(id)) {
                if (!g.requireNode(l.from().node()).muted()) pending.add(l.from().node());
            }
        }
        return needed;
    }

    private Fingerprint fingerprint(RenderRequest req, Graph g, GraphNode node, NodeSpec spec, boolean target,
                                    Map<PortRef, String> outKeys, Set<String> needed) {
        TreeMap<String, String> parts = new TreeMap<>();
        parts.put("type", spec.id() + "@" + spec.version());
        Map<String, Object> params = spec.effectiveParams(node.params());
        NodeType type = type(node);
        for (ParamSpec ps : spec.params()) {
            Object v = params.get(ps.name());
            if (!type.resultDependsOn(ps.name())) continue;
            parts.put("param:" + ps.name(), v.getClass().getSimpleName() + ":" + v);
            if (ps.type() == DataType.FILE && !v.toString().isBlank()) {
                Path p = Path.of(v.toString());
                Path abs = p.isAbsolute() ? p : req.graphDir().resolve(p).normalize();
                parts.put("file:" + ps.name(), fileStamp(abs));
            }
        }
        for (PortSpec in : spec.inputs()) {
            Optional<Link> l = g.linkInto(new PortRef(node.id(), in.name()));
            if (l.isPresent() && needed.contains(l.get().from().node())) parts.put("input:" + in.name(), outKeys.get(l.get().from()));
        }
        // Model weights are an input too: new weights under the same name recompute the node.
        for (ModelRef m : type.requiredModels(params)) parts.put("model:" + m.name(), m.sha256());
        if (target) {
            parts.put("out", req.outDir().toString());
            parts.put("range", req.frames().map(Object::toString).orElse("all"));
            // Writers embed the graph when asked. The text itself is not part of the key: the
            // inputs' keys already pin everything that made the pixels, so a file kept from an
            // earlier render carries a graph that reproduces it exactly, and moving a node or
            // editing another branch does not re-encode every output.
            parts.put("provenance", req.provenance().isPresent() ? "embedded" : "none");
            if (!req.outputSuffix().isEmpty()) parts.put("suffix", req.outputSuffix());
        }
        return new Fingerprint(parts);
    }

    private static String fileStamp(Path p) {
        // an image sequence pattern: every file of the sequence counts
        if (ImageSequenceClip.isPattern(p.toString())) return ImageSequenceClip.stamp(p);
        try {
            return p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return p + "|missing";
        }
    }

    /** The input a bypassed node passes to an output: the first connected input whose type fits. */
    static Optional<PortRef> bypassSource(Graph g, GraphNode node, NodeSpec spec, PortSpec out) {
        for (PortSpec in : spec.inputs()) {
            Optional<Link> l = g.linkInto(new PortRef(node.id(), in.name()));
            if (l.isPresent() && (in.type() == out.type() || in.type().canFeed(out.type()))) return Optional.of(l.get().from());
        }
        return Optional.empty();
    }

    /** Links from each needed node to the nearest target, for "outputs first" scheduling. */
    private static Map<String, Integer> distances(Graph g, Set<String> targets, Set<String> needed) {
        Map<String, Integer> d = new HashMap<>();
        List<String> frontier = new ArrayList<>(targets);
        for (String t : targets) d.put(t, 0);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String id : frontier) {
                for (Link l : g.linksInto(id)) {
                    String up = l.from().node();
                    if (needed.contains(up) && !d.containsKey(up)) {
                        d.put(up, d.get(id) + 1);
                        next.add(up);
                    }
                }
            }
            frontier = next;
        }
        return d;
    }
}
