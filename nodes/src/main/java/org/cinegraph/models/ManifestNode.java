package org.cinegraph.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.cinegraph.media.Frame;
import org.cinegraph.models.ncnn.NcnnGraph;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.Widget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A node type made from a model manifest alone, for TorchScript, ONNX and ncnn models alike: type id
 * {@code model.NAME}, ports and processing from the manifest's {@link NodeSection} (a TorchScript
 * manifest without one is Image in, Image out), parameters from its parameter list. Per frame, so
 * clips stream through it.
 *
 * <p>Inputs are turned into tensors ({@link PortTensors}) and bound by tensor name (TorchScript: in
 * port order, then each parameter passed to the model as a float32 scalar: booleans 0/1, choices
 * their index). The model runs under {@link ModelRuntime}'s budget, one forward pass at a time per
 * loaded model. Outputs are read back by tensor name or through a decoder ({@link Detections}). An
 * RGB image output an integer multiple of the source's size gets the source's alpha back.
 *
 * <p>A catalogue model's node names the catalogue's weights (digest) and refuses others; a local
 * model's node names the weights it was made from, re-checked at render time.
 */
public final class ManifestNode implements NodeType {
    private final ModelManifest manifest;
    private final NodeSection node;
    private final boolean catalogued;
    private final NodeSpec spec;
    private final Supplier<ModelRuntime> runtime;
    private final Supplier<ModelLibrary> library;

    /**
     * @param catalogued whether the manifest is the built-in catalogue's (the model is then
     *                   required with exactly those weights, and may not be installed yet)
     */
    public ManifestNode(ModelManifest manifest, boolean catalogued, Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        this.manifest = manifest;
        this.node = manifest.node() != null ? manifest.node() : NodeSection.imageToImage(manifest);
        this.catalogued = catalogued;
        this.library = library;
        this.runtime = runtime;
        this.spec = specOf(manifest, node);
    }

    /** The node of an installed (local) model. */
    public ManifestNode(ModelLibrary.Installed model, Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        this(model.manifest(), false, library, runtime);
    }

    /** The setting a tiled model's node gets (see {@link NodeSection.Tile}). */
    static final String TILE = "tile";

    public static String typeId(String modelName) {
        return "model." + modelName;
    }

    private static NodeSpec specOf(ModelManifest m, NodeSection node) {
        String task = m.task() == null ? "image model" : m.task();
        NodeSpec.Builder b = NodeSpec.builder(typeId(m.name()), 1)
                .category("Models")
                .name(node.name() == null ? m.name() : node.name())
                .description((m.description().isBlank() ? task : m.description()) + " (" + formatName(m.format()) + " model " + m.name() + " " + m.version()
                        + (m.licence() == null ? "" : ", licence " + m.licence()) + ")")
                .perFrame();
        for (NodeSection.Port p : node.inputs()) b.input(p.port(), portType(p), p.description());
        for (ModelManifest.Parameter p : m.parameters()) b.param(param(m, p));
        if (node.tile() != null) {
            b.param(new ParamSpec(TILE, DataType.INTEGER, (long) node.tile().size(), 0.0, 4096.0, null, Widget.FIELD,
                    "Input pixels per tile on big frames (memory follows the tile, not the frame); 0 runs the whole frame at once"));
        }
        for (NodeSection.Port p : node.outputs()) b.output(p.port(), portType(p), p.description());
        return b.build();
    }

    private static String formatName(String format) {
        return switch (format) {
            case "torchscript" -> "TorchScript";
            case "onnx" -> "ONNX";
            default -> format;
        };
    }

    private static DataType portType(NodeSection.Port p) {
        return DataType.parse(p.type());
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
        return manifest;
    }

    @Override
    public List<ModelRef> requiredModels(Map<String, Object> params) {
        return List.of(new ModelRef(manifest.name(), manifest.digest()));
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
        if (node.tile() != null && in.param(TILE) instanceof Number t && t.intValue() > 0) {
            String port = node.inputs().get(0).port();
            Frame src = in.image(port);
            if (src.width() > t.intValue() || src.height() > t.intValue()) return tiled(in, ctx, port, src, t.intValue(), node.tile().overlap());
        }
        return whole(in, ctx);
    }

