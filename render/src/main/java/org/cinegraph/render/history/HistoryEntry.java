package org.cinegraph.render.history;

import org.cinegraph.spi.ServiceCall;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One recorded render ("daily"): when it started, how long it took, the graph file it came
 * from (if any), the files it wrote, the models it used (name + digest, as in requires.models),
 * the paid remote calls it made, and its folder, which holds record.json, graph.cgraph and, when
 * one could be made, thumb.png. A sweep is one entry: the graph before its overrides, every file
 * (contact sheets first) and what was swept ("grade1.exposure=0.5:1.5:0.25 x seed=4seeds (20 renders)").
 */
public record HistoryEntry(String id, Instant started, long durationMillis, Optional<String> graphFile,
                           List<Path> outputs, List<Model> models, Path folder, List<ServiceCall> calls, Optional<String> sweep) {
    public HistoryEntry {
        graphFile = graphFile == null ? Optional.empty() : graphFile;
        outputs = List.copyOf(outputs);
        models = List.copyOf(models);
        calls = calls == null ? List.of() : List.copyOf(calls);
        sweep = sweep == null ? Optional.empty() : sweep;
    }

    public HistoryEntry(String id, Instant started, long durationMillis, Optional<String> graphFile, List<Path> outputs, List<Model> models, Path folder) {
        this(id, started, durationMillis, graphFile, outputs, models, folder, List.of(), Optional.empty());
    }

    /** A model the render used, identified by the digest of its files. */
    public record Model(String name, String sha256) {
    }

    /** The exact graph text of the render (canonical .cgraph). */
    public Path graph() {
        return folder.resolve(RenderHistory.GRAPH);
    }

    /** A small picture of the result (160 px wide), if one could be made. */
    public Optional<Path> thumbnail() {
        Path p = folder.resolve(RenderHistory.THUMB);
        return java.nio.file.Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}
