package org.cinegraph.builtin.io;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.media.Clip;
import org.cinegraph.media.FramePrefetcher;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Provenance;
import org.cinegraph.media.VideoEncoder;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a clip as an H.264 MP4 or as a folder of PNGs. Frames are pulled and written one at a
 * time (memory stays bounded whatever the length), and the output appears atomically: until the
 * last frame is written everything lives under a hidden temporary name, which is deleted if the
 * render fails or is cancelled.
 */
public final class SaveVideo implements NodeType {
    static final String MP4 = "mp4";
    static final String PNG_SEQUENCE = "png-sequence";
    /** Frames computed ahead of the writer: enough to keep both cores busy, few enough to stay small. */
    private static final int PREFETCH = 3;

    private static final NodeSpec SPEC = NodeSpec.builder("output.video", 1)
            .category("Output").name("Save Video")
            .description("Writes the clip to the output folder as an H.264 MP4 (odd sizes padded to even by repeating "
                    + "the edge pixels) or as a PNG sequence (<name>/frame_00000.png, numbered by clip frame). "
                    + "Honours the render's frame range. The graph that made it goes into the MP4's comment tag "
                    + "(a PNG sequence gets <name>.cgraph beside its folder).")
            .input("clip", DataType.CLIP, "Frames to write")
            .param(ParamSpec.text("filename", "video.mp4", "File name inside the output folder (the folder name, "
                    + "without extension, for a PNG sequence)"))
            .param(ParamSpec.choice("format", MP4, List.of(MP4, PNG_SEQUENCE), "Container and codec"))
            .param(ParamSpec.integer("bitrate", VideoEncoder.DEFAULT_BITRATE_KBPS, 100, 200_000, "MP4 bitrate in kbit/s"))
            .output("file", DataType.FILE, "The file (or folder) written")
            .writesFiles()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Clip clip = in.clip("clip");
        String name = IoSupport.requireName(in.text("filename"), "filename");
        boolean pngs = PNG_SEQUENCE.equals(in.text("format"));
        Path target = ctx.resolveOutput(pngs ? stripExtension(name) : name);
        int[] span = span(clip, ctx);
        try {
            if (pngs) {
                writePngs(clip, span[0], span[1], target, ctx);
                // one copy of the graph beside the folder, not one per frame
                ctx.provenance().ifPresent(g -> Provenance.writeSidecar(target, g));
            } else {
                writeMp4(clip, span[0], span[1], target, in.intParam("bitrate"), ctx);
            }
        } catch (MediaException e) {
            throw new NodeException(e.getMessage(), e);
        }
        ctx.log(String.format(Locale.ROOT, "wrote frames %d-%d to %s", span[0], span[1], target.getFileName()));
        return Map.of("file", target);
    }

    /** First and last frame to write: the render's range clamped to the clip, or the whole clip. */
    private static int[] span(Clip clip, NodeContext ctx) throws NodeException {
        int n = clip.frameCount();
        if (n == 0) throw new NodeException("the clip has no frames to write");
        FrameRange r = ctx.frameRange().orElse(null);
        if (r == null) return new int[]{0, n - 1};
        if (r.first() >= n) {
            throw new NodeException("frame range " + r + " is outside the clip, which has frames 0-" + (n - 1));
        }
        return new int[]{r.first(), Math.min(r.last(), n - 1)};
    }

    private static void writeMp4(Clip clip, int first, int last, Path target, int bitrate, NodeContext ctx) {
        int total = last - first + 1;
        Map<String, String> tags = ctx.provenance().map(g -> Map.of(Provenance.VIDEO_TAG, g)).orElse(Map.of());
        try (VideoEncoder enc = VideoEncoder.open(target, clip.width(), clip.height(), clip.fps(), bitrate, tags);
             FramePrefetcher frames = new FramePrefetcher(clip, first, last, PREFETCH)) {
            for (int i = first; i <= last; i++) {
                ctx.checkCancelled();
                enc.write(frames.next());
                ctx.progress((double) (i - first + 1) / total);
            }
            ctx.checkCancelled();
            enc.finish();
        }
    }

    private static void writePngs(Clip clip, int first, int last, Path target, NodeContext ctx) {
        int total = last - first + 1;
        Path temp = AtomicFiles.tempSibling(target);
        boolean committed = false;
        try {
            AtomicFiles.createParents(target);
            Files.createDirectory(temp);
            try (FramePrefetcher frames = new FramePrefetcher(clip, first, last, PREFETCH)) {
                for (int i = first; i <= last; i++) {
                    ctx.checkCancelled();
                    ImageFiles.writePngInPlace(frames.next(), temp.resolve(String.format(Locale.ROOT, "frame_%05d.png", i)));
                    ctx.progress((double) (i - first + 1) / total);
                }
            }
            ctx.checkCancelled();
            AtomicFiles.commitDirectory(temp, target);
            committed = true;
        } catch (IOException e) {
            throw new MediaException("cannot write PNG sequence '" + target + "': " + e.getMessage(), e);
        } finally {
            if (!committed) AtomicFiles.deleteTree(temp);
        }
    }

    static String stripExtension(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        int dot = name.lastIndexOf('.');
        return dot > slash + 1 ? name.substring(0, dot) : name;
    }
}
