package org.cinegraph.spi;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lifts single-image operations over time. When a {@link NodeSpec#perFrame()} node receives a
 * Clip on an Image or Mask input, its Image/Mask outputs become lazy clips: frame i is the node
 * evaluated on frame i of each clip input (still inputs stay as they are). The longest clip input
 * sets the length and its rate the fps; shorter clips hold their last frame.
 */
public final class PerFrame {
    private PerFrame() {
    }

    /** Evaluates the node, lifting it over clips where its inputs are clips. */
    public static Map<String, Object> evaluate(NodeType type, NodeInputs in, NodeContext ctx) throws Exception {
        NodeSpec spec = type.spec();
        if (!spec.perFrame()) return type.evaluate(in, ctx);
        List<String> clipInputs = spec.inputs().stream()
                .filter(p -> (p.type() == DataType.IMAGE || p.type() == DataType.MASK) && in.has(p.name()) && in.input(p.name()) instanceof Clip)
                .map(PortSpec::name).toList();
        if (clipInputs.isEmpty()) return type.evaluate(in, ctx);

        Clip timing = null;
        for (String name : clipInputs) {
            Clip c = in.clip(name);
            if (timing == null || c.frameCount() > timing.frameCount()) timing = c;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (PortSpec o : spec.outputs()) {
            if (o.type() == DataType.IMAGE || o.type() == DataType.MASK) {
                out.put(o.name(), new LiftedClip(type, in, ctx, clipInputs, o.name(), timing));
            }
        }
        return out;
    }

    /** Whether an output of the node is a clip given which inputs carry clips (for type checking). */
    public static boolean liftsTo(NodeSpec spec, DataType declaredOutput, boolean anyClipInput) {
        return spec.perFrame() && anyClipInput && (declaredOutput == DataType.IMAGE || declaredOutput == DataType.MASK);
    }

    private static final class LiftedClip implements Clip {
        private final NodeType type;
        private final NodeInputs in;
        private final NodeContext ctx;
        private final List<String> clipInputs;
        private final String output;
        private final Rational fps;
        private final int count;
        private final Clip timing;
        private volatile Frame first;

        LiftedClip(NodeType type, NodeInputs in, NodeContext ctx, List<String> clipInputs, String output, Clip timing) {
            this.timing = timing;
            this.fps = timing.fps();
            this.count = timing.frameCount();
            this.type = type;
            this.in = in;
            this.ctx = ctx;
            this.clipInputs = clipInputs;
            this.output = output;
        }

        private Frame firstFrame() {
            Frame f = first;
            if (f == null) first = f = frame(0);
            return f;
        }

        @Override public int width() { return firstFrame().width(); }
        @Override public int height() { return firstFrame().height(); }
        @Override public Rational fps() { return fps; }
        @Override public int frameCount() { return count; }
        /** The sound of the clip that sets the timing passes through (a graded clip keeps its audio). */
        @Override public java.util.Optional<org.cinegraph.media.Audio> audio() { return timing.audio(); }

        @Override
        public Frame frame(int index) {
            if (index < 0 || index >= count) throw new IndexOutOfBoundsException("frame " + index + " is outside 0.." + (count - 1));
            if (index == 0 && first != null) return first;
            ctx.checkCancelled();
            Map<String, Object> inputs = new HashMap<>(in.inputs());
            for (String name : clipInputs) {
                Clip c = in.clip(name);
                inputs.put(name, c.frame(Math.min(index, c.frameCount() - 1)));
            }
            try {
                Object v = type.evaluate(new NodeInputs(ctx.nodeId(), inputs, in.params()), ctx).get(output);
                return (Frame) v;
            } catch (NodeFailure | CancelledException e) {
                throw e;
            } catch (Exception e) {
                throw new NodeFailure(ctx.nodeId(), "frame " + index + ": " + e.getMessage(), e);
            }
        }
    }
}
