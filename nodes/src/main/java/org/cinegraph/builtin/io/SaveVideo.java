package org.cinegraph.builtin.io;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.media.Audio;
import org.cinegraph.media.Clip;
import org.cinegraph.media.FramePrefetcher;
import org.cinegraph.media.ImageSequenceFormat;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Provenance;
import org.cinegraph.media.Rational;
import org.cinegraph.media.VideoEncoder;
import org.cinegraph.media.VideoFormat;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a clip as a video file (H.264, ProRes, DNxHR, AV1, VP9, FFV1, NVENC; see
 * {@link VideoFormat}) or as a folder of stills (8/16-bit PNG, 16-bit TIFF, EXR). Frames are pulled
 * and written one at a time (memory stays bounded whatever the length), and the output appears
 * atomically: until the last frame is written everything lives under a hidden temporary name,
 * which is deleted if the render fails or is cancelled.
 */
public final class SaveVideo implements NodeType {
    static final String MP4 = VideoFormat.H264_MP4.id();
    static final String PNG_SEQUENCE = ImageSequenceFormat.PNG.id();
    /** Frames computed ahead of the writer: enough to keep both cores busy, few enough to stay small. */
    private static final int PREFETCH = 3;

    private static final NodeSpec SPEC = NodeSpec.builder("output.video", 1)
            .category("Output").name("Save Video")
            .description("Writes the clip to the output folder as a video file (H.264 MP4, ProRes MOV, DNxHR MOV/MXF, "
                    + "AV1 MP4/WebM, VP9 WebM, FFV1 MKV, NVENC H.264/HEVC when an NVIDIA GPU is present) or as a sequence of "
                    + "stills (<name>/frame_00000.png, 16-bit PNG, 16-bit TIFF, half-float EXR). Video is tagged BT.709; "
                    + "odd sizes are kept, except by H.264/HEVC/AV1 (and ProRes 422 widths), which get one repeated edge column or row. "
                    + "Honours the render's frame range. The graph that made it goes into the file's comment tag "
                    + "(MXF and sequences get <name>.cgraph beside them).")
            .input("clip", DataType.CLIP, "Frames to write (and their sound, if they have any)")
            .optionalInput("audio", DataType.AUDIO, "Sound to write instead of the clip's own")
            .param(ParamSpec.outputName("filename", "video.mp4", "File name inside the output folder (its extension follows the "
                    + "format; the folder name for a sequence)"))
            .param(ParamSpec.choice("format", MP4, formats(), "Codec and container, or still format of a sequence"))
            .param(ParamSpec.integer("bitrate", VideoEncoder.DEFAULT_BITRATE_KBPS, 100, 500_000,
                    "Bitrate in kbit/s for H.264, HEVC, AV1 and VP9 (ProRes and DNxHR follow their profile; FFV1 is lossless)"))
            .param(ParamSpec.choice("audio_codec", "auto", List.of("auto", "aac", "opus", "pcm", "none"),
                    "Sound codec: auto = the container's usual one (AAC in MP4, PCM in MOV/MXF/MKV, Opus in WebM); none = silent"))
            .param(ParamSpec.integer("audio_bitrate", 192, 32, 512, "AAC/Opus bitrate in kbit/s"))
            .param(ParamSpec.bool("alpha", false, "Keep the alpha channel (ProRes 4444, VP9, FFV1, 16-bit PNG/TIFF, EXR)"))
            .param(ParamSpec.choice("exr_compression", "zip", ImageSequenceFormat.EXR_COMPRESSIONS, "Compression of EXR frames"))
            .param(ParamSpec.integer("padding", 5, 1, 10, "Digits of the frame number in sequence file names"))
            .param(ParamSpec.integer("start_frame", 0, 0, 100_000_000, "Number in the name of the clip's first frame of a sequence"))
            .output("file", DataType.FILE, "The file (or folder) written")
            .writesFiles()
            .build();

