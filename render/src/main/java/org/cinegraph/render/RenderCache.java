package org.cinegraph.render;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.media.Frame;
import org.cinegraph.spi.FileStore;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
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
 * LRU that persists across runs. Disk entries are written atomically; a damaged entry counts as
 * a miss. Thread-safe.
 */
public final class RenderCache implements NodeCache {
    private static final Logger LOG = Logger.getLogger(RenderCache.class.getName());

    private final Path dir;
    private final long diskLimit;
    private final long memoryLimit;
    private final LinkedHashMap<String, Map<String, Object>> memory = new LinkedHashMap<>(64, 0.75f, true);
    private long memoryBytes;
    private long diskBytes = -1;
    private long addedSinceCount;

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
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
            Map<String, Object> v = ValueCodec.read(in);
            if (v == null) return Optional.empty();
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
            remember(key, v);
            return Optional.of(new Hit(v, Tier.DISK));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "unreadable cache entry " + f + ", ignored", e);
            return Optional.empty();
        }
    }

    public void put(String key, Map<String, Object> values) {
        remember(key, values);
        if (!ValueCodec.storable(values)) return;
        Path f = entry(key);
        try {
            AtomicFiles.write(f, false, out -> ValueCodec.write(values, new DataOutputStream(out)));
            trimDisk(Files.size(f));
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
        for (Path f : diskEntries()) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        synchronized (this) {
            diskBytes = 0;
        }
    }

    /** Bytes the disk tier holds now. */
    public synchronized long diskBytes() {
        if (diskBytes < 0) diskBytes = diskEntries().stream().mapToLong(RenderCache::sizeOrZero).sum();
        return diskBytes;
    }

    private synchronized void trimDisk(long added) {
        addedSinceCount += added;
        // Other processes sharing the folder (farm tasks, a second editor) add entries this one never
        // hears of: count the folder again after every sixteenth of the limit added here, so together
        // they overshoot the limit by little, not by a limit per process.
        if (diskBytes < 0 || addedSinceCount > diskLimit / 16) {
            diskBytes = -1;
            diskBytes();
            addedSinceCount = 0;
        } else {
            diskBytes += added;
        }
        if (diskBytes <= diskLimit) return;
        List<Path> files = new ArrayList<>(diskEntries());
        diskBytes = files.stream().mapToLong(RenderCache::sizeOrZero).sum();   // what is really there, whoever wrote it
        addedSinceCount = 0;
        files.sort(Comparator.comparingLong(RenderCache::mtime));
        long target = (long) (diskLimit * 0.9);
        for (Path f : files) {
            if (diskBytes <= target) break;
            long s = sizeOrZero(f);
            try {
                // another process may have evicted it first: only what this one deleted counts
                if (Files.deleteIfExists(f)) diskBytes -= s;
            } catch (IOException e) {
                LOG.log(Level.FINE, "could not evict " + f, e);
            }
        }
    }

    /** Entry files now on disk; entries that another thread moves or evicts during the walk are skipped. */
    private List<Path> diskEntries() {
        Path objects = dir.resolve("objects");
        if (!Files.isDirectory(objects)) return List.of();
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(objects, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.toString().endsWith(".bin") || file.toString().endsWith(".file")) found.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not list cache entries in " + objects, e);
        }
        return found;
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
