package org.cinegraph.builtin.io;

import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.MediaException;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.nio.file.Path;
import java.util.Map;

/** Reads a still image file (PNG, JPEG, ...). */
public final class LoadImage implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("image.load", 1)
            .category("Input").name("Load Image")
            .description("Reads a PNG or JPEG file (alpha kept where the file has it).")
            .param(ParamSpec.file("file", "Image file, relative to the graph file"))
            .output("image", DataType.IMAGE, "The picture in the file")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Path file = ctx.resolveInput(IoSupport.requireFileParam(in.text("file"), "image file"));
        try {
            return Map.of("image", ImageFiles.read(file));
        } catch (MediaException e) {
            throw new NodeException(e.getMessage(), e);
        }
    }
}
