package org.cinegraph.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
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
        return List.of(new ModelRef(name, catalogued(name).digest()));
    }

    static ModelManifest catalogued(String name) {
        ModelManifest m = Catalogue.MANIFESTS.get(name);
        if (m == null) throw new IllegalStateException("the built-in model catalogue has no " + name);
        return m;
    }

    /** Read once: the catalogue is part of the jar. */
    private static final class Catalogue {
        static final Map<String, ModelManifest> MANIFESTS = ModelLibrary.catalogue();
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
        Choice c = choose(in.params(), ctx.nodeId());
        Frame src = in.image("image");
        ModelManifest want = catalogued(c.model());
        ModelLibrary.Installed model = library.get().require(c.model(), ctx.nodeId());
        if (!model.manifest().digest().equals(want.digest())) {
            throw new ModelException("node " + ctx.nodeId() + ": model " + c.model() + " in " + model.dir() + " is not the catalogue's "
                    + c.model() + " " + want.version() + " (weights digest " + model.manifest().digest() + ", expected " + want.digest()
                    + "); reinstall it with " + ModelLibrary.pullCommand(c.model()));
        }
        long bytes = want.files().stream().filter(f -> usesFile(f.path(), c)).mapToLong(ModelManifest.FileEntry::size).sum();
        String key = c.model() + "@" + want.digest() + "/x" + c.scale();
        ctx.checkCancelled();
        try (ModelRuntime.Session s = runtime.get().open(ctx.nodeId(), key, bytes, device -> {
            Model djl = Model.newInstance(key, device, "PyTorch");
            try {
                djl.setBlock(new NetworkBlock(load(model, c, djl.getNDManager())));
                return djl;
            } catch (IOException | RuntimeException e) {
                djl.close();
                throw e;
            }
        })) {
            UpscalingNetwork net = ((NetworkBlock) s.model().getBlock()).network;
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

    /** Lets a plain network sit in the runtime's model cache (the runtime keeps DJL Models). */
    private static final class NetworkBlock extends AbstractBlock {
        final UpscalingNetwork network;

        NetworkBlock(UpscalingNetwork network) {
            this.network = network;
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(network.forward(inputs.head()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            Shape s = inputs[0];
            return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) * network.scale(), s.get(3) * network.scale())};
        }
    }
}
