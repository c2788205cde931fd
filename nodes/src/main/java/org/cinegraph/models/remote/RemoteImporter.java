package org.cinegraph.models.remote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelManifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Makes remote model manifests from the providers' own schemas, with no code per model:
 * Replicate's OpenAPI (components.schemas.Input / Output of a model version) and fal's per-endpoint
 * OpenAPI. Enumerations become choices, minimum/maximum ranges, defaults are kept, URI inputs
 * become typed ports (image, mask, video; from example values, names and descriptions where the
 * schema only says "uri"), arrays of image URIs batches, required fields required ports or
 * parameters, seeds Seed parameters. What Cinegraph has no type for (audio, archives, secrets,
 * structured values) is left out when optional and refuses the model when required, with the
 * reason.
 */
public final class RemoteImporter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Set<String> MULTILINE = Set.of("prompt", "negative_prompt", "text", "system_prompt", "caption", "instruction", "instructions");
    private static final List<String> VIDEO_MODEL_WORDS = List.of("video", "i2v", "t2v", "animate", "animation", "motion", "lipsync", "lip-sync", "talking", "gif");
    private static final List<String> IMAGE_MODEL_WORDS = List.of("image", "img", "photo", "diffusion", "sdxl", "sd-", "flux", "upscal", "restor", "inpaint",
            "background", "segment", "sticker", "portrait", "face", "art", "draw", "paint", "style", "pixel", "anime", "colori", "deblur", "denois", "super-res",
            "esrgan", "gfpgan", "codeformer", "controlnet", "kandinsky", "midjourney", "dall", "logo", "icon", "avatar", "depth", "pose", "edit");

    private RemoteImporter() {
    }

    /** What became of one model: a manifest, or the reason it was refused; notes list what was left out. */
    public record Result(String id, ModelManifest manifest, String refusal, List<String> notes) {
        public boolean imported() {
            return manifest != null;
        }
    }

    /** Totals of a catalogue import. */
    public record Summary(int models, int imported, Map<String, Integer> refusals) {
    }

    // ---- Replicate ----

    /**
     * A Replicate model from its document: either the model as the API describes it ({@code GET
     * /v1/models/{owner}/{name}}, with {@code latest_version.openapi_schema} and
     * {@code default_example}) or a bare OpenAPI schema (then the model's current version is called).
     *
     * @param outputKind "image", "video" or "text" when the caller knows better than the schema; may be null
     */
    public static Result replicate(String ownerName, JsonNode doc, String outputKind) {
        String id = ownerName;
        try {
            if (ownerName == null || !ownerName.matches("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+")) return refuse(id, "not a Replicate model name (owner/name)");
            JsonNode schema = doc.has("latest_version") ? doc.path("latest_version").path("openapi_schema") : doc;
            String version = doc.path("latest_version").path("id").asText("");
            JsonNode schemas = schema.path("components").path("schemas");
            if (!schemas.path("Input").isObject() || schemas.path("Output").isMissingNode()) return refuse(id, "no OpenAPI schema with components.schemas.Input and Output");
            JsonNode example = doc.path("default_example");
            String words = ownerName + " " + doc.path("description").asText("");
            Builder b = new Builder(id, RemoteModel.REPLICATE);
            b.inputs(schema, schemas.path("Input"), example.path("input"), false);
            b.outputs(schema, schemas.path("Output"), example.path("output"), words, outputKind);
            if (b.refusal != null) return refuse(id, b.refusal, b.notes);
            String name = modelName("replicate", ownerName);
            String pinned = version.matches("[0-9a-f]{64}") ? version : null;
            if (pinned == null) b.notes.add("no version id: calls the model's current version (Replicate runs that only for its official models)");
            String licence = doc.path("license_url").isTextual() ? doc.path("license_url").asText() : null;
            return b.build(name, ownerName, pinned, doc.path("name").asText(ownerName.substring(ownerName.indexOf('/') + 1)),
                    doc.path("description").asText(""), licence, "https://replicate.com/terms");
        } catch (RuntimeException e) {
            return refuse(id, "unexpected schema shape: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /**
     * Reads a Replicate catalogue (a JSON array of model documents, like the public models
     * listing) one model at a time, so a 60 MB file is never held as one tree, and reports each.
     */
    public static Summary replicateAll(InputStream catalogue, Consumer<Result> each) throws IOException {
        return replicateAll(catalogue, (doc, r) -> each.accept(r));
    }

    /** As {@link #replicateAll(InputStream, Consumer)}, handing over each model's document with its result. */
    public static Summary replicateAll(InputStream catalogue, BiConsumer<JsonNode, Result> each) throws IOException {
        int models = 0;
        int imported = 0;
        Map<String, Integer> refusals = new LinkedHashMap<>();
        try (JsonParser p = JSON.getFactory().createParser(catalogue)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new IOException("a model catalogue is a JSON array of models");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode m = JSON.readTree(p);
                models++;
                String owner = m.path("owner").asText("");
                String name = m.path("name").asText("");
                Result r = replicate(owner + "/" + name, m, null);
                if (r.imported()) imported++;
                else refusals.merge(category(r.refusal()), 1, Integer::sum);
                each.accept(m, r);
            }
        }
        return new Summary(models, imported, refusals);
    }

    /** The reason without its particulars, for totals ("input 'x' is audio" -> "input is audio"). */
    static String category(String refusal) {
        return refusal.replaceAll("'[^']*'", "").replaceAll("\\s+", " ").replaceAll("\\(.*\\)", "").strip();
    }

    // ---- fal ----

    /**
     * A fal endpoint from its OpenAPI document: the input is the request body of {@code POST
     * /{endpoint}}, the output the answer of {@code GET /{endpoint}/requests/{request_id}} (or the
     * schemas named ...Input / ...Output when the paths are missing).
     */
    public static Result fal(String endpointId, JsonNode openapi, String outputKind) {
        String id = endpointId;
        try {
            if (endpointId == null || !endpointId.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+")) return refuse(id, "not a fal endpoint id (owner/app[/path])");
            JsonNode schemas = openapi.path("components").path("schemas");
            JsonNode paths = openapi.path("paths");
            JsonNode input = resolve(openapi, paths.path("/" + endpointId).path("post").path("requestBody").path("content").path("application/json").path("schema"));
            JsonNode output = resolve(openapi, paths.path("/" + endpointId + "/requests/{request_id}").path("get").path("responses").path("200")
                    .path("content").path("application/json").path("schema"));
            if (!input.isObject() || !input.has("properties")) input = named(schemas, "Input");
            if (!output.isObject() || !output.has("properties")) output = named(schemas, "Output");
            if (input == null || output == null) return refuse(id, "no input and output schemas in the OpenAPI document");
            Builder b = new Builder(id, RemoteModel.FAL);
            b.inputs(openapi, input, MissingNode.getInstance(), true);
            b.falOutputs(openapi, output, outputKind);
            if (b.refusal != null) return refuse(id, b.refusal, b.notes);
            String title = openapi.path("info").path("title").asText(endpointId);
            String description = openapi.path("info").path("description").asText("");
            return b.build(modelName("fal", endpointId.startsWith("fal-ai/") ? endpointId.substring("fal-ai/".length()) : endpointId), endpointId, null,
                    title, description, null, "https://fal.ai/terms");
        } catch (RuntimeException e) {
            return refuse(id, "unexpected schema shape: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static JsonNode named(JsonNode schemas, String suffix) {
        List<String> names = new ArrayList<>();
        schemas.fieldNames().forEachRemaining(n -> {
            if (n.endsWith(suffix) && schemas.path(n).has("properties")) names.add(n);
        });
        return names.size() == 1 ? schemas.path(names.get(0)) : null;
    }

    // ---- shared ----

    private static Result refuse(String id, String why) {
        return new Result(id, null, why, List.of());
    }

    private static Result refuse(String id, String why, List<String> notes) {
        return new Result(id, null, why, List.copyOf(notes));
    }

    /** A library name for a model: "replicate-owner-name", lower case, at most 64 characters. */
    static String modelName(String provider, String id) {
        String n = (provider + "-" + id).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("-+", "-").replaceAll("^[^a-z0-9]+", "");
        if (n.length() <= 64) return n;
        return n.substring(0, 55) + "-" + sha(id).substring(0, 8);
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A $ref resolved against the document (one level is enough for these schemas; chains are followed). */
    static JsonNode resolve(JsonNode doc, JsonNode n) {
        for (int i = 0; i < 10 && n != null && n.has("$ref"); i++) {
            String ref = n.path("$ref").asText();
            if (!ref.startsWith("#/")) return MissingNode.getInstance();
            JsonNode t = doc;
            for (String part : ref.substring(2).split("/")) t = t.path(part.replace("~1", "/").replace("~0", "~"));
            n = t;
        }
        return n == null ? MissingNode.getInstance() : n;
    }

    /** Collects ports and parameters from a schema. */
    private static final class Builder {
        final String id;
        final String provider;
        final List<RemoteModel.Port> inputs = new ArrayList<>();
        final List<RemoteModel.Port> outputs = new ArrayList<>();
        final List<RemoteModel.Param> params = new ArrayList<>();
        final Map<String, Object> fixed = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        final Map<String, Boolean> used = new LinkedHashMap<>();
        String refusal;
        boolean seeded;

        Builder(String id, String provider) {
            this.id = id;
            this.provider = provider;
        }

        private void refuse(String why) {
            if (refusal == null) refusal = why;
        }

        private String portName(String field) {
            String n = field.replaceAll("[^A-Za-z0-9_]", "_");
            if (!IDENT.matcher(n).matches()) n = "f_" + n;
            if (n.length() > 64) n = n.substring(0, 64);
            if (RemoteModel.RESERVED.contains(n)) n = "provider_" + n;
            while (used.containsKey(n)) n = n + "_";
            used.put(n, true);
            return n;
        }

        /** Input properties in the schema's order (x-order, or fal's x-fal-order-properties). */
        void inputs(JsonNode doc, JsonNode input, JsonNode example, boolean fal) {
            JsonNode props = input.path("properties");
            List<String> required = new ArrayList<>();
            input.path("required").forEach(r -> required.add(r.asText()));
            List<String> names = new ArrayList<>();
            props.fieldNames().forEachRemaining(names::add);
            List<String> order = new ArrayList<>();
            input.path("x-fal-order-properties").forEach(o -> order.add(o.asText()));
            names.sort(Comparator.comparingInt((String n) -> order.contains(n) ? order.indexOf(n) : Integer.MAX_VALUE)
                    .thenComparingInt(n -> props.path(n).path("x-order").asInt(Integer.MAX_VALUE)));
            for (String field : names) {
                JsonNode raw = props.path(field);
                property(doc, field, raw, required.contains(field), example.path(field), fal);
            }
        }

        private void property(JsonNode doc, String field, JsonNode raw, boolean required, JsonNode example, boolean fal) {
            JsonNode p = merged(doc, raw);
            String type = p.path("type").asText("");
            String title = p.path("title").asText("");
            String desc = p.path("description").asText("");
            String format = p.path("format").asText("");
            if (fal && field.equals("sync_mode") && type.equals("boolean")) {
                fixed.put(field, false);   // answers as URLs, not inline data
                return;
            }
            if (format.equals("password")) {
                skipOrRefuse(required, "input '" + field + "' is a secret, which graph files must not hold");
                return;
            }
            boolean uriLike = format.equals("uri") || format.equals("binary") || (fal && type.equals("string") && (field.endsWith("_url") || field.equals("url")));
            if (type.equals("string") && uriLike) {
                file(field, title, desc, required, example.isTextual() ? example.asText() : null, false);
                return;
            }
            if (type.equals("array")) {
                JsonNode items = merged(doc, p.path("items"));
                boolean itemUri = items.path("format").asText("").equals("uri") || (fal && field.endsWith("_urls"));
                if (items.path("type").asText("").equals("string") && itemUri) {
                    String ex = example.isArray() && example.size() > 0 && example.get(0).isTextual() ? example.get(0).asText() : null;
                    file(field, title, desc, required, ex, true);
                    return;
                }
                skipOrRefuse(required, "input '" + field + "' is a list of " + describe(items) + ", which a node parameter cannot hold");
                return;
            }
            List<String> choices = new ArrayList<>();
            String as = null;
            JsonNode e = p.path("enum");
            if (e.isArray() && e.size() > 0) {
                for (JsonNode v : e) {
                    if (v.isNull()) continue;
                    choices.add(v.asText());
                    if (v.isIntegralNumber()) as = as == null || as.equals("integer") ? "integer" : "number";
                    else if (v.isNumber()) as = "number";
                    else if (v.isBoolean()) as = "boolean";
                }
            }
            Object def = p.has("default") && !p.path("default").isNull() ? JSON.convertValue(p.path("default"), Object.class) : null;
            Double min = p.path("minimum").isNumber() ? p.path("minimum").asDouble() : null;
            Double max = p.path("maximum").isNumber() ? p.path("maximum").asDouble() : null;
            String name = portName(field);
            String text = desc.isBlank() ? title : desc;
            if (!choices.isEmpty()) {
                String d = def == null ? null : def.toString();
                if (d != null && !choices.contains(d)) d = null;
                params.add(new RemoteModel.Param(name, field, "choice", d, null, null, choices, required && d == null ? true : null, text, as));
                return;
            }
            switch (type) {
                case "integer", "number" -> {
                    if (field.toLowerCase(Locale.ROOT).contains("seed") || title.toLowerCase(Locale.ROOT).contains("seed")) {
                        seeded = true;
                        // -1 and friends mean "random" to the provider; a node's seed is always a concrete number
                        Double hi = max != null && max >= 0 ? max : null;
                        Object d = def instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0 && (hi == null || n.doubleValue() <= hi) && n.doubleValue() <= Integer.MAX_VALUE ? def : null;
                        params.add(new RemoteModel.Param(name, field, "seed", d, min != null && min >= 0 ? min : null, hi, null, null, text, null));
                    } else {
                        Double lo = min;
                        Double hi = max;
                        if (def instanceof Number n && ((lo != null && n.doubleValue() < lo) || (hi != null && n.doubleValue() > hi))) def = null;
                        if (type.equals("integer") && def instanceof Number n && n.doubleValue() != Math.rint(n.doubleValue())) def = null;
                        params.add(new RemoteModel.Param(name, field, type, def instanceof Number ? def : null, lo, hi, null,
                                required && !(def instanceof Number) ? true : null, text, null));
                    }
                }
                case "boolean" -> params.add(new RemoteModel.Param(name, field, "boolean", def instanceof Boolean ? def : null, null, null, null,
                        required && !(def instanceof Boolean) ? true : null, text, null));
                case "string" -> params.add(new RemoteModel.Param(name, field, MULTILINE.contains(field) ? "multiline" : "text",
                        def == null ? null : def.toString(), null, null, null, required && def == null ? true : null, text, null));
                default -> skipOrRefuse(required, "input '" + field + "' is " + describe(p) + ", which a node parameter cannot hold");
            }
        }

        private void file(String field, String title, String desc, boolean required, String example, boolean list) {
            Optional<MediaHints.Kind> kind = MediaHints.fromUrl(example);
            if (kind.isEmpty() || kind.get() == MediaHints.Kind.OTHER && MediaHints.fromWords(field, title, desc).isPresent()) {
                kind = MediaHints.fromWords(field, title, desc).or(() -> MediaHints.fromUrl(example));
            }
            if (kind.isEmpty()) {
                skipOrRefuse(required, "input '" + field + "' is a file of unknown kind (not named or described as an image or a video)");
                return;
            }
            String type = switch (kind.get()) {
                case IMAGE -> list ? "images" : "image";
                case MASK -> list ? "images" : "mask";
                case VIDEO -> list ? null : "video";
                default -> null;
            };
            if (type == null) {
                skipOrRefuse(required, "input '" + field + "' is " + (list ? "a list of " : "") + kind.get().name().toLowerCase(Locale.ROOT)
                        + (list ? " files" : "") + ", which Cinegraph has no port type for");
                return;
            }
            inputs.add(new RemoteModel.Port(portName(field), field, type, required ? true : null, desc.isBlank() ? title : desc));
        }

        private void skipOrRefuse(boolean required, String why) {
            if (required) refuse(why);
            else notes.add("left out: " + why);
        }

        private static JsonNode merged(JsonNode doc, JsonNode raw) {
            JsonNode p = resolve(doc, raw);
            if (p.path("allOf").isArray() && p.path("allOf").size() == 1) {
                JsonNode inner = resolve(doc, p.path("allOf").get(0));
                var copy = JSON.createObjectNode();
                if (inner.isObject()) copy.setAll((ObjectNode) inner.deepCopy());
                p.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("allOf")) copy.set(f.getKey(), f.getValue());
                });
                return copy;
            }
            if (p.path("anyOf").isArray()) {
                // "X or null", or fal's "preset name or custom object": keep the one alternative a parameter can hold
                JsonNode pick = null;
                for (JsonNode alt : p.path("anyOf")) {
                    JsonNode a = resolve(doc, alt);
                    if (a.path("type").asText("").equals("null")) continue;
                    if (pick == null || (a.has("enum") && !pick.has("enum"))) pick = a;
                }
                if (pick != null) {
                    var copy = JSON.createObjectNode();
                    copy.setAll((ObjectNode) pick.deepCopy());
                    p.fields().forEachRemaining(f -> {
                        if (!f.getKey().equals("anyOf")) copy.set(f.getKey(), f.getValue());
                    });
                    return copy;
                }
            }
            return p;
        }

        private static String describe(JsonNode p) {
            String t = p.path("type").asText("");
            if (t.isEmpty()) return p.has("anyOf") ? "one of several types" : p.has("properties") ? "an object" : "untyped";
            return t.equals("object") ? "an object" : t.equals("array") ? "a list" : "a " + t;
        }

        // -- outputs --

        /** Replicate's Output: a URI, a list of URIs, text, a list of text, a number, or an object of those. */
        void outputs(JsonNode doc, JsonNode raw, JsonNode example, String words, String forced) {
            JsonNode o = merged(doc, raw);
            String type = o.path("type").asText("");
            if (type.equals("object") && o.has("properties")) {
                o.path("properties").fields().forEachRemaining(f -> {
                    int before = outputs.size();
                    String saved = refusal;
                    single(doc, merged(doc, f.getValue()), f.getKey(), example.path(f.getKey()), words, forced);
                    if (outputs.size() == before) {
                        notes.add("left out output '" + f.getKey() + "': " + (refusal == null ? "not a kind Cinegraph has" : refusal));
                        refusal = saved;
                    }
                });
                if (outputs.isEmpty()) refuse("no output Cinegraph can use (" + String.join(", ", notes) + ")");
                return;
            }
            single(doc, o, "", example, words, forced);
            if (outputs.isEmpty()) refuse("output is " + describe(o));
        }

        private void single(JsonNode doc, JsonNode o, String field, JsonNode example, String words, String forced) {
            String type = o.path("type").asText("");
            boolean untypedItems = type.equals("array") && merged(doc, o.path("items")).path("type").asText("").isEmpty();
            if ((type.isEmpty() && !o.has("anyOf") && !o.has("properties")) || untypedItems) {
                // An untyped output (a Cog "Any"): its example shows what it is.
                o = shapeOf(example);
                type = o.path("type").asText("");
            }
            boolean uri = type.equals("string") && o.path("format").asText("").equals("uri");
            JsonNode items = merged(doc, o.path("items"));
            boolean uriList = type.equals("array") && items.path("type").asText("").equals("string") && items.path("format").asText("").equals("uri");
            String base = field.isEmpty() ? null : field;
            if (uri || uriList) {
                String ex = example.isTextual() ? example.asText() : example.isArray() && example.size() > 0 && example.get(0).isTextual() ? example.get(0).asText() : null;
                String kind = forced != null ? forced : outputKind(ex, field + " " + o.path("title").asText("") + " " + o.path("description").asText(""), words);
                if (kind == null) {
                    refuse("output is a file of unknown kind (pass the kind: image or video)");
                    return;
                }
                switch (kind) {
                    case "image" -> {
                        outputs.add(new RemoteModel.Port(portName(base == null ? "image" : base), field, "image", null, uriList ? "The first image" : "The image"));
                        if (uriList) outputs.add(new RemoteModel.Port(portName(base == null ? "images" : base + "_all"), field, "images", null, "All images, one per frame (1 fps)"));
                    }
                    case "video" -> {
                        outputs.add(new RemoteModel.Port(portName(base == null ? "video" : base), field, "video", null, "The video, decoded as a clip"));
                        if (uriList) notes.add("the model answers a list of videos: the node uses the first");
                    }
                    default -> refuse("output is " + kind + ", which Cinegraph has no port type for");
                }
                return;
            }
            boolean textList = type.equals("array") && items.path("type").asText("").equals("string");
            if (type.equals("string") || textList) {
                outputs.add(new RemoteModel.Port(portName(base == null ? "text" : base), field, "text", null, textList ? "The text (streamed pieces joined)" : "The text"));
                return;
            }
            if (type.equals("number") || type.equals("integer")) {
                outputs.add(new RemoteModel.Port(portName(base == null ? "value" : base), field, "number", null, "The number"));
            }
        }

        /** A schema for an example value: a URI, a list of URIs, text, a number; empty when it is none of these. */
        private static JsonNode shapeOf(JsonNode example) {
            ObjectNode s = JSON.createObjectNode();
            JsonNode e = example.isArray() && example.size() > 0 ? example.get(0) : example;
            boolean url = e.isTextual() && (e.asText().startsWith("http://") || e.asText().startsWith("https://") || e.asText().startsWith("data:"));
            ObjectNode item = url ? JSON.createObjectNode().put("type", "string").put("format", "uri") : e.isTextual() ? JSON.createObjectNode().put("type", "string")
                    : e.isNumber() ? JSON.createObjectNode().put("type", "number") : null;
            if (item == null) return s;
            if (example.isArray()) {
                s.put("type", "array");
                s.set("items", item);
                return s;
            }
            return item;
        }

        /** image, video, audio, other, or null when nothing says. */
        private static String outputKind(String example, String fieldWords, String modelWords) {
            Optional<MediaHints.Kind> k = MediaHints.fromUrl(example);
            if (k.isEmpty()) k = MediaHints.fromWords(fieldWords, null, null);
            if (k.isPresent()) return switch (k.get()) {
                case IMAGE, MASK -> "image";
                case VIDEO -> "video";
                case AUDIO -> "audio";
                case OTHER -> "a file that is neither an image nor a video";
            };
            String w = modelWords.toLowerCase(Locale.ROOT);
            for (String v : VIDEO_MODEL_WORDS) if (w.contains(v)) return "video";
            for (String i : IMAGE_MODEL_WORDS) if (w.contains(i)) return "image";
            return null;
        }

        /** fal's outputs: properties holding files ({url, ...} objects) by their names, text fields, nothing else. */
        void falOutputs(JsonNode doc, JsonNode output, String forced) {
            output.path("properties").fields().forEachRemaining(f -> {
                String field = f.getKey();
                JsonNode p = merged(doc, f.getValue());
                String type = p.path("type").asText("");
                JsonNode file = type.equals("array") ? merged(doc, p.path("items")) : p;
                boolean fileLike = file.path("properties").has("url") || (file.path("type").asText("").equals("string") && field.endsWith("_url"));
                if (fileLike) {
                    String kind = forced;
                    if (kind == null) {
                        Optional<MediaHints.Kind> k = MediaHints.fromWords(field, p.path("title").asText(""), p.path("description").asText(""));
                        if (k.isEmpty()) k = MediaHints.fromWords(file.path("title").asText(""), null, null);
                        kind = k.map(x -> switch (x) {
                            case IMAGE, MASK -> "image";
                            case VIDEO -> "video";
                            default -> "other";
                        }).orElse(null);
                    }
                    String path = field;
                    if ("image".equals(kind)) {
                        outputs.add(new RemoteModel.Port(portName(field.equals("images") ? "image" : field), path, "image", null, type.equals("array") ? "The first image" : "The image"));
                        if (type.equals("array")) outputs.add(new RemoteModel.Port(portName(field.equals("images") ? "images" : field + "_all"), path, "images", null, "All images, one per frame (1 fps)"));
                    } else if ("video".equals(kind)) {
                        outputs.add(new RemoteModel.Port(portName(field), path, "video", null, "The video, decoded as a clip"));
                    } else {
                        notes.add("left out output '" + field + "': " + (kind == null ? "a file of unknown kind" : "not an image or a video"));
                    }
                } else if (Set.of("text", "output", "caption", "description", "response", "answer", "result", "transcription").contains(field)
                        && (type.equals("string") || (type.equals("array") && merged(doc, p.path("items")).path("type").asText("").equals("string")))) {
                    outputs.add(new RemoteModel.Port(portName(field), field, "text", null, "The text"));
                }
            });
            if (outputs.isEmpty()) refuse("no output Cinegraph can use (no image, video or text field)" + (notes.isEmpty() ? "" : ": " + String.join("; ", notes)));
        }

        Result build(String name, String endpoint, String version, String title, String description, String licence, String terms) {
            boolean video = outputs.stream().anyMatch(o -> o.type().equals("video"));
            String in = inputs.stream().anyMatch(i -> i.type().equals("video")) ? "video" : inputs.isEmpty() ? "text" : "image";
            String out = video ? "video" : outputs.stream().anyMatch(o -> o.type().startsWith("image")) ? "image" : "text";
            RemoteModel remote = new RemoteModel(provider, endpoint, version, title, seeded, video ? 1200 : 600, inputs, outputs, params,
                    fixed.isEmpty() ? null : fixed, null, terms);
            ModelManifest m = new ModelManifest(name, version == null ? "1" : version.substring(0, 12), in + "-to-" + out, "remote", null,
                    description.length() > 500 ? description.substring(0, 497) + "..." : description, null, List.of(), List.of(), List.of(), List.of(),
                    licence, null, null, remote);
            try {
                // the same checks a manifest read from disk gets, and the node spec built once
                ModelManifest checked = m.validated(id);
                RemoteSpecs.specOf(checked);
                List<String> n = new ArrayList<>(notes);
                n.add("no price known: estimates will count its calls as unpriced (add a price section to the manifest)");
                if (!seeded) n.add("no seed: marked non-deterministic (results differ between calls; Generate again asks anew)");
                return new Result(id, checked, null, n);
            } catch (ModelException | IllegalArgumentException e) {
                return RemoteImporter.refuse(id, "the schema maps to an invalid manifest: " + e.getMessage(), notes);
            }
        }
    }
}
