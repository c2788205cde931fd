package org.cinegraph.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Graph to canonical JSON. The key order of every object the format defines is fixed here;
 * every other map (parameters, unknown fields, values inside them) is written sorted by key, so
 * the bytes depend only on the graph. See {@link GraphFile} for the layout.
 */
final class GraphEncoder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final NodeRegistry registry;
    // Identity, not equality: a parameter map that happens to equal a position is not inlined.
    private final Set<JsonNode> inline = Collections.newSetFromMap(new IdentityHashMap<>());

    private GraphEncoder(NodeRegistry registry) {
        this.registry = registry;
    }

    /** @throws IllegalArgumentException naming the node and parameter if a value has no JSON form */
    static String encode(Graph g, NodeRegistry registry) {
        GraphEncoder e = new GraphEncoder(registry);
        return JsonText.write(e.document(g), e.inline);
    }

    private ObjectNode document(Graph g) {
        ObjectNode doc = JSON.objectNode();
        doc.put("format", GraphFile.FORMAT);
        doc.put("version", Migrations.CURRENT);
        doc.set("requires", requires(g));
        body(doc, g, "the graph");
        // a library file's declaration: one line per port and parameter, as in a subgraph node
        if (doc.get("library") instanceof ObjectNode lib) {
            for (String f : new String[]{"inputs", "outputs", "params"}) {
                if (lib.get(f) instanceof ArrayNode a) a.forEach(this::inlineAll);
            }
        }
        return doc;
    }

    /** Nodes, links, groups, view, conflicts and unknown fields: a file's graph, or a subgraph's inside. */
    private void body(ObjectNode doc, Graph g, String who) {
        ArrayNode nodes = doc.putArray("nodes");
        for (GraphNode n : g.nodes().values()) nodes.add(node(n));
        ArrayNode links = doc.putArray("links");
        for (Link l : g.links()) {
            ObjectNode o = links.addObject();
            o.put("from", l.from().toString());
            o.put("to", l.to().toString());
            inline.add(o);
        }
        ArrayNode groups = doc.putArray("groups");
        for (Group gr : g.groups().values()) {
            ObjectNode o = groups.addObject();
            o.put("id", gr.id());
            o.put("title", gr.title());
            o.put("colour", gr.colour());
            ObjectNode b = o.putObject("bounds");
            b.put("x", finite(gr.bounds().x(), "group " + gr.id()));
            b.put("y", finite(gr.bounds().y(), "group " + gr.id()));
            b.put("width", finite(gr.bounds().width(), "group " + gr.id()));
            b.put("height", finite(gr.bounds().height(), "group " + gr.id()));
            inline.add(b);
        }
        ObjectNode view = doc.putObject("view");
        view.put("centerX", finite(g.view().centerX(), "view"));
        view.put("centerY", finite(g.view().centerY(), "view"));
        view.put("zoom", finite(g.view().zoom(), "view"));
        inline.add(view);
        if (!g.conflicts().isEmpty()) {
            ArrayNode conflicts = doc.putArray("conflicts");
            for (Conflict c : g.conflicts()) conflicts.add(conflict(c));
        }
        extras(doc, g.extra(), who);
    }

    /** A subgraph node's inside: its interface (one line per entry), then its graph. */
    private ObjectNode subgraph(Subgraph s, String who, boolean withLibraryRef) {
        ObjectNode o = JSON.objectNode();
        SubgraphInterface.write(s, withLibraryRef).forEach((k, v) -> {
            JsonNode json = value(v, who);
            o.set(k, json);
            if (json.isObject()) inlineAll(json);
            else json.forEach(this::inlineAll);
        });
        body(o, s.graph(), who + "'s subgraph");
        return o;
    }

    /** The canonical text of a subgraph's definition, its library reference left out: what its digest covers. */
    static String definition(Subgraph s) {
        GraphEncoder e = new GraphEncoder(null); // the registry only derives "requires", which a definition has not
        return JsonText.write(e.subgraph(s, "the subgraph", false), e.inline);
    }

    /** One line per conflict, values included, so resolving one is a one-line change. */
    private ObjectNode conflict(Conflict c) {
        ObjectNode o = JSON.objectNode();
        o.put("kind", ConflictKinds.name(c.kind()));
        if (c.kind().aboutNode()) o.put("node", c.subject());
        if (c.kind().aboutGroup()) o.put("group", c.subject());
        if (!c.name().isEmpty()) o.put("name", c.name());
        if (c.deletedBy() != null) o.put("deletedBy", c.deletedBy().label());
        String who = "conflict on " + (c.subject().isEmpty() ? "the graph" : c.subject());
        for (Conflict.Side side : new Conflict.Side[]{Conflict.Side.OURS, Conflict.Side.THEIRS, Conflict.Side.BASE}) {
            if (c.values().containsKey(side)) o.set(side.label(), value(c.values().get(side), who));
        }
        if (!c.note().isEmpty()) o.put("note", c.note());
        inlineAll(o);
        return o;
    }

    private void inlineAll(JsonNode n) {
        if (!n.isContainerNode()) return;
        inline.add(n);
        n.forEach(this::inlineAll);
    }

    private ObjectNode requires(Graph g) {
        ObjectNode r = JSON.objectNode();
        Map<String, Integer> types = new TreeMap<>();
        for (GraphNode n : Subgraphs.allNodes(g).values()) types.merge(n.type(), n.typeVersion(), Math::max);
        ObjectNode nodes = r.putObject("nodes");
        types.forEach(nodes::put);
        // Declared by the node types (name + digest of the weights), so a teammate sees what to pull.
        ArrayNode models = r.putArray("models");
        for (ModelRef m : RequiredModels.of(g, registry)) {
            ObjectNode o = models.addObject();
            o.put("name", m.name());
            o.put("sha256", m.sha256());
            inline.add(o);
        }
        ArrayNode assets = r.putArray("assets");
        AssetPaths.assets(g, registry).forEach(assets::add);
        return r;
    }

    private ObjectNode node(GraphNode n) {
        String who = "node " + n.id();
        ObjectNode o = JSON.objectNode();
        o.put("id", n.id());
        o.put("type", n.type());
        o.put("typeVersion", n.typeVersion());
        o.put("title", n.title());
        ObjectNode pos = o.putObject("position");
        pos.put("x", finite(n.x(), who + ": position"));
        pos.put("y", finite(n.y(), who + ": position"));
        inline.add(pos);
        ObjectNode params = o.putObject("params");
        n.params().forEach((k, v) -> params.set(k, value(v, who + ": parameter '" + k + "'")));
        // Defaults are left out so that toggling and untoggling leaves no trace in diffs.
        if (n.bypass()) o.put("bypass", true);
        if (n.muted()) o.put("muted", true);
        if (n.collapsed()) o.put("collapsed", true);
        if (!n.notes().isEmpty()) o.put("notes", n.notes());
        if (n.isSubgraph()) o.set("subgraph", subgraph(n.subgraph(), who, true));
        extras(o, n.extra(), who);
        return o;
    }

    /** Unknown fields go after the known ones, sorted (the map is sorted). */
    private void extras(ObjectNode o, Map<String, Object> extra, String who) {
        extra.forEach((k, v) -> {
            if (o.has(k)) throw new IllegalArgumentException(who + ": extra field '" + k + "' clashes with a field of the format");
            o.set(k, value(v, who + ": field '" + k + "'"));
        });
    }

    private JsonNode value(Object v, String where) {
        if (v == null) return JSON.nullNode();
        if (v instanceof String s) return JSON.textNode(s);
        if (v instanceof Boolean b) return JSON.booleanNode(b);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return JSON.numberNode(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) return JSON.numberNode(finite(((Number) v).doubleValue(), where));
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = JSON.objectNode();
            Map<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) throw new IllegalArgumentException(where + " has a map key that is not text: " + e.getKey());
                sorted.put(k, e.getValue());
            }
            sorted.forEach((k, x) -> o.set(k, value(x, where)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = JSON.arrayNode();
            for (Object x : c) a.add(value(x, where));
            return a;
        }
        throw new IllegalArgumentException(where + " holds a " + v.getClass().getName() + ", which a graph file cannot store");
    }

    private static double finite(double d, String where) {
        if (!Double.isFinite(d)) throw new IllegalArgumentException(where + " is " + d + ", which a graph file cannot store");
        return d;
    }
}
