package org.cinegraph.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.GraphIds;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.ViewState;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON text to Graph. Checks everything a {@link Graph} requires, and ports against the
 * registry for installed types, before building anything: the result is a whole graph or a
 * {@link GraphFormatException} that points at the offending line and node.
 */
final class GraphDecoder {
    private static final Set<String> TOP_FIELDS = Set.of("format", "version", "requires", "nodes", "links", "groups", "view", "conflicts");
    private static final Set<String> NODE_FIELDS = Set.of("id", "type", "typeVersion", "title", "position", "params",
            "bypass", "muted", "collapsed", "notes");
    private static final Set<String> SUBGRAPH_NODE_FIELDS = Set.of("id", "type", "typeVersion", "title", "position", "params",
            "bypass", "muted", "collapsed", "notes", "subgraph");

    private final String source;
    private final NodeRegistry registry;
    private final List<Problem> warnings = new ArrayList<>();
    /** The path of the subgraph being read ("sub1/"), "" at the top: node ids in messages carry it. */
    private String prefix = "";
    /** Where each value starts in the text; empty after a migration, whose tree no longer matches the text. */
    private Map<String, JsonLocation> locations;

    private GraphDecoder(String source, NodeRegistry registry, Map<String, JsonLocation> locations) {
        this.source = source;
        this.registry = registry;
        this.locations = locations;
    }

    static LoadedGraph decode(String text, String source, NodeRegistry registry) throws GraphFormatException {
        JsonText.Parsed parsed = JsonText.parse(text, source);
        GraphDecoder d = new GraphDecoder(source, registry, parsed.locations());
        Graph g = d.graph(parsed.root());
        return new LoadedGraph(g, d.warnings, declaredModels(parsed.root()));
    }

    /**
     * The well-formed entries of requires.models. The list is derived on save, so a damaged entry
     * is skipped rather than refusing the graph.
     */
    private static List<ModelRef> declaredModels(ObjectNode doc) {
        List<ModelRef> out = new ArrayList<>();
        JsonNode models = doc.path("requires").path("models");
        if (!models.isArray()) return out;
        for (JsonNode m : models) {
            if (m.path("name").isTextual() && m.path("sha256").isTextual()) out.add(new ModelRef(m.get("name").textValue(), m.get("sha256").textValue()));
        }
        return out;
    }

    private Graph graph(ObjectNode doc) throws GraphFormatException {
        Obj top = new Obj(doc, "", null);
        JsonNode format = doc.get("format");
        if (format == null) throw fail("", null, "not a Cinegraph graph: the \"format\" field is missing");
        if (!GraphFile.FORMAT.equals(format.textValue())) {
            throw fail("/format", null, "not a Cinegraph graph: \"format\" is " + format + ", expected \"" + GraphFile.FORMAT + "\"");
        }
        long version = top.integer("version", true, 0);
        if (version > Migrations.CURRENT) {
            throw fail("/version", null, "made by a newer Cinegraph (format version " + version + "); this build reads up to " + Migrations.CURRENT);
        }
        if (version < 0) throw fail("/version", null, "format version " + version + " is not valid");
        if (version < Migrations.CURRENT) {
            try {
                doc = Migrations.upgrade(doc, (int) version);
            } catch (IllegalArgumentException e) {
                throw fail(null, null, "cannot upgrade from format version " + version + ": " + e.getMessage());
            }
            locations = Map.of();
            top = new Obj(doc, "", null);
            warnings.add(Problem.warning(Problem.Code.FORMAT, "", "upgraded from format version " + version + "; saving will write version " + Migrations.CURRENT));
        }
        if (doc.has("requires")) top.object("requires"); // derived from the graph on save, so only its shape is checked
        return body(top, "", TOP_FIELDS);
    }

