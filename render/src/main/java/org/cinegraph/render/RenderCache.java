package org.cinegraph.render;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.media.Frame;
import org.cinegraph.spi.FileStore;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Content-addressed store of node outputs, keyed by a node's {@link Fingerprint} key: a bounded
 * in-memory LRU (which also holds lazy clips for the life of the process) over a bounded on-disk
 * LRU that persists across runs. Disk entries are written atomically and checksummed; a damaged
 * entry is reported once, deleted and counts as a miss. Thread-safe.
 */
public final class RenderCache implements NodeCache {
    private static final Logger LOG = Logger.getLogger(RenderCache.class.getName());

    private final Path dir;
    private final long diskLimit;
    private final long memoryLimit;
    private final LinkedHashMap<String, Map<String, Object>> memory = new LinkedHashMap<>(64, 0.75f, true);
    private long memoryBytes;
    private long diskBytes = -1;
    private volatile long blockSize;
    private long addedSinceCount;
    /** One eviction at a time per cache folder in this process (the file lock covers other processes). */
    private static final Map<Path, Object> DIR_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param dir         cache folder (created on demand)
     * @param diskLimit   bytes kept on disk before least-recently-used entries are removed
     * @param memoryLimit bytes of frames kept in memory
     */
    public RenderCache(Path dir, long diskLimit, long memoryLimit) {
        this.dir = java.util.Objects.requireNonNull(dir, "dir");
        this.diskLimit = diskLimit;
        this.memoryLimit = memoryLimit;
    }

    public Path dir() {
        return dir;
    }

    public Optional<Hit> get(String key) {
        synchronized (memory) {
            Map<String, Object> v = memory.get(key);
            if (v != null) return Optional.of(new Hit(v, Tier.MEMORY));
        }
        Path f = entry(key);
        try (var in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
            Map<String, Object> v = ValueCodec.read(key, in, Files.size(f));
            if (v == null) return Optional.empty();
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
            remember(key, v);
            return Optional.of(new Hit(v, Tier.DISK));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (ValueCodec.DamagedEntry e) {
            // deleted, so it is reported once and the node recomputes it
            if (!e.oldFormat) LOG.warning("cache entry " + f + " is damaged (" + e.getMessage() + "); deleted, recomputing it");
            discard(f);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "unreadable cache entry " + f + ", ignored", e);
            return Optional.empty();
        }
    }

    private void discard(Path f) {
        try {
            long s = sizeOrZero(f);
            if (Files.deleteIfExists(f)) {
                synchronized (this) {
                    if (diskBytes >= 0) diskBytes -= allocated(s);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not delete " + f, e);
        }
    }

    public void put(String key, Map<String, Object> values) {
        remember(key, values);
        if (!ValueCodec.storable(values)) return;
        Path f = entry(key);
        try {
            AtomicFiles.write(f, false, out -> ValueCodec.write(key, values, out));
            trimDisk(sizeOrZero(f));   // zero when another process evicted it meanwhile
        } catch (IOException e) {
            // The cache is an optimisation: a full disk must not fail the render.
            LOG.log(Level.WARNING, "could not write cache entry " + f + ": " + e.getMessage());
        }
    }

    /**
     * A file kept under {@code key} and {@code name} (see {@link #putFile}), if the disk tier
     * still holds it; touched so that least-recently-used eviction keeps it.
     */
    public Optional<Path> getFile(String key, String name) {
        Path f = fileEntry(key, name);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            return Optional.empty();   // evicted meanwhile
        }
        return Optional.of(f);
    }

    /**
     * Moves {@code file} into the disk tier under {@code key} and {@code name}, atomically (a
     * temporary name in the cache folder, then a rename), counts it against the size bound and
     * returns where it now is.
     */
    public Path putFile(String key, String name, Path file) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]{1,100}") || name.startsWith(".")) throw new IllegalArgumentException("bad cache file name '" + name + "'");
        Path f = fileEntry(key, name);
        AtomicFiles.createParents(f);
        Path tmp = AtomicFiles.tempSibling(f);
        try {
            // a move when the file is on the cache's file system, else a copy; then one atomic rename
            Files.move(file, tmp);
            AtomicFiles.commitFile(tmp, f);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
        trimDisk(Files.size(f));
        return f;
    }

    /** The files kept under one node's key, as nodes see them. */
    @Override
    public Optional<FileStore> fileStore(String key) {
        return Optional.of(new FileStore() {
            @Override
            public Optional<Path> get(String name) {
                return getFile(key, name);
            }

            @Override
            public Path put(String name, Path file) throws IOException {
                return putFile(key, name, file);
            }
        });
    }

    private Path fileEntry(String key, String name) {
        return dir.resolve("objects").resolve(key.substring(0, 2)).resolve(key + "." + name + ".file");
    }

