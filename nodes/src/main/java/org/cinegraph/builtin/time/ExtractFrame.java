package org.cinegraph.builtin.time;

import org.cinegraph.media.Clip;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.Map;

/** One frame of a clip as a still image. */
public final class ExtractFrame implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("clip.extract-frame", 1)
            .category("Time").name("Extract Frame")
            .description("Takes one frame of a clip as an image (a poster frame, or a plate to paint on).")
            .input("clip", DataType.CLIP, "Clip to take the frame from")
            .param(ParamSpec.integer("frame", 0, 0, Integer.MAX_VALUE, "Frame index, from 0"))
            .output("image", DataType.IMAGE, "The frame")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Clip clip = in.clip("clip");
        long index = in.integer("frame");
        if (clip.frameCount() == 0) throw new NodeException("Extract Frame: the clip has no frames");
        if (index >= clip.frameCount()) {
            throw new NodeException("Extract Frame: 'frame' is " + index + " but the clip has " + clip.frameCount()
                    + " frames (0.." + (clip.frameCount() - 1) + ")");
        }
        return Map.of("image", clip.frame((int) index));
    }
}
