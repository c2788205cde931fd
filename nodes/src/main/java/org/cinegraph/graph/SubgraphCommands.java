package org.cinegraph.graph;

import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.PortSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Edits that make, unpack and shape subgraph nodes, each one {@link Command} (one undo step).
 * Run inside a subgraph with {@link Subgraphs#inside}.
 */
public final class SubgraphCommands {
    private final NodeRegistry registry;
    private final GraphValidator validator;

    public SubgraphCommands(NodeRegistry registry) {
        this.registry = registry;
        this.validator = new GraphValidator(registry);
    }

    /** The interface of the subgraph an edit happens in, which the edit keeps pointing at the same nodes; empty at the top. */
    private record Boundary(List<Subgraph.Input> inputs, List<Subgraph.Output> outputs, List<Subgraph.Param> params) {
        static final Boundary NONE = new Boundary(List.of(), List.of(), List.of());
    }

    private record Result(Graph graph, Boundary boundary) {
    }

    /** An edit of the graph at {@code path} that may move what the enclosing subgraph's interface names. */
    private static Command atPath(List<String> path, String name, BiFunction<Graph, Boundary, Result> edit) {
        if (path.isEmpty()) return Command.of(name, g -> edit.apply(g, Boundary.NONE).graph());
        String id = path.get(path.size() - 1);
        return Subgraphs.inside(path.subList(0, path.size() - 1), Command.of(name, g -> {
            GraphNode n = g.requireNode(id);
            if (!n.isSubgraph()) throw new GraphException("node " + id + " is not a subgraph");
            Subgraph s = n.subgraph();
            Result r = edit.apply(s.graph(), new Boundary(s.inputs(), s.outputs(), s.params()));
            Boundary b = r.boundary();
            return g.withNode(n.withSubgraph(new Subgraph(r.graph(), b.inputs(), b.outputs(), b.params(), s.library().orElse(null))));
        }));
    }

    /** {@link #makeSubgraph(List, Collection)} at the top. */
    public Command makeSubgraph(Collection<String> ids) {
        return makeSubgraph(List.of(), ids);
    }

    /**
     * The selected nodes of the graph at {@code path} (the top when empty, else inside that
     * subgraph) become one subgraph node at the centre of the selection. Links from outside into
     * the selection become its inputs (one per outside output, feeding every selected input it
     * fed), links out of it its outputs (one per inner output); each port is named after the
     * inner port and typed with what flowed through it. Inside a subgraph, the enclosing
     * interface's inputs, outputs and promoted parameters that named selected nodes go through
     * the new node (its parameters promoted under the same names). Unresolved merge conflicts
     * about the selected nodes move inside with them.
     *
     * @throws GraphException when nothing is selected, or when outside nodes sit between selected
     *                        ones (the subgraph would feed itself)
     */
    public Command makeSubgraph(List<String> path, Collection<String> ids) {
        Set<String> sel = new HashSet<>(ids);
        return atPath(path, "Make subgraph", (g, b) -> make(g, sel, b));
    }

    /** One crossing into the selection: from an outside output, or from an enclosing input. */
    private record Entry(String key, PortRef outside, Subgraph.Input boundary, PortRef target) {
    }

    private Result make(Graph g, Set<String> sel, Boundary b) {
        if (sel.isEmpty()) throw new GraphException("select the nodes to put in a subgraph");
        for (String id : sel) g.requireNode(id);
        Map<PortRef, DataType> types = validator.outputTypes(g);
        String subId = GraphIds.next("sub", g.nodes().keySet());
        Comparator<PortRef> byPlace = Comparator.comparing((PortRef p) -> g.requireNode(p.node()).y())
                .thenComparing(p -> g.requireNode(p.node()).x()).thenComparing(p -> p);

        // incoming: one input per outside output (or enclosing input), in the order of the inner ports it feeds
        List<Entry> entries = new ArrayList<>();
        for (Link l : g.links()) if (sel.contains(l.to().node()) && !sel.contains(l.from().node())) entries.add(new Entry("link " + l.from(), l.from(), null, l.to()));
        for (Subgraph.Input in : b.inputs()) {
            for (PortRef t : in.targets()) if (sel.contains(t.node())) entries.add(new Entry("boundary " + in.name(), null, in, t));
        }
        entries.sort(Comparator.comparing(Entry::target, byPlace));
        Map<String, List<Entry>> in = new LinkedHashMap<>();
        for (Entry e : entries) in.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);

        Set<String> names = new HashSet<>();
        List<Subgraph.Input> inputs = new ArrayList<>();
        List<Link> outer = new ArrayList<>();
        Map<PortRef, PortRef> enclosingIn = new HashMap<>();
        for (List<Entry> group : in.values()) {
            Entry first = group.get(0);
            String name = unique(first.target().port(), names);
            DataType type = first.boundary() != null ? first.boundary().type() : portType(g, types.get(first.outside()), first.target(), true);
            inputs.add(new Subgraph.Input(name, type, group.stream().map(Entry::target).toList()));
            if (first.outside() != null) outer.add(new Link(first.outside(), new PortRef(subId, name)));
            else for (Entry e : group) enclosingIn.put(e.target(), new PortRef(subId, name));
        }

        // outgoing: one output per inner output that feeds outside (or an enclosing output)
        Map<PortRef, List<PortRef>> out = new TreeMap<>(byPlace);
        for (Link l : g.links()) {
            if (sel.contains(l.from().node()) && !sel.contains(l.to().node())) out.computeIfAbsent(l.from(), k -> new ArrayList<>()).add(l.to());
        }
        for (Subgraph.Output o : b.outputs()) if (sel.contains(o.source().node())) out.computeIfAbsent(o.source(), k -> new ArrayList<>());
        names.clear();
        List<Subgraph.Output> outputs = new ArrayList<>();
        Map<PortRef, PortRef> enclosingOut = new HashMap<>();
        for (Map.Entry<PortRef, List<PortRef>> e : out.entrySet()) {
            String name = unique(e.getKey().port(), names);
            outputs.add(new Subgraph.Output(name, portType(g, types.get(e.getKey()), e.getKey(), false), e.getKey()));
            for (PortRef to : e.getValue()) outer.add(new Link(new PortRef(subId, name), to));
            enclosingOut.put(e.getKey(), new PortRef(subId, name));
        }

        // enclosing promoted parameters of selected nodes: promoted on the new node under the same name
        List<Subgraph.Param> params = new ArrayList<>();
        List<Subgraph.Param> enclosingParams = new ArrayList<>();
        for (Subgraph.Param p : b.params()) {
            if (!sel.contains(p.node())) {
                enclosingParams.add(p);
                continue;
            }
            params.add(new Subgraph.Param(p.name(), p.node(), p.param()));
            enclosingParams.add(new Subgraph.Param(p.name(), subId, p.name()));
        }

        Graph fragment = Commands.fragment(g, sel);
        List<Conflict> moved = g.conflicts().stream().filter(c -> c.kind().aboutNode() && sel.contains(c.subject())).toList();
        Graph inner = new Graph(fragment.nodes(), fragment.links(), Map.of(), ViewState.DEFAULT, Map.of(), moved);
        double[] c = centre(inner);
        inner = inner.withView(new ViewState(c[0], c[1], g.view().zoom()));
        GraphNode node = GraphNode.subgraph(subId, "Subgraph", c[0], c[1], new Subgraph(inner, inputs, outputs, params, null));

        Graph rest = g.withoutNodes(sel);
        List<Link> ls = new ArrayList<>(rest.links());
        ls.addAll(outer);
        Graph result;
        try {
            result = rest.withNode(node).withLinks(ls);
        } catch (GraphException e) {
            throw new GraphException("cannot make a subgraph of these nodes: nodes outside the selection sit between selected ones"
                    + " (include them or leave the others out)");
        }
        List<Subgraph.Input> bIns = b.inputs().stream().map(i -> new Subgraph.Input(i.name(), i.type(),
                i.targets().stream().map(t -> enclosingIn.getOrDefault(t, t)).distinct().toList())).toList();
        List<Subgraph.Output> bOuts = b.outputs().stream().map(o -> new Subgraph.Output(o.name(), o.type(), enclosingOut.getOrDefault(o.source(), o.source()))).toList();
        return new Result(result, new Boundary(bIns, bOuts, enclosingParams));
    }

    /** What a boundary port carries: what flowed through it, or the inner port's declared type when that is unknown. */
    private DataType portType(Graph g, DataType flowing, PortRef inner, boolean input) {
        if (flowing != null && flowing != DataType.ANY) return flowing;
        Optional<NodeSpec> s = NodeSpecs.of(registry, g.requireNode(inner.node()));
        Optional<PortSpec> p = s.flatMap(x -> input ? x.input(inner.port()) : x.outputPort(inner.port()));
        return p.map(PortSpec::type).orElse(DataType.ANY);
    }

    private static String unique(String base, Set<String> taken) {
        String stem = GraphIds.isValid(base) ? base : "port";
        String name = stem;
        for (int i = 2; taken.contains(name); i++) name = stem + i;
        taken.add(name);
        return name;
    }

    /** The centre of the nodes' positions. */
    static double[] centre(Graph g) {
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (GraphNode n : g.nodes().values()) {
            minX = Math.min(minX, n.x());
            minY = Math.min(minY, n.y());
            maxX = Math.max(maxX, n.x());
            maxY = Math.max(maxY, n.y());
        }
        if (g.nodes().isEmpty()) return new double[]{0, 0};
        return new double[]{(minX + maxX) / 2, (minY + maxY) / 2};
    }

    /** {@link #unpack(List)} of a node at the top. */
    public Command unpack(String subId) {
        return unpack(List.of(subId));
    }

    /**
     * The subgraph node at {@code path} (its last id; the rest is where it sits) is replaced by
     * its inside, placed around where the node is, with the promoted values set on the inner
     * nodes and the outer links (and an enclosing interface) rewired to the inner ports. Inner
     * ids taken outside get fresh ones. Made and then unpacked where it was, a selection comes
     * back exactly as it was.
     */
    public Command unpack(List<String> path) {
        String subId = path.get(path.size() - 1);
        return atPath(path.subList(0, path.size() - 1), "Unpack subgraph", (g, b) -> unpack(g, subId, b));
    }

    private Result unpack(Graph g, String subId, Boundary b) {
        GraphNode n = g.requireNode(subId);
        if (!n.isSubgraph()) throw new GraphException("node " + subId + " is not a subgraph");
        if (n.bypass()) throw new GraphException("enable " + subId + " before unpacking it: bypass belongs to the subgraph node, not to what is inside");
        Subgraph sub = n.subgraph();
        Graph inner = Subgraphs.withPromotedValues(n);
        double[] c = centre(inner);
        double dx = n.x() - c[0];
        double dy = n.y() - c[1];

        Graph rest = g.withoutNodes(List.of(subId));
        Set<String> taken = new HashSet<>(rest.nodes().keySet());
        taken.addAll(inner.nodes().keySet());
        Map<String, String> rename = new HashMap<>();
        List<GraphNode> added = new ArrayList<>();
        for (GraphNode in : inner.nodes().values()) {
            String id = rest.nodes().containsKey(in.id()) ? GraphIds.next(GraphIds.baseFor(in.type()), taken) : in.id();
            taken.add(id);
            rename.put(in.id(), id);
            GraphNode placed = in.withId(id).withPosition(in.x() + dx, in.y() + dy);
            added.add(n.muted() ? placed.withMuted(true) : placed);
        }
        java.util.function.UnaryOperator<PortRef> renamed = p -> new PortRef(rename.get(p.node()), p.port());
        List<Link> ls = new ArrayList<>(rest.links());
        for (Link l : inner.links()) ls.add(new Link(renamed.apply(l.from()), renamed.apply(l.to())));
        for (Link l : g.linksInto(subId)) {
            sub.input(l.to().port()).ifPresent(in -> in.targets().forEach(t -> ls.add(new Link(l.from(), renamed.apply(t)))));
        }
        for (Link l : g.linksFrom(subId)) {
            sub.output(l.from().port()).ifPresent(o -> ls.add(new Link(renamed.apply(o.source()), l.to())));
        }
        Set<String> groupIds = new HashSet<>(rest.groups().keySet());
        Graph result = rest.withNodes(added).withLinks(ls);
        for (Group gr : inner.groups().values()) {
            String id = groupIds.contains(gr.id()) ? GraphIds.next("group", groupIds) : gr.id();
            groupIds.add(id);
            result = result.withGroup(new Group(id, gr.title(), gr.colour(), gr.bounds().translate(dx, dy)));
        }
        List<Conflict> cs = new ArrayList<>(result.conflicts());
        for (Conflict cf : inner.conflicts()) if (cf.kind().aboutNode()) cs.add(cf.withSubject(rename.get(cf.subject())));

        // an enclosing interface that named the unpacked node now names what was inside it
        List<Subgraph.Input> bIns = new ArrayList<>();
        for (Subgraph.Input i : b.inputs()) {
            List<PortRef> ts = new ArrayList<>();
            for (PortRef t : i.targets()) {
                if (!t.node().equals(subId)) ts.add(t);
                else sub.input(t.port()).ifPresent(x -> x.targets().forEach(it -> ts.add(renamed.apply(it))));
            }
            if (!ts.isEmpty()) bIns.add(new Subgraph.Input(i.name(), i.type(), ts.stream().distinct().toList()));
        }
        List<Subgraph.Output> bOuts = new ArrayList<>();
        for (Subgraph.Output o : b.outputs()) {
            if (!o.source().node().equals(subId)) bOuts.add(o);
            else sub.output(o.source().port()).ifPresent(x -> bOuts.add(new Subgraph.Output(o.name(), o.type(), renamed.apply(x.source()))));
        }
        List<Subgraph.Param> bParams = new ArrayList<>();
        for (Subgraph.Param p : b.params()) {
            if (!p.node().equals(subId)) bParams.add(p);
            else sub.param(p.param()).ifPresent(q -> bParams.add(new Subgraph.Param(p.name(), rename.get(q.node()), q.param())));
        }
        return new Result(result.withConflicts(cs), new Boundary(bIns, bOuts, bParams));
    }

    // ---- promoted parameters ----

    /**
     * Shows an inner node's parameter on the subgraph node as {@code name}, last in order. The
     * outer node starts without a value of its own, so the inner node's value still applies.
     */
    public Command promote(String subId, String innerNode, String param, String name) {
        return Command.of("Promote " + param, g -> {
            Subgraph sub = subgraph(g, subId);
            GraphNode inner = sub.graph().requireNode(innerNode);
            if (NodeSpecs.of(registry, inner).flatMap(s -> s.param(param)).isEmpty()) {
                throw new GraphException("node " + innerNode + " has no parameter '" + param + "'");
            }
            if (sub.promotionOf(innerNode, param).isPresent()) throw new GraphException(innerNode + "." + param + " is already promoted");
            if (sub.param(name).isPresent()) throw new GraphException("subgraph " + subId + " already has a parameter '" + name + "'");
            List<Subgraph.Param> ps = new ArrayList<>(sub.params());
            ps.add(new Subgraph.Param(name, innerNode, param));
            return Subgraphs.replaceSubgraph(g, subId, sub.withParams(ps));
        });
    }

    /** Stops showing a parameter on the subgraph node; the value it had there is kept on the inner node. */
    public Command unpromote(String subId, String name) {
        return Command.of("Remove parameter " + name, g -> {
            GraphNode n = g.requireNode(subId);
            Subgraph sub = subgraph(g, subId);
            Subgraph.Param p = sub.param(name).orElseThrow(() -> new GraphException("subgraph " + subId + " has no parameter '" + name + "'"));
            Graph inner = sub.graph();
            Object v = n.params().get(name);
            if (v != null) inner = inner.withNode(inner.requireNode(p.node()).withParam(p.param(), v));
            List<Subgraph.Param> ps = new ArrayList<>(sub.params());
            ps.remove(p);
            return Subgraphs.replaceSubgraph(g, subId, sub.withGraph(inner).withParams(ps));
        });
    }

    /** Renames a promoted parameter; the outer node's value moves with it. */
    public Command renameParam(String subId, String from, String to) {
        return Command.of("Rename parameter " + from, g -> {
            GraphNode n = g.requireNode(subId);
            Subgraph sub = subgraph(g, subId);
            Subgraph.Param p = sub.param(from).orElseThrow(() -> new GraphException("subgraph " + subId + " has no parameter '" + from + "'"));
            if (from.equals(to)) return g;
            if (sub.param(to).isPresent()) throw new GraphException("subgraph " + subId + " already has a parameter '" + to + "'");
            List<Subgraph.Param> ps = new ArrayList<>();
            for (Subgraph.Param q : sub.params()) ps.add(q == p ? new Subgraph.Param(to, p.node(), p.param()) : q);
            TreeMap<String, Object> values = new TreeMap<>(n.params());
            Object v = values.remove(from);
            if (v != null) values.put(to, v);
            return g.withNode(n.withSubgraph(sub.withParams(ps)).withParams(values));
        });
    }

    /** Moves a promoted parameter up (negative) or down the list the inspector shows. */
    public Command moveParam(String subId, String name, int by) {
        return Command.of("Reorder parameters", g -> {
            Subgraph sub = subgraph(g, subId);
            List<Subgraph.Param> ps = new ArrayList<>(sub.params());
            Subgraph.Param p = sub.param(name).orElseThrow(() -> new GraphException("subgraph " + subId + " has no parameter '" + name + "'"));
            int i = ps.indexOf(p);
            int j = Math.max(0, Math.min(ps.size() - 1, i + by));
            ps.remove(i);
            ps.add(j, p);
            return g.withNode(g.requireNode(subId).withSubgraph(sub.withParams(ps)));
        });
    }

    /** Renames a declared input or output; the outer links follow. */
    public Command renamePort(String subId, boolean input, String from, String to) {
        return Command.of("Rename " + (input ? "input " : "output ") + from, g -> {
            Subgraph sub = subgraph(g, subId);
            if (from.equals(to)) return g;
            Subgraph next;
            if (input) {
                if (sub.input(to).isPresent()) throw new GraphException("subgraph " + subId + " already has an input '" + to + "'");
                Subgraph.Input in = sub.input(from).orElseThrow(() -> new GraphException("subgraph " + subId + " has no input '" + from + "'"));
                next = sub.withInputs(sub.inputs().stream().map(i -> i == in ? new Subgraph.Input(to, i.type(), i.targets()) : i).toList());
            } else {
                if (sub.output(to).isPresent()) throw new GraphException("subgraph " + subId + " already has an output '" + to + "'");
                Subgraph.Output out = sub.output(from).orElseThrow(() -> new GraphException("subgraph " + subId + " has no output '" + from + "'"));
                next = sub.withOutputs(sub.outputs().stream().map(o -> o == out ? new Subgraph.Output(to, o.type(), o.source()) : o).toList());
            }
            List<Link> ls = new ArrayList<>();
            for (Link l : g.links()) {
                if (input && l.to().equals(new PortRef(subId, from))) ls.add(new Link(l.from(), new PortRef(subId, to)));
                else if (!input && l.from().equals(new PortRef(subId, from))) ls.add(new Link(new PortRef(subId, to), l.to()));
                else ls.add(l);
            }
            return g.withNode(g.requireNode(subId).withSubgraph(next)).withLinks(ls);
        });
    }

    private static Subgraph subgraph(Graph g, String id) {
        GraphNode n = g.requireNode(id);
        if (!n.isSubgraph()) throw new GraphException("node " + id + " is not a subgraph");
        return n.subgraph();
    }
}
