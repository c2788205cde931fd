package org.cinegraph.builtin;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.PerFrame;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Evaluates a node the way the executor does: defaults filled in, values coerced, clips lifted. */
public final class NodeHarness {
    private NodeHarness() {
    }

    public static NodeInputs inputs(NodeType type, Map<String, Object> inputs, Map<String, Object> params) {
        Map<String, Object> p = new HashMap<>();
        for (ParamSpec spec : type.spec().params()) {
            p.put(spec.name(), params.containsKey(spec.name()) ? spec.coerce(params.get(spec.name())) : spec.defaultValue());
        }
        for (String name : params.keySet()) {
            if (type.spec().param(name).isEmpty()) throw new IllegalArgumentException("no parameter " + name);
        }
        return new NodeInputs("test1", inputs, p);
    }

    public static Map<String, Object> run(NodeType type, NodeContext ctx, Map<String, Object> inputs, Map<String, Object> params) throws Exception {
        return PerFrame.evaluate(type, inputs(type, inputs, params), ctx);
    }

    public static Frame image(NodeType type, NodeContext ctx, Map<String, Object> inputs, Map<String, Object> params) throws Exception {
        return (Frame) run(type, ctx, inputs, params).get("image");
    }

    public static Clip clip(NodeType type, NodeContext ctx, Map<String, Object> inputs, Map<String, Object> params) throws Exception {
        return (Clip) run(type, ctx, inputs, params).get("clip");
    }

    /** A clip whose frame i is filled with grey level i (mod 256), counting every frame it makes. */
    public static Clip countingClip(int w, int h, int frames, int fps, AtomicInteger calls) {
        return Clip.of(w, h, Rational.of(fps), frames, i -> {
            calls.incrementAndGet();
            int v = i % 256;
            return Frame.filled(w, h, 0xFF000000 | v << 16 | v << 8 | v);
        });
    }

    /** Grey level of a frame made by {@link #countingClip}. */
    public static int grey(Frame f) {
        return f.pixel(0, 0) & 0xFF;
    }
}