    /**
     * Nodes, links, groups, view, conflicts and unknown fields: a whole file's graph, or the
     * inside of a subgraph node ({@code ptr} is where that object sits, {@code prefix} the
     * subgraph's path for node ids in messages).
     */
    private Graph body(Obj top, String ptr, Set<String> known) throws GraphFormatException {
        ObjectNode doc = top.json;
        Map<String, GraphNode> nodes = new TreeMap<>();
        Map<String, String> nodePtr = new HashMap<>();
        JsonNode arr = top.array("nodes");
        for (int i = 0; i < arr.size(); i++) {
            GraphNode n = node(arr.get(i), ptr + "/nodes/" + i);
            if (nodes.containsKey(n.id())) {
                throw fail(ptr + "/nodes/" + i, n.id(), "duplicate node id '" + n.id() + "' (also at " + where(nodePtr.get(n.id())) + ")");
            }
            nodes.put(n.id(), n);
            nodePtr.put(n.id(), ptr + "/nodes/" + i);
        }

        List<Link> links = new ArrayList<>();
        Map<PortRef, Link> byInput = new HashMap<>();
        JsonNode ls = doc.has("links") ? top.array("links") : null;
        for (int i = 0; ls != null && i < ls.size(); i++) {
            Link l = link(ls.get(i), ptr + "/links/" + i, nodes);
            Link prev = byInput.put(l.to(), l);
            if (prev != null) throw fail(ptr + "/links/" + i, l.to().node(), "input " + l.to() + " has more than one link (" + prev + " and " + l + ")");
            links.add(l);
        }

        Map<String, Group> groups = new TreeMap<>();
        JsonNode gs = doc.has("groups") ? top.array("groups") : null;
        for (int i = 0; gs != null && i < gs.size(); i++) {
            Group gr = group(gs.get(i), ptr + "/groups/" + i);
            if (groups.put(gr.id(), gr) != null) throw fail(ptr + "/groups/" + i, null, "duplicate group id '" + gr.id() + "'");
        }

        ViewState view = ViewState.DEFAULT;
        if (doc.has("view")) {
            Obj v = top.object("view");
            double zoom = v.number("zoom", false, 1);
            if (!(zoom > 0)) throw fail(ptr + "/view/zoom", null, "the view's zoom must be positive, not " + zoom);
            view = new ViewState(v.number("centerX", false, 0), v.number("centerY", false, 0), zoom);
            v.dropUnknown(Set.of("centerX", "centerY", "zoom"), "the view");
        }

        List<Conflict> conflicts = new ArrayList<>();
        JsonNode cs = doc.has("conflicts") ? top.array("conflicts") : null;
        for (int i = 0; cs != null && i < cs.size(); i++) {
            Conflict c = conflict(cs.get(i), ptr + "/conflicts/" + i);
            boolean exists = c.kind().aboutNode() ? nodes.containsKey(c.subject()) : !c.kind().aboutGroup() || groups.containsKey(c.subject());
            // Deleting the node (or group) by hand settles its conflicts; say so rather than refuse the file.
            if (exists) conflicts.add(c);
            else warnings.add(Problem.warning(Problem.Code.FORMAT, "", "a merge conflict about " + (c.kind().aboutNode() ? "node " + prefix : "group ") + c.subject()
                    + ", which the graph no longer has, is dropped"));
        }

        Map<String, Object> extra = top.unknown(known);
        try {
            return new Graph(nodes, links, groups, view, extra, conflicts);
        } catch (GraphException e) {
            // Everything else was checked above; what is left is a cycle, which has no single place.
            throw fail(ptr.isEmpty() ? null : ptr, null, (prefix.isEmpty() ? "" : "inside subgraph " + prefix.substring(0, prefix.length() - 1) + ": ") + e.getMessage());
        }
    }

