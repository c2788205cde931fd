package org.cinegraph.builtin.io;

import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Provenance;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.nio.file.Path;
import java.util.Map;

/** Writes an image as a PNG in the render's output folder. */
public final class SaveImage implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("output.image", 1)
            .category("Output").name("Save Image")
            .description("Writes the image as a PNG in the output folder. The file is replaced atomically, "
                    + "so a failed render never leaves a half-written picture. The graph that made it is stored in the "
                    + "PNG (an iTXt chunk) so the render can be traced back.")
            .input("image", DataType.IMAGE, "Picture to save")
            .param(ParamSpec.text("filename", "image.png", "File name inside the output folder"))
            .output("file", DataType.FILE, "The file written")
            .writesFiles()
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Path target = ctx.resolveOutput(IoSupport.requireName(in.text("filename"), "filename"));
        ctx.checkCancelled();
        ctx.progressFrames(0, 1);
        try {
            ImageFiles.writePng(in.image("image"), target,
                    ctx.provenance().map(g -> Map.of(Provenance.PNG_KEYWORD, g)).orElse(Map.of()));
        } catch (MediaException e) {
            throw new NodeException(e.getMessage(), e);
        }
        ctx.progressFrames(1, 1);
        return Map.of("file", target);
    }
}
