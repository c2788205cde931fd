package org.cinegraph.spi;

import org.cinegraph.media.Frame;

import java.util.Optional;

/**
 * Frames kept in the render cache under the evaluating node's cache key, so a node can store
 * per-frame results that survive across renders (see the Disk Cache node).
 */
public interface FrameStore {
    Optional<Frame> get(int index);

    void put(int index, Frame frame);
}
