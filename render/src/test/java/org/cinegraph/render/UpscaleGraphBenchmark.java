package org.cinegraph.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.models.FrameUpscaler;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelRuntime;
import org.cinegraph.models.Tensors;
import org.cinegraph.models.UpscaleEsrgan;
import org.cinegraph.models.esrgan.EsrganNetwork;
import org.cinegraph.spi.NodeRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the node graph costs on top of the network (not a test; run by bench/esrgan.sh): ESRGAN
 * slim x4 on a size x size still, timed four ways in the same process, interleaved:
 * <ol>
 *   <li>direct: Frame -> {@link Tensors} -> {@link EsrganNetwork#forward} -> Frame, no graph, on a
 *       fresh thread per call as the executor's renders run;</li>
 *   <li>FrameUpscaler: the frame path the node uses (Tiling with one tile), without the graph;</li>
 *   <li>graph: the executor renders Load Image -> Upscale (ESRGAN) with the upscaler as the target
 *       (no file written), cache off, one tile covering the frame as in the direct call;</li>
 *   <li>graph + PNG: the same with Save Image, for reference (includes encoding the PNG).</li>
 * </ol>
 * Args: [size=256] [runs=5] [library folder=the user library]; esrgan-slim must be installed there
 * ({@code ./cinegraph models pull esrgan-slim}).
 */
public final class UpscaleGraphBenchmark {
    private UpscaleGraphBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ModelLibrary lib = args.length > 2 ? new ModelLibrary(Path.of(args[2])) : ModelLibrary.fromEnvironment();
        ModelLibrary.Installed slim = lib.require("esrgan-slim", null);
        ModelRuntime runtime = ModelRuntime.shared();
        NodeRegistry registry = new NodeRegistry(NodeRegistry.standard().all().stream()
                .map(t -> t.spec().id().equals(UpscaleEsrgan.TYPE) ? new UpscaleEsrgan(() -> lib, () -> runtime) : t).toList());

        Graph graph = Graph.of(List.of(
                node("load1", "image.load", Map.of("file", "input.png")),
                node("up1", UpscaleEsrgan.TYPE, Map.of("variant", "slim", "scale", "4", "tile", (long) size)),
                node("save1", "output.image", Map.of("filename", "up.png"))), List.of(
                Link.of("load1", "image", "up1", "image"),
                Link.of("up1", "image", "save1", "image")));
        Path work = Files.createTempDirectory("cinegraph-bench-");
        Executor ex = new Executor(registry, new RenderCache(work.resolve("cache"), 1L << 30, 1L << 26), 1);
        // The pattern EsrganBenchmark and bench/esrgan_torch.py use: ((37x + 91y + 53c) mod 256).
        int[] px = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int r = (37 * x + 91 * y) & 255, g = (37 * x + 91 * y + 53) & 255, b = (37 * x + 91 * y + 106) & 255;
                px[y * size + x] = 0xff000000 | r << 16 | g << 8 | b;
            }
        }
        Frame src = new Frame(size, size, px);
        ImageFiles.writePng(src, work.resolve("input.png"));

        double outMp = size * 4.0 * size * 4.0 / 1e6;
        double[] direct = new double[runs], upscaler = new double[runs], nodeOnly = new double[runs], withPng = new double[runs];
        try (NDManager m = NDManager.newBaseManager(runtime.device());
             EsrganNetwork net = EsrganNetwork.load(slim.file("x4"), m)) {
            // Interleaved, the order rotating every run, so machine load hits all four alike. The direct
            // calls run on a fresh thread each, as the executor's renders do: PyTorch's CPU thread pool
            // belongs to the calling thread, and a caller running while another caller's idle pool still
            // spins (main thread after a render thread) was measured 2x slower on 2 cores.
            for (int i = -1; i < runs; i++) {
                for (int k = 0; k < 4; k++) {
                    int which = (k + Math.max(i, 0)) % 4;
                    long t0 = System.nanoTime();
                    switch (which) {
                        case 0 -> onFreshThread(() -> {
                            try (NDManager scope = m.newSubManager()) {
                                Tensors.toFrame(net.forward(Tensors.fromFrame(scope, src, 255f)), 255f);
                            }
                        });
                        case 1 -> onFreshThread(() -> {
                            try (NDManager scope = m.newSubManager()) {
                                FrameUpscaler.upscale(scope, src, 4, 255f, size, net.receptiveRadius(), net::forward);
                            }
                        });
                        case 2 -> render(ex, RenderRequest.of(graph, work, work.resolve("out")).withCache(false).withTargets(Set.of("up1")));
                        default -> render(ex, RenderRequest.of(graph, work, work.resolve("out")).withCache(false));
                    }
                    double t = (System.nanoTime() - t0) / 1e9;
                    if (i >= 0) (which == 0 ? direct : which == 1 ? upscaler : which == 2 ? nodeOnly : withPng)[i] = t;
                }
            }
        }
        for (int i = 0; i < runs; i++) {
            System.out.printf("run %d: direct %.3f s, FrameUpscaler %.3f s, graph %.3f s, graph + PNG %.3f s%n", i + 1, direct[i], upscaler[i], nodeOnly[i], withPng[i]);
        }
        report("direct (network, frame in/out)", direct, outMp);
        report("FrameUpscaler (one tile, no graph)", upscaler, outMp);
        report("graph (executor, upscaler target)", nodeOnly, outMp);
        report("graph + Save Image (PNG)", withPng, outMp);
        System.out.printf("RESULT graph overhead: %+.1f%% over direct, %+.1f%% over FrameUpscaler (medians); best runs %+.1f%% / %+.1f%%;"
                        + " with the PNG written %+.1f%% over direct (medians)%n",
                100 * (median(nodeOnly) / median(direct) - 1), 100 * (median(nodeOnly) / median(upscaler) - 1),
                100 * (best(nodeOnly) / best(direct) - 1), 100 * (best(nodeOnly) / best(upscaler) - 1), 100 * (median(withPng) / median(direct) - 1));
        System.out.printf("   load average now: %s on %d cores%n", Files.readString(Path.of("/proc/loadavg")).trim(), Runtime.getRuntime().availableProcessors());
        runtime.close();
    }

    private static void onFreshThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(r, "bench-direct");
        t.start();
        t.join();
    }

    private static RenderResult render(Executor ex, RenderRequest req) throws RenderException {
        RenderResult r = ex.render(req, "bench", RenderListener.NONE, new CancelToken());
        if (r.failed()) throw new IllegalStateException("render failed: " + r.failures());
        return r;
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    private static void report(String what, double[] s, double outMp) {
        System.out.printf("RESULT %-36s median %.3f s, best %.3f s/frame; %.2f output MP/s (median)%n", what, median(s), best(s), outMp / median(s));
    }

    private static double median(double[] s) {
        double[] c = s.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double best(double[] s) {
        return Arrays.stream(s).min().orElse(Double.NaN);
    }
}
