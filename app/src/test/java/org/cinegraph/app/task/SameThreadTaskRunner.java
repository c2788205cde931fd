package org.cinegraph.app.task;

import org.cinegraph.render.CancelToken;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * A {@link TaskRunner} for tests: everything runs on the caller's thread before {@code run}
 * returns (published items one by one, then the outcome), and an awaited future is waited for.
 * A test then reads the result right after the call that started the work.
 */
public final class SameThreadTaskRunner implements TaskRunner {
    @Override
    public <V, P> TaskHandle run(BackgroundTask<V, P> task) {
        CancelToken token = new CancelToken();
        TaskContext<P> ctx = new TaskContext<>() {
            @Override
            public CancelToken cancelToken() {
                return token;
            }

            @Override
            public void publish(P item) {
                task.progressed(List.of(item));
            }
        };
        V v;
        try {
            v = task.call(ctx);
        } catch (Exception e) {
            task.failed(e);
            return new TaskHandle(token);
        }
        task.succeeded(v);
        return new TaskHandle(token);
    }

    @Override
    public TaskRunner serial(String name) {
        return this;
    }

    @Override
    public void onUiThread(Runnable action) {
        action.run();
    }

    @Override
    public <V> void whenDone(CompletionStage<V> work, BiConsumer<? super V, ? super Throwable> then) {
        V v;
        try {
            v = work.toCompletableFuture().join();
        } catch (CompletionException e) {
            then.accept(null, e.getCause());
            return;
        } catch (CancellationException e) {
            then.accept(null, e);
            return;
        }
        then.accept(v, null);
    }
}
