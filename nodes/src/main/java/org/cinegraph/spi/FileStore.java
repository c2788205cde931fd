package org.cinegraph.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files kept in the render cache under the evaluating node's cache key, so a result that exists
 * only as a file (a downloaded video a clip decodes from, a paid service's response) survives
 * across renders and processes. Bounded and evicted with the rest of the cache.
 */
public interface FileStore {
    /** The stored file of that name, if the cache still holds it (marks it recently used). */
    Optional<Path> get(String name);

    /**
     * Moves {@code file} into the store under {@code name} atomically (readers see the old entry
     * or the complete new one) and returns where it now lives.
     *
     * @param name a plain file name: letters, digits, '.', '-', '_'
     */
    Path put(String name, Path file) throws IOException;
}
