package org.cinegraph.app.task;

import org.cinegraph.render.CancelToken;

/** A task handed to a runner: it can be cancelled (cooperatively, through its token). */
public final class TaskHandle {
    private final CancelToken token;

    TaskHandle(CancelToken token) {
        this.token = token;
    }

    public void cancel() {
        token.cancel();
    }

    public boolean isCancelled() {
        return token.isCancelled();
    }
}
