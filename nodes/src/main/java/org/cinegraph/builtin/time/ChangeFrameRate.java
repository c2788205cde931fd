package org.cinegraph.builtin.time;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Pixels;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.List;
import java.util.Map;

/** Converts a clip to another frame rate, keeping its duration (not a speed change). */
public final class ChangeFrameRate implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("clip.retime", 1)
            .category("Time").name("Change Frame Rate")
            .description("Resamples a clip to a new frame rate at the same duration, by nearest frame or by blending neighbours. "
                    + "Its sound plays on unchanged, in sync.")
            .input("clip", DataType.CLIP, "Clip to convert")
            .param(ParamSpec.number("fps", 25, 1, 240, "Target frame rate, e.g. 24, 25, 30 or 29.97").withSoftRange(12, 60))
            .param(ParamSpec.choice("method", "nearest", List.of("nearest", "blend"), "nearest: repeat or drop frames; blend: mix the two nearest frames"))
            .output("clip", DataType.CLIP, "The converted clip")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        Clip src = in.clip("clip");
        Rational target = Rational.of(in.number("fps"));
        boolean blend = in.text("method").equals("blend");
        int n = src.frameCount();
        // Source frames per output frame, exact for NTSC rates: (src.num/src.den) / (t.num/t.den).
        double step = (double) src.fps().num() * target.den() / ((double) src.fps().den() * target.num());
        int count = n == 0 ? 0 : (int) Math.max(1, Math.round(n / step));
        Clip timed = Clip.of(src.width(), src.height(), target, count, j -> {
            double pos = j * step;
            if (!blend) return src.frame(Math.min(n - 1, (int) Math.floor(pos + 0.5 + 1e-9)));
            int k = (int) Math.floor(pos + 1e-9);
            double t = pos - k;
            if (k >= n - 1 || t < 1e-6) return src.frame(Math.min(k, n - 1));
            return Pixels.mix(src.frame(k), src.frame(k + 1), t);
        });
        // the duration is kept, so the sound plays on unchanged and in sync
        Clip out = timed.withAudio(src.audio().orElse(null));
        return Map.of("clip", out);
    }
}
