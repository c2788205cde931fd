package org.cinegraph.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Upgrades of older file layouts, applied on open. {@code STEPS.get(v)} turns a version v
 * document into version v + 1, so a new format version adds exactly one step at the end and
 * {@link #CURRENT} follows. Steps work on the raw JSON tree, before any decoding, and throw
 * {@link IllegalArgumentException} (naming the node) when the old document does not have the
 * old layout either.
 */
final class Migrations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final List<UnaryOperator<ObjectNode>> STEPS = List.of(Migrations::v0ToV1);

    /** The version this build writes and the newest it reads. */
    static final int CURRENT = STEPS.size();

    private Migrations() {
    }

    /** Brings a document of an older version up to {@link #CURRENT}; a current one is returned as is. */
    static ObjectNode upgrade(ObjectNode doc, int fromVersion) {
        ObjectNode d = doc;
        for (int v = fromVersion; v < CURRENT; v++) {
            d = STEPS.get(v).apply(d.deepCopy());
            d.put("version", v + 1);
        }
        return d;
    }

    /**
     * Version 0 (the pre-release layout): a node held its position as {@code "pos": [x, y]} and
     * its incoming links as {@code "inputs": {"inputPort": "fromNode.outputPort"}}; there was no
     * top-level "links". Version 1 moved positions to {@code "position": {"x", "y"}} and links to
     * one sorted top-level list, so a connection is one line in a diff rather than part of a node.
     */
    private static ObjectNode v0ToV1(ObjectNode doc) {
        ArrayNode links = JSON.arrayNode();
        JsonNode nodes = doc.get("nodes");
        if (nodes != null && nodes.isArray()) {
            for (JsonNode n : nodes) {
                if (!(n instanceof ObjectNode node)) continue; // the current decoder reports it
                String id = n.path("id").asText("?");
                JsonNode pos = node.remove("pos");
                if (pos != null) {
                    if (!pos.isArray() || pos.size() != 2 || !pos.get(0).isNumber() || !pos.get(1).isNumber()) {
                        throw new IllegalArgumentException("node " + id + ": \"pos\" must be [x, y]");
                    }
                    ObjectNode p = JSON.objectNode();
                    p.put("x", pos.get(0).doubleValue());
                    p.put("y", pos.get(1).doubleValue());
                    node.set("position", p);
                }
                JsonNode inputs = node.remove("inputs");
                if (inputs != null) {
                    if (!inputs.isObject()) throw new IllegalArgumentException("node " + id + ": \"inputs\" must be an object");
                    Iterator<Map.Entry<String, JsonNode>> it = inputs.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (!e.getValue().isTextual()) {
                            throw new IllegalArgumentException("node " + id + ": input \"" + e.getKey() + "\" must name \"node.port\"");
                        }
                        ObjectNode link = JSON.objectNode();
                        link.put("from", e.getValue().textValue());
                        link.put("to", id + "." + e.getKey());
                        links.add(link);
                    }
                }
            }
        }
        doc.set("links", links);
        return doc;
    }
}
