package org.cinegraph.models.manifest;

import org.cinegraph.builtin.NodeHarness;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.models.ManifestNode;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelRuntime;
import org.cinegraph.models.esrgan.TestPackages;
import org.cinegraph.testing.TestContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark, not a test (bench/models.sh runs it; nothing passes or fails). Two parts:
 * <ul>
 *   <li>{@code time DIR RUNS}: each manifest-only catalogue model (ONNX and ncnn) through its
 *   node, as a render calls it: the first call (load + first frame) and the median of RUNS more
 *   frames. ONNX models get the 192x192 astronaut test image (each resizes it to its own input
 *   size); the ncnn upscalers a 128x128 test pattern, written to DIR/pattern-128.f32 for the
 *   torch reference.</li>
 *   <li>{@code memory DIR BUDGET_MB}: every catalogued ONNX/ncnn model loaded and run once in turn
 *   in one {@link ModelRuntime} with that budget, printing after each the resident set (VmRSS), its
 *   peak so far (VmHWM) and what the runtime holds: LRU unloading across the ONNX Runtime and ncnn
 *   engines is what keeps the peak bounded.</li>
 * </ul>
 */
public final class ModelsBenchmark {
    static final List<String> ONNX = List.of("fastdepth", "blazeface-front", "blazeface-back", "mlsd-tiny", "mlsd-large");
    static final List<String> NCNN = List.of("realcugan-up2x", "realcugan-up3x", "realcugan-up4x", "waifu2x-cunet", "realesrgan-x4plus-anime");
    static final Path IMAGE = Path.of("src/test/resources/org/cinegraph/models/manifest/astronaut-192.png").toAbsolutePath();

    /** Models to run (an optional fourth argument, comma-separated); all when null. */
    private static List<String> only;

    private ModelsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(dir);
        List<String> all = new ArrayList<>(ONNX);
        all.addAll(NCNN);
        ModelLibrary library = installed(dir.resolve("lib"), all);
        if (args.length > 3) only = List.of(args[3].split(","));
        if (args[0].equals("time")) time(dir, library, Integer.parseInt(args[2]));
        else memory(dir, library, Long.parseLong(args[2]) << 20);
    }

    /** Installs the models (verified pull from the cached packages) unless already there. */
    private static ModelLibrary installed(Path lib, List<String> models) throws Exception {
        ModelLibrary library = TestPackages.library(lib);
        for (String m : models) if (library.find(m).isEmpty()) library.pull(m);
        return library;
    }

    static Frame pattern(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) Math.round(128 + 60 * Math.sin(x / 5.0) + 50 * Math.cos(y / 7.0 + x / 11.0));
                int g = (int) Math.round(128 + 70 * Math.sin((x + y) / 9.0) * Math.cos(y / 4.0));
                int b = (x / 8 + y / 8) % 2 == 0 ? 230 : 30;
                px[y * w + x] = 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
        }
        return new Frame(w, h, px);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static Frame input(String model) throws Exception {
        int side = Integer.getInteger("bench.upscaleSize", 128); // the upscalers' input (the torch reference reads 128 only)
        return ONNX.contains(model) ? ImageFiles.read(IMAGE) : pattern(side, side);
    }

    private static Map<String, Object> run(ManifestNode node, TestContext ctx, Frame in) throws Exception {
        return NodeHarness.run(node, ctx, Map.of("image", in), Map.of());
    }

    private static void time(Path dir, ModelLibrary library, int runs) throws Exception {
        Frame p = pattern(128, 128);
        ByteBuffer buf = ByteBuffer.allocate(3 * 128 * 128 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 16; c >= 0; c -= 8) for (int y = 0; y < 128; y++) for (int x = 0; x < 128; x++) buf.putFloat((p.pixel(x, y) >> c & 255) / 255f);
        Files.write(dir.resolve("pattern-128.f32"), buf.array());
        try (ModelRuntime runtime = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 4L << 30); TestContext ctx = new TestContext(dir)) {
            for (String model : concat(ONNX, NCNN)) {
                if (only != null && !only.contains(model)) continue;
                ManifestNode node = new ManifestNode(ModelLibrary.catalogued(model), true, () -> library, () -> runtime);
                Frame in = input(model);
                long t0 = System.nanoTime();
                run(node, ctx, in);
                double first = (System.nanoTime() - t0) / 1e6;
                double[] ms = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long t = System.nanoTime();
                    run(node, ctx, in);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(ms);
                ModelLibrary.Installed m = library.find(model).orElseThrow();
                Map<String, Object> defaults = new java.util.HashMap<>();
                for (var par : m.manifest().parameters()) if (par.defaultValue() != null) defaults.put(par.name(), par.defaultValue());
                System.out.printf("FILE %s %s%n", model, m.file(m.manifest().entryFor(defaults)));
                System.out.printf(Locale.ROOT, "RESULT %s %dx%d first %.0f ms median %.1f ms (min %.1f, max %.1f), peak rss so far %d MB%n", model, in.width(), in.height(), first,
                        ms[runs / 2], ms[0], ms[runs - 1], status("VmHWM"));
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void memory(Path dir, ModelLibrary library, long budget) throws Exception {
        System.out.printf(Locale.ROOT, "MEM start rss %d MB, heap max %d MB, budget %d MB%n", status("VmRSS"), Runtime.getRuntime().maxMemory() >> 20, budget >> 20);
        try (ModelRuntime runtime = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, budget); TestContext ctx = new TestContext(dir)) {
            for (int round = 1; round <= 2; round++) {
                for (String model : concat(ONNX, NCNN)) {
                    ManifestNode node = new ManifestNode(ModelLibrary.catalogued(model), true, () -> library, () -> runtime);
                    run(node, ctx, input(model));
                    System.out.printf(Locale.ROOT, "MEM round %d %-24s rss %5d MB  peak %5d MB  runtime holds %3d MB: %s%n", round, model, status("VmRSS"), status("VmHWM"),
                            runtime.usedBytes() >> 20, runtime.loadedModels());
                }
            }
        }
        System.out.printf(Locale.ROOT, "RESULT peak rss %d MB, end rss %d MB%n", status("VmHWM"), status("VmRSS"));
    }

    /** A /proc/self/status field in MB (Linux). */
    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
        }
        return -1;
    }
}
