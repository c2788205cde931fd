package org.cinegraph.builtin.time;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.MipMap;
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
import java.util.function.Supplier;

/**
 * Slow pan and zoom over a still. Zoom 1 means the image just covers the output frame (like
 * Resize "fill"); larger zooms magnify. Positions are continuous and sampled bilinearly, so the
 * move glides instead of stepping whole pixels; large stills are sampled from half-size
 * reductions (trilinear mip-mapping) so they do not shimmer while zoomed out.
 */
public final class KenBurns implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("clip.ken-burns", 1)
            .category("Time").name("Ken Burns")
            .description("Animated pan and zoom over a still image.")
            .input("image", DataType.IMAGE, "The still to move over")
            .param(ParamSpec.integer("width", 1920, 1, 16384, "Output width in pixels"))
            .param(ParamSpec.integer("height", 1080, 1, 16384, "Output height in pixels"))
            .param(Timing.durationParam(5))
            .param(Timing.fpsParam())
            .param(ParamSpec.number("start_zoom", 1, 1, 20, "Zoom on the first frame (1 = image just covers the frame)").withSoftRange(1, 5))
            .param(ParamSpec.number("start_x", 0.5, 0, 1, "Centre of view on the first frame, fraction of the image width"))
            .param(ParamSpec.number("start_y", 0.5, 0, 1, "Centre of view on the first frame, fraction of the image height"))
            .param(ParamSpec.number("end_zoom", 1.2, 1, 20, "Zoom on the last frame").withSoftRange(1, 5))
            .param(ParamSpec.number("end_x", 0.5, 0, 1, "Centre of view on the last frame, fraction of the image width"))
            .param(ParamSpec.number("end_y", 0.5, 0, 1, "Centre of view on the last frame, fraction of the image height"))
            .param(ParamSpec.choice("easing", "ease-in-out", List.of("linear", "ease-in-out"), "Speed profile of the move"))
            .output("clip", DataType.CLIP, "The animated clip")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        Frame src = in.image("image");
        int w = in.intParam("width"), h = in.intParam("height");
        Rational fps = Rational.of(in.number("fps"));
        int count = Timing.frameCount(in.number("duration"), fps);
        double z0 = in.number("start_zoom"), z1 = in.number("end_zoom");
        double x0 = in.number("start_x"), x1 = in.number("end_x"), y0 = in.number("start_y"), y1 = in.number("end_y");
        boolean ease = in.text("easing").equals("ease-in-out");
        double cover = Math.max((double) w / src.width(), (double) h / src.height());
        // A large photo seen small shimmers under plain bilinear sampling as it moves; reductions
        // are built once (on the first frame pulled) and shared by every frame.
        double minScale = cover * Math.min(z0, z1);
        MipMap[] mip = new MipMap[1];
        Supplier<MipMap> source = () -> {
            synchronized (mip) {
                if (mip[0] == null) mip[0] = new MipMap(src, minScale);
                return mip[0];
            }
        };
        Clip clip = Clip.of(w, h, fps, count, i -> {
            double t = count == 1 ? 0 : (double) i / (count - 1);
            if (ease) t = t * t * (3 - 2 * t);
            // Zoom interpolated geometrically so the apparent speed of the push-in stays even.
            double zoom = z0 * Math.pow(z1 / z0, t);
            double scale = cover * zoom;
            double cx = (x0 + (x1 - x0) * t) * src.width(), cy = (y0 + (y1 - y0) * t) * src.height();
            // Keep the view inside the picture so edges never smear (zoom >= 1 always fits).
            double hw = w / 2.0 / scale, hh = h / 2.0 / scale;
            cx = Math.max(hw, Math.min(src.width() - hw, cx));
            cy = Math.max(hh, Math.min(src.height() - hh, cy));
            return render(source.get(), w, h, scale, cx, cy);
        });
        return Map.of("clip", clip);
    }

    /** The w x h view of the picture at {@code scale}, centred on source point (cx, cy). */
    static Frame render(MipMap src, int w, int h, double scale, double cx, double cy) {
        if (src.isDeep()) {
            float[] out = new float[4 * w * h];
            Pixels.forRows(w, h, y -> {
                double sy = cy + (y + 0.5 - h / 2.0) / scale;
                for (int x = 0; x < w; x++) src.sampleDeep(cx + (x + 0.5 - w / 2.0) / scale, sy, scale, out, 4 * (y * w + x));
            });
            return Frame.deep(w, h, out);
        }
        int[] out = new int[w * h];
        Pixels.forRows(w, h, y -> {
            double sy = cy + (y + 0.5 - h / 2.0) / scale;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = src.sample(cx + (x + 0.5 - w / 2.0) / scale, sy, scale);
            }
        });
        return new Frame(w, h, out);
    }
}
