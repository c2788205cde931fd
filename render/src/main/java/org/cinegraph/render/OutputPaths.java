package org.cinegraph.render;

import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.OutputNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
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
     * Why {@code name} would be refused in {@code outDir} (see {@link OutputNames}, or a folder
     * on the way that is a link leading outside), or null; creates nothing, so the planner asks
     * before a render starts.
     */
    public static String problem(Path outDir, String name) {
        String bad = OutputNames.problem(name);
        if (bad != null) return "output " + OutputNames.quote(name) + " " + bad + "; use a name inside the output folder";
        Path rel;
        try {
            rel = Path.of(name);
        } catch (InvalidPathException e) {
            return "output " + OutputNames.quote(name) + " is not a valid path";
        }
        Path root = outDir.toAbsolutePath().normalize();
        Path p = root.resolve(rel).normalize();
        if (rel.isAbsolute() || !p.startsWith(root) || p.equals(root)) {
            return "output " + OutputNames.quote(name) + " would be written outside the output folder " + root + "; use a name inside it";
        }
        // The deepest folder on the way that exists already must really be inside the output
        // folder (or be one of its existing ancestors): a link there would lead the writes out.
        Path existing = p.getParent();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        // not even the output folder exists yet: everything under it will be made fresh
        if (existing == null || !existing.startsWith(root)) return null;
        try {
            if (!existing.toRealPath().startsWith(root.toRealPath())) {
                return "output " + OutputNames.quote(name) + " leads outside the output folder " + root + " through a link";
            }
        } catch (IOException e) {
            return "cannot check the folder of output " + OutputNames.quote(name) + ": " + e.getMessage();
        }
        return null;
    }

    /**
     * Resolves an output name inside {@code outDir}, creating parent folders only once the name
     * and every existing folder on the way are known to stay inside.
     *
     * @throws NodeException if the name is absolute, climbs out with "..", has control
     *                       characters, or reaches outside through a symbolic link
     */
    public static Path resolve(Path outDir, String name) throws NodeException {
        String bad = problem(outDir, name);
        if (bad != null) throw new NodeException(bad);
        Path root = outDir.toAbsolutePath().normalize();
        Path p = root.resolve(name).normalize();
        try {
            Files.createDirectories(p.getParent());
            // checked again now that the folders exist: one may have been swapped for a link meanwhile
            if (!p.getParent().toRealPath().startsWith(root.toRealPath())) {
                throw new NodeException("output " + OutputNames.quote(name) + " leads outside the output folder " + root + " through a link");
            }
        } catch (IOException e) {
            throw new NodeException("cannot create the output folder for " + OutputNames.quote(name) + ": " + e.getMessage());
        }
        return p;
    }
}
