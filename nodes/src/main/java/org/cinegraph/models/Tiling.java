package org.cinegraph.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs an upscaling network over overlapping tiles so that memory is bounded by the tile size, not the
 * frame size. Each tile is extended by {@code overlap} input pixels of real context on every side
 * (clamped at the frame border, where the network's own zero padding applies exactly as on the whole
 * frame); the upscaled context is cropped away. With overlap at least the network's receptive radius
 * the result equals the untiled one up to float rounding, so there are no seams.
 */
public final class Tiling {

    /** Receives one finished output tile ([N, C, h, w]) and its top-left corner in the output. */
    @FunctionalInterface
    public interface Sink {
        void accept(NDArray tile, int outX, int outY);
    }

    private Tiling() {
    }

    /** How many tiles {@link #run} cuts an h x w input into (for progress reports). */
    public static int tileCount(int h, int w, int tileSize) {
        if (tileSize < 1) throw new IllegalArgumentException("tile size " + tileSize);
        return ((h + tileSize - 1) / tileSize) * ((w + tileSize - 1) / tileSize);
    }

    /**
     * Upscales {@code input} ([N, C, H, W]) tile by tile, handing each cropped output tile to {@code sink}
     * (row by row, left to right). Each tile's intermediates are freed before the next tile starts.
     */
    public static void run(NDArray input, int scale, int tileSize, int overlap,
                           UnaryOperator<NDArray> network, Sink sink) {
        if (tileSize < 1 || overlap < 0 || scale < 1) {
            throw new IllegalArgumentException("tile size " + tileSize + ", overlap " + overlap + ", scale " + scale);
        }
        int h = (int) input.getShape().get(2);
        int w = (int) input.getShape().get(3);
        for (int y0 = 0; y0 < h; y0 += tileSize) {
            int y1 = Math.min(h, y0 + tileSize);
            int ry0 = Math.max(0, y0 - overlap), ry1 = Math.min(h, y1 + overlap);
            for (int x0 = 0; x0 < w; x0 += tileSize) {
                int x1 = Math.min(w, x0 + tileSize);
                int rx0 = Math.max(0, x0 - overlap), rx1 = Math.min(w, x1 + overlap);
                try (NDManager scope = input.getManager().newSubManager()) {
                    NDArray part = input.get(new NDIndex(":, :, {}:{}, {}:{}", ry0, ry1, rx0, rx1));
                    part.attach(scope);
                    NDArray up = network.apply(part);
                    up.attach(scope);
                    int cy = (y0 - ry0) * scale, cx = (x0 - rx0) * scale;
                    NDArray crop = up.get(new NDIndex(":, :, {}:{}, {}:{}",
                            cy, cy + (y1 - y0) * scale, cx, cx + (x1 - x0) * scale));
                    crop.attach(scope);
                    sink.accept(crop, x0 * scale, y0 * scale);
                }
            }
        }
    }

    /** {@link #run} assembled into one [N, C, H*s, W*s] array owned by {@code input}'s manager. */
    public static NDArray upscale(NDArray input, int scale, int tileSize, int overlap, UnaryOperator<NDArray> network) {
        NDManager owner = input.getManager();
        List<NDList> rows = new ArrayList<>();
        run(input, scale, tileSize, overlap, network, (tile, outX, outY) -> {
            NDArray kept = tile.duplicate();
            kept.attach(owner);
            if (outX == 0) {
                rows.add(new NDList());
            }
            rows.get(rows.size() - 1).add(kept);
        });
        NDList joinedRows = new NDList(rows.size());
        try (NDManager scope = owner.newSubManager()) {
            for (NDList row : rows) {
                NDArray r = row.size() == 1 ? row.head() : NDArrays.concat(row, 3);
                if (row.size() > 1) {
                    row.attach(scope);
                }
                joinedRows.add(r);
            }
            if (joinedRows.size() == 1) {
                NDArray only = joinedRows.head();
                only.attach(owner);
                return only;
            }
            NDArray all = NDArrays.concat(joinedRows, 2);
            all.attach(owner);
            joinedRows.attach(scope);
            return all;
        }
    }
}
