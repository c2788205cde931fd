package org.cinegraph.app.task;

import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor's task runner on the real FX thread (Monocle, headless). */
class FxTaskRunnerTest {
    static final Duration LIMIT = Duration.ofSeconds(20);
    final FxTaskRunner tasks = new FxTaskRunner();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void publishedItemsThenTheResultReachTheFxThreadInOrder() throws Exception {
        List<Integer> seen = new ArrayList<>();
        AtomicReference<String> result = new AtomicReference<>();
        List<Boolean> onFx = new CopyOnWriteArrayList<>();
        tasks.run(BackgroundTask.<String, Integer>withContext("count", ctx -> {
            assertThat(Platform.isFxApplicationThread()).isFalse();
            for (int i = 0; i < 1000; i++) ctx.publish(i);
            return "done";
        }).onProgress(batch -> {
            onFx.add(Platform.isFxApplicationThread());
            seen.addAll(batch);
        }).onSuccess(v -> {
            onFx.add(Platform.isFxApplicationThread());
            assertThat(seen).as("every item arrives before the result").hasSize(1000);
            result.set(v);
        }));
        assertThat(tasks.awaitIdle(LIMIT)).isTrue();
        assertThat(result.get()).isEqualTo("done");
        assertThat(seen).isEqualTo(java.util.stream.IntStream.range(0, 1000).boxed().toList());
        assertThat(onFx).isNotEmpty().containsOnly(true);
    }

    @Test
    void aFailureReachesOnFailureOnTheFxThread() throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicReference<Boolean> onFx = new AtomicReference<>();
        tasks.run(BackgroundTask.of("fail", () -> {
            throw new java.io.IOException("disk full");
        }).onSuccess(v -> failure.set(null)).onFailure(e -> {
            onFx.set(Platform.isFxApplicationThread());
            failure.set(e);
        }));
        assertThat(tasks.awaitIdle(LIMIT)).isTrue();
        assertThat(failure.get()).hasMessage("disk full");
        assertThat(onFx.get()).isTrue();
    }

    @Test
    void cancellingStopsRunningWorkAndSkipsWorkNotYetStarted() throws Exception {
        TaskRunner lane = tasks.serial("test-lane");
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<String> first = new AtomicReference<>();
        AtomicInteger secondRan = new AtomicInteger();
        TaskHandle running = lane.run(BackgroundTask.<String, Void>withContext("spin", ctx -> {
            started.countDown();
            while (!ctx.isCancelled()) Thread.onSpinWait();
            return "stopped";
        }).onSuccess(first::set));
        TaskHandle queued = lane.run(BackgroundTask.of("queued", secondRan::incrementAndGet).onSuccess(v -> secondRan.addAndGet(100)));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        queued.cancel();
        running.cancel();
        assertThat(tasks.awaitIdle(LIMIT)).isTrue();
        assertThat(first.get()).isEqualTo("stopped");
        assertThat(secondRan.get()).as("a task cancelled before it started neither runs nor answers").isZero();
        assertThat(queued.isCancelled()).isTrue();
    }

    @Test
    void aSerialLaneRunsOneTaskAtATimeInOrder() throws Exception {
        TaskRunner lane = tasks.serial("test-order");
        AtomicInteger inside = new AtomicInteger(), most = new AtomicInteger();
        List<Integer> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            lane.run(BackgroundTask.of("step", () -> {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                Thread.sleep(2);
                order.add(n);
                inside.decrementAndGet();
                return n;
            }));
        }
        assertThat(tasks.awaitIdle(LIMIT)).isTrue();
        assertThat(most.get()).isEqualTo(1);
        assertThat(order).isEqualTo(java.util.stream.IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void idleMeansAlsoWhatOutcomesStartedAndFuturesHandedOver() throws Exception {
        AtomicReference<String> last = new AtomicReference<>();
        CompletableFuture<String> frame = new CompletableFuture<>();
        tasks.run(BackgroundTask.of("first", () -> "a").onSuccess(a ->
                tasks.run(BackgroundTask.of("second", () -> a + "b").onSuccess(ab ->
                        tasks.whenDone(frame, (f, err) -> last.set(ab + f))))));
        assertThat(tasks.awaitIdle(Duration.ofMillis(300))).as("the future is not complete yet").isFalse();
        frame.complete("c");
        assertThat(tasks.awaitIdle(LIMIT)).isTrue();
        assertThat(last.get()).isEqualTo("abc");
    }

    @Test
    void aSuccessHandlerThatThrowsFailsItsTaskInsteadOfEscapingOntoTheFxThread() throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        tasks.run(BackgroundTask.of("shown", () -> "value").onSuccess(v -> {
            throw new IllegalStateException("render cancelled");
        }).onFailure(failure::set));
        // and one whose failure handler throws too is logged, not thrown at the FX thread
        tasks.run(BackgroundTask.of("shown twice", () -> "value").onSuccess(v -> {
            throw new IllegalStateException("first");
        }).onFailure(e -> {
            throw new IllegalStateException("second");
        }));
        assertThat(tasks.awaitIdle(LIMIT)).isTrue();
        assertThat(failure.get()).hasMessage("render cancelled");
    }
}