    private void remember(String key, Map<String, Object> values) {
        long size = sizeOf(values);
        synchronized (memory) {
            Map<String, Object> old = memory.put(key, values);
            if (old != null) memoryBytes -= sizeOf(old);
            memoryBytes += size;
            Iterator<Map.Entry<String, Map<String, Object>>> it = memory.entrySet().iterator();
            while (memoryBytes > memoryLimit && it.hasNext()) {
                Map.Entry<String, Map<String, Object>> e = it.next();
                if (e.getKey().equals(key)) continue;
                memoryBytes -= sizeOf(e.getValue());
                it.remove();
            }
        }
    }

    private static long sizeOf(Map<String, Object> values) {
        long s = 256;
        for (Object v : values.values()) if (v instanceof Frame f) s += f.byteSize();
        return s;
    }

    private Path entry(String key) {
        return dir.resolve("objects").resolve(key.substring(0, 2)).resolve(key + ".bin");
    }

    /** Drops everything (memory and disk). */
    public void clear() {
        synchronized (memory) {
            memory.clear();
            memoryBytes = 0;
        }
        for (Entry e : scan().entries()) {
            try {
                Files.deleteIfExists(e.path());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        synchronized (this) {
            diskBytes = -1;
        }
    }

    /**
     * Bytes the disk tier takes on disk now, as the file system counts them: entries, kept
     * files, {@code runs/} and temporary files being written, each rounded up to whole blocks,
     * and the folders themselves.
     */
    public synchronized long diskBytes() {
        if (diskBytes < 0) diskBytes = scan().bytes();
        return diskBytes;
    }

    /** Counts a file this process wrote into the cache folder outside the entries ({@code runs/}) against the bound. */
    void counted(Path file) {
        trimDisk(sizeOrZero(file));
    }

    private void trimDisk(long added) {
        synchronized (this) {
            addedSinceCount += added;
            // Other processes sharing the folder (farm tasks, a second editor) add entries this one
            // never hears of: count the folder again after every sixteenth of the limit added here,
            // so together they overshoot the limit by little, not by a limit per process.
            if (diskBytes < 0 || addedSinceCount > diskLimit / 16) {
                diskBytes = scan().bytes();
                addedSinceCount = 0;
            } else {
                diskBytes += allocated(added);
            }
            if (diskBytes <= diskLimit) return;
        }
        evict();
    }

    /**
     * Removes least-recently-used entries until what is really on disk is 90% of the bound. The
     * count is taken afresh under a lock on the folder, so two processes sharing the cache neither
     * trust a stale tally (and evict far more than needed) nor evict at the same time.
     */
    private void evict() {
        Object monitor = DIR_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), k -> new Object());
        synchronized (monitor) {
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                Usage u = scan();
                long total = u.bytes();
                if (total > diskLimit) {
                    List<Entry> entries = new ArrayList<>(u.entries());
                    entries.sort(Comparator.comparingLong(Entry::mtime));
                    long target = (long) (diskLimit * 0.9);
                    for (Entry e : entries) {
                        if (total <= target) break;
                        try {
                            if (Files.deleteIfExists(e.path())) total -= e.bytes();
                        } catch (IOException ex) {
                            LOG.log(Level.FINE, "could not evict " + e.path(), ex);
                        }
                    }
                }
                synchronized (this) {
                    diskBytes = total;
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "could not trim the cache in " + dir, e);
            }
        }
    }

    /** An evictable file: an entry, a kept file or a graph's last fingerprints under runs/. */
    private record Entry(Path path, long bytes, long mtime) {
    }

    private record Usage(long bytes, List<Entry> entries) {
    }

    /**
     * Walks the cache folder: counts everything, lists what may be evicted, and deletes the
     * temporary files of processes that are gone (a render killed while it wrote an entry).
     */
    private Usage scan() {
        if (!Files.isDirectory(dir)) return new Usage(0, List.of());
        List<Entry> found = new ArrayList<>();
        long[] bytes = {0};
        Path runs = dir.resolve("runs");
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    bytes[0] += allocated(attrs.size());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (AtomicFiles.isStaleTemp(file)) {
                        AtomicFiles.deleteTree(file);
                        return FileVisitResult.CONTINUE;
                    }
                    long b = allocated(attrs.size());
                    bytes[0] += b;
                    String name = file.getFileName().toString();
                    boolean evictable = !name.startsWith(".") && (name.endsWith(".bin") || name.endsWith(".file") || file.getParent().equals(runs));
                    if (evictable) found.add(new Entry(file, b, attrs.lastModifiedTime().toMillis()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not list the cache in " + dir, e);
        }
        return new Usage(bytes[0], found);
    }

    /** Bytes a file of {@code size} takes: whole blocks of the cache's file system. */
    private long allocated(long size) {
        if (blockSize <= 0) {
            try {
                blockSize = Math.max(512, Files.getFileStore(Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getRoot()).getBlockSize());
            } catch (IOException | UnsupportedOperationException e) {
                blockSize = 4096;
            }
        }
        return (size + blockSize - 1) / blockSize * blockSize;
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

}
