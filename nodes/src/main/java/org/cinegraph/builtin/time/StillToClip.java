package org.cinegraph.builtin.time;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;

import java.util.Map;

/** Holds a still image for a duration. */
public final class StillToClip implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("clip.from-still", 1)
            .category("Time").name("Still to Clip")
            .description("A clip that shows the image for the whole duration.")
            .input("image", DataType.IMAGE, "The still")
            .param(Timing.durationParam(5))
            .param(Timing.fpsParam())
            .output("clip", DataType.CLIP, "The held image")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        Frame still = in.image("image");
        Rational fps = Rational.of(in.number("fps"));
        // Frames are immutable, so every frame can be the same object.
        Clip clip = Clip.of(still.width(), still.height(), fps, Timing.frameCount(in.number("duration"), fps), i -> still);
        return Map.of("clip", clip);
    }
}
