package org.cinegraph.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.cinegraph.media.Frame;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeType;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the built-in upscaler nodes share: the model comes from the library (catalogue digest,
 * so graph files and cache keys name the exact weights), the network is loaded once through
 * {@link ModelRuntime} under its memory budget, and each frame runs tile by tile in the
 * evaluation's session, checking for cancellation and reporting progress before each tile.
 *
 * <p>Threads: PyTorch's CPU ops already use every core, so two frames through the same network
 * at once only contend. Forward passes are therefore serialised per loaded network (a lock on
 * the network object); different networks may still run side by side.
 */
abstract class UpscaleNode implements NodeType {
    private final Supplier<ModelLibrary> library;
    private final Supplier<ModelRuntime> runtime;

    /** One evaluation's choice: the library model, the upscaling factor and the tile size (input pixels). */
    record Choice(String model, int scale, int tile) {
    }

    UpscaleNode(Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        this.library = library;
        this.runtime = runtime;
    }

    /** The model, scale and tile for these parameters; refuses combinations without weights. */
    abstract Choice choose(Map<String, Object> params, String nodeId) throws ModelException;

    /** Value of white for the network (255 for ESRGAN, 1 for realesr-animevideov3). */
    abstract float range();

    /** Loads the network for {@code c} from the installed model into {@code manager}. */
    abstract UpscalingNetwork load(ModelLibrary.Installed model, Choice c, NDManager manager) throws IOException;

    /** Weight files the network for {@code c} reads (what it costs against the memory budget). */
    abstract boolean usesFile(String path, Choice c);

    /** The model name for these parameters, for {@link #requiredModels}. */
    abstract String modelName(Map<String, Object> params);

    @Override
    public List<ModelRef> requiredModels(Map<String, Object> params) {
        String name = modelName(params);
        return List.of(new ModelRef(name, ModelLibrary.catalogued(name).digest()));
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
        Choice c = choose(in.params(), ctx.nodeId());
        Frame src = in.image("image");
        ModelManifest want = ModelLibrary.catalogued(c.model());
        ModelLibrary.Installed model = library.get().requireCatalogued(c.model(), ctx.nodeId());
        long bytes = want.files().stream().filter(f -> usesFile(f.path(), c)).mapToLong(ModelManifest.FileEntry::size).sum();
        String key = c.model() + "@" + want.digest() + "/x" + c.scale();
        ctx.checkCancelled();
        try (ModelRuntime.Session s = runtime.get().open(ctx.nodeId(), key, bytes, device -> HeldNetwork.model(key, device, m -> load(model, c, m)))) {
            UpscalingNetwork net = HeldNetwork.of(s, UpscalingNetwork.class);
            if (net.scale() != c.scale()) {
                throw new ModelException("node " + ctx.nodeId() + ": model " + c.model() + " x" + c.scale() + " weights upscale by " + net.scale());
            }
            int tiles = Tiling.tileCount(src.height(), src.width(), c.tile());
            AtomicInteger done = new AtomicInteger();
            UnaryOperator<NDArray> step = x -> {
                ctx.checkCancelled();
                NDArray y = net.forward(x);
                ctx.progress((double) done.incrementAndGet() / tiles);
                return y;
            };
            try {
                synchronized (net) {
                    return Map.of("image", FrameUpscaler.upscale(s.manager(), src, c.scale(), range(), c.tile(), net.receptiveRadius(), step));
                }
            } catch (CancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelException("node " + ctx.nodeId() + ": model " + c.model() + " x" + c.scale() + " failed on a " + src.width() + "x"
                        + src.height() + " image: " + e.getMessage(), e);
            }
        }
    }
}
