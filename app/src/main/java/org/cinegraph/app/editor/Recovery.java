package org.cinegraph.app.editor;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.spi.NodeRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Crash recovery: unsaved work is written to a recovery file named by a hash of the graph's
 * path (untitled graphs share one), next to the render cache. It is removed when the graph is
 * saved or closed cleanly, so one found at start means a session ended without saving.
 */
public final class Recovery {
    private final Path dir;
    private final NodeRegistry registry;

    public Recovery(Path dir, NodeRegistry registry) {
        this.dir = dir;
        this.registry = registry;
    }

    /** The folder from -Dcinegraph.recovery.dir, else recovery/ in the cache folder. */
    public static Recovery standard(NodeRegistry registry) {
        String prop = System.getProperty("cinegraph.recovery.dir");
        Path d = prop != null ? Path.of(prop) : RenderSettings.fromEnvironment().cacheDir().resolve("recovery");
        return new Recovery(d, registry);
    }

    public Path fileFor(Path graphFile) {
        String key = graphFile == null ? "untitled" : graphFile.toAbsolutePath().normalize().toString();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 8) + GraphFile.EXTENSION);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public void write(Graph g, Path graphFile) throws IOException {
        Files.createDirectories(dir);
        GraphFile.write(g, fileFor(graphFile), registry);
    }

    public void delete(Path graphFile) {
        try {
            Files.deleteIfExists(fileFor(graphFile));
        } catch (IOException ignored) {
            // a stale recovery file only means one extra question at the next start
        }
    }

    /** A recovery file newer than the graph file (or any, for an untitled graph), parsed. */
    public Optional<Graph> pending(Path graphFile) {
        Path r = fileFor(graphFile);
        try {
            if (!Files.isRegularFile(r)) return Optional.empty();
            if (graphFile != null && Files.isRegularFile(graphFile)) {
                FileTime rt = Files.getLastModifiedTime(r), gt = Files.getLastModifiedTime(graphFile);
                if (rt.compareTo(gt) <= 0) return Optional.empty();
            }
            // parsed as text so asset paths stay relative to the graph's own folder
            return Optional.of(GraphFile.parse(Files.readString(r), r.toString(), registry).graph());
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
