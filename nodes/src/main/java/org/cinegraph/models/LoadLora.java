package org.cinegraph.models;

import org.cinegraph.spi.DataType;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Load LoRA: adds one adapter from the model library, with a strength, to the stack arriving on
 * its input (chain several, as with loaders in other node editors) for a generator that takes
 * LoRAs. The LoRA's digest is a required model, so it is in graph files and cache keys; the
 * strength is a parameter, so it is in the key too.
 */
public final class LoadLora implements NodeType {
    public static final String TYPE = "model.load-lora";
    private static final NodeSpec SPEC = NodeSpec.builder(TYPE, 1)
            .category("Models").name("Load LoRA")
            .description("Adds a LoRA (a low-rank adapter trained with 'cinegraph train lora' or downloaded into the model library) to a stack "
                    + "for Text to Image. Chain several; each has its own strength (0 = off, exactly the model without it).")
            .optionalInput("loras", DataType.LORA, "LoRAs loaded before this one (applied first)")
            .param(ParamSpec.text("lora", "", "Name of the LoRA in the model library (see: cinegraph models list)"))
            .param(ParamSpec.number("strength", 1, -2, 2, "How strongly to apply it: 1 as trained, 0 off, negative pushes away"))
            .output("loras", DataType.LORA, "The stack with this LoRA added")
            .build();

    private final Supplier<ModelLibrary> library;

    public LoadLora() {
        this(ModelLibrary::fromEnvironment);
    }

    public LoadLora(Supplier<ModelLibrary> library) {
        this.library = library;
    }

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public List<ModelRef> requiredModels(Map<String, Object> params) {
        Object name = params.get("lora");
        if (!(name instanceof String s) || s.isBlank()) return List.of();
        return library.get().find(s.strip()).filter(i -> i.manifest().isLora())
                .map(i -> List.of(new ModelRef(i.manifest().name(), i.manifest().digest()))).orElse(List.of());
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
        String name = in.text("lora").strip();
        if (name.isEmpty()) throw new NodeException("node " + ctx.nodeId() + ": no LoRA chosen (set 'lora' to the name of one in the model library)");
        ModelLibrary lib = library.get();
        ModelLibrary.Installed lora = lib.find(name).orElseThrow(() -> new NodeException("node " + ctx.nodeId() + ": LoRA '" + name
                + "' is not in the model library (" + lib.userDir() + "); train one with: cinegraph train lora ... --out " + name));
        if (!lora.manifest().isLora()) {
            throw new NodeException("node " + ctx.nodeId() + ": model '" + name + "' is a " + lora.manifest().format() + " model, not a LoRA");
        }
        lora = lib.require(name, ctx.nodeId());   // its files verified like any model's (sha256, once per file identity)
        LoraStack before = in.has("loras") ? (LoraStack) in.input("loras") : LoraStack.EMPTY;
        return Map.of("loras", before.plus(new LoraStack.Entry(name, lora.manifest().digest(), in.number("strength"), lora)));
    }
}
