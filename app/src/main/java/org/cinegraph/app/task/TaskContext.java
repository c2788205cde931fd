package org.cinegraph.app.task;

import org.cinegraph.render.CancelToken;

/** What a task's work sees of its task: whether it was cancelled, and a way to report as it goes. */
public interface TaskContext<P> {
    /** Set when the task is cancelled; hand it to renders and previews, which check it cooperatively. */
    CancelToken cancelToken();

    default boolean isCancelled() {
        return cancelToken().isCancelled();
    }

    /** Sends an item to the task's {@code onProgress} on the UI thread (batched). */
    void publish(P item);
}
