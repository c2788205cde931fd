package org.cinegraph.models;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Interpolate Frames (RIFE 4.6): raises a clip's frame rate with in-between frames made by RIFE,
 * keeping its duration. Output frame j sits at source time j * (source fps / target fps); where that
 * is a source frame it is passed through as it is, otherwise RIFE makes the frame at the fractional
 * time between the two source frames around it. Past the last source frame there is nothing to
 * interpolate towards, so the tail holds the last frame (2x of n frames gives 2n frames, the last
 * two both source frame n-1), which keeps the clip as long as its source.
 */
public final class InterpolateFrames extends RifeNode {
    public static final String TYPE = "model.interpolate";
    private static final NodeSpec SPEC = NodeSpec.builder(TYPE, 1)
            .category("Models").name("Interpolate Frames (RIFE 4.6)")
            .description("Raises the frame rate with in-between frames estimated by RIFE 4.6 (optical flow, MIT), at the same duration;"
                    + " original frames pass through unchanged and in-between frames are computed when they are played or rendered."
                    + " The last frame is held at the end. Needs the model: " + ModelLibrary.pullCommand(MODEL) + ".")
            .input("clip", DataType.CLIP, "Clip to interpolate")
            .param(ParamSpec.choice("mode", "2x", List.of("2x", "3x", "4x", "8x", "fps"),
                    "2x..8x: that many frames per source frame; fps: the frame rate set below"))
            .param(ParamSpec.number("fps", 60, 1, 240, "Target frame rate when mode is fps, e.g. 50, 59.94 or 60"))
            .output("clip", DataType.CLIP, "The clip at the higher frame rate")
            .build();

    public InterpolateFrames() {
        this(ModelLibrary::fromEnvironment, ModelRuntime::shared);
    }

    public InterpolateFrames(Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        super(library, runtime);
    }

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
        Clip src = in.clip("clip");
        Rational from = src.fps();
        String mode = in.text("mode");
        Rational to = mode.equals("fps") ? Rational.of(in.number("fps"))
                : new Rational(Math.multiplyExact(from.num(), Integer.parseInt(mode.substring(0, mode.length() - 1))), from.den());
        Interpolator rife = interpolator(ctx);
        int n = src.frameCount();
        // Output frame j is at source position j * (from / to) = j * num / den, in exact integers.
        long num = (long) from.num() * to.den(), den = (long) from.den() * to.num();
        int count = n == 0 ? 0 : (int) Math.max(1, Math.round((double) n * den / num));
        if (to.value() < from.value()) {
            ctx.log("Interpolate Frames: target " + to + " fps is below the clip's " + from + " fps; frames are interpolated, not dropped cleanly");
        }
        Clip timed = Clip.of(src.width(), src.height(), to, count, j -> {
            long p = j * num;
            long k = p / den, rem = p % den;
            if (k >= n - 1) return src.frame(n - 1);
            if (rem == 0) return src.frame((int) k);
            return rife.between(src.frame((int) k), src.frame((int) k + 1), (double) rem / den, j);
        });
        // same duration: the sound stays in sync
        Clip out = timed.withAudio(src.audio().orElse(null));
        return Map.of("clip", out);
    }
}
