package org.cinegraph.render;

import org.cinegraph.spi.FileStore;

import java.util.Map;
import java.util.Optional;

/**
 * Where a render looks up and keeps node results by cache key: the process's {@link RenderCache},
 * or {@link #NONE} when a render bypasses the cache ({@code --no-cache}), so the executor has one
 * path either way.
 */
public interface NodeCache {
    /** Where a hit came from. */
    enum Tier { MEMORY, DISK }

    record Hit(Map<String, Object> values, Tier tier) {
    }

    Optional<Hit> get(String key);

    void put(String key, Map<String, Object> values);

    /** Files kept under a node's key (see {@link FileStore}); empty when nothing is kept on disk. */
    default Optional<FileStore> fileStore(String key) {
        return Optional.empty();
    }

    /** A cache that keeps nothing: every lookup misses. */
    NodeCache NONE = new NodeCache() {
        @Override
        public Optional<Hit> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, Map<String, Object> values) {
        }
    };
}
