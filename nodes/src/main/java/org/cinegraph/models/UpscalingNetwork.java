package org.cinegraph.models;

import ai.djl.ndarray.NDArray;

/**
 * A super-resolution network built from DJL ops (ESRGAN, ncnn SRVGG): [N, 3, H, W] RGB in the
 * network's own range to [N, 3, H*scale, W*scale]. Weights live in a manager owned by the network.
 */
public interface UpscalingNetwork extends AutoCloseable {

    /** The result belongs to {@code x}'s manager; intermediates are freed before returning. */
    NDArray forward(NDArray x);

    int scale();

    /** Input pixels of context per output pixel: the tile overlap that makes tiling seamless. */
    int receptiveRadius();

    @Override
    void close();
}
