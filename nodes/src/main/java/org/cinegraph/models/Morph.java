package org.cinegraph.models;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Pixels;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Morph (RIFE 4.6): a clip of in-between frames from image A to image B, evenly spaced in time
 * (frame i of N at t = (i + 1) / (N + 1)), optionally with A and B themselves as the first and last
 * frames. B is stretched to A's size when they differ.
 */
public final class Morph extends RifeNode {
    public static final String TYPE = "model.morph";
    private static final NodeSpec SPEC = NodeSpec.builder(TYPE, 1)
            .category("Models").name("Morph (RIFE 4.6)")
            .description("A clip that moves from image A to image B through frames estimated by RIFE 4.6 (optical flow, MIT);"
                    + " works best when B is A a moment later (a pose, a camera move). B is resized (stretched) to A's size if they differ."
                    + " Frames are computed when played or rendered. Needs the model: " + ModelLibrary.pullCommand(MODEL) + ".")
            .input("a", DataType.IMAGE, "First image; sets the size")
            .input("b", DataType.IMAGE, "Last image")
            .param(ParamSpec.integer("frames", 8, 1, 10000, "In-between frames, evenly spaced from A to B"))
            .param(ParamSpec.number("fps", 24, 1, 240, "Frame rate of the clip"))
            .param(ParamSpec.bool("endpoints", false, "Also start with A and end with B (frames + 2 in all)"))
            .output("clip", DataType.CLIP, "The in-between frames")
            .build();

    public Morph() {
        this(ModelLibrary::fromEnvironment, ModelRuntime::shared);
    }

    public Morph(Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        super(library, runtime);
    }

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
        Frame a = in.image("a"), b = in.image("b");
        int frames = in.intParam("frames");
        boolean ends = in.bool("endpoints");
        Interpolator rife = interpolator(ctx);
        if (a.width() != b.width() || a.height() != b.height()) {
            ctx.log("Morph: B is " + b.width() + "x" + b.height() + ", stretched to A's " + a.width() + "x" + a.height());
        }
        Frame[] sized = new Frame[1];
        Supplier<Frame> bSized = () -> {
            synchronized (sized) {
                if (sized[0] == null) sized[0] = Pixels.stretch(b, a.width(), a.height());
                return sized[0];
            }
        };
        int first = ends ? 0 : 1;
        Clip out = Clip.of(a.width(), a.height(), Rational.of(in.number("fps")), frames + (ends ? 2 : 0), i -> {
            int step = i + first; // 0 is A, frames + 1 is B
            if (step == 0) return a;
            if (step == frames + 1) return bSized.get();
            return rife.between(a, bSized.get(), (double) step / (frames + 1), i);
        });
        return Map.of("clip", out);
    }
}
