package org.cinegraph.models.remote;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code remote} section of a model manifest (format "remote"): a model that runs on a hosted
 * platform, called over HTTP, with no weights on this machine. It names the provider and endpoint
 * and maps the provider's JSON fields onto node ports and parameters.
 *
 * @param provider      "fal" or "replicate"
 * @param endpoint      fal endpoint id ("fal-ai/flux/schnell") or Replicate model ("owner/name")
 * @param version       Replicate version id (64 hex digits) to pin; null calls the model's current version
 * @param title         the node's name in the palette ("FLUX.1 [schnell]"); the provider is appended
 * @param deterministic true when the same request gives the same result (the model takes a seed)
 * @param timeout       default of the node's timeout parameter, in seconds
 * @param inputs        input ports: {@code type} image, mask, video, images (a batch, from a clip), text or number
 * @param outputs       output ports: {@code type} image, images (a batch, as a clip), video, text or number;
 *                      {@code field} is the path of the value in the result ("" for the whole result)
 * @param parameters    node parameters sent as JSON fields
 * @param fixed         fields always sent as they are (e.g. an output format the node can decode)
 * @param price         what a call costs, for estimates; null when unknown
 * @param terms         the provider's terms of use for this model (a link)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemoteModel(String provider, String endpoint, String version, String title, Boolean deterministic, Integer timeout,
                          List<Port> inputs, List<Port> outputs, List<Param> parameters, Map<String, Object> fixed,
                          Price price, String terms) {

    public static final String FAL = "fal";
    public static final String REPLICATE = "replicate";
    /** Parameter names every remote node has; a provider field of the same name gets another node name. */
    public static final Set<String> RESERVED = Set.of("timeout", "take");
    static final Set<String> INPUT_TYPES = Set.of("image", "mask", "video", "images", "zip", "text", "number", "loras");
    static final Set<String> OUTPUT_TYPES = Set.of("image", "images", "video", "text", "number", "lora");
    static final Set<String> PARAM_TYPES = Set.of("text", "multiline", "number", "integer", "boolean", "choice", "seed");
    static final Set<String> PRICE_UNITS = Set.of("call", "image", "second", "megapixel");
    private static final Pattern PORT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_-]+(\\[\\d+])?(\\.[A-Za-z0-9_-]+(\\[\\d+])?)*");
    private static final Pattern FAL_ENDPOINT = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+");
    private static final Pattern REPLICATE_MODEL = Pattern.compile("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+");
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public RemoteModel {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        fixed = fixed == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    }

    /** An input or output port and the JSON field it maps to. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Port(String name, String field, String type, Boolean required, String description) {
        @JsonIgnore
        public boolean isRequired() {
            return required != null && required;
        }
    }

    /**
     * A node parameter sent as JSON field {@code field}. A null default means "not sent unless set":
     * such parameters show as blank text fields (blank = the provider's own default). {@code as}
     * ("integer", "number", "boolean") is the JSON type a text or choice value is sent as, for
     * providers whose enumerations are numbers; absent, it is sent as a string.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Param(String name, String field, String type, @JsonProperty("default") Object defaultValue, Double min, Double max,
                        List<String> choices, Boolean required, String description, @JsonProperty("as") String as) {
        public Param {
            choices = choices == null || choices.isEmpty() ? null : List.copyOf(choices);
        }

        public List<String> choiceList() {
            return choices == null ? List.of() : choices;
        }

        @JsonIgnore
        public boolean isRequired() {
            return required != null && required;
        }
    }

    /**
     * What one call costs. {@code unit}: call, image (times parameter {@code count}, e.g.
     * num_images), second (times parameter {@code count}, e.g. duration, else {@code seconds}) or
     * megapixel (of the output, from the size parameters, else {@code megapixels}, times
     * {@code count}). {@code read} is when the figure was taken from {@code source}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Price(Double amount, String currency, String unit, String count, Double seconds, Double megapixels,
                        String read, String source) {
    }

    @JsonIgnore
    public boolean isFal() {
        return FAL.equals(provider);
    }

    /** "fal" -> "fal", "replicate" -> "Replicate": the provider as shown to people. */
    public String providerName() {
        return isFal() ? "fal" : "Replicate";
    }

    /** The endpoint as people name it: "fal-ai/flux/schnell", "owner/name:version". */
    public String endpointName() {
        return version == null ? endpoint : endpoint + ":" + version.substring(0, 12);
    }

    @JsonIgnore
    public boolean isDeterministic() {
        return deterministic != null && deterministic;
    }

    /** Problems of this section, one line each (empty: usable). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!FAL.equals(provider) && !REPLICATE.equals(provider)) p.add("remote 'provider' must be fal or replicate (got " + provider + ")");
        if (endpoint == null || endpoint.isBlank()) p.add("remote 'endpoint' is missing");
        else if (FAL.equals(provider) && !FAL_ENDPOINT.matcher(endpoint).matches()) p.add("remote 'endpoint' " + endpoint + " is not a fal endpoint id (owner/app[/path])");
        else if (REPLICATE.equals(provider) && !REPLICATE_MODEL.matcher(endpoint).matches()) p.add("remote 'endpoint' " + endpoint + " is not a Replicate model (owner/name)");
        if (version != null && (!REPLICATE.equals(provider) || !VERSION.matcher(version).matches())) {
            p.add("remote 'version' must be a Replicate version id (64 hex digits)");
        }
        if (timeout != null && timeout <= 0) p.add("remote 'timeout' must be positive seconds");
        if (outputs.isEmpty()) p.add("remote 'outputs' is empty: the node would produce nothing");
        ports(p, inputs, INPUT_TYPES, "input", true);
        ports(p, outputs, OUTPUT_TYPES, "output", false);
        Set<String> names = new HashSet<>();
        Set<String> fields = new HashSet<>();
        inputs.forEach(i -> fields.add(i.field()));
        for (Param par : parameters) {
            String where = "remote parameter " + par.name();
            if (par.name() == null || !PORT_NAME.matcher(par.name()).matches()) p.add("remote parameter name '" + par.name() + "' must be a plain identifier");
            else if (RESERVED.contains(par.name())) p.add(where + ": the name is reserved for the node's own " + par.name());
            else if (!names.add(par.name())) p.add(where + " is declared twice");
            if (par.field() == null || !FIELD.matcher(par.field()).matches()) p.add(where + ": 'field' must be a JSON path like name, name.sub or name[0].sub");
            else if (!fields.add(par.field())) p.add(where + ": field " + par.field() + " is mapped twice");
            if (par.type() == null || !PARAM_TYPES.contains(par.type())) p.add(where + ": 'type' must be one of " + String.join(", ", PARAM_TYPES.stream().sorted().toList()));
            if ("choice".equals(par.type()) && par.choiceList().isEmpty()) p.add(where + ": a choice needs 'choices'");
            if (par.min() != null && par.max() != null && par.min() > par.max()) p.add(where + ": 'min' is above 'max'");
            if (par.as() != null && !Set.of("integer", "number", "boolean", "string").contains(par.as())) p.add(where + ": 'as' must be integer, number, boolean or string");
        }
        for (String f : fixed.keySet()) {
            if (fields.contains(f)) p.add("remote fixed field " + f + " is also mapped to a port or parameter");
        }
        if (price != null) {
            if (price.amount() == null || price.amount() < 0) p.add("remote price 'amount' must be zero or more");
            if (price.currency() == null || price.currency().isBlank()) p.add("remote price needs a 'currency'");
            if (price.unit() == null || !PRICE_UNITS.contains(price.unit())) p.add("remote price 'unit' must be call, image, second or megapixel");
        }
        return p;
    }

    private static void ports(List<String> p, List<Port> ports, Set<String> types, String what, boolean input) {
        Set<String> names = new HashSet<>();
        Set<String> fields = new HashSet<>();
        for (Port port : ports) {
            String where = "remote " + what + " " + port.name();
            if (port.name() == null || !PORT_NAME.matcher(port.name()).matches()) p.add("remote " + what + " name '" + port.name() + "' must be a plain identifier");
            else if (!names.add(port.name())) p.add(where + " is declared twice");
            if (port.type() == null || !types.contains(port.type())) p.add(where + ": 'type' must be one of " + String.join(", ", types.stream().sorted().toList()));
            boolean whole = !input && "".equals(port.field());
            if (!whole && (port.field() == null || !FIELD.matcher(port.field()).matches())) p.add(where + ": 'field' must be a JSON path like name, name.sub or name[0].sub");
            else if (input && !fields.add(port.field())) p.add(where + ": field " + port.field() + " is mapped twice");
        }
    }

    /**
     * The identity of what gets called and how its answer is read, for graphs and cache keys:
     * provider, endpoint, version, the field mapping and the fixed fields. Prices, titles and
     * descriptions are left out, so refreshing a price does not invalidate cached results.
     */
    public String digest() {
        Map<String, Object> id = new TreeMap<>();
        id.put("provider", provider);
        id.put("endpoint", endpoint);
        id.put("version", version == null ? "" : version);
        id.put("inputs", inputs.stream().map(i -> i.name() + "=" + i.field() + ":" + i.type()).sorted().toList());
        id.put("outputs", outputs.stream().map(o -> o.name() + "=" + o.field() + ":" + o.type()).sorted().toList());
        id.put("parameters", parameters.stream().map(q -> q.name() + "=" + q.field()).sorted().toList());
        id.put("fixed", new TreeMap<>(fixed));
        try {
            byte[] json = CANONICAL.writeValueAsBytes(id);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
