package org.cinegraph.render;

import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.FileStore;
import org.cinegraph.spi.ServiceCall;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.FrameStore;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** The NodeContext the executor gives each node evaluation. */
final class RenderContext implements NodeContext {
    private static final Logger LOG = Logger.getLogger("cinegraph.node");

    private final String nodeId;
    private final RenderRequest request;
    private final java.util.function.BooleanSupplier cancelled;
    private final RenderListener listener;
    private final Path tempRoot;
    private final long seed;
    private final FrameStore frames;
    private final FileStore files;
    private final List<ServiceCall> calls;
    private final List<AutoCloseable> resources;
    private final long startNanos;
    private Path temp;
    private double lastReported = -1;
    private volatile long framesDone;
    private volatile long framesTotal;

    RenderContext(String nodeId, RenderRequest request, java.util.function.BooleanSupplier cancelled, RenderListener listener, Path tempRoot,
                  long seed, List<AutoCloseable> resources, FrameStore frames, FileStore files, List<ServiceCall> calls, long startNanos) {
        this.startNanos = startNanos;
        this.frames = frames;
        this.files = files;
        this.calls = calls;
        this.nodeId = nodeId;
        this.request = request;
        this.cancelled = cancelled;
        this.listener = listener;
        this.tempRoot = tempRoot;
        this.seed = seed;
        this.resources = resources;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void progress(double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        if (thinnedOut(f)) return;
        listener.onEvent(new NodeEvent(nodeId, NodeState.RUNNING, f, "", 0, 0, millis()));
    }

    @Override
    public void progressFrames(long done, long total) {
        if (total <= 0) {
            progress(1);
            return;
        }
        long d = Math.max(0, Math.min(total, done));
        framesDone = d;
        framesTotal = total;
        double f = (double) d / total;
        // the first report says how many frames there are: always sent
        if (d > 0 && thinnedOut(f)) return;
        listener.onEvent(new NodeEvent(nodeId, NodeState.RUNNING, f, "", d, total, millis()));
    }

    /** Thins out events: a 10,000-frame encode should not send 10,000 of them. */
    private synchronized boolean thinnedOut(double f) {
        if (f < 1 && f - lastReported < 0.005) return true;
        lastReported = f;
        return false;
    }

    /** The last frames reported (0 of 0 when the node does not count frames). */
    long framesDone() {
        return framesDone;
    }

    long framesTotal() {
        return framesTotal;
    }

    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void checkCancelled() {
        if (cancelled.getAsBoolean()) throw new CancelledException();
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public synchronized Path tempDir() {
        if (temp == null) {
            try {
                temp = Files.createDirectories(tempRoot.resolve(nodeId));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create temporary folder for node " + nodeId, e);
            }
        }
        return temp;
    }

    @Override
    public Path resolveInput(String storedPath) {
        Path p = Path.of(storedPath);
        return p.isAbsolute() ? p.normalize() : request.graphDir().resolve(p).normalize();
    }

    @Override
    public Path resolveOutput(String name) throws NodeException {
        return OutputPaths.resolve(request.outDir(), OutputPaths.withSuffix(name, request.outputSuffix()));
    }

    @Override
    public Optional<FrameRange> frameRange() {
        return request.frames();
    }

    @Override
    public Optional<FrameStore> frameStore() {
        return Optional.ofNullable(frames);
    }

    @Override
    public Optional<FileStore> fileStore() {
        return Optional.ofNullable(files);
    }

    @Override
    public void serviceCall(ServiceCall call) {
        calls.add(call);
    }

    @Override
    public void closeAtEnd(AutoCloseable resource) {
        synchronized (resources) {
            resources.add(resource);
        }
    }

    @Override
    public Optional<String> provenance() {
        return request.provenance();
    }

    @Override
    public void log(String message) {
        LOG.info(nodeId + ": " + message);
    }
}
