package org.cinegraph.models;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code "node"} section of a model manifest: how a model becomes a node with no Java of its
 * own ({@link ManifestNode}). Ports are mapped to the model's named tensors, with the pre- and
 * post-processing spelled out as data; detectors add a decoder (anchor boxes + non-maximum
 * suppression, line segments) whose results feed Text, Number and Mask ports.
 *
 * @param name     the node's display name (default: the model's name)
 * @param inputs   input ports, in the order a TorchScript forward() takes them
 * @param outputs  output ports
 * @param decoders detection decoders that outputs read with {@link Port#from()}
 * @param entries  file names for entry values, where parameter values are not file names:
 *                 the manifest's entry with its {parameter} references filled in is looked up here
 * @param tile     for image-to-image models (upscalers): frames bigger than the tile run tile by
 *                 tile, so memory follows the tile, not the frame (the node gets a "tile" setting;
 *                 0 runs the whole frame)
 */
public record NodeSection(String name, List<Port> inputs, List<Port> outputs, List<Decoder> decoders, Map<String, String> entries, Tile tile) {

    /**
     * Tiling of an image-to-image model: {@code size} input pixels per tile by default, each tile
     * run with {@code overlap} pixels of real context on every side (cropped away after), so a
     * model whose outputs depend only on pixels within {@code overlap} gives the untiled result.
     * Models that pool over the whole image (squeeze-excitation) see each tile's statistics.
     */
    public record Tile(int size, int overlap) {
    }

    public NodeSection {
        entries = entries == null ? Map.of() : Map.copyOf(entries);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        decoders = decoders == null ? List.of() : List.copyOf(decoders);
    }

    /**
     * A port and the tensor behind it. Images become float tensors: 8-bit values map linearly to
     * {@code values} (black, white), then {@code (v - mean) / std} per channel, in {@code channels}
     * order (RGB, BGR or GRAY) and {@code layout} (NCHW or NHWC), with {@code constant} channels
     * appended (e.g. M-LSD's alpha of ones). {@code size} [w, h] resizes to a fixed model size by
     * {@code fit} (stretch, or letterbox: aspect kept, black bars); {@code pad} adds a border
     * ({@code padMode} replicate, reflect or zero) and {@code multiple} grows the bottom/right edge to
     * a multiple. Outputs undo all of it: the part of the tensor that shows the source is cut out
     * and resized to the source size times {@code scale}; {@code border} is how many input pixels
     * the model itself trims from each edge (upscalers with internal crops). Output values go
     * through {@code activation} (sigmoid), {@code normalize} (minmax: stretch to the full range per
     * frame) and {@code invert}, then {@code values} map back to 8 bits.
     *
     * @param type   image, mask, number or text (a port type)
     * @param tensor the model's tensor (ONNX input/output name, ncnn blob; TorchScript: by order)
     * @param from   for outputs: the decoder whose results this port gives instead of a tensor
     * @param value  for decoder outputs: count (Number), json (Text) or mask (drawn Mask)
     * @param draw   for decoder masks: boxes, ellipses or lines
     * @param width  line width in source pixels for drawn lines: a number or a parameter name
     */
    public record Port(String port, String type, String tensor, String from, String description, String layout, String channels,
                       List<Double> values, List<Double> mean, List<Double> std, List<Double> constant, List<Integer> size,
                       String fit, Integer pad, String padMode, Integer multiple, Integer scale, Integer border,
                       String activation, String normalize, Boolean invert, String value, String draw, Object width) {
        public Port {
            values = values == null ? List.of() : List.copyOf(values);
            mean = mean == null ? List.of() : List.copyOf(mean);
            std = std == null ? List.of() : List.copyOf(std);
            constant = constant == null ? List.of() : List.copyOf(constant);
            size = size == null ? List.of() : List.copyOf(size);
            description = description == null ? "" : description;
        }

        boolean nhwc() {
            return "NHWC".equals(layout);
        }

        String channelsOr(String dflt) {
            return channels == null ? dflt : channels;
        }

        float black() {
            return values.isEmpty() ? 0f : values.get(0).floatValue();
        }

        float white() {
            return values.isEmpty() ? 1f : values.get(1).floatValue();
        }

        int scaleOrOne() {
            return scale == null ? 1 : scale;
        }

        int borderOrZero() {
            return border == null ? 0 : border;
        }
    }

    /**
     * Turns detector tensors into detections, in model-input pixels. Kinds:
     * <ul>
     * <li>{@code anchor-boxes} (SSD/BlazeFace): per grid level a score tensor and a box tensor whose
     * rows are x, y, w, h offsets from the anchor (cell centre) in pixels, then {@code keypoints}
     * x, y pairs; scores go through {@code scoreActivation}; {@code threshold}; then {@code nms}
     * (weighted: overlapping boxes blend by score, as MediaPipe does; hard: the best one stays) at
     * {@code iou}.</li>
     * <li>{@code line-segments} (M-LSD): a score map and an offset map (x1, y1, x2, y2 from the cell)
     * at {@code cell} input pixels per cell; cells above {@code threshold} that are the highest of
     * their 3x3 neighbourhood give a segment if it is at least {@code minLength} pixels long.</li>
     * </ul>
     * Numbers given as text name a node parameter.
     */
    public record Decoder(String id, String kind, List<String> scores, List<String> boxes, List<Grid> grids, String offsets, String layout,
                          Integer keypoints, String scoreActivation, Object threshold, Double iou, String nms, Integer cell, Object minLength,
                          Integer max) {
        public Decoder {
            scores = scores == null ? List.of() : List.copyOf(scores);
            boxes = boxes == null ? List.of() : List.copyOf(boxes);
            grids = grids == null ? List.of() : List.copyOf(grids);
        }
    }

    /** One level of an anchor grid: cells per side and anchors per cell. */
    public record Grid(int cells, int anchors) {
    }

    static final Set<String> PORT_TYPES = Set.of("image", "mask", "number", "text");

    /** Problems with the section, one line each (checked with the rest of the manifest). */
    List<String> problems(ModelManifest m) {
        List<String> p = new ArrayList<>();
        if (outputs.isEmpty()) p.add("node: 'outputs' is empty");
        if (tile != null) {
            if (tile.size() < 16 || tile.overlap() < 0) p.add("node: tile: 'size' must be at least 16 and 'overlap' at least 0");
            if (inputs.size() != 1 || !inputs.get(0).type().equals("image") || !decoders.isEmpty()
                    || outputs.stream().anyMatch(o -> !o.type().equals("image") && !o.type().equals("mask"))) {
                p.add("node: tile: only a model with one image input and image or mask outputs runs tile by tile");
            }
        }
        for (String f : entries.values()) {
            if (m.files().stream().noneMatch(x -> x.path().equals(f))) p.add("node: entries: " + f + " is not one of 'files'");
        }
        Set<String> names = new HashSet<>();
        Set<String> decoderIds = new HashSet<>();
        for (Decoder d : decoders) {
            if (d.id() == null || !decoderIds.add(d.id())) p.add("node: every decoder needs a distinct 'id'");
            if (!Set.of("anchor-boxes", "line-segments").contains(String.valueOf(d.kind()))) {
                p.add("node: decoder " + d.id() + ": 'kind' must be anchor-boxes or line-segments");
            } else if (d.kind().equals("anchor-boxes") && (d.scores().isEmpty() || d.scores().size() != d.boxes().size() || d.grids().size() != d.scores().size())) {
                p.add("node: decoder " + d.id() + ": anchor-boxes needs one score tensor, one box tensor and one grid per level");
            } else if (d.kind().equals("line-segments") && (d.scores().size() != 1 || d.offsets() == null)) {
                p.add("node: decoder " + d.id() + ": line-segments needs one score tensor and 'offsets'");
            }
            paramRef(m, p, "decoder " + d.id() + " threshold", d.threshold());
            paramRef(m, p, "decoder " + d.id() + " minLength", d.minLength());
        }
        for (List<Port> ports : List.of(inputs, outputs)) {
            boolean in = ports == inputs;
            for (Port port : ports) {
                String where = "node: " + (in ? "input" : "output") + " " + port.port();
                if (port.port() == null || port.port().isBlank()) p.add("node: a port has no 'port' name");
                else if (!names.add((in ? "in:" : "out:") + port.port())) p.add(where + " is listed twice");
                if (!PORT_TYPES.contains(String.valueOf(port.type()))) p.add(where + ": 'type' must be image, mask, number or text");
                if (in && port.tensor() == null) p.add(where + ": needs 'tensor' (the model input it feeds)");
                if (!in && (port.tensor() == null) == (port.from() == null)) p.add(where + ": needs either 'tensor' or 'from' (a decoder)");
                if (port.from() != null && !decoderIds.contains(port.from())) p.add(where + ": no decoder '" + port.from() + "'");
                if (port.from() != null && !Set.of("count", "json", "mask").contains(String.valueOf(port.value()))) {
                    p.add(where + ": 'value' must be count, json or mask");
                }
                if (in && "text".equals(port.type())) p.add(where + ": text inputs are not supported");
                if (port.layout() != null && !Set.of("NCHW", "NHWC").contains(port.layout())) p.add(where + ": 'layout' must be NCHW or NHWC");
                if (port.channels() != null && !Set.of("RGB", "BGR", "GRAY").contains(port.channels())) p.add(where + ": 'channels' must be RGB, BGR or GRAY");
                if (!port.values().isEmpty() && port.values().size() != 2) p.add(where + ": 'values' is [black, white]");
                int ch = "GRAY".equals(port.channels()) ? 1 : 3;
                if (!port.mean().isEmpty() && port.mean().size() != ch || !port.std().isEmpty() && port.std().size() != ch) {
                    p.add(where + ": 'mean' and 'std' need one value per channel");
                }
                if (port.std().stream().anyMatch(s -> s == 0)) p.add(where + ": 'std' may not be 0");
                if (!port.size().isEmpty() && (port.size().size() != 2 || port.size().stream().anyMatch(s -> s <= 0))) p.add(where + ": 'size' is [width, height]");
                if (port.fit() != null && !Set.of("stretch", "letterbox").contains(port.fit())) p.add(where + ": 'fit' must be stretch or letterbox");
                if (port.padMode() != null && !Set.of("replicate", "reflect", "zero").contains(port.padMode())) p.add(where + ": 'padMode' must be replicate, reflect or zero");
                if (port.activation() != null && !Set.of("none", "sigmoid").contains(port.activation())) p.add(where + ": 'activation' must be none or sigmoid");
                if (port.normalize() != null && !Set.of("none", "minmax").contains(port.normalize())) p.add(where + ": 'normalize' must be none or minmax");
                if (port.draw() != null && !Set.of("boxes", "ellipses", "lines").contains(port.draw())) p.add(where + ": 'draw' must be boxes, ellipses or lines");
                if ((port.scale() != null && port.scale() < 1) || (port.pad() != null && port.pad() < 0) || (port.multiple() != null && port.multiple() < 1)) {
                    p.add(where + ": 'scale', 'pad' and 'multiple' must be positive");
                }
                paramRef(m, p, where + " width", port.width());
            }
        }
        return p;
    }

    private static void paramRef(ModelManifest m, List<String> p, String where, Object v) {
        if (v == null || v instanceof Number) return;
        if (!(v instanceof String s) || m.parameters().stream().noneMatch(x -> x.name().equals(s))) {
            p.add("node: " + where + " must be a number or the name of a parameter (got " + v + ")");
        }
    }

    /** A number field: literal, or the value of the parameter it names. */
    static double number(Object v, Map<String, Object> params, double dflt) {
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        Object p = params.get(v.toString());
        return p instanceof Number n ? n.doubleValue() : dflt;
    }

    /**
     * What a TorchScript manifest without a node section means (the original contract): Image in,
     * Image out, in the ranges of the manifest's tensor specs.
     */
    static NodeSection imageToImage(ModelManifest m) {
        double inRange = m.inputs().isEmpty() ? 1 : m.inputs().get(0).rangeOrOne();
        double outRange = m.outputs().isEmpty() ? inRange : m.outputs().get(0).rangeOrOne();
        Port in = new Port("image", "image", "image", null, "Image fed to the model (RGB; alpha is passed around it)", null, null,
                List.of(0.0, inRange), null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        Port out = new Port("image", "image", "image", null, "The model's result", null, null, List.of(0.0, outRange), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
        return new NodeSection(null, List.of(in), List.of(out), List.of(), Map.of(), null);
    }
}