    private static List<String> formats() {
        List<String> all = new ArrayList<>(VideoFormat.ids());
        all.addAll(ImageSequenceFormat.ids());
        return all;
    }

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Clip clip = in.clip("clip");
        String name = IoSupport.requireName(in.text("filename"), "filename");
        String formatId = in.text("format");
        ImageSequenceFormat sequence = ImageSequenceFormat.byId(formatId);
        int[] span = span(clip, ctx);
        Path target;
        try {
            if (sequence != null) {
                target = ctx.resolveOutput(stripExtension(name));
                writeSequence(clip, span[0], span[1], target, sequence, in, ctx);
                // one copy of the graph beside the folder, not one per frame
                ctx.provenance().ifPresent(g -> Provenance.writeSidecar(target, g));
            } else {
                VideoFormat format = VideoFormat.of(formatId);
                target = ctx.resolveOutput(stripExtension(name) + "." + format.extension());
                writeVideo(clip, span[0], span[1], target, format, in, ctx);
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

    private static void writeVideo(Clip clip, int first, int last, Path target, VideoFormat format, NodeInputs in, NodeContext ctx) {
        int total = last - first + 1;
        ctx.progressFrames(0, total);
        Map<String, String> tags = ctx.provenance().map(g -> Map.of(Provenance.VIDEO_TAG, g)).orElse(Map.of());
        boolean alpha = in.bool("alpha");
        if (alpha && !format.supportsAlpha()) ctx.log(format.label() + " has no alpha channel: alpha is dropped");
        Audio sound = in.has("audio") ? in.audio("audio") : clip.audio().orElse(null);
        String codec = in.text("audio_codec");
        if (codec.equals("none")) sound = null;
        if (codec.equals("auto")) codec = format.audioCodecs().get(0);
        if (sound != null && !format.audioCodecs().contains(codec)) {
            throw new MediaException(format.label() + " cannot carry " + codec + " audio; choose " + String.join(" or ", format.audioCodecs())
                    + " (or auto)");
        }
        VideoEncoder.AudioSettings audio = sound == null ? null
                : new VideoEncoder.AudioSettings(codec, Audio.RATE, Audio.CHANNELS, in.intParam("audio_bitrate"));
        VideoEncoder.Settings settings = new VideoEncoder.Settings(format, in.intParam("bitrate"), alpha, tags, audio);
        Rational fps = clip.fps();
        float[] samples = new float[0];
        try (VideoEncoder enc = VideoEncoder.open(target, clip.width(), clip.height(), clip.fps(), settings);
             FramePrefetcher frames = new FramePrefetcher(clip, first, last, PREFETCH)) {
            enc.notice().ifPresent(ctx::log);
            for (int i = first; i <= last; i++) {
                ctx.checkCancelled();
                enc.write(frames.next());
                if (sound != null) {
                    // the sound under this frame, so audio and video advance together in bounded memory
                    long s0 = Audio.sampleAt(i, fps), s1 = Audio.sampleAt(i + 1, fps);
                    int n = (int) (s1 - s0);
                    if (samples.length < n * Audio.CHANNELS) samples = new float[n * Audio.CHANNELS];
                    sound.read(s0, samples, n);
                    enc.writeAudio(samples, 0, n);
                }
                ctx.progressFrames(i - first + 1, total);
            }
            ctx.checkCancelled();
            enc.finish();
            if (!enc.format().holdsTags()) ctx.provenance().ifPresent(g -> Provenance.writeSidecar(target, g));
        }
    }

    private static void writeSequence(Clip clip, int first, int last, Path target, ImageSequenceFormat format, NodeInputs in,
                                      NodeContext ctx) {
        int total = last - first + 1;
        ctx.progressFrames(0, total);
        boolean alpha = in.bool("alpha");
        String compression = in.text("exr_compression");
        String pattern = "frame_%0" + in.intParam("padding") + "d." + format.extension();
        long start = in.integer("start_frame");
        Path temp = AtomicFiles.tempSibling(target);
        boolean committed = false;
        try {
            AtomicFiles.createParents(target);
            Files.createDirectory(temp);
            try (FramePrefetcher frames = new FramePrefetcher(clip, first, last, PREFETCH)) {
                for (int i = first; i <= last; i++) {
                    ctx.checkCancelled();
                    format.write(frames.next(), temp.resolve(String.format(Locale.ROOT, pattern, start + i)), alpha, compression);
                    ctx.progressFrames(i - first + 1, total);
                }
            }
            ctx.checkCancelled();
            AtomicFiles.commitDirectory(temp, target);
            committed = true;
        } catch (IOException e) {
            throw new MediaException("cannot write image sequence '" + target + "': " + e.getMessage(), e);
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
