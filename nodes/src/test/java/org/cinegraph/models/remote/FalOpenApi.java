package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An OpenAPI document for one fal endpoint, in the layout fal publishes per endpoint (input as the
 * request body of {@code POST /{endpoint}}, output as the answer of {@code GET
 * /{endpoint}/requests/{request_id}}, types under components.schemas), built from the endpoint's
 * TypeScript types in {@code @fal-ai/client}. fal's own OpenAPI pages cannot be fetched offline;
 * this gives the importer the same schemas in that shape. TypeScript has no integer type and no
 * ranges, so numbers come out as "number" without minimum/maximum.
 */
final class FalOpenApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FalOpenApi() {
    }

    static ObjectNode document(FalEndpointTypes types, String endpoint) {
        FalEndpointTypes.Endpoint e = types.endpoints.get(endpoint);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("openapi", "3.0.4");
        doc.putObject("info").put("title", endpoint).put("description", "");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        Deque<String> pending = new ArrayDeque<>(List.of(types.resolve(e.input()), types.resolve(e.output())));
        Set<String> done = new HashSet<>();
        while (!pending.isEmpty()) {
            String t = pending.poll();
            if (!done.add(t) || !types.objects.containsKey(t)) continue;
            ObjectNode s = schemas.putObject(t);
            s.put("type", "object").put("title", t);
            ArrayNode required = s.putArray("required");
            ObjectNode props = s.putObject("properties");
            for (FalEndpointTypes.Field f : types.objects.get(t).values()) {
                props.set(f.name(), field(types, f, pending));
                if (!f.optional()) required.add(f.name());
            }
        }
        ObjectNode paths = doc.putObject("paths");
        paths.putObject("/" + endpoint).putObject("post").putObject("requestBody").putObject("content").putObject("application/json")
                .putObject("schema").put("$ref", "#/components/schemas/" + types.resolve(e.input()));
        paths.putObject("/" + endpoint + "/requests/{request_id}").putObject("get").putObject("responses").putObject("200").putObject("content")
                .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + types.resolve(e.output()));
        return doc;
    }

    private static ObjectNode field(FalEndpointTypes types, FalEndpointTypes.Field f, Deque<String> pending) {
        ObjectNode s = JSON.createObjectNode();
        s.put("title", f.name()).put("description", f.doc());
        String t = f.type().strip();
        List<String> literals = f.literals();
        if (f.isFile()) {
            s.put("type", "string");
        } else if (!literals.isEmpty()) {
            ObjectNode en = JSON.createObjectNode().put("type", "string");
            ArrayNode values = en.putArray("enum");
            literals.forEach(values::add);
            String named = null;
            for (String part : t.split("\\|")) {
                String p = part.strip();
                if (!p.startsWith("\"") && types.objects.containsKey(types.resolve(p))) named = types.resolve(p);
            }
            if (named == null) {
                s.setAll(en);
            } else {
                pending.add(named);
                s.putArray("anyOf").add(JSON.createObjectNode().put("$ref", "#/components/schemas/" + named)).add(en);
            }
        } else {
            s.setAll(schemaOf(types, t, pending));
        }
        if (f.defaultValue() != null) {
            String d = f.defaultValue();
            if (d.startsWith("\"") && d.endsWith("\"")) s.put("default", d.substring(1, d.length() - 1));
            else if (d.equals("true") || d.equals("false")) s.put("default", Boolean.parseBoolean(d));
            else if (d.matches("-?\\d+")) s.put("default", Long.parseLong(d));
            else if (d.matches("-?\\d*\\.\\d+")) s.put("default", Double.parseDouble(d));
            else s.put("default", d);
        }
        return s;
    }

    private static ObjectNode schemaOf(FalEndpointTypes types, String t, Deque<String> pending) {
        ObjectNode s = JSON.createObjectNode();
        if (t.startsWith("Array<") && t.endsWith(">")) {
            s.put("type", "array");
            s.set("items", schemaOf(types, t.substring(6, t.length() - 1).strip(), pending));
            return s;
        }
        switch (t) {
            case "string" -> s.put("type", "string");
            case "number" -> s.put("type", "number");
            case "boolean" -> s.put("type", "boolean");
            default -> {
                String named = types.resolve(t);
                if (types.objects.containsKey(named)) {
                    pending.add(named);
                    s.put("$ref", "#/components/schemas/" + named);
                }
            }
        }
        return s;
    }
}
