package org.cinegraph.models.rife;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * RIFE's backward warp ({@code rife.Warp} in the ncnn graph, PyTorch RIFE's {@code warp}):
 * output pixel (x, y) of channel c is the image sampled bilinearly at (x + flow_x, y + flow_y),
 * in pixel units. Sample positions outside the image are clamped to its border (rife-ncnn-vulkan
 * clamps both neighbour indices; PyTorch RIFE uses grid_sample with padding_mode "border" and
 * align_corners true; both equal clamping the position to [0, W-1] x [0, H-1]).
 *
 * <p>Built from tensor ops only: the four neighbours are fetched with {@code gather} on the
 * flattened image, so there is no per-pixel Java loop.
 */
public final class Warp {
    private Warp() {
    }

    /**
     * @param image [N, C, H, W]
     * @param flow  [N, 2, H, W]: channel 0 is the x displacement, channel 1 the y displacement
     * @return [N, C, H, W] on {@code image}'s manager
     */
    public static NDArray backward(NDArray image, NDArray flow) {
        Shape s = image.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        Shape fs = flow.getShape();
        if (fs.dimension() != 4 || fs.get(0) != n || fs.get(1) != 2 || fs.get(2) != h || fs.get(3) != w) {
            throw new IllegalArgumentException("warp: flow " + fs + " does not fit image " + s + " (expected [" + n + ", 2, " + h + ", " + w + "])");
        }
        NDManager caller = image.getManager();
        try (NDManager tmp = caller.newSubManager()) {
            // Everything derived from the arguments lands in tmp; they go back to their managers after.
            image.tempAttach(tmp);
            flow.tempAttach(tmp);
            NDArray xs = tmp.arange(0f, (float) w).reshape(1, 1, w);
            NDArray ys = tmp.arange(0f, (float) h).reshape(1, h, 1);
            NDArray sx = flow.get(":, 0").add(xs).clip(0f, (float) (w - 1));
            NDArray sy = flow.get(":, 1").add(ys).clip(0f, (float) (h - 1));
            NDArray x0 = sx.floor(), y0 = sy.floor();
            NDArray ax = sx.subi(x0).reshape(n, 1, h * w);
            NDArray ay = sy.subi(y0).reshape(n, 1, h * w);
            NDArray x0i = x0.toType(DataType.INT64, false), y0i = y0.toType(DataType.INT64, false);
            NDArray x1i = x0i.add(1).minimum(w - 1), y1i = y0i.add(1).minimum(h - 1);
            NDArray row0 = y0i.muli(w), row1 = y1i.muli(w);
            NDArray img = image.reshape(n, c, h * w);
            NDArray v00 = gather(img, row0.add(x0i), n, c, h * w);
            NDArray v01 = gather(img, row0.addi(x1i), n, c, h * w);
            NDArray v10 = gather(img, row1.add(x0i), n, c, h * w);
            NDArray v11 = gather(img, row1.addi(x1i), n, c, h * w);
            NDArray top = v01.subi(v00).muli(ax).addi(v00);
            NDArray bottom = v11.subi(v10).muli(ax).addi(v10);
            NDArray out = bottom.subi(top).muli(ay).addi(top).reshape(n, c, h, w);
            out.attach(caller);
            return out;
        }
    }

    /** img [N, C, P] at flat positions idx [N, H, W] (the same for every channel). */
    private static NDArray gather(NDArray img, NDArray idx, long n, long c, long p) {
        return img.gather(idx.reshape(n, 1, p).broadcast(n, c, p), 2);
    }
}
