package org.cinegraph.models.remote;

import org.cinegraph.spi.CancelledException;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * One remote node evaluation as the HTTP layer sees it: who is calling (for messages), when to
 * give up, how to notice cancellation, where status lines and progress go, and the key.
 */
final class CallContext {
    final String who;
    final Secret key;
    private final long deadlineNanos;
    private final long timeoutSeconds;
    private final BooleanSupplier cancelled;
    private final Consumer<String> status;
    private final DoubleConsumer progress;

    CallContext(String who, Secret key, Duration timeout, BooleanSupplier cancelled, Consumer<String> status, DoubleConsumer progress) {
        this.who = who;
        this.key = key;
        this.timeoutSeconds = timeout.toSeconds();
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.cancelled = cancelled;
        this.status = status;
        this.progress = progress;
    }

    /**
     * The same call for work that must finish even though the render was cancelled (telling the
     * provider to stop a request; letting a submit complete so its id is known): not cancellable,
     * bounded by its own short deadline.
     */
    CallContext uncancellable(Duration limit) {
        return new CallContext(who, key, limit, () -> false, status, progress);
    }

    boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    void checkCancelled() {
        if (isCancelled()) throw new CancelledException();
    }

    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    boolean expired() {
        return remainingNanos() <= 0;
    }

    long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** A status line from the provider or about the call; the key is blanked out first. */
    void status(String line) {
        status.accept(key == null ? line : key.redact(line));
    }

    void progress(double fraction) {
        progress.accept(fraction);
    }

    /**
     * Sleeps up to {@code millis} (less if the deadline comes first), waking early on cancel.
     *
     * @throws CancelledException when the render is cancelled meanwhile
     */
    void pause(long millis) {
        long end = System.nanoTime() + Math.min(Math.max(0, millis) * 1_000_000L, Math.max(0, remainingNanos()));
        while (System.nanoTime() < end) {
            checkCancelled();
            try {
                Thread.sleep(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
        checkCancelled();
    }
}