    private GraphNode node(JsonNode json, String ptr) throws GraphFormatException {
        if (!json.isObject()) throw fail(ptr, null, "each entry of \"nodes\" must be an object, not " + describe(json));
        Obj o = new Obj((ObjectNode) json, ptr, null);
        String id = o.text("id", true, null);
        if (!GraphIds.isValid(id)) {
            throw fail(ptr + "/id", null, "node id '" + id + "' is not valid (1 to 64 letters, digits, '_' or '-', starting with a letter)");
        }
        o = new Obj((ObjectNode) json, ptr, id);
        String type = o.text("type", true, null);
        if (type.isEmpty()) throw fail(ptr + "/type", id, "\"type\" must not be empty");
        long typeVersion = o.integer("typeVersion", true, 0);
        if (typeVersion < 1 || typeVersion > Integer.MAX_VALUE) throw fail(ptr + "/typeVersion", id, "\"typeVersion\" must be 1 or more, not " + typeVersion);
        Obj pos = o.object("position");
        double x = pos.number("x", true, 0);
        double y = pos.number("y", true, 0);
        pos.dropUnknown(Set.of("x", "y"), "the position");
        TreeMap<String, Object> params = new TreeMap<>();
        if (o.json.has("params")) {
            Obj p = o.object("params");
            p.json.fields().forEachRemaining(e -> params.put(e.getKey(), plain(e.getValue())));
        }
        if (Subgraph.TYPE.equals(type)) {
            if (typeVersion > Subgraph.TYPE_VERSION) {
                warnings.add(Problem.warning(Problem.Code.NEWER_NODE_TYPE, prefix + id, "subgraph node version " + typeVersion + " is newer than this build's " + Subgraph.TYPE_VERSION));
            }
            Subgraph sub = subgraph(o, ptr, id);
            return new GraphNode(id, type, (int) typeVersion, o.text("title", false, ""), x, y, params,
                    o.bool("bypass"), o.bool("muted"), o.bool("collapsed"), o.text("notes", false, ""), o.unknown(SUBGRAPH_NODE_FIELDS), sub);
        }
        NodeType known = registry.find(type).orElse(null);
        if (known == null) {
            warnings.add(Problem.warning(Problem.Code.UNKNOWN_NODE_TYPE, prefix + id, "node type '" + type + "' (version " + typeVersion + ") is not installed; the node is kept as a placeholder"));
        } else if (typeVersion > known.spec().version()) {
            warnings.add(Problem.warning(Problem.Code.NEWER_NODE_TYPE, prefix + id, "node type '" + type + "' version " + typeVersion + " is newer than the installed version " + known.spec().version()));
        }
        return new GraphNode(id, type, (int) typeVersion, o.text("title", false, ""), x, y, params,
                o.bool("bypass"), o.bool("muted"), o.bool("collapsed"), o.text("notes", false, ""), o.unknown(NODE_FIELDS));
    }

    /** The inside of a subgraph node: its interface (see {@link SubgraphInterface}) and its graph, read like a file's. */
    private Subgraph subgraph(Obj node, String ptr, String id) throws GraphFormatException {
        if (prefix.chars().filter(c -> c == '/').count() >= SubgraphInterface.MAX_DEPTH) {
            throw fail(ptr, id, "subgraphs are nested more than " + SubgraphInterface.MAX_DEPTH + " deep");
        }
        Obj o = node.object("subgraph");
        String outer = prefix;
        prefix = outer + id + "/";
        Graph inner;
        try {
            inner = body(o, o.ptr, SubgraphInterface.FIELDS);
        } finally {
            prefix = outer;
        }
        try {
            Map<String, Object> fields = new TreeMap<>();
            for (String f : List.of("library", "inputs", "outputs", "params")) if (o.json.has(f)) fields.put(f, plain(o.json.get(f)));
            return SubgraphInterface.read(inner, fields, true);
        } catch (IllegalArgumentException | GraphException e) {
            throw fail(o.ptr, id, "subgraph: " + e.getMessage());
        }
    }

    private Link link(JsonNode json, String ptr, Map<String, GraphNode> nodes) throws GraphFormatException {
        if (!json.isObject()) throw fail(ptr, null, "each entry of \"links\" must be an object, not " + describe(json));
        Obj o = new Obj((ObjectNode) json, ptr, null);
        PortRef from = port(o, "from");
        PortRef to = port(o, "to");
        Link l = new Link(from, to);
        o.dropUnknown(Set.of("from", "to"), "link " + l);
        GraphNode fn = nodes.get(from.node());
        GraphNode tn = nodes.get(to.node());
        // The node named in the message prefix is the end of the link that does exist.
        if (fn == null) throw fail(ptr, tn == null ? null : to.node(), "link " + l + " comes from missing node '" + from.node() + "'");
        if (tn == null) throw fail(ptr, from.node(), "link " + l + " goes to missing node '" + to.node() + "'");
        if (from.node().equals(to.node())) throw fail(ptr, to.node(), "link " + l + " connects the node to itself");
        NodeSpec fs = registry.find(fn.type()).map(NodeType::spec).orElse(null);
        if (fs != null && fs.outputPort(from.port()).isEmpty()) {
            throw fail(ptr, from.node(), "link " + l + ": " + fn.type() + " has no output '" + from.port() + "'");
        }
        NodeSpec ts = registry.find(tn.type()).map(NodeType::spec).orElse(null);
        if (ts != null && ts.input(to.port()).isEmpty()) {
            throw fail(ptr, to.node(), "link " + l + ": " + tn.type() + " has no input '" + to.port() + "'");
        }
        return l;
    }

