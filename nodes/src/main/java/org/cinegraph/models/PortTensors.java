package org.cinegraph.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.media.Frame;
import org.cinegraph.models.ncnn.NcnnGraph;

/**
 * The pre- and post-processing a manifest describes ({@link NodeSection.Port}), as tensor ops:
 * frame to model tensor (channels, value mapping, mean/std, resize or letterbox, border padding,
 * layout) and model tensor back to a frame at the source's size. {@link Placement} remembers where
 * the source landed in the tensor so outputs (and decoded detections) can be mapped back.
 */
public final class PortTensors {
    private PortTensors() {
    }

    /**
     * Where the source image sits in the model's input tensor: the content rectangle (x, y, w, h)
     * in tensor pixels of a tensorW x tensorH input, and whether it was resized (fixed model size).
     */
    public record Placement(int srcW, int srcH, int tensorW, int tensorH, double x, double y, double w, double h, boolean resized) {
        /** Model-input pixel coordinates to source pixel coordinates. */
        public double toSourceX(double tx) {
            return (tx - x) * srcW / w;
        }

        public double toSourceY(double ty) {
            return (ty - y) * srcH / h;
        }

        static Placement identity(int w, int h) {
            return new Placement(w, h, w, h, 0, 0, w, h, false);
        }
    }

    /** A prepared input: the tensor (NCHW or NHWC as the port says) and the source's placement. */
    public record Prepared(NDArray tensor, Placement placement) {
    }

    /** The frame as the port's input tensor. */
    public static Prepared toTensor(NDManager m, Frame frame, NodeSection.Port p) {
        NDArray x = Tensors.fromFrame(m, frame, 255f); // [1, 3, H, W] RGB, 0..255
        String ch = p.channelsOr("mask".equals(p.type()) ? "GRAY" : "RGB");
        if (ch.equals("GRAY")) {
            x = x.get(":, 0:1").mul(0.299f).add(x.get(":, 1:2").mul(0.587f)).add(x.get(":, 2:3").mul(0.114f));
        } else if (ch.equals("BGR")) {
            x = x.flip(1);
        }
        int w = frame.width(), h = frame.height();
        Placement pl = Placement.identity(w, h);
        if (p.size().size() == 2) {
            int tw = p.size().get(0), th = p.size().get(1);
            if ("letterbox".equals(p.fit())) {
                double s = Math.min((double) tw / w, (double) th / h);
                int nw = Math.max(1, (int) Math.round(w * s)), nh = Math.max(1, (int) Math.round(h * s));
                int x0 = (tw - nw) / 2, y0 = (th - nh) / 2;
                x = padZero(NcnnGraph.bilinear(x, nh, nw, false), y0, th - nh - y0, x0, tw - nw - x0);
                pl = new Placement(w, h, tw, th, x0, y0, nw, nh, true);
            } else {
                x = NcnnGraph.bilinear(x, th, tw, false);
                pl = new Placement(w, h, tw, th, 0, 0, tw, th, true);
            }
        }
        int pad = p.pad() == null ? 0 : p.pad();
        int mult = p.multiple() == null ? 1 : p.multiple();
        if (pad > 0 || mult > 1) {
            int cw = pl.tensorW(), chh = pl.tensorH();
            int extraW = (mult - (cw + 2 * pad) % mult) % mult, extraH = (mult - (chh + 2 * pad) % mult) % mult;
            String mode = p.padMode() == null ? "replicate" : p.padMode();
            x = mode.equals("zero") ? padZero(x, pad, pad + extraH, pad, pad + extraW) : padIndexed(x, pad, pad + extraH, pad, pad + extraW, mode.equals("reflect"));
            pl = new Placement(w, h, cw + 2 * pad + extraW, chh + 2 * pad + extraH, pl.x() + pad, pl.y() + pad, pl.w(), pl.h(), pl.resized());
        }
        float black = p.black(), white = p.white();
        x = x.mul((white - black) / 255f).add(black);
        int c = (int) x.getShape().get(1);
        if (!p.mean().isEmpty()) x = x.sub(m.create(floats(p.mean()), new Shape(1, c, 1, 1)));
        if (!p.std().isEmpty()) x = x.div(m.create(floats(p.std()), new Shape(1, c, 1, 1)));
        if (!p.constant().isEmpty()) {
            NDList parts = new NDList(x);
            for (double v : p.constant()) parts.add(m.full(new Shape(1, 1, pl.tensorH(), pl.tensorW()), (float) v));
            x = NDArrays.concat(parts, 1);
        }
        if (p.nhwc()) x = x.transpose(0, 2, 3, 1);
        return new Prepared(x, pl);
    }

