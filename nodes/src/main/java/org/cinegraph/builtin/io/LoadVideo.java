package org.cinegraph.builtin.io;

import org.cinegraph.media.ImageSequenceClip;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Rational;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.media.VideoInfo;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** A video file as a lazy clip: frames are decoded when something downstream asks for them. */
public final class LoadVideo implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("video.load", 1)
            .category("Input").name("Load Video")
            .description("Reads a video file, or a numbered image sequence (shot.%04d.exr, shot.####.exr, frame_*.png), as a "
                    + "clip. Frames are decoded on demand; variable frame rate files are sampled at a constant rate and "
                    + "rotation metadata is applied. 10-bit and deeper sources keep their depth.")
            .param(ParamSpec.file("file", "Video file or image sequence pattern, relative to the graph file"))
            .param(ParamSpec.number("sequence_fps", 24, 1, 240, "Frame rate of an image sequence (a video file has its own)").withSoftRange(12, 60))
            .output("clip", DataType.CLIP, "The video's frames")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        String stored = IoSupport.requireFileParam(in.text("file"), "video file");
        Path file = ctx.resolveInput(stored);
        if (ImageSequenceClip.isPattern(stored)) {
            try {
                ImageSequenceClip seq = new ImageSequenceClip(file, Rational.of(in.number("sequence_fps")));
                ctx.log(String.format(Locale.ROOT, "%s: %dx%d, %d frames at %s fps", file.getFileName(), seq.width(), seq.height(),
                        seq.frameCount(), seq.fps()));
                return Map.of("clip", seq);
            } catch (MediaException e) {
                throw new NodeException(e.getMessage(), e);
            }
        }
        VideoFileClip clip = new VideoFileClip(file);
        ctx.closeAtEnd(clip);
        try {
            // probe now so a bad file fails here, attributed to this node, not in a later frame pull
            VideoInfo info = clip.info();
            ctx.log(String.format(Locale.ROOT, "%s: %dx%d, %s fps, %d frames%s", file.getFileName(), info.width(), info.height(),
                    info.fps(), info.frameCount(), info.variableRate() ? " (variable frame rate, resampled)" : ""));
        } catch (MediaException e) {
            throw new NodeException(e.getMessage(), e);
        }
        return Map.of("clip", clip);
    }
}
