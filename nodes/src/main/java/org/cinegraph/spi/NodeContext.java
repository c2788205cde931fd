package org.cinegraph.spi;

import java.nio.file.Path;
import java.util.Optional;

/** What a node sees of the render it runs in. */
public interface NodeContext {

    /** Id of the node being evaluated (for messages). */
    String nodeId();

    /** Reports progress of this node, 0..1. */
    void progress(double fraction);

    /**
     * Reports progress as frames written (or computed) of a total. The render weighs its
     * overall progress and ETA by frames, so nodes that write frames report them this way.
     */
    default void progressFrames(long done, long total) {
        progress(total <= 0 ? 1 : (double) done / total);
    }

    /** @throws CancelledException if the render was cancelled */
    void checkCancelled();

    boolean isCancelled();

    /**
     * A seed for nodes that need randomness but expose no seed parameter: stable for this node
     * id across runs, so renders are reproducible.
     */
    long seed();

    /** A private scratch folder for this evaluation, deleted after the render. */
    Path tempDir();

    /**
     * Resolves a path parameter (as stored in the graph: relative to the graph file) to a file
     * on disk. Absolute paths are used as they are.
     */
    Path resolveInput(String storedPath);

    /**
     * Resolves an output file name inside the render's output folder.
     *
     * @throws NodeException if the name escapes the output folder (a shared graph may not
     *                       write elsewhere)
     */
    Path resolveOutput(String name) throws NodeException;

    /** Frames to render when the user asked for a range (render targets honour it). */
    Optional<FrameRange> frameRange();

    /**
     * Per-frame storage in the render cache under this node's cache key; empty when the render
     * runs without a cache (--no-cache).
     */
    Optional<FrameStore> frameStore();

    /**
     * Files kept in the render cache under this node's cache key (see {@link FileStore}); empty
     * when the render runs without a disk cache (--no-cache, memory-only caches).
     */
    default Optional<FileStore> fileStore() {
        return Optional.empty();
    }

    /** Records a call to a paid service made by this node, for the render's history. */
    default void serviceCall(ServiceCall call) {
    }

    /** Registers a resource to close when the render ends (decoders, native buffers). */
    void closeAtEnd(AutoCloseable resource);

    /**
     * The canonical .cgraph text of the graph being rendered, for writers to embed in their
     * files (so a render can be traced back to the graph that made it); empty when the caller
     * gave none (previews, tests).
     */
    default Optional<String> provenance() {
        return Optional.empty();
    }

    /** A log line attributed to this node. */
    void log(String message);
}