    private PortRef port(Obj o, String field) throws GraphFormatException {
        String s = o.text(field, true, null);
        int dot = s.indexOf('.');
        if (dot <= 0 || dot == s.length() - 1) {
            throw fail(o.ptr + "/" + field, null, "a link's \"" + field + "\" must be \"node.port\", not \"" + s + "\"");
        }
        return new PortRef(s.substring(0, dot), s.substring(dot + 1));
    }

    private Group group(JsonNode json, String ptr) throws GraphFormatException {
        if (!json.isObject()) throw fail(ptr, null, "each entry of \"groups\" must be an object, not " + describe(json));
        Obj o = new Obj((ObjectNode) json, ptr, null);
        String id = o.text("id", true, null);
        if (!GraphIds.isValid(id)) throw fail(ptr + "/id", null, "group id '" + id + "' is not valid");
        Obj b = o.object("bounds");
        double w = b.number("width", true, 0);
        double h = b.number("height", true, 0);
        if (w < 0 || h < 0) throw fail(ptr + "/bounds", null, "group " + id + " has a negative size");
        Bounds bounds = new Bounds(b.number("x", true, 0), b.number("y", true, 0), w, h);
        b.dropUnknown(Set.of("x", "y", "width", "height"), "group " + id);
        String colour = o.json.has("colour") ? o.text("colour", false, null) : null;
        Group g = new Group(id, o.text("title", false, ""), colour, bounds);
        o.dropUnknown(Set.of("id", "title", "colour", "bounds"), "group " + id);
        return g;
    }

    private Conflict conflict(JsonNode json, String ptr) throws GraphFormatException {
        if (!json.isObject()) throw fail(ptr, null, "each entry of \"conflicts\" must be an object, not " + describe(json));
        Obj o = new Obj((ObjectNode) json, ptr, null);
        String node = o.text("node", false, null);
        String group = o.text("group", false, null);
        o = new Obj((ObjectNode) json, ptr, node);
        String kindName = o.text("kind", true, null);
        Conflict.Kind kind = ConflictKinds.parse(kindName, node != null, group != null);
        if (kind == null) throw fail(ptr + "/kind", node, "unknown conflict kind \"" + kindName + "\" (param, input, node, deleted, group or graph)");
        if (kind.aboutNode() != (node != null) || kind.aboutGroup() != (group != null)) {
            throw fail(ptr, node, "a \"" + kindName + "\" conflict names " + (kind.aboutNode() ? "a \"node\"" : kind.aboutGroup() ? "a \"group\"" : "neither a node nor a group"));
        }
        Map<Conflict.Side, Object> values = new EnumMap<>(Conflict.Side.class);
        for (Conflict.Side side : Conflict.Side.values()) {
            if (!o.json.has(side.label())) continue;
            Object v = plain(o.json.get(side.label()));
            if (kind == Conflict.Kind.INPUT && !(v instanceof String)) throw fail(ptr + "/" + side.label(), node, "an input conflict's values must be \"node.port\" text");
            values.put(side, v);
        }
        String deletedBy = o.text("deletedBy", false, null);
        String subject = node != null ? node : group != null ? group : "";
        try {
            Conflict.Side by = deletedBy == null ? null : Conflict.Side.parse(deletedBy);
            Conflict c = new Conflict(kind, subject, o.text("name", false, ""), values, by, o.text("note", false, ""));
            o.dropUnknown(Set.of("kind", "node", "group", "name", "deletedBy", "ours", "theirs", "base", "note"), "a conflict entry");
            return c;
        } catch (IllegalArgumentException e) {
            throw fail(ptr, node, "conflict entry: " + e.getMessage());
        }
    }

