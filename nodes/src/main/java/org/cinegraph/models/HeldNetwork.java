package org.cinegraph.models;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.IOException;

/**
 * Lets a network built from DJL ops (ESRGAN, an ncnn graph, RIFE: not DJL Blocks) sit in
 * {@link ModelRuntime}'s cache, which holds DJL Models: the network is loaded into the Model's
 * manager, so unloading the Model frees its weights. Callers use the network directly
 * ({@link #of}); the block itself does not run.
 */
final class HeldNetwork extends AbstractBlock {
    /** Loads a network's weights into the given manager. */
    @FunctionalInterface
    interface Loader {
        AutoCloseable load(NDManager manager) throws IOException;
    }

    private final AutoCloseable network;

    private HeldNetwork(AutoCloseable network) {
        this.network = network;
    }

    /** A Model named {@code key} on {@code device} holding the network {@code loader} makes. */
    static Model model(String key, Device device, Loader loader) throws IOException {
        Model djl = Model.newInstance(key, device, "PyTorch");
        try {
            djl.setBlock(new HeldNetwork(loader.load(djl.getNDManager())));
            return djl;
        } catch (IOException | RuntimeException e) {
            djl.close();
            throw e;
        }
    }

    /** The network held by the session's model. */
    static <T> T of(ModelRuntime.Session session, Class<T> type) {
        return type.cast(((HeldNetwork) session.model().getBlock()).network);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(network.getClass().getSimpleName() + " is called directly, not as a block");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        throw new UnsupportedOperationException(network.getClass().getSimpleName() + " is called directly, not as a block");
    }
}
