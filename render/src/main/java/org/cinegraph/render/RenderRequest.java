package org.cinegraph.render;

import org.cinegraph.graph.Graph;
import org.cinegraph.spi.FrameRange;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to render: a graph snapshot, the folder its relative asset paths start from, the folder
 * outputs go to, an optional frame range, which output nodes (empty = all), whether the
 * cache may be used, the graph's canonical text for writers to embed (provenance), and a suffix
 * for the names of the files writers make (see {@link RenderJob#outputSuffix()}).
 */
public record RenderRequest(Graph graph, Path graphDir, Path outDir, Optional<FrameRange> frames,
                            Set<String> targets, boolean useCache, Optional<String> provenance, String outputSuffix) {
    public RenderRequest {
        Objects.requireNonNull(graph, "graph");
        graphDir = graphDir.toAbsolutePath().normalize();
        outDir = outDir.toAbsolutePath().normalize();
        frames = frames == null ? Optional.empty() : frames;
        targets = targets == null ? Set.of() : Set.copyOf(targets);
        provenance = provenance == null ? Optional.empty() : provenance;
        outputSuffix = outputSuffix == null ? "" : outputSuffix;
    }

    public RenderRequest(Graph graph, Path graphDir, Path outDir, Optional<FrameRange> frames, Set<String> targets, boolean useCache,
                         Optional<String> provenance) {
        this(graph, graphDir, outDir, frames, targets, useCache, provenance, "");
    }

    public RenderRequest(Graph graph, Path graphDir, Path outDir, Optional<FrameRange> frames, Set<String> targets, boolean useCache) {
        this(graph, graphDir, outDir, frames, targets, useCache, Optional.empty());
    }

    /** The same request with the graph text writers embed in their files. */
    public RenderRequest withProvenance(String graphText) {
        return new RenderRequest(graph, graphDir, outDir, frames, targets, useCache, Optional.ofNullable(graphText), outputSuffix);
    }

    /** The same request with writers' file names ending in {@code suffix} before the extension. */
    public RenderRequest withOutputSuffix(String suffix) {
        return new RenderRequest(graph, graphDir, outDir, frames, targets, useCache, provenance, suffix);
    }

    public static RenderRequest of(Graph graph, Path graphDir, Path outDir) {
        return new RenderRequest(graph, graphDir, outDir, Optional.empty(), Set.of(), true);
    }

    public RenderRequest withFrames(FrameRange r) {
        return new RenderRequest(graph, graphDir, outDir, Optional.ofNullable(r), targets, useCache, provenance, outputSuffix);
    }

    public RenderRequest withCache(boolean use) {
        return new RenderRequest(graph, graphDir, outDir, frames, targets, use, provenance, outputSuffix);
    }

    public RenderRequest withTargets(Set<String> ids) {
        return new RenderRequest(graph, graphDir, outDir, frames, ids, useCache, provenance, outputSuffix);
    }
}
