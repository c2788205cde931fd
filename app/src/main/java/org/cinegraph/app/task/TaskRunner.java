package org.cinegraph.app.task;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Runs the UI's background work and brings the outcomes back to the UI thread: the one way the
 * editor leaves and re-enters the FX thread. {@link FxTaskRunner} is the application's; tests may
 * run everything on their own thread instead, or await an FxTaskRunner going idle.
 */
public interface TaskRunner {
    /** Starts the task on a background thread. */
    <V, P> TaskHandle run(BackgroundTask<V, P> task);

    /**
     * A runner whose tasks run one at a time, in the order given (one worker, so the work may
     * share state without locks), on a thread named {@code cinegraph-NAME}.
     */
    TaskRunner serial(String name);

    /** Runs an action on the UI thread, after what is already queued there. */
    void onUiThread(Runnable action);

    /** Hands the outcome of work started elsewhere (a frame cache's future) to the UI thread. */
    <V> void whenDone(CompletionStage<V> work, BiConsumer<? super V, ? super Throwable> then);
}
