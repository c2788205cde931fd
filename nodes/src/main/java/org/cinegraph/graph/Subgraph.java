package org.cinegraph.graph;

import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.PortSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The inside of a subgraph node: an inner {@link Graph} and its interface. Declared inputs feed
 * inner input ports (one outer input may feed several), declared outputs are inner output ports,
 * and promoted parameters expose inner parameters on the outer node under a name and in an order
 * the user chose. A subgraph saved to a team library also names that entry (name, version and
 * the digest of the definition it embedded), so an opened graph can say when the library moved on;
 * the embedded copy is what renders.
 * <p>
 * Immutable, and sound like {@link Graph}: interface names are unique and valid, every reference
 * names an inner node, a declared input never feeds an inner input that is linked inside. Whether
 * the named ports and parameters exist on the inner node types is the validator's business.
 */
public final class Subgraph {
    /** The node type id of subgraph nodes; their ports and parameters come from the subgraph, not a registry. */
    public static final String TYPE = "graph.subgraph";
    public static final int TYPE_VERSION = 1;
    /** The palette category of subgraphs that are not from a library. */
    public static final String CATEGORY = "Subgraphs";

    /** An input of the outer node and the inner input ports it feeds. */
    public record Input(String name, DataType type, List<PortRef> targets) {
        public Input {
            Objects.requireNonNull(type, "type");
            targets = List.copyOf(targets);
            if (!GraphIds.isValid(name)) throw new GraphException("subgraph input name '" + name + "' is not valid (letters, digits, '_' and '-', starting with a letter)");
            if (targets.isEmpty()) throw new GraphException("subgraph input '" + name + "' feeds nothing inside");
        }
    }

    /** An output of the outer node: an inner output port. */
    public record Output(String name, DataType type, PortRef source) {
        public Output {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(source, "source");
            if (!GraphIds.isValid(name)) throw new GraphException("subgraph output name '" + name + "' is not valid (letters, digits, '_' and '-', starting with a letter)");
        }
    }

    /** An inner node's parameter shown on the outer node as {@code name}. */
    public record Param(String name, String node, String param) {
        public Param {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(param, "param");
            if (!GraphIds.isValid(name)) throw new GraphException("promoted parameter name '" + name + "' is not valid (letters, digits, '_' and '-', starting with a letter)");
        }
    }

