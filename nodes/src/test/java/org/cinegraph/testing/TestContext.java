package org.cinegraph.testing;

import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A NodeContext for evaluating one node directly in tests (the executor has its own). */
public final class TestContext implements NodeContext, AutoCloseable {
    private final Path graphDir;
    private final Path outDir;
    private final Path temp;
    public final AtomicBoolean cancelled = new AtomicBoolean();
    public final List<Double> progress = new ArrayList<>();
    /** Frames reported through progressFrames, as "done/total". */
    public final List<String> frames = new ArrayList<>();
    public final List<String> logs = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private FrameRange range;
    private String provenance;

    public TestContext(Path dir) {
        try {
            this.graphDir = dir;
            this.outDir = Files.createDirectories(dir.resolve("out"));
            this.temp = Files.createDirectories(dir.resolve("tmp"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public TestContext withRange(FrameRange r) {
        this.range = r;
        return this;
    }

    public TestContext withProvenance(String graphText) {
        this.provenance = graphText;
        return this;
    }

    @Override public Optional<String> provenance() { return Optional.ofNullable(provenance); }

    public Path outDir() {
        return outDir;
    }

    @Override public String nodeId() { return "test1"; }
    @Override public void progress(double f) { progress.add(f); }
    @Override public void progressFrames(long done, long total) {
        frames.add(done + "/" + total);
        NodeContext.super.progressFrames(done, total);
    }
    @Override public void checkCancelled() { if (cancelled.get()) throw new CancelledException(); }
    @Override public boolean isCancelled() { return cancelled.get(); }
    @Override public long seed() { return 42; }
    @Override public Path tempDir() { return temp; }
    @Override public Path resolveInput(String stored) { return graphDir.resolve(stored).normalize(); }

    @Override
    public Path resolveOutput(String name) throws NodeException {
        Path p = outDir.resolve(name).normalize();
        if (!p.startsWith(outDir)) throw new NodeException("output '" + name + "' is outside the output folder");
        return p;
    }

    @Override public Optional<FrameRange> frameRange() { return Optional.ofNullable(range); }

    /** An in-memory frame store, as the executor gives a node when the cache is on. */
    public final java.util.Map<Integer, org.cinegraph.media.Frame> stored = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<org.cinegraph.spi.FrameStore> frameStore() {
        return Optional.of(new org.cinegraph.spi.FrameStore() {
            public Optional<org.cinegraph.media.Frame> get(int i) { return Optional.ofNullable(stored.get(i)); }
            public void put(int i, org.cinegraph.media.Frame f) { stored.put(i, f); }
        });
    }
    @Override public void closeAtEnd(AutoCloseable r) { resources.add(r); }
    @Override public synchronized void log(String m) { logs.add(m); }

    /** Service calls the node reported. */
    public final List<org.cinegraph.spi.ServiceCall> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Path files;

    /** Gives the node a file store in {@code dir} (as the executor does with a disk cache). */
    public TestContext withFileStore(Path dir) {
        this.files = dir;
        return this;
    }

    @Override
    public Optional<org.cinegraph.spi.FileStore> fileStore() {
        if (files == null) return Optional.empty();
        return Optional.of(new org.cinegraph.spi.FileStore() {
            public Optional<Path> get(String name) {
                Path f = files.resolve(name);
                return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
            }

            public Path put(String name, Path file) throws java.io.IOException {
                Files.createDirectories(files);
                return Files.move(file, files.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    @Override public void serviceCall(org.cinegraph.spi.ServiceCall c) { calls.add(c); }

    @Override
    public void close() throws Exception {
        for (AutoCloseable r : resources) r.close();
    }
}
