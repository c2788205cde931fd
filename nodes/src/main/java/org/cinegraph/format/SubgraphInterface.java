package org.cinegraph.format;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.spi.DataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The interface of a subgraph as a file stores it, in a subgraph node's "subgraph" object and in
 * a library file's "library" block:
 * <pre>
 *   "library": {"name": "Upscale and sharpen", "sha256": "...", "version": 2},   (subgraph nodes taken from a library)
 *   "inputs":  [ {"name": "image", "to": ["resize1.image", "sharpen1.image"], "type": "image"} ],
 *   "outputs": [ {"from": "sharpen1.image", "name": "image", "type": "image"} ],
 *   "params":  [ {"name": "amount", "node": "sharpen1", "param": "amount"} ]   (in the order shown)
 * </pre>
 * Each entry is one line with its keys sorted. Types are data type names in lower case.
 */
public final class SubgraphInterface {
    /** Fields of a subgraph object besides its graph's own (nodes, links, groups, view, conflicts). */
    static final Set<String> FIELDS = Set.of("library", "inputs", "outputs", "params", "nodes", "links", "groups", "view", "conflicts");
    /** How deep subgraphs may nest in a file (a guard against files built to exhaust the stack). */
    static final int MAX_DEPTH = 32;

    private SubgraphInterface() {
    }

    /**
     * The subgraph made of {@code inner} and the interface fields in {@code fields} (plain values:
     * "inputs", "outputs", "params", and "library" when {@code withLibraryRef}).
     *
     * @throws IllegalArgumentException naming the entry when a field has the wrong shape
     * @throws GraphException           when the interface names nodes the inner graph lacks
     */
    public static Subgraph read(Graph inner, Map<String, Object> fields, boolean withLibraryRef) {
        Parts p = parts(fields, withLibraryRef);
        return new Subgraph(inner, p.inputs, p.outputs, p.params, p.ref);
    }

    /** Like {@link #read} with the library reference, keeping only the references {@code inner} can satisfy. */
    public static Subgraph fitting(Graph inner, Map<String, Object> fields) {
        Parts p = parts(fields, true);
        return Subgraph.fitting(inner, p.inputs, p.outputs, p.params, p.ref);
    }

    private record Parts(List<Subgraph.Input> inputs, List<Subgraph.Output> outputs, List<Subgraph.Param> params, Subgraph.LibraryRef ref) {
    }

    private static Parts parts(Map<String, Object> fields, boolean withLibraryRef) {
        List<Subgraph.Input> inputs = new ArrayList<>();
        for (Map<String, Object> m : entries(fields, "inputs")) {
            List<PortRef> to = new ArrayList<>();
            if (!(m.get("to") instanceof List<?> l)) throw new IllegalArgumentException("input " + m.get("name") + ": \"to\" must be a list of \"node.port\"");
            for (Object t : l) to.add(port(t, "input " + m.get("name")));
            inputs.add(new Subgraph.Input(text(m, "name", "an input"), type(m, "input"), to));
        }
        List<Subgraph.Output> outputs = new ArrayList<>();
        for (Map<String, Object> m : entries(fields, "outputs")) {
            outputs.add(new Subgraph.Output(text(m, "name", "an output"), type(m, "output"), port(m.get("from"), "output " + m.get("name"))));
        }
        List<Subgraph.Param> params = new ArrayList<>();
        for (Map<String, Object> m : entries(fields, "params")) {
            params.add(new Subgraph.Param(text(m, "name", "a parameter"), text(m, "node", "parameter " + m.get("name")), text(m, "param", "parameter " + m.get("name"))));
        }
        Subgraph.LibraryRef ref = null;
        if (withLibraryRef && fields.get("library") != null) {
            if (!(fields.get("library") instanceof Map<?, ?> lib)) throw new IllegalArgumentException("\"library\" must be an object");
            @SuppressWarnings("unchecked")
            Map<String, Object> l = (Map<String, Object>) lib;
            ref = new Subgraph.LibraryRef(text(l, "name", "the library reference"), version(l.get("version")), text(l, "sha256", "the library reference"));
        }
        return new Parts(inputs, outputs, params, ref);
    }

    /** The interface fields of a subgraph as plain values, in file order: "library" (if any), "inputs", "outputs", "params". */
    public static Map<String, Object> write(Subgraph s, boolean withLibraryRef) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (withLibraryRef && s.library().isPresent()) {
            Subgraph.LibraryRef r = s.library().get();
            Map<String, Object> l = new TreeMap<>();
            l.put("name", r.name());
            l.put("version", (long) r.version());
            l.put("sha256", r.sha256());
            out.put("library", l);
        }
        List<Object> ins = new ArrayList<>();
        for (Subgraph.Input in : s.inputs()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("name", in.name());
            m.put("type", typeName(in.type()));
            m.put("to", in.targets().stream().map(PortRef::toString).toList());
            ins.add(m);
        }
        out.put("inputs", ins);
        List<Object> outs = new ArrayList<>();
        for (Subgraph.Output o : s.outputs()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("name", o.name());
            m.put("type", typeName(o.type()));
            m.put("from", o.source().toString());
            outs.add(m);
        }
        out.put("outputs", outs);
        List<Object> ps = new ArrayList<>();
        for (Subgraph.Param p : s.params()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("name", p.name());
            m.put("node", p.node());
            m.put("param", p.param());
            ps.add(m);
        }
        out.put("params", ps);
        return out;
    }

    static String typeName(DataType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> fields, String name) {
        Object v = fields.get(name);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException("\"" + name + "\" must be a list");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : l) {
            if (!(e instanceof Map<?, ?> m)) throw new IllegalArgumentException("each entry of \"" + name + "\" must be an object");
            out.add((Map<String, Object>) m);
        }
        return out;
    }

    private static String text(Map<String, Object> m, String key, String what) {
        if (!(m.get(key) instanceof String s)) throw new IllegalArgumentException(what + ": \"" + key + "\" must be text");
        return s;
    }

    private static DataType type(Map<String, Object> m, String what) {
        String t = text(m, "type", what + " " + m.get("name"));
        try {
            return DataType.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " " + m.get("name") + ": unknown type '" + t + "'");
        }
    }

    private static int version(Object v) {
        if (!(v instanceof Long l) || l < 1 || l > Integer.MAX_VALUE) throw new IllegalArgumentException("the library \"version\" must be a whole number from 1");
        return l.intValue();
    }

    private static PortRef port(Object v, String what) {
        if (!(v instanceof String s)) throw new IllegalArgumentException(what + ": a port must be \"node.port\" text");
        int dot = s.indexOf('.');
        if (dot <= 0 || dot == s.length() - 1) throw new IllegalArgumentException(what + ": \"" + s + "\" is not \"node.port\"");
        return new PortRef(s.substring(0, dot), s.substring(dot + 1));
    }
}
