package org.cinegraph.models.rife;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.media.Frame;
import org.cinegraph.models.Tensors;
import org.cinegraph.models.ncnn.NcnnGraph;
import org.cinegraph.models.ncnn.NcnnParam;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * RIFE 4.6 frame interpolation (Huang et al., "Real-Time Intermediate Flow Estimation"), run from
 * rife-ncnn-vulkan's {@code flownet.param}/{@code flownet.bin} with {@link NcnnGraph} plus the
 * {@link Warp} custom layer.
 *
 * <p>The graph: inputs {@code in0} and {@code in1} are the two frames as RGB 0..1 [1, 3, H, W],
 * {@code in2} is the timestep t as a [1, 1, H, W] plane. Four IFBlocks estimate the flows from the
 * in-between frame to both inputs and a blend mask, coarse to fine (at 1/8, 1/4, 1/2 and full
 * resolution), each refining the previous one on frames warped by it; output {@code out0} is
 * warp(in0, flow_t0) * mask + warp(in1, flow_t1) * (1 - mask). The coarsest stage works at 1/32 of
 * the size, so frames are padded with zeros on the right and bottom to a multiple of 32 (as
 * rife-ncnn-vulkan does) and the result is cropped back.
 */
public final class RifeNetwork implements AutoCloseable {
    /** Frame sizes are padded to a multiple of this. */
    public static final int ALIGN = 32;

    private final NcnnGraph graph;

    private RifeNetwork(NcnnGraph graph) throws IOException {
        this.graph = graph;
        if (!graph.inputs().equals(java.util.List.of("in0", "in1", "in2"))) {
            throw new IOException(graph.paramFile() + ": expected RIFE v4 inputs in0, in1, in2 (frame 0, frame 1, timestep), found " + graph.inputs());
        }
        if (!graph.lastBlob().equals("out0")) {
            throw new IOException(graph.paramFile() + ": expected the RIFE v4 output out0, the last layer writes " + graph.lastBlob());
        }
    }

    /** Loads {@code flownet.param} and {@code flownet.bin}; weights live in a sub-manager of {@code parent}. */
    public static RifeNetwork load(Path param, Path bin, NDManager parent) throws IOException {
        NcnnGraph g = NcnnGraph.load(param, bin, parent, Map.of("rife.Warp", RifeNetwork::warpLayer));
        try {
            return new RifeNetwork(g);
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
    }

    private static NcnnGraph.Op warpLayer(NcnnParam.Layer l) throws IOException {
        if (l.bottoms().size() != 2 || l.tops().size() != 1) {
            throw new IOException("line " + l.line() + " (rife.Warp " + l.name() + "): expected inputs image, flow and one output");
        }
        return in -> new NDArray[] {Warp.backward(in[0], in[1])};
    }

    /**
     * The frame at time {@code t} between {@code img0} (t = 0) and {@code img1} (t = 1): both
     * [1, 3, H, W] RGB in 0..1, any size. t = 0 and t = 1 return copies of the inputs, as
     * rife-ncnn-vulkan does. The result belongs to {@code img0}'s manager and is not clipped.
     */
    public NDArray interpolate(NDArray img0, NDArray img1, float t) {
        Shape s = img0.getShape();
        if (!s.equals(img1.getShape()) || s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("RIFE needs two [1, 3, H, W] frames of the same size, got " + s + " and " + img1.getShape());
        }
        if (t <= 0f) {
            return img0.duplicate();
        }
        if (t >= 1f) {
            NDArray out = img1.duplicate();
            out.attach(img0.getManager());
            return out;
        }
        NDManager caller = img0.getManager();
        int h = (int) s.get(2), w = (int) s.get(3);
        int ph = (h + ALIGN - 1) / ALIGN * ALIGN - h, pw = (w + ALIGN - 1) / ALIGN * ALIGN - w;
        try (NDManager tmp = caller.newSubManager()) {
            NDArray a = pad(img0, ph, pw, tmp), b = pad(img1, ph, pw, tmp);
            Shape ps = a.getShape();
            NDArray step = tmp.full(new Shape(1, 1, ps.get(2), ps.get(3)), t);
            NDArray out = graph.run(Map.of("in0", a, "in1", b, "in2", step), "out0");
            if (ph != 0 || pw != 0) {
                out = out.get(new NDIndex(":, :, 0:{}, 0:{}", h, w));
            }
            out.attach(caller);
            return out;
        }
    }

    /** Zeros below and to the right, up to the multiple of {@link #ALIGN}. */
    private static NDArray pad(NDArray x, int ph, int pw, NDManager into) {
        NDArray y = x;
        Shape s = x.getShape();
        if (pw != 0) {
            y = NDArrays.concat(new NDList(y, into.zeros(new Shape(s.get(0), s.get(1), s.get(2), pw))), 3);
        }
        if (ph != 0) {
            y = NDArrays.concat(new NDList(y, into.zeros(new Shape(s.get(0), s.get(1), ph, s.get(3) + pw))), 2);
        }
        if (y == x) {
            y = x.duplicate();
        }
        y.attach(into);
        return y;
    }

    /**
     * The frame at time {@code t} between two frames of the same size. RGB goes through RIFE; alpha,
     * when either frame has any, is mixed linearly ((1 - t) a + t b). Tensors live in {@code manager}
     * only while this runs.
     */
    public Frame interpolate(NDManager manager, Frame a, Frame b, double t) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("RIFE needs frames of the same size, got " + a.width() + "x" + a.height() + " and "
                    + b.width() + "x" + b.height());
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray rgb = interpolate(Tensors.fromFrame(m, a, 1f), Tensors.fromFrame(m, b, 1f), (float) t);
            if (opaque(a) && opaque(b)) {
                return Tensors.toFrame(rgb, 1f);
            }
            NDArray alpha = Tensors.alphaFromFrame(m, a, 1f).mul(1 - t).add(Tensors.alphaFromFrame(m, b, 1f).mul(t));
            return Tensors.toFrame(rgb.concat(alpha, 1), 1f);
        }
    }

    private static boolean opaque(Frame f) {
        for (int p : f.pixels()) {
            if (p >>> 24 != 0xff) {
                return false;
            }
        }
        return true;
    }

    /** The underlying graph (to extract intermediate blobs such as the flows, e.g. in tests). */
    public NcnnGraph graph() {
        return graph;
    }

    @Override
    public void close() {
        graph.close();
    }
}
