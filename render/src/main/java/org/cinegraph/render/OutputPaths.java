package org.cinegraph.render;

import org.cinegraph.spi.NodeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Keeps what a graph writes inside the output folder it was given. */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * "shot.png" with suffix "_seed=3" is "shot_seed=3.png"; a name without an extension (a PNG
     * sequence's folder) gets it at the end; folders in the name are kept.
     */
    public static String withSuffix(String name, String suffix) {
        if (suffix == null || suffix.isEmpty() || name == null) return name;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        int dot = name.lastIndexOf('.');
        if (dot <= slash + 1) return name + suffix;
        return name.substring(0, dot) + suffix + name.substring(dot);
    }

    /**
     * Resolves an output name inside {@code outDir}, creating parent folders.
     *
     * @throws NodeException if the name is absolute, climbs out with "..", or reaches outside
     *                       through a symbolic link
     */
    public static Path resolve(Path outDir, String name) throws NodeException {
        if (name == null || name.isBlank()) throw new NodeException("output file name is empty");
        Path rel;
        try {
            rel = Path.of(name);
        } catch (InvalidPathException e) {
            throw new NodeException("output file name '" + name + "' is not a valid path");
        }
        Path root = outDir.toAbsolutePath().normalize();
        Path p = root.resolve(rel).normalize();
        if (rel.isAbsolute() || !p.startsWith(root) || p.equals(root)) {
            throw new NodeException("output '" + name + "' would be written outside the output folder " + root + "; use a name inside it");
        }
        try {
            Files.createDirectories(p.getParent());
            if (!p.getParent().toRealPath().startsWith(root.toRealPath())) {
                throw new NodeException("output '" + name + "' leads outside the output folder " + root + " through a link");
            }
        } catch (IOException e) {
            throw new NodeException("cannot create the output folder for '" + name + "': " + e.getMessage());
        }
        return p;
    }
}
