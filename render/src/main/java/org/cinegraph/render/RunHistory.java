package org.cinegraph.render;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The fingerprints of the last render of each graph (by a stable id such as the graph file's
 * path), kept beside the cache, so a render can say why a node ran again. Best effort: a
 * missing or unreadable record only means "first render".
 */
final class RunHistory {
    private static final Logger LOG = Logger.getLogger(RunHistory.class.getName());
    private final Path file;
    private final Map<String, Fingerprint> previous;

    RunHistory(Path cacheDir, String graphId) {
        this.file = cacheDir == null || graphId == null ? null
                : cacheDir.resolve("runs").resolve(new Fingerprint(new TreeMap<>(Map.of("graph", graphId))).key() + ".properties");
        this.previous = load(file);
    }

    Optional<Fingerprint> previous(String nodeId) {
        return Optional.ofNullable(previous.get(nodeId));
    }

    private static Map<String, Fingerprint> load(Path file) {
        Map<String, Fingerprint> out = new HashMap<>();
        if (file == null || !Files.isRegularFile(file)) return out;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
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

    void save(Map<String, Fingerprint> current) {
        if (file == null) return;
        Map<String, Fingerprint> merged = new HashMap<>(previous);
        merged.putAll(current);
        Properties p = new Properties();
        merged.forEach((id, fp) -> fp.parts().forEach((k, v) -> p.setProperty(id + "|" + k, v)));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "run", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, null);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.fine("could not save run history: " + e.getMessage());
        }
    }
}
