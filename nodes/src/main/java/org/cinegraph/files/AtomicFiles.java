package org.cinegraph.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way files and folders are written so that a reader never sees half of one: content
 * goes under a hidden temporary name in the destination folder (same file system, so the final
 * rename is atomic) and is renamed into place only once complete. Temporary names carry the
 * writer's process id, so debris of a killed process can be told from a live writer's.
 */
public final class AtomicFiles {
    private static final long PID = ProcessHandle.current().pid();

    private AtomicFiles() {
    }

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A fresh hidden name next to {@code target}, e.g. ".clip.mp4.4711-3f9a2c.part" (4711 being
     * this process). Nothing is created.
     */
    public static Path tempSibling(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        String rnd = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFL);
        return dir.resolve("." + target.getFileName() + "." + PID + "-" + rnd + ".part");
    }

    /** Creates the parent folders of {@code target} (output names may contain sub folders). */
    public static void createParents(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
    }

    /**
     * Writes {@code target} completely or not at all, creating its folder. With {@code fsync} the
     * bytes reach the disk before the rename, for files a person would lose work over (graphs,
     * records); caches and re-computable outputs skip it. A replaced file keeps its permissions.
     */
    public static void write(Path target, boolean fsync, Body body) throws IOException {
        createParents(target);
        Path temp = tempSibling(target);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copyPermissions(target, temp);
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                if (fsync) ch.force(true);
            }
            commitFile(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** {@link #write} of UTF-8 text, synced to disk. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, true, out -> out.write(bytes));
    }

    /** Keeps a replaced file's permissions (POSIX only; on Windows the folder's ACL applies to both). */
    private static void copyPermissions(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from)) return;
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException notPosix) {
            // the new file inherits the folder's ACL, which is what the old one had
        }
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
     * non-empty one, so an earlier folder is first moved aside and deleted after the swap: the
     * target name always holds either the old complete folder or the new one.
     */
    public static void commitDirectory(Path tempDir, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            old = tempSibling(target);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tempDir, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        if (old != null) deleteTree(old);
    }

    /**
     * Deletes a file or a folder tree without following links, ignoring failures: used for
     * temporary files and for cleaning up after an error that is already being reported.
     */
    public static void deleteTree(Path p) {
        if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: temporary files, or the caller is already reporting the real failure
        }
    }
}
