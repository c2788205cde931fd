package org.cinegraph.builtin.time;

import org.cinegraph.media.Audio;
import org.cinegraph.media.Clip;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Map;

/** Keeps a range of frames. */
public final class Trim implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("clip.trim", 1)
            .category("Time").name("Trim")
            .description("Keeps frames from 'first' for 'count' frames, or up to 'last'. Frames are numbered from 0.")
            .input("clip", DataType.CLIP, "Clip to trim")
            .param(ParamSpec.integer("first", 0, 0, Integer.MAX_VALUE, "First frame kept (0-based)"))
            .param(ParamSpec.integer("count", 0, 0, Integer.MAX_VALUE, "Number of frames kept; 0 = use 'last' instead"))
            .param(ParamSpec.integer("last", -1, -1, Integer.MAX_VALUE, "Last frame kept (inclusive) when count is 0; -1 = the end of the clip"))
            .output("clip", DataType.CLIP, "The trimmed clip")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Clip src = in.clip("clip");
        int n = src.frameCount();
        long first = in.integer("first"), count = in.integer("count"), last = in.integer("last");
        if (n == 0) throw new NodeException("Trim: the clip has no frames");
        if (first >= n) {
            throw new NodeException("Trim: 'first' is frame " + first + " but the clip has only " + n + " frames (0.." + (n - 1) + ")");
        }
        long end = count > 0 ? first + count - 1 : last < 0 ? n - 1 : last;
        if (end < first) {
            throw new NodeException("Trim: 'last' (" + last + ") is before 'first' (" + first + "), which leaves no frames");
        }
        if (end >= n) {
            ctx.log("Trim: the clip ends at frame " + (n - 1) + ", so the trim stops there instead of at " + end);
            end = n - 1;
        }
        int offset = (int) first;
        int kept = (int) (end - first + 1);
        Clip out = Clip.of(src.width(), src.height(), src.fps(), kept, i -> src.frame(offset + i));
        // the sound of the frames kept
        out = out.withAudio(src.audio().map(a -> a.slice(Audio.sampleAt(offset, src.fps()),
                Audio.sampleAt(offset + kept, src.fps()) - Audio.sampleAt(offset, src.fps()))).orElse(null));
        return Map.of("clip", out);
    }
}
