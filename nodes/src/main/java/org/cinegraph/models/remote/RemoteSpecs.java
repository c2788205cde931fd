package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.Widget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A remote manifest as a node: its {@link NodeSpec} (ports, parameters, category "Models > Remote")
 * and the JSON fields its parameter values become in a request.
 */
final class RemoteSpecs {
    static final String CATEGORY = "Models > Remote";
    static final String TIMEOUT = "timeout";
    static final int DEFAULT_TIMEOUT = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RemoteSpecs() {
    }

    static NodeSpec specOf(ModelManifest m) {
        RemoteModel r = m.remote();
        String title = r.title() == null || r.title().isBlank() ? m.name() : r.title();
        StringBuilder d = new StringBuilder(m.description().isBlank() ? (m.task() == null ? "Remote model" : m.task()) : m.description());
        d.append(" (").append(r.providerName()).append(' ').append(r.endpointName());
        if (r.price() != null) d.append("; about ").append(Pricing.fmt(r.price().amount())).append(' ').append(r.price().currency()).append(" per ").append(r.price().unit());
        if (m.licence() != null) d.append("; licence ").append(m.licence());
        if (r.terms() != null) d.append("; terms ").append(r.terms());
        d.append(r.isDeterministic() ? ")" : "; results differ from call to call: use Generate again for a new one)");
        NodeSpec.Builder b = NodeSpec.builder(RemoteNode.typeId(m.name()), 1).category(CATEGORY).name(title + " (" + r.providerName() + ")").description(d.toString());
        for (RemoteModel.Port p : r.inputs()) {
            DataType t = inputType(p.type());
            String desc = p.description() == null ? "" : p.description();
            if (p.isRequired()) b.input(p.name(), t, desc);
            else b.optionalInput(p.name(), t, desc);
        }
        for (RemoteModel.Param p : r.parameters()) b.param(param(m, p));
        b.param(new ParamSpec(TIMEOUT, DataType.INTEGER, (long) (r.timeout() == null ? DEFAULT_TIMEOUT : r.timeout()), 1d, 86_400d, null, Widget.FIELD,
                "Seconds to wait for the provider (queue, run and downloads) before cancelling the request; not part of the cache key"));
        b.param(ParamSpec.take("Take number: Generate again raises it, so the next render asks for a new result instead of the cached one"));
        for (RemoteModel.Port p : r.outputs()) b.output(p.name(), outputType(p.type()), p.description() == null ? "" : p.description());
        return b.build();
    }

    static DataType inputType(String t) {
        return switch (t) {
            case "image" -> DataType.IMAGE;
            case "mask" -> DataType.MASK;
            case "video", "images", "zip" -> DataType.CLIP;
            case "text" -> DataType.TEXT;
            case "number" -> DataType.NUMBER;
            case "loras" -> DataType.LORA;
            default -> throw new IllegalArgumentException("unknown input type " + t);
        };
    }

    static DataType outputType(String t) {
        return switch (t) {
            case "image" -> DataType.IMAGE;
            case "video", "images" -> DataType.CLIP;
            case "text" -> DataType.TEXT;
            case "number" -> DataType.NUMBER;
            case "lora" -> DataType.LORA;
            default -> throw new IllegalArgumentException("unknown output type " + t);
        };
    }

