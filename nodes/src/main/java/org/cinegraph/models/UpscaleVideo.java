package org.cinegraph.models;

import ai.djl.ndarray.NDManager;
import org.cinegraph.models.ncnn.NcnnNetwork;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/** Upscale Video (realesr-animevideov3): Real-ESRGAN's compact 4x video network, run from its ncnn files. */
public final class UpscaleVideo extends UpscaleNode {
    public static final String TYPE = "model.upscale-video";
    static final String MODEL = "realesr-animevideov3";
    private static final NodeSpec SPEC = NodeSpec.builder(TYPE, 1)
            .category("Models").name("Upscale Video (realesr-animevideov3)")
            .description("4x upscaling tuned for anime, illustration and video (Real-ESRGAN animevideov3, BSD-3-Clause), frame by frame. Needs the model: "
                    + ModelLibrary.pullCommand(MODEL) + ". Alpha is upscaled with nearest sampling.")
            .input("image", DataType.IMAGE, "Image or clip to upscale (RGB; alpha is carried around the network)")
            .param(ParamSpec.integer("tile", 192, 16, 2048, "Tile size in input pixels: memory use grows with its square; tiles overlap so there are no seams"))
            .output("image", DataType.IMAGE, "The image or clip at 4x the size")
            .perFrame()
            .build();

    public UpscaleVideo() {
        this(ModelLibrary::fromEnvironment, ModelRuntime::shared);
    }

    public UpscaleVideo(Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        super(library, runtime);
    }

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    String modelName(Map<String, Object> params) {
        return MODEL;
    }

    @Override
    Choice choose(Map<String, Object> params, String nodeId) {
        return new Choice(MODEL, 4, ((Number) params.get("tile")).intValue());
    }

    @Override
    float range() {
        return 1f;
    }

    @Override
    boolean usesFile(String path, Choice c) {
        return true;
    }

    @Override
    UpscalingNetwork load(ModelLibrary.Installed model, Choice c, NDManager manager) throws IOException {
        String entry = model.manifest().entry();
        return NcnnNetwork.load(model.file(entry), model.file(entry.replaceFirst("\\.param$", ".bin")), manager);
    }
}
