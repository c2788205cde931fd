package org.cinegraph.builtin.io;

import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.ImageSequenceFormat;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Pixels;
import org.cinegraph.media.Provenance;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes an image as a PNG (8 or 16 bits), 16-bit TIFF or EXR in the render's output folder. */
public final class SaveImage implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("output.image", 1)
            .category("Output").name("Save Image")
            .description("Writes the image in the output folder as an 8-bit PNG, a 16-bit PNG or TIFF, or a half-float EXR "
                    + "(the deep formats keep a high-bit-depth picture's precision; alpha is kept when the picture has any). "
                    + "The file is replaced atomically, so a failed render never leaves a half-written picture. The graph that "
                    + "made it is stored in an 8-bit PNG (an iTXt chunk), otherwise in <file>.cgraph beside it.")
            .input("image", DataType.IMAGE, "Picture to save")
            .param(ParamSpec.outputName("filename", "image.png", "File name inside the output folder (its extension follows the format)"))
            .param(ParamSpec.choice("format", "png", List.of("png", "png16", "tiff16", "exr"), "8-bit PNG, 16-bit PNG, 16-bit TIFF or EXR"))
            .param(ParamSpec.choice("exr_compression", "zip", ImageSequenceFormat.EXR_COMPRESSIONS, "Compression of an EXR"))
            .output("file", DataType.FILE, "The file written")
            .writesFiles()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        String format = in.text("format");
        String name = IoSupport.requireName(in.text("filename"), "filename");
        ImageSequenceFormat deep = switch (format) {
            case "png16" -> ImageSequenceFormat.PNG16;
            case "tiff16" -> ImageSequenceFormat.TIFF16;
            case "exr" -> ImageSequenceFormat.EXR;
            default -> null;
        };
        Path target = ctx.resolveOutput(SaveVideo.stripExtension(name) + "." + (deep == null ? "png" : deep.extension()));
        ctx.checkCancelled();
        ctx.progressFrames(0, 1);
        Frame image = in.image("image");
        try {
            if (deep == null) {
                ImageFiles.writePng(image, target, ctx.provenance().map(g -> Map.of(Provenance.PNG_KEYWORD, g)).orElse(Map.of()));
            } else {
                deep.writeAtomically(image, target, hasAlpha(image), in.text("exr_compression"));
                ctx.provenance().ifPresent(g -> Provenance.writeSidecar(target, g));
            }
        } catch (MediaException e) {
            throw new NodeException(e.getMessage(), e);
        }
        ctx.progressFrames(1, 1);
        return Map.of("file", target);
    }

    private static boolean hasAlpha(Frame f) {
        if (!f.isDeep()) return !Pixels.isOpaque(f.pixels());
        float[] px = f.floats();
        for (int i = 3; i < px.length; i += 4) if (px[i] < 1) return true;
        return false;
    }
}
