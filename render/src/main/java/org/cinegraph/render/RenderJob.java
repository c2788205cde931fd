package org.cinegraph.render;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.ParamRef;
import org.cinegraph.spi.FrameRange;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One render as every caller asks for it (the CLI, the editor, a farm task, a sweep): a graph
 * snapshot, the file it came from (for relative asset paths, "why did it run" reasons and the
 * history), where outputs go, which frames and which output nodes, whether the cache may be used
 * and whether a successful render is recorded in the history, parameter overrides for this render
 * only ({@code --set}, one combination of a sweep; by node path, applied in order and checked
 * like an edit) and a suffix for the names of the files it writes ("_exposure=0.5", so a sweep's
 * files sit side by side). {@link Renderer#render} runs it.
 */
public record RenderJob(Graph graph, Optional<Path> graphFile, Path graphDir, Path outDir, Optional<FrameRange> frames,
                        Set<String> targets, boolean useCache, boolean record, Map<ParamRef, Object> params, String outputSuffix) {
    public RenderJob {
        Objects.requireNonNull(graph, "graph");
        graphFile = graphFile == null ? Optional.empty() : graphFile.map(f -> f.toAbsolutePath().normalize());
        graphDir = graphDir.toAbsolutePath().normalize();
        outDir = outDir.toAbsolutePath().normalize();
        frames = frames == null ? Optional.empty() : frames;
        targets = targets == null ? Set.of() : Set.copyOf(targets);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
        outputSuffix = outputSuffix == null ? "" : outputSuffix;
    }

    public RenderJob(Graph graph, Optional<Path> graphFile, Path graphDir, Path outDir, Optional<FrameRange> frames,
                     Set<String> targets, boolean useCache, boolean record) {
        this(graph, graphFile, graphDir, outDir, frames, targets, useCache, record, Map.of(), "");
    }

    /** A render of a graph saved in {@code graphFile}: outputs into renders/ beside it, cached, recorded. */
    public static RenderJob of(Graph graph, Path graphFile) {
        Path dir = graphFile.toAbsolutePath().normalize().getParent();
        return new RenderJob(graph, Optional.of(graphFile), dir, dir.resolve("renders"), Optional.empty(), Set.of(), true, true);
    }

    /** A render of a graph that has no file (yet): relative paths start from {@code graphDir}. */
    public static RenderJob unsaved(Graph graph, Path graphDir, Path outDir) {
        return new RenderJob(graph, Optional.empty(), graphDir, outDir, Optional.empty(), Set.of(), true, true);
    }

    public RenderJob withOutDir(Path dir) {
        return new RenderJob(graph, graphFile, graphDir, dir, frames, targets, useCache, record, params, outputSuffix);
    }

    public RenderJob withFrames(FrameRange range) {
        return new RenderJob(graph, graphFile, graphDir, outDir, Optional.ofNullable(range), targets, useCache, record, params, outputSuffix);
    }

    public RenderJob withTargets(Set<String> ids) {
        return new RenderJob(graph, graphFile, graphDir, outDir, frames, ids, useCache, record, params, outputSuffix);
    }

    public RenderJob withCache(boolean use) {
        return new RenderJob(graph, graphFile, graphDir, outDir, frames, targets, use, record, params, outputSuffix);
    }

    /** The same job, recorded in the history on success or not (a farm chunk is not; its assembly is). */
    public RenderJob withRecord(boolean r) {
        return new RenderJob(graph, graphFile, graphDir, outDir, frames, targets, useCache, r, params, outputSuffix);
    }

    /** The same job with these parameters overridden (by node path), after any it has. */
    public RenderJob withParams(Map<ParamRef, Object> values) {
        Map<ParamRef, Object> all = new LinkedHashMap<>(params);
        all.putAll(values);
        return new RenderJob(graph, graphFile, graphDir, outDir, frames, targets, useCache, record, all, outputSuffix);
    }

    /** The same job writing "name_SUFFIX.ext" for every output "name.ext". */
    public RenderJob withOutputSuffix(String suffix) {
        return new RenderJob(graph, graphFile, graphDir, outDir, frames, targets, useCache, record, params, suffix);
    }

    /** The stable id "why did it run" reasons are kept under: the graph file's path, if any. */
    Optional<String> graphId() {
        return graphFile.map(Path::toString);
    }
}
