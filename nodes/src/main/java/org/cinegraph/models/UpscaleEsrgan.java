package org.cinegraph.models;

import ai.djl.ndarray.NDManager;
import org.cinegraph.models.esrgan.EsrganNetwork;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Upscale (ESRGAN): UpscalerJS's esrgan-slim / esrgan-medium networks, 2x to 8x. */
public final class UpscaleEsrgan extends UpscaleNode {
    public static final String TYPE = "model.upscale-esrgan";
    private static final NodeSpec SPEC = NodeSpec.builder(TYPE, 1)
            .category("Models").name("Upscale (ESRGAN)")
            .description("Photo super-resolution with ESRGAN (UpscalerJS esrgan-slim or esrgan-medium, MIT). Needs the model: "
                    + ModelLibrary.pullCommand("esrgan-slim") + " (or esrgan-medium). Alpha is upscaled with nearest sampling.")
            .input("image", DataType.IMAGE, "Image or clip to upscale (RGB; alpha is carried around the network)")
            .param(ParamSpec.choice("variant", "slim", List.of("slim", "medium"), "slim: 2 dense blocks, fast; medium: 10 blocks, about 3x slower, finer detail"))
            .param(ParamSpec.choice("scale", "4", List.of("2", "3", "4", "8"), "Upscaling factor (each has its own weights; 8 with slim only)"))
            .param(ParamSpec.integer("tile", 192, 16, 2048, "Tile size in input pixels: memory use grows with its square; tiles overlap so there are no seams"))
            .output("image", DataType.IMAGE, "The upscaled image")
            .perFrame()
            .build();

    public UpscaleEsrgan() {
        this(ModelLibrary::fromEnvironment, ModelRuntime::shared);
    }

    public UpscaleEsrgan(Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        super(library, runtime);
    }

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    String modelName(Map<String, Object> params) {
        return "esrgan-" + params.getOrDefault("variant", "slim");
    }

    @Override
    Choice choose(Map<String, Object> params, String nodeId) throws ModelException {
        String model = modelName(params);
        int scale = Integer.parseInt(params.get("scale").toString());
        // Only slim's x8 is offered: medium x8 is the slowest network by far (10 blocks at 64 output phases).
        if (scale == 8 && !model.equals("esrgan-slim")) {
            throw new ModelException("node " + nodeId + ": Upscale (ESRGAN) offers x8 with variant slim only, not " + model + "; use variant slim or scale 4 or less");
        }
        return new Choice(model, scale, ((Number) params.get("tile")).intValue());
    }

    @Override
    float range() {
        return 255f;
    }

    @Override
    boolean usesFile(String path, Choice c) {
        return path.startsWith("x" + c.scale() + "/");
    }

    @Override
    UpscalingNetwork load(ModelLibrary.Installed model, Choice c, NDManager manager) throws IOException {
        return EsrganNetwork.load(model.file("x" + c.scale()), manager);
    }
}
