package org.cinegraph.render.preview;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Frames of one clip for playback and scrubbing: a byte-bounded LRU filled by one background
 * thread, which serves explicit requests first and otherwise reads ahead of the playhead.
 *
 * <p>Frames are always computed on that thread, never on the caller's, so a UI thread may call
 * {@link #getAsync} freely. Moving the playhead ({@link #seek}) drops read-ahead for the old
 * position at once: the worker picks its next frame from the current playhead each time, so at
 * most the one frame already being computed is stale. When memory runs out, frames outside the
 * read-ahead window go first (least recently used first), so looking ahead never evicts the frames
 * about to be shown. The read-ahead window is capped to what the budget holds, else it would evict
 * its own frames and compute them again forever.
 *
 * <p>A frame that fails completes its future exceptionally with the clip's own exception (which
 * names the node and the frame); read-ahead does not try it again, an explicit request does.
 */
public final class FrameCache implements AutoCloseable {
    private final Clip clip;
    private final long maxBytes;
    private final int window;
    private final Object lock = new Object();
    private final LinkedHashMap<Integer, Frame> frames = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Integer, CompletableFuture<Frame>> pending = new HashMap<>();
    private final ArrayDeque<Integer> requests = new ArrayDeque<>();
    private final Set<Integer> failed = new HashSet<>();
    private final Thread worker;
    private volatile Runnable onChange = () -> { };
    private long bytes;
    private int playhead = -1;
    private boolean closed;
    private long computed;
    private long evictions;

    /**
     * @param maxBytes  memory for cached frames (a frame takes width x height x 4 bytes)
     * @param readAhead frames to keep computed from the playhead on
     */
    public FrameCache(Clip clip, long maxBytes, int readAhead) {
        this.clip = clip;
        this.maxBytes = maxBytes;
        long frameBytes = Math.max(1, (long) clip.width() * clip.height() * 4);
        // one slot stays free for the frame on screen while the window moves on
        this.window = (int) Math.max(0, Math.min(readAhead, maxBytes / frameBytes - 1));
        this.worker = new Thread(this::work, "cinegraph-frame-cache");
        worker.setDaemon(true);
        worker.start();
    }

    public Clip clip() {
        return clip;
    }

    /** Frames read ahead of the playhead (the configured read-ahead, capped by the memory budget). */
    public int readAheadWindow() {
        return window;
    }

    /** Called on the worker thread whenever a frame is cached, evicted or fails (for the timeline bar). */
    public void onChange(Runnable listener) {
        this.onChange = listener == null ? () -> { } : listener;
    }

    /** Moves the playhead: read-ahead starts from {@code index}; -1 stops reading ahead. */
    public void seek(int index) {
        synchronized (lock) {
            playhead = index < 0 ? -1 : Math.min(index, clip.frameCount() - 1);
            lock.notifyAll();
        }
    }

    /** The frame, computed on the worker thread if it is not cached. */
    public CompletableFuture<Frame> getAsync(int index) {
        if (index < 0 || index >= clip.frameCount()) {
            return CompletableFuture.failedFuture(new IndexOutOfBoundsException("frame " + index + " is outside the clip, which has frames 0-" + (clip.frameCount() - 1)));
        }
        synchronized (lock) {
            if (closed) return CompletableFuture.failedFuture(new IllegalStateException("frame cache is closed"));
            Frame f = frames.get(index);
            if (f != null) return CompletableFuture.completedFuture(f);
            CompletableFuture<Frame> p = pending.get(index);
            if (p != null) return p;
            CompletableFuture<Frame> fresh = new CompletableFuture<>();
            pending.put(index, fresh);
            requests.add(index);
            lock.notifyAll();
            return fresh;
        }
    }

    /** The frame, waiting for the worker thread; throws what computing it threw. */
    public Frame get(int index) throws InterruptedException {
        try {
            return getAsync(index).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new CompletionException(e.getCause());
        }
    }

    /** The cached frame, if any, without computing anything. */
    public java.util.Optional<Frame> peek(int index) {
        synchronized (lock) {
            return java.util.Optional.ofNullable(frames.get(index));
        }
    }

    /** Indices of the frames in memory now. */
    public BitSet cached() {
        synchronized (lock) {
            BitSet b = new BitSet(clip.frameCount());
            frames.keySet().forEach(b::set);
            return b;
        }
    }

    /** Indices of the frames whose last computation failed. */
    public BitSet failed() {
        synchronized (lock) {
            BitSet b = new BitSet(clip.frameCount());
            failed.forEach(b::set);
            return b;
        }
    }

    public long bytes() {
        synchronized (lock) {
            return bytes;
        }
    }

    /** Frames computed so far (cache misses), for tests and statistics. */
    public long computed() {
        synchronized (lock) {
            return computed;
        }
    }

    public long evictions() {
        synchronized (lock) {
            return evictions;
        }
    }

    /** Stops the worker; requests still waiting fail. The frame being computed is finished first. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            lock.notifyAll();
        }
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        while (true) {
            int index;
            CompletableFuture<Frame> future;
            synchronized (lock) {
                while (true) {
                    if (closed) {
                        failPending();
                        return;
                    }
                    Integer next = requests.poll();
                    if (next == null) next = nextReadAhead();
                    if (next != null) {
                        index = next;
                        break;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                future = pending.computeIfAbsent(index, k -> new CompletableFuture<>());
            }
            Frame frame = null;
            Throwable error = null;
            try {
                frame = clip.frame(index);
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                error = e;
            }
            synchronized (lock) {
                computed++;
                pending.remove(index);
                if (error == null) {
                    failed.remove(index);
                    store(index, frame);
                } else {
                    failed.add(index);
                }
            }
            if (error == null) future.complete(frame);
            else future.completeExceptionally(error);
            onChange.run();
        }
    }

    /** The first frame from the playhead on that is neither cached, on its way nor failed. */
    private Integer nextReadAhead() {
        if (playhead < 0) return null;
        int end = Math.min(clip.frameCount(), playhead + window);
        for (int i = playhead; i < end; i++) {
            if (!frames.containsKey(i) && !pending.containsKey(i) && !failed.contains(i)) return i;
        }
        return null;
    }

    private void store(int index, Frame frame) {
        long size = frame.byteSize();
        if (size > maxBytes) return;
        Frame old = frames.put(index, frame);
        if (old != null) bytes -= old.byteSize();
        bytes += size;
        while (bytes > maxBytes) {
            Integer victim = null;
            // frames outside the read-ahead window go first; inside it, plain LRU
            for (Iterator<Integer> it = frames.keySet().iterator(); it.hasNext(); ) {
                int k = it.next();
                if (k != index && (playhead < 0 || k < playhead || k >= playhead + window)) {
                    victim = k;
                    break;
                }
            }
            if (victim == null) {
                for (int k : frames.keySet()) {
                    if (k != index) {
                        victim = k;
                        break;
                    }
                }
            }
            if (victim == null) break;
            bytes -= frames.remove(victim).byteSize();
            evictions++;
        }
    }

    private void failPending() {
        for (CompletableFuture<Frame> f : pending.values()) f.completeExceptionally(new IllegalStateException("frame cache is closed"));
        pending.clear();
        requests.clear();
    }
}
