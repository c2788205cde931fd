package org.cinegraph.app.queue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A render waiting its turn: the graph as it was when Render was pressed (its text, so later
 * edits do not change it), the file it came from (for relative paths, project models and the
 * history), the folder its relative paths start from, and where its outputs go.
 */
public record QueuedRender(String id, String name, String graphText, Optional<Path> graphFile, Path graphDir, Path outDir,
                           Instant queued) {
    public QueuedRender {
        if (!id.matches("[A-Za-z0-9-]+")) throw new IllegalArgumentException("bad queue id '" + id + "'");
        graphFile = graphFile == null ? Optional.empty() : graphFile;
    }
}