    /** A JSON value as the plain Java value parameters and extra fields hold. */
    static Object plain(JsonNode n) {
        if (n.isTextual()) return n.textValue();
        if (n.isBoolean()) return n.booleanValue();
        if (n.isIntegralNumber()) return n.longValue();
        if (n.isNumber()) return n.doubleValue();
        if (n.isNull()) return null;
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(x -> l.add(plain(x)));
            return Collections.unmodifiableList(l);
        }
        Map<String, Object> m = new TreeMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
        return Collections.unmodifiableMap(m);
    }

    private static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "true/false";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase();
        };
    }

    private String where(String ptr) {
        JsonLocation l = locate(ptr);
        return l == null ? ptr : "line " + l.getLineNr();
    }

    /** The location of the value at ptr, or of its nearest ancestor that has one; none for a null ptr. */
    private JsonLocation locate(String ptr) {
        if (ptr == null) return null;
        for (String p = ptr; ; p = p.substring(0, p.lastIndexOf('/'))) {
            JsonLocation l = locations.get(p);
            if (l != null || p.isEmpty()) return l;
        }
    }

    private GraphFormatException fail(String ptr, String nodeId, String problem) {
        return JsonText.located(source, locate(ptr), nodeId == null ? null : prefix + nodeId, problem);
    }

    /** Typed access to the fields of one JSON object, failing with its location and node. */
    private final class Obj {
        final ObjectNode json;
        final String ptr;
        final String nodeId;

        Obj(ObjectNode json, String ptr, String nodeId) {
            this.json = json;
            this.ptr = ptr;
            this.nodeId = nodeId;
        }

        private JsonNode get(String name, boolean required) throws GraphFormatException {
            JsonNode v = json.get(name);
            if (v == null && required) throw fail(ptr, nodeId, "the required field \"" + name + "\" is missing");
            return v;
        }

        private GraphFormatException wrongType(String name, String expected, JsonNode got) {
            return fail(ptr + "/" + JsonText.escape(name), nodeId, "\"" + name + "\" must be " + expected + ", not " + describe(got));
        }

        String text(String name, boolean required, String def) throws GraphFormatException {
            JsonNode v = get(name, required);
            if (v == null) return def;
            if (!v.isTextual()) throw wrongType(name, "text", v);
            return v.textValue();
        }

        long integer(String name, boolean required, long def) throws GraphFormatException {
            JsonNode v = get(name, required);
            if (v == null) return def;
            if (!v.isIntegralNumber()) throw wrongType(name, "a whole number", v);
            return v.longValue();
        }

        double number(String name, boolean required, double def) throws GraphFormatException {
            JsonNode v = get(name, required);
            if (v == null) return def;
            if (!v.isNumber()) throw wrongType(name, "a number", v);
            return v.doubleValue();
        }

        boolean bool(String name) throws GraphFormatException {
            JsonNode v = get(name, false);
            if (v == null) return false;
            if (!v.isBoolean()) throw wrongType(name, "true or false", v);
            return v.booleanValue();
        }

        Obj object(String name) throws GraphFormatException {
            JsonNode v = get(name, true);
            if (!v.isObject()) throw wrongType(name, "an object", v);
            return new Obj((ObjectNode) v, ptr + "/" + JsonText.escape(name), nodeId);
        }

        JsonNode array(String name) throws GraphFormatException {
            JsonNode v = get(name, true);
            if (!v.isArray()) throw wrongType(name, "a list", v);
            return v;
        }

        /** Fields not in {@code known}, as plain values, to carry through a save unchanged. */
        TreeMap<String, Object> unknown(Set<String> known) {
            TreeMap<String, Object> m = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = json.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!known.contains(e.getKey())) m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }

        /** Fixed records (links, groups, positions, the view) have no room for extra fields: say so rather than drop them silently. */
        void dropUnknown(Set<String> known, String what) {
            for (String k : unknown(known).keySet()) {
                warnings.add(Problem.warning(Problem.Code.FORMAT, nodeId == null ? "" : nodeId, what + " has an unknown field \"" + k + "\", which is not kept"));
            }
        }
    }
}
