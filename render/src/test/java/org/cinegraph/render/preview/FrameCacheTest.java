package org.cinegraph.render.preview;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCacheTest {
    private static final long FRAME_BYTES = 8 * 8 * 4;

    /** A 100-frame 8x8 clip recording which frames were computed and on which thread. */
    private static final class Counting {
        final List<Integer> computed = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile long delayMs;
        volatile int failAt = -1;

        Clip clip() {
            return Clip.of(8, 8, Rational.of(24), 100, i -> {
                computed.add(i);
                threads.add(Thread.currentThread().getName());
                if (delayMs > 0) {
                    try {
                        Thread.sleep(delayMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (i == failAt) throw new IllegalStateException("node grade1: frame " + i + ": decoder error");
                return Frame.filled(8, 8, 0xFF000000 | i);
            });
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not reached in 10 s");
            Thread.sleep(5);
        }
    }

    @Test
    void asyncGetComputesOnTheWorkerAndCachesTheFrame() throws Exception {
        Counting c = new Counting();
        try (FrameCache cache = new FrameCache(c.clip(), 1 << 20, 0)) {
            CompletableFuture<Frame> f = cache.getAsync(42);
            assertThat(f.get(10, TimeUnit.SECONDS).pixel(0, 0) & 0xFF).isEqualTo(42);
            assertThat(cache.get(42)).isSameAs(f.get());
            assertThat(c.computed).containsExactly(42);
            assertThat(c.threads).allMatch(t -> t.equals("cinegraph-frame-cache"));
            assertThat(cache.cached().stream().boxed().toList()).containsExactly(42);
        }
    }

    @Test
    void readAheadFillsFramesAheadOfThePlayhead() throws Exception {
        Counting c = new Counting();
        try (FrameCache cache = new FrameCache(c.clip(), 1 << 20, 10)) {
            cache.seek(20);
            awaitTrue(() -> cache.cached().cardinality() == 10);
            assertThat(cache.cached().stream().boxed().toList()).containsExactly(20, 21, 22, 23, 24, 25, 26, 27, 28, 29);
            assertThat(cache.get(25).pixel(0, 0) & 0xFF).isEqualTo(25);
            assertThat(c.computed).hasSize(10);
        }
    }

    @Test
    void memoryStaysBoundedAndPlaybackNeverEvictsTheFramesAhead() throws Exception {
        Counting c = new Counting();
        try (FrameCache cache = new FrameCache(c.clip(), 6 * FRAME_BYTES, 10)) {
            assertThat(cache.readAheadWindow()).isEqualTo(5);
            for (int i = 0; i < 40; i++) {
                cache.seek(i);
                assertThat(cache.get(i).pixel(0, 0) & 0xFF).isEqualTo(i);
                assertThat(cache.bytes()).isLessThanOrEqualTo(6 * FRAME_BYTES);
            }
            assertThat(cache.evictions()).isGreaterThan(0);
            // every frame computed once: read-ahead never evicted what it had just made
            assertThat(c.computed).doesNotHaveDuplicates();
        }
    }

    @Test
    void aJumpDropsReadAheadForTheOldPosition() throws Exception {
        Counting c = new Counting();
        c.delayMs = 20;
        try (FrameCache cache = new FrameCache(c.clip(), 1 << 20, 30)) {
            cache.seek(0);
            awaitTrue(() -> c.computed.size() >= 2);
            cache.seek(80);
            int before = c.computed.size();
            awaitTrue(() -> cache.cached().get(80, 100).cardinality() == 20);
            List<Integer> after = c.computed.subList(before, c.computed.size());
            // at most the frame that was in flight at the jump belongs to the old position
            assertThat(after.stream().filter(i -> i < 80).count()).isLessThanOrEqualTo(1);
            assertThat(cache.cached().get(0, 80).cardinality()).isLessThanOrEqualTo(before + 1);
        }
    }

    @Test
    void anExplicitRequestGoesBeforeReadAhead() throws Exception {
        Counting c = new Counting();
        c.delayMs = 10;
        try (FrameCache cache = new FrameCache(c.clip(), 1 << 20, 50)) {
            cache.seek(0);
            awaitTrue(() -> !c.computed.isEmpty());
            Frame f = cache.getAsync(99).get(10, TimeUnit.SECONDS);
            assertThat(f.pixel(0, 0) & 0xFF).isEqualTo(99);
            assertThat(c.computed.indexOf(99)).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aFailedFrameFailsAloneWithTheClipsMessage() throws Exception {
        Counting c = new Counting();
        c.failAt = 12;
        try (FrameCache cache = new FrameCache(c.clip(), 1 << 20, 5)) {
            cache.seek(10);
            awaitTrue(() -> cache.cached().cardinality() == 4 && cache.failed().get(12));
            assertThat(cache.cached().stream().boxed().toList()).containsExactly(10, 11, 13, 14);
            assertThatThrownBy(() -> cache.getAsync(12).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("node grade1: frame 12: decoder error");
            assertThatThrownBy(() -> cache.get(12)).isInstanceOf(IllegalStateException.class).hasMessageContaining("frame 12");
            assertThat(cache.get(13).pixel(0, 0) & 0xFF).isEqualTo(13);
            assertThatThrownBy(() -> cache.get(100)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("0-99");
        }
    }
}
