package org.cinegraph.models;

import org.cinegraph.media.Frame;
import org.cinegraph.models.rife.RifeNetwork;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeFailure;
import org.cinegraph.spi.NodeType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the RIFE nodes share. The model must be installed when the node is evaluated (else it fails
 * at once with the pull command); the network is loaded through {@link ModelRuntime} on the first
 * in-between frame a clip is asked for, and each such frame opens its own session (the model is
 * pinned only while that frame computes, its tensors freed with the session). Frames that are
 * original frames never touch the model.
 *
 * <p>Threads: forward passes are serialised per loaded network, as for the upscalers, because
 * PyTorch's CPU ops already use every core.
 */
abstract class RifeNode implements NodeType {
    static final String MODEL = "rife-v4.6";

    private final Supplier<ModelLibrary> library;
    private final Supplier<ModelRuntime> runtime;

    RifeNode(Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        this.library = library;
        this.runtime = runtime;
    }

    @Override
    public List<ModelRef> requiredModels(Map<String, Object> params) {
        return List.of(new ModelRef(MODEL, ModelLibrary.catalogued(MODEL).digest()));
    }

    /** Checks the model is installed (the catalogue's weights) and returns what makes in-between frames. */
    Interpolator interpolator(NodeContext ctx) throws ModelException {
        ModelLibrary.Installed model = library.get().requireCatalogued(MODEL, ctx.nodeId());
        return new Interpolator(ctx, model, runtime.get());
    }

    /** Makes in-between frames for one evaluation's lazy clip, on whatever thread pulls them. */
    static final class Interpolator {
        private final NodeContext ctx;
        private final ModelRuntime runtime;
        private final Path param;
        private final Path bin;
        private final String key;
        private final long bytes;

        private Interpolator(NodeContext ctx, ModelLibrary.Installed model, ModelRuntime runtime) {
            this.ctx = ctx;
            this.runtime = runtime;
            ModelManifest m = model.manifest();
            this.param = model.file(m.entry());
            this.bin = model.file(m.entry().replaceFirst("\\.param$", ".bin"));
            this.key = MODEL + "@" + m.digest();
            this.bytes = m.totalBytes();
        }

        /**
         * The frame at time {@code t} (0..1) between {@code a} and {@code b} (same size), for output frame
         * {@code index} (named in failures, which are attributed to the node).
         */
        Frame between(Frame a, Frame b, double t, int index) {
            ctx.checkCancelled();
            try (ModelRuntime.Session s = runtime.open(ctx.nodeId(), key, bytes,
                    device -> HeldNetwork.model(key, device, m -> RifeNetwork.load(param, bin, m)))) {
                RifeNetwork net = HeldNetwork.of(s, RifeNetwork.class);
                synchronized (net) {
                    ctx.checkCancelled();
                    return net.interpolate(s.manager(), a, b, t);
                }
            } catch (ModelException e) {
                throw new NodeFailure(ctx.nodeId(), "frame " + index + ": " + e.getMessage(), e);
            } catch (CancelledException | NodeFailure e) {
                throw e;
            } catch (RuntimeException e) {
                throw new NodeFailure(ctx.nodeId(), "frame " + index + ": model " + MODEL + " failed between two " + a.width() + "x"
                        + a.height() + " frames at t=" + t + ": " + e.getMessage(), e);
            }
        }
    }
}
