package org.cinegraph.media;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Helpers for writing outputs so that a reader never sees a half-written file: everything is
 * written under a hidden temporary name in the destination folder (same file system, so the
 * final rename is atomic) and renamed only once complete.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** A fresh hidden name next to {@code target}, e.g. ".clip.mp4.3f9a2c.part". Nothing is created. */
    public static Path tempSibling(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        String rnd = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFL);
        return dir.resolve("." + target.getFileName() + "." + rnd + ".part");
    }

    /** Creates the parent folders of {@code target} (output names may contain sub folders). */
    public static void createParents(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
    }

    /** Renames a finished temporary file over {@code target}, replacing any earlier output. */
    public static void commitFile(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Renames a finished temporary folder to {@code target}. A folder cannot atomically replace a
     * non-empty one, so an earlier output is first moved aside and deleted after the swap: the
     * target name always holds either the old complete folder or the new one.
     */
    public static void commitDirectory(Path tempDir, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = tempSibling(target);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tempDir, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        if (old != null) deleteQuietly(old);
    }

    /** Deletes a file or folder tree, ignoring failures (used when cleaning up after an error). */
    public static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: the caller is already reporting the real failure
        }
    }
}