    /**
     * A model output tensor as a frame of the source's size (times the port's scale): values
     * mapped to 8 bits, the source's part cut out and, where the input was resized, resized back.
     * One channel gives a grey frame.
     */
    public static Frame toFrame(NDArray out, NodeSection.Port p, Placement pl) {
        NDManager m = out.getManager();
        try (NDManager tmp = m.newSubManager()) {
            NDArray y = out.duplicate();
            y.attach(tmp);
            y = asNchw(y, p.nhwc());
            if ("BGR".equals(p.channels())) y = y.flip(1);
            if ("sigmoid".equals(p.activation())) y = y.getNDArrayInternal().sigmoid();
            float black = p.black(), white = p.white();
            y = y.sub(black).div(white - black); // 0..1
            if ("minmax".equals(p.normalize())) {
                float lo = y.min().getFloat(), hi = y.max().getFloat();
                y = hi > lo ? y.sub(lo).div(hi - lo) : y.zerosLike();
            }
            if (Boolean.TRUE.equals(p.invert())) y = y.neg().add(1f);
            y = restore(y, p, pl);
            long c = y.getShape().get(1);
            if (c == 1) y = y.repeat(1, 3);
            else if (c != 3 && c != 4) throw new IllegalArgumentException("output " + p.port() + " has " + c + " channels, expected 1, 3 or 4");
            return Tensors.toFrame(y, 1f);
        }
    }

    /** Cuts the source's part out of a [1, C, H, W] output and brings it to source size x scale. */
    static NDArray restore(NDArray y, NodeSection.Port p, Placement pl) {
        long oh = y.getShape().get(2), ow = y.getShape().get(3);
        int border = p.borderOrZero();
        double rx = (double) ow / (pl.tensorW() - 2 * border), ry = (double) oh / (pl.tensorH() - 2 * border);
        int x0 = (int) Math.round((pl.x() - border) * rx), y0 = (int) Math.round((pl.y() - border) * ry);
        int cw = (int) Math.round(pl.w() * rx), chh = (int) Math.round(pl.h() * ry);
        x0 = Math.max(0, Math.min(x0, (int) ow - 1));
        y0 = Math.max(0, Math.min(y0, (int) oh - 1));
        cw = Math.max(1, Math.min(cw, (int) ow - x0));
        chh = Math.max(1, Math.min(chh, (int) oh - y0));
        if (x0 != 0 || y0 != 0 || cw != ow || chh != oh) y = y.get(new NDIndex(":, :, {}:{}, {}:{}", y0, y0 + chh, x0, x0 + cw));
        int tw = pl.srcW() * p.scaleOrOne(), th = pl.srcH() * p.scaleOrOne();
        if (pl.resized() && (tw != cw || th != chh)) y = NcnnGraph.bilinear(y, th, tw, false);
        return y;
    }

    /** [1, C, H, W] from NCHW or NHWC outputs with or without the batch axis; a [1, H, W] map is one channel. */
    static NDArray asNchw(NDArray y, boolean nhwc) {
        Shape s = y.getShape();
        if (s.dimension() == 2) return y.reshape(1, 1, s.get(0), s.get(1));
        if (s.dimension() == 3) y = nhwc ? y.expandDims(0) : (s.get(0) == 1 ? y.expandDims(0) : y.expandDims(0));
        if (y.getShape().dimension() != 4) throw new IllegalArgumentException("expected an image tensor, got shape " + s);
        return nhwc ? y.transpose(0, 3, 1, 2) : y;
    }

    /** The alpha of {@code src} as a [1, 1, H*k, W*k] plane (nearest), for an RGB output k times the source size. */
    static NDArray alpha(NDManager m, Frame src, int k) {
        NDArray a = Tensors.alphaFromFrame(m, src, 1f);
        return k == 1 ? a : a.repeat(2, k).repeat(3, k);
    }

    private static NDArray padZero(NDArray x, int top, int bottom, int left, int right) {
        Shape s = x.getShape();
        NDManager m = x.getManager();
        long c = s.get(1), h = s.get(2), w = s.get(3);
        NDArray y = x;
        if (left > 0 || right > 0) {
            y = NDArrays.concat(new NDList(m.zeros(new Shape(1, c, h, left)), y, m.zeros(new Shape(1, c, h, right))), 3);
        }
        long nw = w + left + right;
        if (top > 0 || bottom > 0) {
            y = NDArrays.concat(new NDList(m.zeros(new Shape(1, c, top, nw)), y, m.zeros(new Shape(1, c, bottom, nw))), 2);
        }
        return y;
    }

    /** Border by gathering edge (replicate) or mirrored (reflect, edge pixel not repeated) rows and columns. */
    private static NDArray padIndexed(NDArray x, int top, int bottom, int left, int right, boolean reflect) {
        Shape s = x.getShape();
        int h = (int) s.get(2), w = (int) s.get(3);
        NDManager m = x.getManager();
        NDArray y = x.get(new NDIndex(":, :, :, {}", m.create(indices(w, left, right, reflect))));
        return y.get(new NDIndex(":, :, {}", m.create(indices(h, top, bottom, reflect))));
    }

    static long[] indices(int n, int before, int after, boolean reflect) {
        long[] idx = new long[n + before + after];
        for (int i = 0; i < idx.length; i++) {
            int j = i - before;
            if (reflect && n > 1) {
                int period = 2 * (n - 1);
                j = Math.floorMod(j, period);
                if (j >= n) j = period - j;
            } else {
                j = Math.max(0, Math.min(n - 1, j));
            }
            idx[i] = j;
        }
        return idx;
    }

    private static float[] floats(java.util.List<Double> v) {
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) f[i] = v.get(i).floatValue();
        return f;
    }

    /** A float32 scalar tensor for a Number input port. */
    static NDArray scalar(NDManager m, double v) {
        return m.create((float) v).toType(DataType.FLOAT32, false);
    }
}
