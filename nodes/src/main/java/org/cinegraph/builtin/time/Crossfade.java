package org.cinegraph.builtin.time;

import org.cinegraph.media.Audio;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Rational;
import org.cinegraph.media.Pixels;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Map;

/** Joins two clips with a dissolve over their overlapping frames. */
public final class Crossfade implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("clip.crossfade", 1)
            .category("Time").name("Crossfade")
            .description("Plays a then b, dissolving linearly over 'overlap' frames; the result is a + b - overlap frames long. "
                    + "Their sound crossfades over the same frames.")
            .input("a", DataType.CLIP, "Outgoing clip; sets size and frame rate")
            .input("b", DataType.CLIP, "Incoming clip")
            .param(ParamSpec.integer("overlap", 12, 0, 100000, "Frames over which a dissolves into b").withSoftRange(0, 96))
            .output("clip", DataType.CLIP, "The joined clip")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Clip a = in.clip("a"), b = in.clip("b");
        Timing.requireSameSize("Crossfade", "a", a, "b", b);
        int overlap = in.intParam("overlap");
        int na = a.frameCount(), nb = b.frameCount();
        if (overlap > Math.min(na, nb)) {
            throw new NodeException("Crossfade: 'overlap' is " + overlap + " frames but clip a has " + na + " and clip b has " + nb
                    + "; the overlap cannot be longer than either clip");
        }
        int fadeStart = na - overlap;
        Clip out = Clip.of(a.width(), a.height(), a.fps(), na + nb - overlap, i -> {
            if (i < fadeStart) return a.frame(i);
            if (i >= na) return b.frame(i - fadeStart);
            // Weights strictly between 0 and 1, so no overlap frame duplicates a or b exactly.
            double t = (double) (i - fadeStart + 1) / (overlap + 1);
            return Pixels.mix(a.frame(i), b.frame(i - fadeStart), t);
        });
        if (a.hasAudio() || b.hasAudio()) {
            // the sound crossfades over the same frames (equal power); a silent side is silence
            Rational fps = a.fps();
            long la = Audio.sampleAt(na, fps), lb = Audio.sampleAt(nb, fps), lo = Audio.sampleAt(overlap, fps);
            Audio sa = a.audio().map(x -> x.slice(0, la)).orElse(Audio.silence(la));
            Audio sb = b.audio().map(x -> x.slice(0, lb)).orElse(Audio.silence(lb));
            out = out.withAudio(Audio.crossfade(sa, sb, lo));
        }
        return Map.of("clip", out);
    }

}
