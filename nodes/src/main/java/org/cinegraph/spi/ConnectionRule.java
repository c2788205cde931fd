package org.cinegraph.spi;

import java.util.Map;
import java.util.Optional;

/**
 * The one rule for what may be wired into what, and what type then flows out. The validator
 * (and through it every edit) and the editor's wire dragging and quick add all ask here, so a
 * port the editor offers is one the edit accepts.
 */
public final class ConnectionRule {
    private ConnectionRule() {
    }

    /**
     * Whether an output carrying {@code value} may feed {@code input} of a node of type
     * {@code target}: the types fit ({@link DataType#canFeed}), or a Clip reaches an Image/Mask
     * input of a per-frame node (applied frame by frame), or the value is {@link DataType#ANY},
     * the output of a pass-through (Reroute) with nothing feeding it yet, which takes any wire and
     * has its wires checked again once it gets an input.
     */
    public static boolean accepts(DataType value, NodeSpec target, PortSpec input) {
        return value == DataType.ANY || value.canFeed(input.type()) || liftsOverTime(value, target, input);
    }

    /** Whether {@code value} arriving at {@code input} makes the node run frame by frame (see {@link PerFrame}). */
    public static boolean liftsOverTime(DataType value, NodeSpec target, PortSpec input) {
        return value == DataType.CLIP && target.perFrame() && (input.type() == DataType.IMAGE || input.type() == DataType.MASK);
    }

    /**
     * The type {@code output} of a node carries, given the types arriving at its connected
     * inputs (by input name): an ANY output carries what feeds the node's ANY input (ANY while
     * unfed); a per-frame node fed a Clip outputs Clips on its Image/Mask outputs; otherwise the
     * declared type.
     */
    public static DataType outputType(NodeSpec spec, PortSpec output, Map<String, DataType> arriving) {
        if (output.type() == DataType.ANY) {
            for (PortSpec in : spec.inputs()) {
                if (in.type() == DataType.ANY && arriving.containsKey(in.name())) return arriving.get(in.name());
            }
            return DataType.ANY;
        }
        boolean clipIn = false;
        for (PortSpec in : spec.inputs()) {
            DataType t = arriving.get(in.name());
            if (t != null && liftsOverTime(t, spec, in)) clipIn = true;
        }
        return PerFrame.liftsTo(spec, output.type(), clipIn) ? DataType.CLIP : output.type();
    }

    /** The first input of {@code target} that accepts {@code value}, where a new node gets wired. */
    public static Optional<PortSpec> firstInput(NodeSpec target, DataType value) {
        for (PortSpec in : target.inputs()) if (accepts(value, target, in)) return Optional.of(in);
        return Optional.empty();
    }

    /**
     * The first output of a new node of type {@code source} that {@code input} of {@code target}
     * accepts. A new node has no inputs yet, so its outputs carry their declared types.
     */
    public static Optional<PortSpec> firstOutput(NodeSpec source, NodeSpec target, PortSpec input) {
        for (PortSpec out : source.outputs()) if (accepts(out.type(), target, input)) return Optional.of(out);
        return Optional.empty();
    }
}