    /** Which library entry this subgraph was taken from: its name, version and the digest of the definition then. */
    public record LibraryRef(String name, int version, String sha256) {
        public LibraryRef {
            if (name == null || name.isBlank()) throw new GraphException("a library subgraph needs a name");
            if (version < 1) throw new GraphException("library subgraph '" + name + "' has version " + version + "; versions start at 1");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) throw new GraphException("library subgraph '" + name + "' has no valid sha256 digest");
        }
    }

    private final Graph graph;
    private final List<Input> inputs;
    private final List<Output> outputs;
    private final List<Param> params;
    private final LibraryRef library;
    // The derived spec is asked for on every repaint and validation; it depends only on this value and the registry.
    private volatile Object[] specCache;

    public Subgraph(Graph graph, List<Input> inputs, List<Output> outputs, List<Param> params, LibraryRef library) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.params = List.copyOf(params);
        this.library = library;
        check();
    }

    private void check() {
        Set<String> names = new HashSet<>();
        Set<PortRef> fed = new HashSet<>();
        for (Input in : inputs) {
            if (!names.add(in.name())) throw new GraphException("the subgraph declares input '" + in.name() + "' twice");
            for (PortRef t : in.targets()) {
                if (!graph.nodes().containsKey(t.node())) throw new GraphException("subgraph input '" + in.name() + "' feeds missing inner node '" + t.node() + "'");
                if (graph.linkInto(t).isPresent()) throw new GraphException("subgraph input '" + in.name() + "' feeds " + t + ", which is already linked inside");
                if (!fed.add(t)) throw new GraphException("inner input " + t + " is fed by two subgraph inputs");
            }
        }
        names.clear();
        for (Output o : outputs) {
            if (!names.add(o.name())) throw new GraphException("the subgraph declares output '" + o.name() + "' twice");
            if (!graph.nodes().containsKey(o.source().node())) throw new GraphException("subgraph output '" + o.name() + "' comes from missing inner node '" + o.source().node() + "'");
        }
        names.clear();
        Set<String> promoted = new HashSet<>();
        for (Param p : params) {
            if (!names.add(p.name())) throw new GraphException("the subgraph promotes two parameters as '" + p.name() + "'");
            if (!graph.nodes().containsKey(p.node())) throw new GraphException("promoted parameter '" + p.name() + "' names missing inner node '" + p.node() + "'");
            if (!promoted.add(p.node() + "." + p.param())) throw new GraphException("inner parameter " + p.node() + "." + p.param() + " is promoted twice");
        }
    }

    public static Subgraph of(Graph graph, List<Input> inputs, List<Output> outputs) {
        return new Subgraph(graph, inputs, outputs, List.of(), null);
    }

    public Graph graph() {
        return graph;
    }

    public List<Input> inputs() {
        return inputs;
    }

    public List<Output> outputs() {
        return outputs;
    }

    public List<Param> params() {
        return params;
    }

    public Optional<LibraryRef> library() {
        return Optional.ofNullable(library);
    }

    public Optional<Input> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<Output> output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The promotion of an inner node's parameter, if it is promoted. */
    public Optional<Param> promotionOf(String node, String param) {
        return params.stream().filter(p -> p.node().equals(node) && p.param().equals(param)).findFirst();
    }

    /**
     * This subgraph with another inner graph (an edit made inside). References to inner nodes
     * the new graph no longer has, and declared inputs whose inner port got linked inside, are
     * dropped, so the interface follows the inside.
     */
    public Subgraph withGraph(Graph g) {
        return fitting(g, inputs, outputs, params, library);
    }

    /** A subgraph of {@code g} with the parts of this interface that fit it (see {@link #withGraph}). */
    public static Subgraph fitting(Graph g, List<Input> inputs, List<Output> outputs, List<Param> params, LibraryRef library) {
        List<Input> ins = new ArrayList<>();
        Set<PortRef> fed = new HashSet<>();
        for (Input in : inputs) {
            List<PortRef> ts = in.targets().stream().filter(t -> g.nodes().containsKey(t.node()) && g.linkInto(t).isEmpty() && fed.add(t)).toList();
            if (!ts.isEmpty()) ins.add(new Input(in.name(), in.type(), ts));
        }
        List<Output> outs = outputs.stream().filter(o -> g.nodes().containsKey(o.source().node())).toList();
        List<Param> ps = params.stream().filter(p -> g.nodes().containsKey(p.node())).toList();
        return new Subgraph(g, ins, outs, ps, library);
    }

    public Subgraph withInputs(List<Input> ins) {
        return new Subgraph(graph, ins, outputs, params, library);
    }

    public Subgraph withOutputs(List<Output> outs) {
        return new Subgraph(graph, inputs, outs, params, library);
    }

    public Subgraph withParams(List<Param> ps) {
        return new Subgraph(graph, inputs, outputs, ps, library);
    }

    public Subgraph withLibrary(LibraryRef ref) {
        return new Subgraph(graph, inputs, outputs, params, ref);
    }

    /**
     * The node spec a subgraph node shows: its declared ports (an input is required when an inner
     * port it feeds is), its promoted parameters (the inner parameter's spec under the promoted
     * name, defaulting to the inner node's value), writing files when an inner node does, and per
     * frame when every Image/Mask input feeds only inputs that take clips frame by frame, so a
     * clip can be wired in as it can into the nodes inside. Cached per registry.
     */
    public NodeSpec spec(NodeRegistry registry) {
        Object[] c = specCache;
        if (c != null && c[0] == registry) return (NodeSpec) c[1];
        NodeSpec s = deriveSpec(registry);
        specCache = new Object[]{registry, s};
        return s;
    }

    private NodeSpec deriveSpec(NodeRegistry registry) {
        List<PortSpec> ins = new ArrayList<>();
        boolean perFrame = !inputs.isEmpty();
        boolean anyImage = false;
        for (Input in : inputs) {
            boolean required = false;
            boolean lifts = true;
            for (PortRef t : in.targets()) {
                Optional<NodeSpec> ts = NodeSpecs.of(registry, graph.requireNode(t.node()));
                Optional<PortSpec> p = ts.flatMap(s -> s.input(t.port()));
                required |= p.map(PortSpec::required).orElse(false);
                lifts &= p.isPresent() && ts.get().perFrame() && (p.get().type() == DataType.IMAGE || p.get().type() == DataType.MASK);
            }
            if (in.type() == DataType.IMAGE || in.type() == DataType.MASK) {
                anyImage = true;
                perFrame &= lifts;
            }
            ins.add(new PortSpec(in.name(), in.type(), required, ""));
        }
        List<ParamSpec> ps = new ArrayList<>();
        for (Param p : params) innerParam(registry, p).ifPresent(ps::add);
        List<PortSpec> outs = outputs.stream().map(o -> PortSpec.output(o.name(), o.type(), "")).toList();
        boolean writes = graph.nodes().values().stream().anyMatch(n -> NodeSpecs.of(registry, n).map(NodeSpec::output).orElse(false));
        String name = library().map(LibraryRef::name).orElse("Subgraph");
        return new NodeSpec(TYPE, TYPE_VERSION, CATEGORY, name, library().map(l -> "Library subgraph " + l.name() + " v" + l.version()).orElse("A graph inside a node"),
                ins, ps, outs, writes, perFrame && anyImage);
    }

    /** The spec of a promoted parameter: the inner one renamed, its default the inner node's value. */
    public Optional<ParamSpec> innerParam(NodeRegistry registry, Param p) {
        GraphNode n = graph.requireNode(p.node());
        Optional<ParamSpec> inner = NodeSpecs.of(registry, n).flatMap(s -> s.param(p.param()));
        if (inner.isEmpty()) return Optional.empty();
        ParamSpec s = inner.get();
        Object def = s.storedOrDefault(n.params());
        try {
            return Optional.of(new ParamSpec(p.name(), s.type(), def, s.min(), s.max(), s.choices(), s.widget(), s.description(), s.softMin(), s.softMax()));
        } catch (IllegalArgumentException e) {
            // the inner node stores a value its type refuses: the validator names it; keep the type's default
            return Optional.of(new ParamSpec(p.name(), s.type(), s.defaultValue(), s.min(), s.max(), s.choices(), s.widget(), s.description(), s.softMin(), s.softMax()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subgraph s && graph.equals(s.graph) && inputs.equals(s.inputs) && outputs.equals(s.outputs)
                && params.equals(s.params) && Objects.equals(library, s.library);
    }

    @Override
    public int hashCode() {
        return Objects.hash(graph, inputs, outputs, params, library);
    }

    @Override
    public String toString() {
        return "Subgraph[" + graph + ", " + inputs.size() + " in, " + outputs.size() + " out, " + params.size() + " params"
                + (library == null ? "" : ", library " + library.name() + " v" + library.version()) + "]";
    }
}
