package org.cinegraph.models.ncnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * The ncnn layers of squeeze-and-excitation blocks (Real-CUGAN, waifu2x cunet) and the two-blob
 * Crop of U-Nets: global Pooling, InnerProduct, Scale. A pooled vector is kept as [N, C, 1, 1], so
 * ncnn's per-channel broadcast of a 1-D blob over a c, h, w blob is plain NCHW broadcasting.
 */
final class NcnnVectorLayers {
    private NcnnVectorLayers() {
    }

    /** Global max (0) or average (1) pooling to [N, C, 1, 1]; windowed pooling is refused. */
    static NcnnGraph.Op pooling(NcnnParam.Layer l, String where) throws IOException {
        int type = l.intParam(0, 0);
        if (l.intParam(4, 0) != 1 || (type != 0 && type != 1)) {
            throw new IOException(where + ": only global max or average Pooling is supported");
        }
        return in -> {
            Shape s = in[0].getShape();
            NDArray flat = in[0].reshape(s.get(0), s.get(1), -1);
            NDArray r = type == 1 ? flat.mean(new int[] {2}) : flat.max(new int[] {2});
            return new NDArray[] {r.reshape(s.get(0), s.get(1), 1, 1)};
        };
    }

    /** Fully connected layer on a pooled vector: weights [out, in] (tagged), optional bias, fused activation. */
    static NcnnGraph.Op innerProduct(NcnnParam.Layer l, NcnnBin bin, NDManager weights, String where,
                                     UnaryOperator<NDArray> act) throws IOException {
        int out = l.intParam(0, 0);
        boolean bias = l.intParam(1, 0) != 0;
        int size = l.intParam(2, 0);
        if (l.intParam(8, 0) != 0) {
            throw new IOException(where + ": int8 InnerProduct not supported");
        }
        if (out <= 0 || size <= 0 || size % out != 0) {
            throw new IOException(where + ": weight_data_size " + size + " does not fit " + out + " outputs");
        }
        int in = size / out;
        NDArray w = weights.create(bin.tagged(size, l.name() + " weights"), new Shape(out, in)).transpose();
        NDArray b = bias ? weights.create(bin.raw(out, l.name() + " bias"), new Shape(1, out)) : null;
        return x -> {
            long n = x[0].getShape().get(0);
            if (x[0].getShape().size() != n * in) {
                throw new IllegalArgumentException("InnerProduct wants " + in + " values per item, got shape " + x[0].getShape());
            }
            NDArray y = x[0].reshape(n, in).matMul(w);
            if (b != null) {
                y = y.add(b);
            }
            return new NDArray[] {act.apply(y).reshape(n, out, 1, 1)};
        };
    }

    /** Per-channel scale: by a second blob (scale_data_size -233) or by weights from the .bin, plus an optional bias. */
    static NcnnGraph.Op scale(NcnnParam.Layer l, NcnnBin bin, NDManager weights, String where) throws IOException {
        int size = l.intParam(0, 0);
        boolean bias = l.intParam(1, 0) != 0;
        if (size == -233) {
            if (l.bottoms().size() != 2 || bias) {
                throw new IOException(where + ": Scale by a blob needs two inputs and no bias");
            }
            return in -> new NDArray[] {in[0].mul(in[1].reshape(in[1].getShape().get(0), -1, 1, 1))};
        }
        if (size <= 0 || l.bottoms().size() != 1) {
            throw new IOException(where + ": Scale needs scale_data_size > 0 with one input, or -233 with two");
        }
        NDArray s = weights.create(bin.raw(size, l.name() + " scale"), new Shape(1, size, 1, 1));
        NDArray b = bias ? weights.create(bin.raw(size, l.name() + " bias"), new Shape(1, size, 1, 1)) : null;
        return in -> new NDArray[] {b == null ? in[0].mul(s) : in[0].mul(s).add(b)};
    }

    /** Crop of the first blob to the second blob's width and height (and channels), from offsets 0=w, 1=h, 2=c. */
    static NcnnGraph.Op cropToReference(NcnnParam.Layer l) {
        int wo = l.intParam(0, 0), ho = l.intParam(1, 0), co = l.intParam(2, 0);
        return in -> {
            Shape r = in[1].getShape();
            return new NDArray[] {in[0].get(new NDIndex(":, {}:{}, {}:{}, {}:{}", co, co + r.get(1), ho, ho + r.get(2), wo, wo + r.get(3)))};
        };
    }
}
