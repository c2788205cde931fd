package org.cinegraph.app.task;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Work for a background thread and what the UI does with its outcome. The work runs on a
 * {@link TaskRunner}'s thread; {@code onSuccess}, {@code onFailure} and {@code onProgress} run on
 * the UI thread. The work may publish items (SwingWorker style): they reach {@code onProgress} in
 * batches, at most one batch per UI pulse, all of them before the outcome. Cancellation is
 * cooperative: the work reads {@link TaskContext#cancelToken()}; a task cancelled before it
 * started does not run and delivers nothing.
 *
 * @param <V> the result
 * @param <P> what the work publishes while it runs ({@code Void} when nothing)
 */
public final class BackgroundTask<V, P> {
    /** The background part; throws to fail. */
    @FunctionalInterface
    public interface Work<V, P> {
        V call(TaskContext<P> ctx) throws Exception;
    }

    private static final System.Logger LOG = System.getLogger(BackgroundTask.class.getName());

    private final String name;
    private final Work<V, P> work;
    private Consumer<? super V> onSuccess = v -> { };
    private Consumer<? super Exception> onFailure;
    private Consumer<? super List<P>> onProgress = items -> { };

    private BackgroundTask(String name, Work<V, P> work) {
        this.name = name;
        this.work = work;
    }

    /** A task that publishes nothing. */
    public static <V> BackgroundTask<V, Void> of(String name, Callable<V> work) {
        return new BackgroundTask<>(name, ctx -> work.call());
    }

    /** A task whose work sees its context: cancellation and publishing. */
    public static <V, P> BackgroundTask<V, P> withContext(String name, Work<V, P> work) {
        return new BackgroundTask<>(name, work);
    }

    /** What the task is, for thread names and log lines. */
    public String name() {
        return name;
    }

    public BackgroundTask<V, P> onSuccess(Consumer<? super V> c) {
        onSuccess = c;
        return this;
    }

    /** What to do when the work throws; without it the failure is logged. */
    public BackgroundTask<V, P> onFailure(Consumer<? super Exception> c) {
        onFailure = c;
        return this;
    }

    public BackgroundTask<V, P> onProgress(Consumer<? super List<P>> c) {
        onProgress = c;
        return this;
    }

    V call(TaskContext<P> ctx) throws Exception {
        return work.call(ctx);
    }

    void succeeded(V v) {
        onSuccess.accept(v);
    }

    void failed(Exception e) {
        if (onFailure != null) onFailure.accept(e);
        else LOG.log(System.Logger.Level.WARNING, "background task '" + name + "' failed", e);
    }

    void progressed(List<P> items) {
        if (!items.isEmpty()) onProgress.accept(items);
    }
}
