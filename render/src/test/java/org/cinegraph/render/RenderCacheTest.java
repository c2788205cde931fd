package org.cinegraph.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class RenderCacheTest {
    @TempDir
    Path dir;

    @Test
    void entriesSurviveAFreshCacheObject() {
        new RenderCache(dir, 1 << 20, 1 << 20).put("k1", Map.of("out", 2.5));
        RenderCache reopened = new RenderCache(dir, 1 << 20, 1 << 20);
        assertThat(reopened.get("k1")).hasValueSatisfying(h -> {
            assertThat(h.values()).containsEntry("out", 2.5);
            assertThat(h.tier()).isEqualTo(NodeCache.Tier.DISK);
        });
    }

    @Test
    void deepFramesComeBackFromDiskWithTheirFloats() {
        float[] px = {0.1f, 0.5f, 1.75f, 1f, 0.0001f, 0.25f, 0.333f, 0.5f};
        new RenderCache(dir, 1 << 20, 1 << 20).put("deep", Map.of("image", org.cinegraph.media.Frame.deep(2, 1, px),
                "flat", org.cinegraph.media.Frame.filled(1, 1, 0xFF102030)));
        RenderCache reopened = new RenderCache(dir, 1 << 20, 1 << 20);
        assertThat(reopened.get("deep")).hasValueSatisfying(h -> {
            org.cinegraph.media.Frame f = (org.cinegraph.media.Frame) h.values().get("image");
            assertThat(f.isDeep()).isTrue();
            assertThat(f.floats()).containsExactly(px);
            org.cinegraph.media.Frame flat = (org.cinegraph.media.Frame) h.values().get("flat");
            assertThat(flat.isDeep()).isFalse();
            assertThat(flat.pixel(0, 0)).isEqualTo(0xFF102030);
        });
    }

    @Test
    void concurrentWritersThatTriggerEvictionNeverFail() throws Exception {
        // A disk limit far below what is written makes every put walk and evict while others write.
        RenderCache cache = new RenderCache(dir, 4_000, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) cache.put("t" + thread + "-" + i, Map.of("out", "x".repeat(200) + i));
                }));
            }
            for (Future<?> f : jobs) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.diskBytes()).isLessThanOrEqualTo(4_000 + 4 * 1_000);
    }

    @Test
    void processesSharingTheFolderKeepItNearTheLimitTogether() throws Exception {
        // four caches on one folder stand for four farm tasks: none hears of the others' entries
        long limit = 64_000;
        List<RenderCache> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) tasks.add(new RenderCache(dir, limit, 0));
        for (int i = 0; i < 200; i++) {
            for (int t = 0; t < 4; t++) tasks.get(t).put("t" + t + "-" + i, Map.of("out", "x".repeat(1_000) + i));
        }
        long onDisk;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            onDisk = s.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        // each process may add up to a sixteenth of the limit before it counts the folder again
        assertThat(onDisk).isLessThanOrEqualTo(limit + 4 * (limit / 16 + 1_100));
    }
}
