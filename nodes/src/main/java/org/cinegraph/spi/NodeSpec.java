package org.cinegraph.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a node type declares: identity, where it sits in the palette, and its typed ports and
 * parameters. {@code output} marks nodes that write files (render targets). {@code perFrame}
 * marks image operations that also work on clips: when a Clip reaches one of their Image or
 * Mask inputs, the node is applied frame by frame, lazily, and its Image/Mask outputs become
 * Clips (see {@link org.cinegraph.spi.PerFrame}).
 */
public record NodeSpec(String id, int version, String category, String displayName, String description,
                       List<PortSpec> inputs, List<ParamSpec> params, List<PortSpec> outputs, boolean output,
                       boolean perFrame) {

    public NodeSpec {
        Objects.requireNonNull(id, "id");
        if (version < 1) throw new IllegalArgumentException("node type version must be >= 1");
        inputs = List.copyOf(inputs);
        params = List.copyOf(params);
        outputs = List.copyOf(outputs);
        checkUnique(id, inputs.stream().map(PortSpec::name).toList(), "input");
        checkUnique(id, outputs.stream().map(PortSpec::name).toList(), "output");
        checkUnique(id, params.stream().map(ParamSpec::name).toList(), "parameter");
    }

    private static void checkUnique(String id, List<String> names, String what) {
        if (names.size() != names.stream().distinct().count()) {
            throw new IllegalArgumentException("node type " + id + " declares a " + what + " name twice: " + names);
        }
    }

    public Optional<PortSpec> input(String name) {
        return inputs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<PortSpec> outputPort(String name) {
        return outputs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every parameter's default value (parameters without one are left out). */
    public Map<String, Object> defaultParams() {
        Map<String, Object> p = new TreeMap<>();
        for (ParamSpec ps : params) if (ps.defaultValue() != null) p.put(ps.name(), ps.defaultValue());
        return p;
    }

    /**
     * The parameter values a node of this type runs with, the one place defaults are merged:
     * each stored value checked and converted by its spec, the default where none is stored.
     * Stored names the type does not declare are left out.
     *
     * @throws IllegalArgumentException naming the parameter if a stored value is not acceptable
     */
    public Map<String, Object> effectiveParams(Map<String, Object> stored) {
        Map<String, Object> p = new TreeMap<>();
        for (ParamSpec ps : params) {
            Object v = ps.storedOrDefault(stored);
            p.put(ps.name(), v == null ? null : ps.coerce(v));
        }
        return p;
    }

    public static Builder builder(String id, int version) {
        return new Builder(id, version);
    }

    public static final class Builder {
        private final String id;
        private final int version;
        private String category = "Other";
        private String displayName;
        private String description = "";
        private final List<PortSpec> inputs = new ArrayList<>();
        private final List<ParamSpec> params = new ArrayList<>();
        private final List<PortSpec> outputs = new ArrayList<>();
        private boolean output;
        private boolean perFrame;

        private Builder(String id, int version) {
            this.id = id;
            this.version = version;
            this.displayName = id;
        }

        public Builder category(String c) { category = c; return this; }
        public Builder name(String n) { displayName = n; return this; }
        public Builder description(String d) { description = d; return this; }
        public Builder input(String name, DataType type, String desc) { inputs.add(PortSpec.required(name, type, desc)); return this; }
        public Builder optionalInput(String name, DataType type, String desc) { inputs.add(PortSpec.optional(name, type, desc)); return this; }
        public Builder param(ParamSpec p) { params.add(p); return this; }
        public Builder output(String name, DataType type, String desc) { outputs.add(PortSpec.output(name, type, desc)); return this; }
        /** Marks the type as a render target that writes files. */
        public Builder writesFiles() { output = true; return this; }

        /** Marks an image operation that is applied frame by frame when given clips. */
        public Builder perFrame() { perFrame = true; return this; }

        public NodeSpec build() {
            return new NodeSpec(id, version, category, displayName, description, inputs, params, outputs, output, perFrame);
        }
    }
}
