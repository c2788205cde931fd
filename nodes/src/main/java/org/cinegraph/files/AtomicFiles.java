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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way files and folders are written so that a reader never sees half of one: content
 * goes under a hidden temporary name in the destination folder (same file system, so the final
 * rename is atomic) and is renamed into place only once complete. Temporary names carry the
 * writer's process id, so debris of a killed process can be told from a live writer's: a
 * process deletes its own at exit (SIGTERM included), and {@link #sweep} removes those of
 * processes that died without that chance (kill -9, power loss).
 */
public final class AtomicFiles {
    private static final long PID = ProcessHandle.current().pid();
    /** ".NAME.PID-RANDOM.part" */
    private static final Pattern TEMP = Pattern.compile("^\\..+\\.(\\d+)-[0-9a-f]+\\.part$");
    /** Temp folders of {@link #tempDirectory}: "PREFIX-PID-RANDOM" */
    private static final Pattern TEMP_DIR = Pattern.compile("^(.+)-(\\d+)-\\d+$");
    /** Debris of a process whose id is alive again (reused) is still swept once it is this old. */
    private static final long STALE_MILLIS = TimeUnit.HOURS.toMillis(24);
    /** Temporary files and folders of this process not yet committed or deleted: removed at exit. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : Set.copyOf(OPEN)) deleteTree(p);
        }, "cinegraph-temp-cleanup"));
    }

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
        Path temp = dir.resolve("." + target.getFileName() + "." + PID + "-" + rnd + ".part");
        OPEN.add(temp);
        return temp;
    }

    /**
     * A fresh folder "PREFIX-PID-RANDOM" in the system's temporary folder, deleted at exit; the
     * folders of this prefix left by processes that are gone are deleted first.
     */
    public static Path tempDirectory(String prefix) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var s = Files.newDirectoryStream(tmp, prefix + "*")) {
            for (Path p : s) {
                Matcher m = TEMP_DIR.matcher(p.getFileName().toString());
                String name = p.getFileName().toString();
                boolean stale = m.matches() && m.group(1).equals(prefix) ? dead(Long.parseLong(m.group(2)), p)
                        : name.substring(prefix.length()).matches("\\d+") && olderThanStale(p);   // named before ids were
                if (stale) deleteTree(p);
            }
        } catch (IOException | RuntimeException e) {
            // sweeping is housekeeping: the render goes on
        }
        Path dir = Files.createTempDirectory(tmp, prefix + "-" + PID + "-");
        OPEN.add(dir);
        return dir;
    }

    /**
     * Deletes, under {@code dir} (down to {@code depth} levels, links not followed), the temporary
     * files of processes that are gone; returns the bytes freed.
     */
    public static long sweep(Path dir, int depth) {
        long[] freed = {0};
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return 0;
        try {
            Files.walkFileTree(dir, Set.of(), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (!d.equals(dir) && isStaleTemp(d)) {
                        deleteTree(d);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (isStaleTemp(f)) {
                        deleteTree(f);
                        freed[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // housekeeping only
        }
        return freed[0];
    }

    /** Whether {@code p} is a temporary name of {@link #tempSibling} whose process is gone (or that is a day old). */
    public static boolean isStaleTemp(Path p) {
        Matcher m = TEMP.matcher(p.getFileName().toString());
        return m.matches() && dead(Long.parseLong(m.group(1)), p);
    }

    /** Whether {@code p}, named with process {@code pid}, belongs to no live writer. */
    private static boolean dead(long pid, Path p) {
        if (pid == PID) return !OPEN.contains(p) && olderThanStale(p);
        return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true) || olderThanStale(p);
    }

    private static boolean olderThanStale(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < System.currentTimeMillis() - STALE_MILLIS;
        } catch (IOException e) {
            return false;
        }
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
            OPEN.remove(temp);
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
        OPEN.remove(temp);
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
            OPEN.remove(tempDir);
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
        if (p != null) OPEN.remove(p);
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
