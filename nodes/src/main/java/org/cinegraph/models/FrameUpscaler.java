package org.cinegraph.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.cinegraph.media.Frame;

import java.util.function.UnaryOperator;

/**
 * Frame in, frame out, through an upscaling network run tile by tile: each finished tile goes
 * straight into the output pixels, so no full-resolution float copy of the result is ever held.
 * Alpha is not seen by the networks (they are RGB); it is carried over with nearest upsampling.
 * Frame/tensor conversion is {@link Tensors}'.
 */
public final class FrameUpscaler {

    private FrameUpscaler() {
    }

    /**
     * @param range    the value of white for the network: 255 for ESRGAN, 1 for realesr-animevideov3
     * @param network  [1, 3, h, w] RGB in 0..range to [1, 3, h*scale, w*scale]; called once per tile,
     *                 so a caller that wraps it can check for cancellation and count tiles
     */
    public static Frame upscale(NDManager manager, Frame src, int scale, float range, int tileSize, int overlap,
                                UnaryOperator<NDArray> network) {
        int ow = src.width() * scale, oh = src.height() * scale;
        int[] out = new int[ow * oh];
        try (NDManager scope = manager.newSubManager()) {
            NDArray in = Tensors.fromFrame(scope, src, range);
            NDArray alpha = Tensors.alphaFromFrame(scope, src, range);
            boolean opaque = alpha.min().getFloat() == range;
            Tiling.run(in, scale, tileSize, overlap, network, (tile, outX, outY) -> {
                int th = (int) tile.getShape().get(2), tw = (int) tile.getShape().get(3);
                NDArray rgba = tile;
                if (!opaque) {
                    NDArray part = alpha.get(new NDIndex(":, :, {}:{}, {}:{}", outY / scale, (outY + th) / scale,
                            outX / scale, (outX + tw) / scale));
                    part.attach(tile.getManager());
                    rgba = tile.concat(part.repeat(2, scale).repeat(3, scale), 1);
                }
                int[] px = Tensors.toFrame(rgba, range).pixels();
                for (int y = 0; y < th; y++) {
                    System.arraycopy(px, y * tw, out, (outY + y) * ow + outX, tw);
                }
            });
        }
        return new Frame(ow, oh, out);
    }
}
