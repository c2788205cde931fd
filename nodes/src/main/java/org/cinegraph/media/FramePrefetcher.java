package org.cinegraph.media;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads frames first..last of a clip in order while the caller consumes them: a background
 * thread computes up to {@code depth} frames ahead, so computing frame i+1 (decode, grade...)
 * overlaps with writing frame i (encode). Memory stays bounded by the depth. Frames are asked
 * for in order from one thread, which keeps decoders sequential.
 */
public final class FramePrefetcher implements AutoCloseable {
    private final Clip clip;
    private final int last;
    private final int depth;
    private final ExecutorService worker;
    private final Deque<Future<Frame>> ahead = new ArrayDeque<>();
    private int nextToSubmit;

    public FramePrefetcher(Clip clip, int first, int last, int depth) {
        this.clip = clip;
        this.last = last;
        this.depth = Math.max(1, depth);
        this.nextToSubmit = first;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cinegraph-prefetch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The next frame in order.
     *
     * @throws RuntimeException whatever computing that frame threw (MediaException, NodeFailure...)
     */
    public Frame next() {
        while (ahead.size() < depth && nextToSubmit <= last) {
            int i = nextToSubmit++;
            ahead.add(worker.submit(() -> clip.frame(i)));
        }
        Future<Frame> f = ahead.poll();
        if (f == null) throw new IllegalStateException("no more frames to read");
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while reading frames", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new MediaException(c.getMessage(), c);
        }
    }

    /** Stops computing ahead; frames already under way finish in the background and are dropped. */
    @Override
    public void close() {
        for (Future<Frame> f : ahead) f.cancel(false);
        ahead.clear();
        worker.shutdown();
    }
}
