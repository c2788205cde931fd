package org.cinegraph.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
        RenderCache cache = new RenderCache(dir, 64 * 4096, 0);
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
        // what is really on disk, blocks and folders included; four writers may each be one entry over
        assertThat(cache.diskBytes()).isLessThanOrEqualTo(64 * 4096 + 4 * 4096);
        assertThat(du(dir)).isLessThanOrEqualTo(64 * 4096 + 4 * 4096);
    }

    private Path entryFile(String key) {
        return dir.resolve("objects").resolve(key.substring(0, 2)).resolve(key + ".bin");
    }

    /** Warnings the cache logs while {@code r} runs. */
    private static List<String> warnings(Runnable r) {
        List<String> seen = new ArrayList<>();
        Logger log = Logger.getLogger(RenderCache.class.getName());
        Handler h = new Handler() {
            @Override public void publish(LogRecord rec) {
                if (rec.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) seen.add(rec.getMessage());
            }
            @Override public void flush() { }
            @Override public void close() { }
        };
        log.addHandler(h);
        try {
            r.run();
        } finally {
            log.removeHandler(h);
        }
        return seen;
    }

    @Test
    void aBitFlippedFrameEntryIsReportedOnceDeletedAndMissed() throws Exception {
        int[] px = new int[64 * 64];
        java.util.Arrays.fill(px, 0xFF336699);
        new RenderCache(dir, 1 << 24, 0).put("ab12", Map.of("image", new org.cinegraph.media.Frame(64, 64, px)));
        Path f = entryFile("ab12");
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x10;   // one bit of one pixel
        Files.write(f, b);
        RenderCache reopened = new RenderCache(dir, 1 << 24, 0);
        List<String> w = warnings(() -> {
            assertThat(reopened.get("ab12")).isEmpty();
            assertThat(reopened.get("ab12")).isEmpty();
        });
        assertThat(w).hasSize(1);
        assertThat(w.get(0)).contains("ab12.bin").contains("checksum");
        assertThat(f).doesNotExist();
    }

    @Test
    void aCraftedEntryDeclaringAHugeFrameIsRefusedBeforeAllocating() throws Exception {
        for (int magic : new int[] {0x43475632, 0x43475631}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            out.writeInt(1);
            out.writeUTF("x");
            out.writeByte('F');
            out.writeInt(23170);
            out.writeInt(23170);
            Files.createDirectories(entryFile("cd34").getParent());
            Files.write(entryFile("cd34"), bytes.toByteArray());
            assertThat(new RenderCache(dir, 1 << 24, 0).get("cd34")).isEmpty();
            assertThat(entryFile("cd34")).doesNotExist();
        }
    }

    @Test
    void anEntryCopiedUnderAnotherKeyOrTruncatedIsRefused() throws Exception {
        RenderCache cache = new RenderCache(dir, 1 << 24, 0);
        cache.put("ee01", Map.of("out", "the first"));
        cache.put("ee02", Map.of("out", "the second"));
        Files.copy(entryFile("ee01"), entryFile("ee02"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] b = Files.readAllBytes(entryFile("ee01"));
        Files.write(entryFile("ee01"), java.util.Arrays.copyOf(b, b.length - 3));
        RenderCache reopened = new RenderCache(dir, 1 << 24, 0);
        assertThat(reopened.get("ee02")).isEmpty();
        assertThat(reopened.get("ee01")).isEmpty();
        reopened.put("ee01", Map.of("out", "again"));
        assertThat(new RenderCache(dir, 1 << 24, 0).get("ee01")).hasValueSatisfying(h -> assertThat(h.values()).containsEntry("out", "again"));
    }

    /** Bytes the file system has allocated under {@code p}, as du counts them. */
    private static long du(Path p) throws Exception {
        Process du = new ProcessBuilder("du", "-s", "-B1", p.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes()).strip();
        du.waitFor();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    @Test
    void theBoundCountsBlocksRunsAndTempFilesAndSweepsDeadProcessesTemps() throws Exception {
        RenderCache cache = new RenderCache(dir, 1 << 30, 0);
        for (int i = 0; i < 50; i++) cache.put(String.format("%02x-small", i), Map.of("out", (double) i));
        Files.createDirectories(dir.resolve("runs"));
        Files.write(dir.resolve("runs/graph.properties"), new byte[300_000]);
        Path live = dir.resolve("objects/aa/.aa-live.bin." + ProcessHandle.current().pid() + "-1a2b.part");
        Files.createDirectories(live.getParent());
        Files.write(live, new byte[100_000]);
        Path dead = dir.resolve("objects/aa/.aa-dead.bin.999999999-1a2b.part");   // no such process id on Linux
        Files.write(dead, new byte[16 << 20]);
        long counted = new RenderCache(dir, 1 << 30, 0).diskBytes();
        assertThat(dead).doesNotExist();
        assertThat(counted).isGreaterThanOrEqualTo(50 * 4096 + 300_000 + 100_000);
        assertThat((double) counted).isCloseTo((double) du(dir), org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void runsAreEvictedWithTheRestWhenOverTheBound() throws Exception {
        Files.createDirectories(dir.resolve("runs"));
        Path runs = dir.resolve("runs/old-graph.properties");
        Files.write(runs, new byte[400_000]);
        Files.setLastModifiedTime(runs, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        RenderCache cache = new RenderCache(dir, 200_000, 0);
        cache.put("ab-new", Map.of("out", "fresh"));
        assertThat(runs).doesNotExist();
        assertThat(cache.get("ab-new")).isPresent();
        assertThat(du(dir)).isLessThanOrEqualTo(200_000);
    }

    @Test
    void twoProcessesSharingASmallCacheKeepItNearItsBound() throws Exception {
        // two cache objects on one folder, each with its own tally, as two processes have
        long bound = 100 * 4096;
        RenderCache a = new RenderCache(dir, bound, 0);
        RenderCache b = new RenderCache(dir, bound, 0);
        for (int i = 0; i < 300; i++) {
            a.put(String.format("a%03d", i), Map.of("out", "a" + i));
            b.put(String.format("b%03d", i), Map.of("out", "b" + i));
        }
        long onDisk = du(dir);
        assertThat(onDisk).isLessThanOrEqualTo(bound + 8 * 4096).isGreaterThan(bound / 2);
        // the freshest entries of both are still there
        assertThat(new RenderCache(dir, bound, 0).get("a299")).isPresent();
        assertThat(new RenderCache(dir, bound, 0).get("b299")).isPresent();
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
