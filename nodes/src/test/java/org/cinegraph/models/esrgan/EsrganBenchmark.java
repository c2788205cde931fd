package org.cinegraph.models.esrgan;

import org.cinegraph.models.Tiling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Throughput of ESRGAN on this CPU, calling the network directly (not a test; run by
 * bench/esrgan.sh, which also runs the same forward in python3-torch on the same input).
 *
 * <p>Args: [variant=slim] [scale=4] [size=256] [runs=3] [tile=0 (whole frame)]. The input is the
 * deterministic pattern ((37x + 91y + 53c) mod 256) that bench/esrgan_torch.py also builds.
 * Peak assumption (stated in the output): AVX2 with FMA, 2 FMA units per core, 8 fp32 lanes, 2 flops
 * per FMA, at the clock /proc/cpuinfo reports, times the available cores.
 */
public final class EsrganBenchmark {

    private EsrganBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "slim";
        int scale = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int tile = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Path folder = TestPackages.unpacked("@upscalerjs/esrgan-" + variant, "1.0.0").resolve("models/x" + scale);
        int cores = Runtime.getRuntime().availableProcessors();
        double ghz = cpuGhz();
        double peak = cores * 2 * 8 * 2 * ghz;
        System.out.printf("engine %s %s; %d cores at %.3f GHz; assumed peak %.1f GFLOP/s"
                        + " (cores x 2 FMA units x 8 fp32 lanes x 2 flops x GHz, AVX2+FMA)%n",
                Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(), cores, ghz, peak);
        try (NDManager m = NDManager.newBaseManager(); EsrganNetwork net = EsrganNetwork.load(folder, m)) {
            NDArray x = m.arange(0f, size).reshape(1, 1, 1, size).mul(37f)
                    .add(m.arange(0f, size).reshape(1, 1, size, 1).mul(91f))
                    .add(m.arange(0f, 3f).reshape(1, 3, 1, 1).mul(53f)).mod(256f);
            long macs = net.macsPerInputPixel() * size * size;
            double gflop = 2.0 * macs / 1e9;
            double outMp = (double) size * scale * size * scale / 1e6;
            System.out.printf("esrgan-%s x%d, input %dx%d -> %dx%d (%.2f MP); %,d MACs per input pixel,"
                            + " %.2f GFLOP per frame; %s%n", variant, scale, size, size, size * scale, size * scale,
                    outMp, net.macsPerInputPixel(), gflop,
                    tile > 0 ? "tiles of " + tile + " overlap " + net.receptiveRadius() : "whole frame");
            double best = Double.MAX_VALUE;
            double mean = 0;
            for (int i = 0; i <= runs; i++) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray in = x.duplicate();
                    in.attach(scope);
                    long t0 = System.nanoTime();
                    NDArray y = tile > 0 ? Tiling.upscale(in, scale, tile, net.receptiveRadius(), net::forward)
                            : net.forward(in);
                    mean = y.mean().getFloat(); // forces the result
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (i == 0) {
                        System.out.printf("warm-up run: %.3f s%n", s);
                    } else {
                        System.out.printf("run %d: %.3f s%n", i, s);
                        best = Math.min(best, s);
                    }
                }
            }
            double gflops = gflop / best;
            System.out.printf("RESULT java best %.3f s/frame, %.3f output MP/s, %.1f GFLOP/s = %.1f%% of assumed peak;"
                    + " output mean %.4f%n", best, outMp / best, gflops, 100 * gflops / peak, mean);
        }
    }

    private static double cpuGhz() throws Exception {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return Double.NaN;
        }
        return Files.readAllLines(info).stream().filter(l -> l.startsWith("cpu MHz"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(':') + 1).trim()))
                .max().orElse(Double.NaN) / 1000.0;
    }
}
