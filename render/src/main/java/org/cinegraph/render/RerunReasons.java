package org.cinegraph.render;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Why a node runs again: the fingerprints of the last render of each graph (by a stable id such
 * as the graph file's path), kept beside the cache under {@code runs/}, compared part by part with
 * this render's. Best effort: a missing or unreadable record only means "first render".
 */
final class RerunReasons {
    private static final Logger LOG = Logger.getLogger(RerunReasons.class.getName());
    private final RenderCache cache;
    private final Path file;
    private final Map<String, Fingerprint> previous;

    RerunReasons(RenderCache cache, String graphId) {
        this.cache = cache;
        this.file = cache == null || graphId == null ? null
                : cache.dir().resolve("runs").resolve(new Fingerprint(new TreeMap<>(Map.of("graph", graphId))).key() + ".properties");
        this.previous = load(file);
    }

    /** Why a node that missed the cache runs: what changed since the last render, or why it was not kept. */
    String why(String nodeId, Fingerprint now, NodeSpec spec, boolean cacheUsed) {
        if (!cacheUsed) return "cache bypassed (--no-cache)";
        Fingerprint prev = previous.get(nodeId);
        if (prev == null) return "not in cache";
        List<String> changes = now.changesSince(prev);
        if (!changes.isEmpty()) return String.join(", ", changes);
        // Unchanged but not on disk: clips are recipes, rebuilt cheaply; frames are pulled on demand.
        return spec.outputs().stream().anyMatch(o -> o.type() == DataType.CLIP) || spec.perFrame()
                ? "unchanged; clip rebuilt (frames are computed when pulled)" : "not in cache";
    }

    private static Map<String, Fingerprint> load(Path file) {
        Map<String, Fingerprint> out = new HashMap<>();
        if (file == null || !Files.isRegularFile(file)) return out;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return out;
        }
        Map<String, TreeMap<String, String>> parts = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            int sep = k.indexOf('|');
            if (sep < 0) continue;
            parts.computeIfAbsent(k.substring(0, sep), x -> new TreeMap<>()).put(k.substring(sep + 1), p.getProperty(k));
        }
        parts.forEach((id, m) -> out.put(id, new Fingerprint(m)));
        return out;
    }

    /** Records the fingerprints of the nodes that ran or were served now, over the earlier ones. */
    void save(Map<String, Fingerprint> current) {
        if (file == null) return;
        Map<String, Fingerprint> merged = new HashMap<>(previous);
        merged.putAll(current);
        Properties p = new Properties();
        merged.forEach((id, fp) -> fp.parts().forEach((k, v) -> p.setProperty(id + "|" + k, v)));
        try {
            AtomicFiles.write(file, false, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                p.store(w, null);
                w.flush();
            });
            cache.counted(file);   // runs/ is part of what the cache bound holds
        } catch (IOException e) {
            LOG.fine("could not save the fingerprints of this render: " + e.getMessage());
        }
    }
}
