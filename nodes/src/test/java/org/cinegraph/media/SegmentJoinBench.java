package org.cinegraph.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The assembly cost of a farm render: joins the pieces given on the command line into TARGET five
 * times and prints the median time and throughput (bench/farm-bench.sh makes the pieces).
 *   java -cp ... org.cinegraph.media.SegmentJoinBench TARGET PIECE...
 */
public final class SegmentJoinBench {
    private SegmentJoinBench() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        List<Path> pieces = new ArrayList<>();
        for (int i = 1; i < args.length; i++) pieces.add(Path.of(args[i]));
        long bytes = 0;
        for (Path p : pieces) bytes += Files.size(p);
        double[] secs = new double[5];
        for (int r = 0; r < secs.length; r++) {
            long t0 = System.nanoTime();
            SegmentJoin.join(pieces, target);
            secs[r] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(secs);
        System.out.printf(Locale.ROOT, "joined %d pieces, %.1f MB: median %.3f s (%.0f MB/s), range %.3f-%.3f s%n", pieces.size(), bytes / 1e6,
                secs[2], bytes / 1e6 / secs[2], secs[0], secs[4]);
    }
}
