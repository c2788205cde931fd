package org.cinegraph.render;

import java.util.concurrent.atomic.AtomicBoolean;

/** Cooperative cancellation of a render: nodes see it through NodeContext.checkCancelled(). */
public final class CancelToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
