package org.cinegraph.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * JSON text to and from Jackson trees, with the two things databind does not give: the
 * line:column of every value (so decoding errors can point into the file), and one fixed
 * layout on output (so equal trees always give equal bytes).
 */
final class JsonText {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonText() {
    }

    /** A parsed document and where each value started, keyed by JSON pointer ("" is the root). */
    record Parsed(ObjectNode root, Map<String, JsonLocation> locations) {
    }

    static Parsed parse(String text, String source) throws GraphFormatException {
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) throw new GraphFormatException(source, 0, 0, null, "the file is empty");
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw at(source, p.currentTokenLocation(), "expected a JSON object ('{') at the start");
            }
            ObjectNode root = (ObjectNode) value(p, "", locations, source);
            JsonToken after = p.nextToken();
            if (after != null) throw at(source, p.currentTokenLocation(), "unexpected text after the end of the graph");
            return new Parsed(root, locations);
        } catch (JsonProcessingException e) {
            // Jackson reports some ends of input as plain parse errors, so the message is checked too.
            String msg = firstLine(e.getOriginalMessage());
            if (e instanceof JsonEOFException || msg.contains("end-of-input")) {
                throw at(source, e.getLocation(), "the JSON ends too early (is the file truncated?)");
            }
            throw at(source, e.getLocation(), "malformed JSON: " + msg);
        } catch (IOException e) {
            // Reading from a String fails only through the parser's own exceptions above.
            throw new GraphFormatException(source, 0, 0, null, "cannot read the text: " + e.getMessage());
        }
    }

    private static JsonNode value(JsonParser p, String ptr, Map<String, JsonLocation> locs, String source)
            throws IOException, GraphFormatException {
        locs.put(ptr, p.currentTokenLocation());
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation keyAt = p.currentTokenLocation();
                    p.nextToken();
                    if (o.has(name)) throw at(source, keyAt, "the key \"" + name + "\" appears twice in one object");
                    o.set(name, value(p, ptr + "/" + escape(name), locs, source));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) a.add(value(p, ptr + "/" + i++, locs, source));
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw at(source, p.currentTokenLocation(), "the number " + p.getText() + " is too large");
                }
                return NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) throw at(source, p.currentTokenLocation(), "the number " + p.getText() + " is too large");
                return NODES.numberNode(d);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw at(source, p.currentTokenLocation(), "unexpected " + p.currentToken());
        }
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    static GraphFormatException at(String source, JsonLocation loc, String problem) {
        return located(source, loc, null, problem);
    }

    static GraphFormatException located(String source, JsonLocation loc, String nodeId, String problem) {
        int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
        int col = loc == null || line == 0 ? 0 : Math.max(1, loc.getColumnNr());
        return new GraphFormatException(source, line, col, nodeId, problem);
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The canonical layout: two-space indent, "key": value, one member per line, "\n" line ends
     * and a final newline; objects listed in {@code inline} (small fixed records such as links
     * and positions) on one line. Keys are written in the tree's order; the encoder decides it.
     */
    static String write(JsonNode root, Set<JsonNode> inline) {
        StringBuilder sb = new StringBuilder();
        emit(root, 0, inline, sb);
        return sb.append('\n').toString();
    }

    private static void emit(JsonNode n, int depth, Set<JsonNode> inline, StringBuilder sb) {
        boolean oneLine = inline.contains(n);
        if (n.isObject()) {
            if (n.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) sb.append(',');
                if (oneLine) sb.append(first ? "" : " ");
                else newline(sb, depth + 1);
                first = false;
                quote(e.getKey(), sb);
                sb.append(": ");
                emit(e.getValue(), depth + 1, inline, sb);
            }
            if (!oneLine) newline(sb, depth);
            sb.append('}');
        } else if (n.isArray()) {
            if (n.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) sb.append(',');
                if (oneLine) sb.append(i > 0 ? " " : "");
                else newline(sb, depth + 1);
                emit(n.get(i), depth + 1, inline, sb);
            }
            if (!oneLine) newline(sb, depth);
            sb.append(']');
        } else if (n.isTextual()) {
            quote(n.textValue(), sb);
        } else if (n.isIntegralNumber()) {
            sb.append(n.longValue());
        } else if (n.isNumber()) {
            // Double.toString always has a '.' or an exponent, so a whole Double stays a Double
            // ("120.0") when read back, and the text is a pure function of the value.
            sb.append(Double.toString(n.doubleValue()));
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue());
        } else if (n.isNull()) {
            sb.append("null");
        } else {
            throw new IllegalArgumentException("cannot write JSON node " + n.getNodeType());
        }
    }

    private static void newline(StringBuilder sb, int depth) {
        sb.append('\n');
        sb.append("  ".repeat(depth));
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }
}