    /**
     * Runs the model on overlapping tiles of the input frame (each with {@code overlap} pixels of
     * context, clamped at the frame's edges) and pastes each tile's middle into the outputs, which
     * have the tiles' scale. Cancellation is checked and progress reported between tiles.
     */
    private Map<String, Object> tiled(NodeInputs in, NodeContext ctx, String port, Frame src, int tile, int overlap) throws Exception {
        int w = src.width(), h = src.height();
        int total = ((w + tile - 1) / tile) * ((h + tile - 1) / tile), done = 0;
        Map<String, int[]> px = new LinkedHashMap<>();
        int scale = 0;
        for (int y0 = 0; y0 < h; y0 += tile) {
            for (int x0 = 0; x0 < w; x0 += tile) {
                ctx.checkCancelled();
                int x1 = Math.min(w, x0 + tile), y1 = Math.min(h, y0 + tile);
                int rx0 = Math.max(0, x0 - overlap), ry0 = Math.max(0, y0 - overlap), rx1 = Math.min(w, x1 + overlap), ry1 = Math.min(h, y1 + overlap);
                Frame part = crop(src, rx0, ry0, rx1 - rx0, ry1 - ry0);
                Map<String, Object> inputs = new HashMap<>(in.inputs());
                inputs.put(port, part);
                Map<String, Object> out = whole(new NodeInputs(ctx.nodeId(), inputs, in.params()), ctx);
                for (NodeSection.Port o : node.outputs()) {
                    Frame f = (Frame) out.get(o.port());
                    int s = f.width() / part.width();
                    if (s < 1 || f.width() != s * part.width() || f.height() != s * part.height() || (scale != 0 && s != scale)) {
                        throw new ModelException("node " + ctx.nodeId() + ": model " + manifest.name() + " gave a " + f.width() + "x" + f.height()
                                + " output for a " + part.width() + "x" + part.height() + " tile, not a whole multiple; set tile to 0");
                    }
                    scale = s;
                    int[] dst = px.computeIfAbsent(o.port(), k -> new int[w * s * h * s]);
                    int[] from = f.pixels();
                    int ox = (x0 - rx0) * s, oy = (y0 - ry0) * s, cw = (x1 - x0) * s;
                    for (int y = 0; y < (y1 - y0) * s; y++) {
                        System.arraycopy(from, (oy + y) * f.width() + ox, dst, (y0 * s + y) * (w * s) + x0 * s, cw);
                    }
                }
                ctx.progress((double) ++done / total);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : px.entrySet()) result.put(e.getKey(), new Frame(w * scale, h * scale, e.getValue()));
        return result;
    }

    private static Frame crop(Frame f, int x, int y, int cw, int ch) {
        int[] src = f.pixels(), out = new int[cw * ch];
        for (int r = 0; r < ch; r++) System.arraycopy(src, (y + r) * f.width() + x, out, r * cw, cw);
        return new Frame(cw, ch, out);
    }

    /** One run of the model on the whole input. */
    private Map<String, Object> whole(NodeInputs in, NodeContext ctx) throws Exception {
        ModelManifest m = manifest;
        String who = ctx.nodeId();
        // Looked up again at render time: the folder may have been removed or replaced since start-up.
        ModelLibrary.Installed current = catalogued ? library.get().requireCatalogued(m.name(), who) : library.get().require(m.name(), who);
        if (!current.manifest().digest().equals(m.digest())) {
            throw new ModelException("node " + who + ": model " + m.name() + " changed on disk since the node catalogue was loaded; restart to use the new version");
        }
        String entry = m.entry() == null ? null : m.entryFor(in.params());
        Path file = current.file(entry);
        if (!Files.isRegularFile(file)) {
            throw new ModelException("node " + who + ": model " + m.name() + " has no file " + entry + " for these settings ("
                    + String.join(", ", m.files().stream().map(ModelManifest.FileEntry::path).toList()) + ")");
        }
        ctx.checkCancelled();
        try (ModelRuntime.Session s = open(who, current, entry)) {
            NDManager nd = s.tensors();
            Frame source = null;
            PortTensors.Placement placement = null;
            LinkedHashMap<String, NDArray> tensors = new LinkedHashMap<>();
            for (NodeSection.Port p : node.inputs()) {
                if (p.type().equals("number")) {
                    tensors.put(p.tensor(), PortTensors.scalar(nd, in.inputNumber(p.port())));
                    continue;
                }
                Frame f = in.image(p.port());
                PortTensors.Prepared prep = PortTensors.toTensor(nd, f, p);
                tensors.put(p.tensor(), prep.tensor());
                if (source == null) {
                    source = f;
                    placement = prep.placement();
                }
            }
            Map<String, NDArray> outs;
            try {
                synchronized (s.model()) {
                    outs = run(s, nd, tensors, in.params());
                }
            } catch (CancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelException("node " + who + ": model " + m.name() + " failed" + (source == null ? "" : " on a " + source.width() + "x" + source.height() + " image")
                        + ": " + firstLine(e.getMessage()), e);
            }
            ctx.checkCancelled();
            return outputs(who, outs, source, placement, in.params());
        }
    }

    private ModelRuntime.Session open(String who, ModelLibrary.Installed model, String entry) throws ModelException {
        ModelManifest m = model.manifest();
        Path file = model.file(entry);
        String key = m.name() + "@" + m.digest() + "/" + entry;
        ModelRuntime rt = runtime.get();
        switch (m.format()) {
            case "onnx":
                return rt.openOnnx(who, key, file, size(m, entry));
            case "ncnn": {
                String binName = entry.replaceFirst("\\.param$", ".bin");
                Path bin = model.file(binName);
                return rt.open(who, key, size(m, entry) + size(m, binName), dev -> HeldNetwork.model(key, dev, mgr -> NcnnGraph.load(file, bin, mgr)));
            }
            default:
                return rt.openTorchScript(who, key, file, size(m, entry));
        }
    }

    private static long size(ModelManifest m, String path) {
        return m.files().stream().filter(f -> f.path().equals(path)).mapToLong(ModelManifest.FileEntry::size).sum();
    }

    /** Distinct output tensor names the ports and decoders read, in declaration order. */
    private List<String> wantedTensors() {
        Set<String> names = new LinkedHashSet<>();
        for (NodeSection.Port p : node.outputs()) if (p.tensor() != null) names.add(p.tensor());
        for (NodeSection.Decoder d : node.decoders()) {
            names.addAll(d.scores());
            names.addAll(d.boxes());
            if (d.offsets() != null) names.add(d.offsets());
        }
        return new ArrayList<>(names);
    }

    /** Runs the model; results are PyTorch arrays on {@code nd}, by tensor name. */
    private Map<String, NDArray> run(ModelRuntime.Session s, NDManager nd, LinkedHashMap<String, NDArray> inputs, Map<String, Object> params) {
        List<String> wanted = wantedTensors();
        Map<String, NDArray> out = new HashMap<>();
        switch (manifest.format()) {
            case "ncnn" -> {
                NcnnGraph g = HeldNetwork.of(s, NcnnGraph.class);
                out.putAll(g.run(inputs, wanted));
            }
            case "onnx" -> {
                NDList ort = new NDList();
                for (Map.Entry<String, NDArray> e : inputs.entrySet()) {
                    NDArray x = e.getValue();
                    NDArray o = s.manager().create(x.toFloatArray(), x.getShape());
                    o.setName(e.getKey());
                    ort.add(o);
                }
                NDList res = s.forward(ort);
                for (int i = 0; i < res.size(); i++) {
                    NDArray r = res.get(i);
                    String name = r.getName() == null || r.getName().isEmpty() ? (i < wanted.size() ? wanted.get(i) : "output" + i) : r.getName();
                    out.put(name, nd.create(r.toFloatArray(), r.getShape()));
                }
            }
            default -> {
                NDList args = new NDList(inputs.values().toArray(new NDArray[0]));
                for (ModelManifest.Parameter p : manifest.parameters()) {
                    if (p.passedToModel()) args.add(nd.create(scalar(p, params.get(p.name()))));
                }
                NDList res = s.forward(args);
                for (int i = 0; i < res.size() && i < wanted.size(); i++) out.put(wanted.get(i), res.get(i));
            }
        }
        for (String w : wanted) {
            if (!out.containsKey(w)) throw new IllegalStateException("the model gave no output '" + w + "' (it gave " + out.keySet() + ")");
        }
        return out;
    }

    private Map<String, Object> outputs(String who, Map<String, NDArray> outs, Frame source, PortTensors.Placement pl, Map<String, Object> params) throws ModelException {
        if (pl == null) pl = PortTensors.Placement.identity(1, 1);
        Map<String, List<Detections.Shape>> decoded = new HashMap<>();
        Map<String, Object> result = new LinkedHashMap<>();
        for (NodeSection.Port p : node.outputs()) {
            try {
                if (p.from() != null) {
                    NodeSection.Decoder d = node.decoders().stream().filter(x -> x.id().equals(p.from())).findFirst().orElseThrow();
                    PortTensors.Placement place = pl;
                    List<Detections.Shape> shapes = decoded.computeIfAbsent(d.id(), k -> Detections.decode(d, outs, params, place));
                    result.put(p.port(), switch (p.value()) {
                        case "count" -> (double) shapes.size();
                        case "json" -> Detections.json(shapes);
                        default -> Detections.draw(shapes, p.draw() == null ? "boxes" : p.draw(), NodeSection.number(p.width(), params, 1),
                                pl.srcW() * p.scaleOrOne(), pl.srcH() * p.scaleOrOne());
                    });
                } else if (p.type().equals("number")) {
                    result.put(p.port(), (double) outs.get(p.tensor()).toFloatArray()[0]);
                } else if (p.type().equals("text")) {
                    result.put(p.port(), java.util.Arrays.toString(outs.get(p.tensor()).toFloatArray()));
                } else {
                    result.put(p.port(), withAlpha(PortTensors.toFrame(outs.get(p.tensor()), p, pl), source, p));
                }
            } catch (RuntimeException e) {
                throw new ModelException("node " + who + ": model " + manifest.name() + ", output " + p.port() + ": " + firstLine(e.getMessage()), e);
            }
        }
        return result;
    }

    /** An opaque RGB image output k times the source's size takes the source's alpha (nearest), as the model sees RGB only. */
    private static Frame withAlpha(Frame out, Frame source, NodeSection.Port p) {
        if (source == null || !p.type().equals("image") || out.width() % source.width() != 0 || out.height() % source.height() != 0) return out;
        int k = out.width() / source.width();
        if (k == 0 || out.height() != source.height() * k) return out;
        int[] src = source.pixels();
        boolean opaque = true;
        for (int v : src) {
            if ((v >>> 24) != 0xFF) {
                opaque = false;
                break;
            }
        }
        if (opaque) return out;
        int[] px = out.pixels().clone();
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
                int a = src[(y / k) * source.width() + x / k] >>> 24;
                px[y * out.width() + x] = (a << 24) | (px[y * out.width() + x] & 0xFFFFFF);
            }
        }
        return new Frame(out.width(), out.height(), px);
    }

    private static float scalar(ModelManifest.Parameter p, Object v) {
        if (v instanceof Boolean b) return b ? 1f : 0f;
        if (v instanceof Number n) return n.floatValue();
        return p.choices().indexOf(v.toString());
    }

    private static String firstLine(String s) {
        return NodeException.oneLine(s);
    }
}
