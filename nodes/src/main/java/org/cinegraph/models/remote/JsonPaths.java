package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The field paths of a remote manifest ({@code prompt}, {@code image.url}, {@code loras[0].path}):
 * reading a value out of a result and writing one into a request.
 */
final class JsonPaths {
    private JsonPaths() {
    }

    /** Path segments: a name, or an array index as Integer. */
    static List<Object> parse(String path) {
        List<Object> out = new ArrayList<>();
        if (path == null || path.isEmpty()) return out;
        for (String part : path.split("\\.")) {
            int b = part.indexOf('[');
            if (b < 0) {
                out.add(part);
            } else {
                out.add(part.substring(0, b));
                out.add(Integer.parseInt(part.substring(b + 1, part.length() - 1)));
            }
        }
        return out;
    }

    /** The value at {@code path} ("" is the node itself), or a missing node. */
    static JsonNode read(JsonNode root, String path) {
        JsonNode n = root;
        for (Object seg : parse(path)) {
            if (n == null) return MissingNode.getInstance();
            n = seg instanceof Integer i ? n.get(i) : n.get((String) seg);
        }
        return n == null ? MissingNode.getInstance() : n;
    }

    /** Sets {@code value} at {@code path} in {@code root}, creating objects and arrays on the way. */
    static void write(ObjectNode root, String path, JsonNode value) {
        List<Object> segs = parse(path);
        JsonNode n = root;
        for (int i = 0; i < segs.size(); i++) {
            Object seg = segs.get(i);
            boolean last = i == segs.size() - 1;
            Object next = last ? null : segs.get(i + 1);
            JsonNode child = last ? value : next instanceof Integer ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
            if (n instanceof ObjectNode o) {
                JsonNode existing = o.get((String) seg);
                if (last || existing == null || existing.isNull()) o.set((String) seg, child);
                n = o.get((String) seg);
            } else if (n instanceof ArrayNode a) {
                int idx = (Integer) seg;
                while (a.size() <= idx) a.addNull();
                if (last || a.get(idx).isNull()) a.set(idx, child);
                n = a.get(idx);
            } else {
                throw new IllegalArgumentException("field path " + path + " crosses a value");
            }
        }
    }

    /** Drops the holes left in arrays by elements that were not set (a second LoRA without a first). */
    static void compact(JsonNode n) {
        if (n instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (a.get(i).isNull()) a.remove(i);
                else compact(a.get(i));
            }
        } else if (n instanceof ObjectNode o) {
            o.elements().forEachRemaining(JsonPaths::compact);
        }
    }
}
