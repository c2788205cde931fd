package org.cinegraph.models.ncnn;

import org.cinegraph.models.UpscalingNetwork;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * An ncnn super-resolution model (SRVGG-compact, e.g. realesr-animevideov3) as an
 * {@link UpscalingNetwork}: a thin adapter over {@link NcnnGraph} that binds the one Input blob,
 * extracts the last layer's output and derives the upscaling factor, cost and receptive radius
 * from the layers.
 */
public final class NcnnNetwork implements UpscalingNetwork {

    private final NcnnGraph graph;
    private final String input;
    private final String output;
    private final int scale;
    private final long macsPerInputPixel;
    private final int receptiveRadius;

    private NcnnNetwork(NcnnGraph graph) throws IOException {
        this.graph = graph;
        if (graph.inputs().size() != 1) {
            throw new IOException(graph.paramFile() + ": an upscaler has one Input layer, this has " + graph.inputs());
        }
        this.input = graph.inputs().get(0);
        this.output = graph.lastBlob();
        int s = 1;
        long macs = 0;
        int r = 0;
        for (NcnnParam.Layer l : graph.layers()) {
            if (l.type().equals("Convolution")) {
                int k = Math.max(l.intParam(1, 0), l.intParam(11, l.intParam(1, 0)));
                int d = Math.max(l.intParam(2, 1), l.intParam(12, l.intParam(2, 1)));
                // Radius in input pixels: the sum of the convolution radii (all at input resolution in SRVGG).
                r += (d * (k - 1) / 2 + s - 1) / s;
                // MACs per pixel of this layer's input grid; exact for stride 1, which is all these models use.
                macs += (long) l.intParam(6, 0) * s * s;
            } else if (l.type().equals("PixelShuffle")) {
                s *= l.intParam(0, 1);
            }
        }
        this.scale = s;
        this.macsPerInputPixel = macs;
        this.receptiveRadius = r;
    }

    /** Loads {@code param} and {@code bin}; weights live in a sub-manager of {@code parent} until {@link #close()}. */
    public static NcnnNetwork load(Path param, Path bin, NDManager parent) throws IOException {
        NcnnGraph g = NcnnGraph.load(param, bin, parent);
        try {
            return new NcnnNetwork(g);
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
    }

    /** Overall upscaling factor (product of the PixelShuffle factors). */
    @Override
    public int scale() {
        return scale;
    }

    /** Convolution multiply-accumulates per input pixel. */
    public long macsPerInputPixel() {
        return macsPerInputPixel;
    }

    /**
     * Input pixels of context an output pixel depends on: the sum of the convolution radii (all at
     * input resolution in SRVGG). Tiles overlapping by this much match the untiled result.
     */
    @Override
    public int receptiveRadius() {
        return receptiveRadius;
    }

    /** Runs the model on {@code x} (bound to the Input blob); the output belongs to {@code x}'s manager. */
    @Override
    public NDArray forward(NDArray x) {
        return graph.run(Map.of(input, x), output);
    }

    @Override
    public void close() {
        graph.close();
    }
}
