package org.cinegraph.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.media.Frame;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.Widget;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A node type made from a TorchScript model's manifest, with no Java code per model: type id
 * {@code model.NAME}, one Image input and one Image output, and the manifest's parameters. The
 * model's forward gets the image as float32 [1, 3, H, W] RGB in the manifest's input range, then
 * each parameter passed to the model as a float32 scalar tensor (booleans 0/1, choices their index
 * in the list), and returns [1, 3|4, H', W'] in the output range. Alpha of a same-size result is
 * taken from the input (models see RGB only). Per frame, so clips stream through it.
 */
public final class TorchScriptNode implements NodeType {
    private final ModelLibrary.Installed model;
    private final NodeSpec spec;
    private final Supplier<ModelRuntime> runtime;
    private final Supplier<ModelLibrary> library;

    public TorchScriptNode(ModelLibrary.Installed model, Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        this.model = model;
        this.library = library;
        this.runtime = runtime;
        this.spec = specOf(model.manifest());
    }

    public static String typeId(String modelName) {
        return "model." + modelName;
    }

    static NodeSpec specOf(ModelManifest m) {
        String task = m.task() == null ? "image model" : m.task();
        NodeSpec.Builder b = NodeSpec.builder(typeId(m.name()), 1)
                .category("Models")
                .name(m.name())
                .description((m.description().isBlank() ? task : m.description()) + " (TorchScript model " + m.name() + " " + m.version()
                        + (m.licence() == null ? "" : ", licence " + m.licence()) + ")")
                .input("image", DataType.IMAGE, "Image fed to the model (RGB; alpha is passed around it)")
                .output("image", DataType.IMAGE, "The model's result")
                .perFrame();
        for (ModelManifest.Parameter p : m.parameters()) b.param(param(m, p));
        return b.build();
    }

    private static ParamSpec param(ModelManifest m, ModelManifest.Parameter p) {
        String where = "model " + m.name() + ": parameter " + p.name();
        try {
            return switch (p.type()) {
                case "number" -> new ParamSpec(p.name(), DataType.NUMBER, p.defaultValue() == null ? 0.0 : p.defaultValue(), p.min(), p.max(), null, Widget.SLIDER, p.description());
                case "integer" -> new ParamSpec(p.name(), DataType.INTEGER, p.defaultValue() == null ? 0L : p.defaultValue(), p.min(), p.max(), null, Widget.FIELD, p.description());
                case "boolean" -> new ParamSpec(p.name(), DataType.BOOLEAN, p.defaultValue() == null ? false : p.defaultValue(), null, null, null, Widget.CHECKBOX, p.description());
                default -> new ParamSpec(p.name(), DataType.TEXT, p.defaultValue() == null ? p.choices().get(0) : p.defaultValue().toString(), null, null, p.choices(), Widget.DROPDOWN, p.description());
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public NodeSpec spec() {
        return spec;
    }

    public ModelManifest manifest() {
        return model.manifest();
    }

    @Override
    public List<ModelRef> requiredModels(Map<String, Object> params) {
        return List.of(new ModelRef(model.manifest().name(), model.manifest().digest()));
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
        ModelManifest m = model.manifest();
        // Looked up again at render time: the folder may have been removed or replaced since start-up.
        ModelLibrary.Installed current = library.get().require(m.name(), ctx.nodeId());
        if (!current.manifest().digest().equals(m.digest())) {
            throw new ModelException("node " + ctx.nodeId() + ": model " + m.name() + " changed on disk since the node catalogue was loaded; restart to use the new version");
        }
        Frame src = in.image("image");
        float inRange = m.inputs().isEmpty() ? 1f : m.inputs().get(0).rangeOrOne();
        float outRange = m.outputs().isEmpty() ? inRange : m.outputs().get(0).rangeOrOne();
        ctx.checkCancelled();
        try (ModelRuntime.Session s = runtime.get().openTorchScript(ctx.nodeId(), current)) {
            NDManager nd = s.manager();
            NDList inputs = new NDList(Tensors.fromFrame(nd, src, inRange));
            for (ModelManifest.Parameter p : m.parameters()) {
                if (p.passedToModel()) inputs.add(nd.create(scalar(p, in.param(p.name()))));
            }
            NDList out;
            try {
                out = s.forward(inputs);
            } catch (RuntimeException e) {
                throw new ModelException("node " + ctx.nodeId() + ": model " + m.name() + " failed on a " + src.width() + "x" + src.height() + " image: " + firstLine(e.getMessage()), e);
            }
            NDArray result = out.head();
            Shape shape = result.getShape();
            if (shape.dimension() != 4 || shape.get(0) != 1 || (shape.get(1) != 3 && shape.get(1) != 4)) {
                throw new ModelException("node " + ctx.nodeId() + ": model " + m.name() + " returned a tensor of shape " + shape + ", expected [1, 3, H, W]");
            }
            if (shape.get(1) == 3 && shape.get(2) == src.height() && shape.get(3) == src.width()) {
                result = result.concat(Tensors.alphaFromFrame(nd, src, outRange), 1);
            }
            return Map.of("image", Tensors.toFrame(result, outRange));
        }
    }

    private static float scalar(ModelManifest.Parameter p, Object v) {
        if (v instanceof Boolean b) return b ? 1f : 0f;
        if (v instanceof Number n) return n.floatValue();
        return p.choices().indexOf(v.toString());
    }

    private static String firstLine(String s) {
        if (s == null) return "error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
