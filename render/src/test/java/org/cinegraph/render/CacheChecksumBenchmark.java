package org.cinegraph.render;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.spi.NodeRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * What verifying cache entries costs on a warm render (not a test; run by hand, see the
 * integrity notes): noise -> blur -> grade -> Save Image at size x size, rendered once cold, then
 * {@code runs} times warm, each with a fresh cache object over the same folder so every node is a
 * disk hit, as in a new process. Then the CRC-32C alone over every byte of every entry in the
 * cache (more than a warm render verifies). Prints the median warm render and the checksum time.
 * Args: [size=1920] [runs=9].
 */
public final class CacheChecksumBenchmark {
    private CacheChecksumBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1920;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Path work = Files.createTempDirectory("cinegraph-bench-");
        try {
            Graph g = Graph.of(List.of(
                    node("noise1", "generate.noise", Map.of("width", (long) size, "height", (long) size)),
                    node("blur1", "filter.blur", Map.of("radius", 3.0)),
                    node("grade1", "colour.grade", Map.of()),
                    node("save1", "output.image", Map.of("filename", "out.png"))), List.of(
                    Link.of("noise1", "image", "blur1", "image"),
                    Link.of("blur1", "image", "grade1", "image"),
                    Link.of("grade1", "image", "save1", "image")));
            NodeRegistry registry = NodeRegistry.standard();
            Path cache = work.resolve("cache");
            RenderRequest req = RenderRequest.of(g, work, work.resolve("out"));
            RenderResult cold = new Executor(registry, new RenderCache(cache, 1L << 32, 0), 2).render(req, "bench", RenderListener.NONE, new CancelToken());
            if (cold.failed()) throw new IllegalStateException("cold render failed: " + cold.failures());
            long[] warm = new long[runs];
            for (int i = 0; i < runs; i++) {
                Executor ex = new Executor(registry, new RenderCache(cache, 1L << 32, 0), 2);
                long t0 = System.nanoTime();
                RenderResult r = ex.render(req, "bench", RenderListener.NONE, new CancelToken());
                warm[i] = System.nanoTime() - t0;
                if (r.failed()) throw new IllegalStateException("warm render failed");
            }
            List<byte[]> entries = new ArrayList<>();
            try (Stream<Path> s = Files.walk(cache.resolve("objects"))) {
                for (Path p : s.filter(Files::isRegularFile).toList()) entries.add(Files.readAllBytes(p));
            }
            long bytes = entries.stream().mapToLong(b -> b.length).sum();
            long[] crc = new long[runs];
            long sink = 0;
            for (int i = -runs; i < runs; i++) {   // the first runs warm up the JIT (CRC32C is an intrinsic once compiled)
                long t0 = System.nanoTime();
                for (byte[] b : entries) {
                    CRC32C c = new CRC32C();
                    c.update(b);
                    sink += c.getValue();
                }
                if (i >= 0) crc[i] = System.nanoTime() - t0;
            }
            Arrays.sort(warm);
            Arrays.sort(crc);
            double w = warm[runs / 2] / 1e6, c = crc[runs / 2] / 1e6;
            System.out.printf("entries %d, %.1f MB; warm render median %.2f ms; CRC-32C of all entries median %.3f ms = %.2f%% (sink %d)%n",
                    entries.size(), bytes / 1e6, w, c, 100 * c / w, sink & 1);
        } finally {
            AtomicFiles.deleteTree(work);
        }
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }
}
