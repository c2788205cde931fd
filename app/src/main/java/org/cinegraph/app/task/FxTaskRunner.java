package org.cinegraph.app.task;

import javafx.application.Platform;
import org.cinegraph.render.CancelToken;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The editor's {@link TaskRunner}: daemon worker threads that end when idle (a closed window
 * leaves nothing running), outcomes delivered with {@link Platform#runLater}. It counts what is
 * under way, from the start of a task until its outcome has been handled on the FX thread, so a
 * test can {@link #awaitIdle} instead of polling for the effect.
 */
public final class FxTaskRunner implements TaskRunner {
    private static final System.Logger LOG = System.getLogger(FxTaskRunner.class.getName());
    private final Executor ui;
    private final ExecutorService pool;
    private final Object idle = new Object();
    private int underWay;

    public FxTaskRunner() {
        this(Platform::runLater);
    }

    FxTaskRunner(Executor ui) {
        this.ui = ui;
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), daemons("cinegraph-task"));
    }

    private static java.util.concurrent.ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public <V, P> TaskHandle run(BackgroundTask<V, P> task) {
        return submit(task, pool);
    }

    @Override
    public TaskRunner serial(String name) {
        ExecutorService lane = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons("cinegraph-" + name));
        return new TaskRunner() {
            @Override
            public <V, P> TaskHandle run(BackgroundTask<V, P> task) {
                return submit(task, lane);
            }

            @Override
            public TaskRunner serial(String other) {
                return FxTaskRunner.this.serial(other);
            }

            @Override
            public void onUiThread(Runnable action) {
                FxTaskRunner.this.onUiThread(action);
            }

            @Override
            public <V> void whenDone(CompletionStage<V> work, BiConsumer<? super V, ? super Throwable> then) {
                FxTaskRunner.this.whenDone(work, then);
            }
        };
    }

    private <V, P> TaskHandle submit(BackgroundTask<V, P> task, ExecutorService on) {
        CancelToken token = new CancelToken();
        Batches<P> batches = new Batches<>(task);
        TaskContext<P> ctx = new TaskContext<>() {
            @Override
            public CancelToken cancelToken() {
                return token;
            }

            @Override
            public void publish(P item) {
                batches.add(item);
            }
        };
        begin();
        try {
            on.execute(() -> {
                if (token.isCancelled()) {
                    end();
                    return;
                }
                try {
                    V v = task.call(ctx);
                    onUi(() -> {
                        batches.flush();
                        try {
                            task.succeeded(v);
                        } catch (RuntimeException e) {
                            // a handler that throws is the task failing, not an error on the FX thread
                            task.failed(e);
                        }
                    });
                } catch (Exception e) {
                    onUi(() -> {
                        batches.flush();
                        task.failed(e);
                    });
                } catch (Error e) {
                    end();
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            end();
            throw e;
        }
        return new TaskHandle(token);
    }

    /** Published items waiting for the FX thread; one flush queued at a time. */
    private final class Batches<P> {
        private final BackgroundTask<?, P> task;
        private final ConcurrentLinkedQueue<P> items = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean queued = new AtomicBoolean();

        Batches(BackgroundTask<?, P> task) {
            this.task = task;
        }

        void add(P item) {
            items.add(item);
            if (queued.compareAndSet(false, true)) onUiThread(this::flush);
        }

        void flush() {
            queued.set(false);
            List<P> batch = new ArrayList<>();
            for (P p; (p = items.poll()) != null; ) batch.add(p);
            task.progressed(batch);
        }
    }

    @Override
    public void onUiThread(Runnable action) {
        begin();
        onUi(action);
    }

    @Override
    public <V> void whenDone(CompletionStage<V> work, BiConsumer<? super V, ? super Throwable> then) {
        begin();
        work.whenComplete((v, e) -> onUi(() -> then.accept(v, e)));
    }

    /** Runs an action counted by {@link #begin} on the FX thread, then counts it done. */
    private void onUi(Runnable action) {
        ui.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                // nothing a task hands back may escape onto the FX thread (its default handler
                // prints a trace and the window goes on with half-updated state)
                LOG.log(System.Logger.Level.WARNING, "a background task's outcome failed on the UI thread: " + e, e);
            } finally {
                end();
            }
        });
    }

    private void begin() {
        synchronized (idle) {
            underWay++;
        }
    }

    private void end() {
        synchronized (idle) {
            underWay--;
            if (underWay == 0) idle.notifyAll();
        }
    }

    /**
     * Waits (off the FX thread) until no task, UI action or awaited future is under way, also
     * those started while waiting by the outcomes of others.
     *
     * @return false when the timeout passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (Platform.isFxApplicationThread()) throw new IllegalStateException("awaitIdle on the FX thread would wait for itself");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (underWay > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }
}