    /** A parameter without a default is optional: a blank text (or choice) field, sent only when filled in. */
    private static ParamSpec param(ModelManifest m, RemoteModel.Param p) {
        String desc = p.description() == null ? "" : p.description();
        if (p.isRequired()) desc = desc.isEmpty() ? "Required" : desc + " (required)";
        try {
            Object def = p.defaultValue();
            if (def == null) {
                String hint = p.isRequired() ? "" : " Blank: the provider's default.";
                return switch (p.type()) {
                    case "seed" -> new ParamSpec(p.name(), DataType.SEED, 0L, p.min() == null ? 0d : p.min(), p.max() == null ? (double) Integer.MAX_VALUE : p.max(),
                            null, Widget.SEED, desc);
                    case "multiline" -> new ParamSpec(p.name(), DataType.TEXT, "", null, null, null, Widget.MULTILINE, desc);
                    case "choice" -> new ParamSpec(p.name(), DataType.TEXT, "", null, null, withBlank(p.choiceList()), Widget.DROPDOWN, desc + hint);
                    case "boolean" -> new ParamSpec(p.name(), DataType.TEXT, "", null, null, List.of("", "true", "false"), Widget.DROPDOWN, desc + hint);
                    case "number", "integer" -> new ParamSpec(p.name(), DataType.TEXT, "", null, null, null, Widget.FIELD, desc + range(p) + hint);
                    default -> new ParamSpec(p.name(), DataType.TEXT, "", null, null, null, Widget.TEXT, desc + (p.isRequired() ? "" : hint));
                };
            }
            return switch (p.type()) {
                case "number" -> new ParamSpec(p.name(), DataType.NUMBER, def, p.min(), p.max(), null, p.min() != null && p.max() != null ? Widget.SLIDER : Widget.FIELD, desc);
                case "integer" -> new ParamSpec(p.name(), DataType.INTEGER, def, p.min(), p.max(), null, Widget.FIELD, desc);
                case "seed" -> new ParamSpec(p.name(), DataType.SEED, def, p.min() == null ? 0d : p.min(), p.max() == null ? (double) Integer.MAX_VALUE : p.max(), null, Widget.SEED, desc);
                case "boolean" -> new ParamSpec(p.name(), DataType.BOOLEAN, def, null, null, null, Widget.CHECKBOX, desc);
                case "choice" -> new ParamSpec(p.name(), DataType.TEXT, def.toString(), null, null, p.choiceList(), Widget.DROPDOWN, desc);
                case "multiline" -> new ParamSpec(p.name(), DataType.TEXT, def.toString(), null, null, null, Widget.MULTILINE, desc);
                default -> new ParamSpec(p.name(), DataType.TEXT, def.toString(), null, null, null, Widget.TEXT, desc);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model " + m.name() + ": parameter " + p.name() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> withBlank(List<String> choices) {
        List<String> out = new ArrayList<>();
        out.add("");
        choices.stream().filter(c -> !c.isEmpty()).forEach(out::add);
        return out;
    }

    private static String range(RemoteModel.Param p) {
        if (p.min() == null && p.max() == null) return "";
        return " (" + (p.min() == null ? "" : Pricing.fmt(p.min())) + " to " + (p.max() == null ? "" : Pricing.fmt(p.max())) + ")";
    }

    /** Parameter values keyed by the provider field they are sent as (blank optional ones left out). */
    static Map<String, Object> byField(RemoteModel r, Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RemoteModel.Param p : r.parameters()) {
            Object v = params.get(p.name());
            if (v == null || (v instanceof String s && s.isBlank() && p.defaultValue() == null)) continue;
            out.put(p.field(), v);
        }
        return out;
    }

    /**
     * The request's fields from the fixed values and the parameters: numbers that are whole go as
     * integers, blank optional parameters are left out (the provider's default applies), and a
     * blank required one stops the call before anything is paid for.
     */
    static ObjectNode requestFields(RemoteModel r, Map<String, Object> params, String who) throws RemoteException {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        r.fixed().forEach((field, value) -> JsonPaths.write(input, field, JSON.valueToTree(value)));
        for (RemoteModel.Param p : r.parameters()) {
            Object v = params.get(p.name());
            boolean blank = v instanceof String s && s.isBlank();
            if (blank && p.isRequired()) throw new RemoteException(who + ": parameter '" + p.name() + "' is required");
            if (v == null || (blank && p.defaultValue() == null)) continue;
            JsonPaths.write(input, p.field(), value(p, v, who));
        }
        return input;
    }

    private static JsonNode value(RemoteModel.Param p, Object v, String who) throws RemoteException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String as = p.as() != null ? p.as() : switch (p.type()) {
            case "number" -> "number";
            case "integer", "seed" -> "integer";
            case "boolean" -> "boolean";
            default -> "string";
        };
        if (v instanceof Boolean b) return f.booleanNode(b);
        String text = v.toString().strip();
        try {
            switch (as) {
                case "boolean" -> {
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) throw new NumberFormatException();
                    return f.booleanNode(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
                }
                case "integer", "number" -> {
                    double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                    if ((p.min() != null && d < p.min()) || (p.max() != null && d > p.max())) {
                        throw new RemoteException(who + ": parameter '" + p.name() + "' is " + Pricing.fmt(d) + ", outside " + range(p).strip());
                    }
                    if (as.equals("integer") && d != Math.rint(d)) throw new NumberFormatException();
                    return d == Math.rint(d) && Math.abs(d) < 1e15 ? f.numberNode((long) d) : f.numberNode(d);
                }
                default -> {
                    return f.textNode(v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : v.toString());
                }
            }
        } catch (NumberFormatException e) {
            throw new RemoteException(who + ": parameter '" + p.name() + "' must be " + (as.equals("boolean") ? "true or false" : as.equals("integer") ? "a whole number" : "a number")
                    + ", not '" + text + "'");
        }
    }
}
