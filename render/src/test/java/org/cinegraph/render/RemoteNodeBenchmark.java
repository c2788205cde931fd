package org.cinegraph.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.Rational;
import org.cinegraph.media.VideoEncoder;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.remote.FakeProviders;
import org.cinegraph.models.remote.RemoteConfig;
import org.cinegraph.models.remote.RemoteNode;
import org.cinegraph.spi.NodeRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What a remote node costs on top of the HTTP calls it makes (not a test; run by bench/remote.sh),
 * against the loopback fake of fal's queue API answering at once: for a 1 MP image (PNG) and a
 * 2-second 720p clip (H.264 MP4), interleaved in the same process:
 * <ol>
 *   <li>raw: the same four exchanges with the JDK client (submit, status, result, download into
 *       memory), no Cinegraph code;</li>
 *   <li>raw + decode: the same, plus decoding the image (PNG -> Frame) or probing the video, the
 *       work any consumer of the result has to do;</li>
 *   <li>node: the executor evaluating the remote node as a preview target, with the disk cache on
 *       and a new take each run (so it always calls): plan, key, request, polling, download into
 *       the cache, decode, result record.</li>
 * </ol>
 * Args: [runs=10]. Target: node - raw under 50 ms (transfer is in both).
 */
public final class RemoteNodeBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "bench-key";

    private RemoteNodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);   // the node's status lines would drown the figures
        Path work = Files.createTempDirectory("cinegraph-remote-bench-");
        try (FakeProviders server = new FakeProviders(KEY, KEY)) {
            server.queuedPolls = 0;
            server.runningPolls = 0;
            server.logs = List.of();
            byte[] png = png(1024, 1024, work);
            byte[] mp4 = mp4(1280, 720, 48, work);
            String pngUrl = server.host("bench.png", png, "image/png");
            String mp4Url = server.host("bench.mp4", mp4, "video/mp4");
            server.model("fal-ai/bench/image", in -> JSON.createObjectNode().set("images", JSON.createArrayNode().add(JSON.createObjectNode().put("url", pngUrl))));
            server.model("fal-ai/bench/video", in -> JSON.createObjectNode().set("video", JSON.createObjectNode().put("url", mp4Url)));
            RemoteConfig config = server.config(Map.of("FAL_KEY", KEY));
            NodeRegistry registry = new NodeRegistry(List.of(
                    new RemoteNode(manifest("bench-image", "fal-ai/bench/image", "images", "image"), () -> config),
                    new RemoteNode(manifest("bench-video", "fal-ai/bench/video", "video", "video"), () -> config)));
            Executor ex = new Executor(registry, new RenderCache(work.resolve("cache"), 4L << 30, 1L << 28), 1);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.printf(Locale.ROOT, "payloads: 1 MP PNG %.2f MB, 2 s 720p MP4 %.2f MB; %d runs each, interleaved%n", png.length / 1e6, mp4.length / 1e6, runs);
            for (String kind : List.of("image", "video")) {
                double[] raw = new double[runs], decoded = new double[runs], node = new double[runs];
                int take = 1;
                for (int i = -2; i < runs; i++) {
                    for (int k = 0; k < 3; k++) {
                        int which = (k + Math.max(i, 0)) % 3;
                        long t0 = System.nanoTime();
                        switch (which) {
                            case 0 -> rawCalls(http, server, kind, false, work);
                            case 1 -> rawCalls(http, server, kind, true, work);
                            default -> viaNode(ex, kind, take++, work);
                        }
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (i >= 0) (which == 0 ? raw : which == 1 ? decoded : node)[i] = ms;
                    }
                }
                String what = kind.equals("image") ? "1 MP image" : "2 s 720p clip";
                System.out.printf(Locale.ROOT, "%-14s raw HTTP %7.1f ms, raw + %s %7.1f ms, node %7.1f ms (medians; best %.1f / %.1f / %.1f)%n",
                        what, median(raw), kind.equals("image") ? "decode" : "probe", median(decoded), median(node), best(raw), best(decoded), best(node));
                System.out.printf(Locale.ROOT, "RESULT %s: node overhead %.1f ms over raw HTTP, %.1f ms over raw HTTP + %s (medians)%n",
                        what, median(node) - median(raw), median(node) - median(decoded), kind.equals("image") ? "decode" : "probe");
            }
            System.out.printf("   load average now: %s on %d cores%n", Files.readString(Path.of("/proc/loadavg")).trim(), Runtime.getRuntime().availableProcessors());
        } finally {
            org.cinegraph.files.AtomicFiles.deleteTree(work);
        }
    }

    /** The fal queue protocol by hand: submit, one status poll (the fake completes at once), result, download. */
    private static void rawCalls(HttpClient http, FakeProviders server, String kind, boolean decode, Path work) throws Exception {
        String app = server.falQueue() + "/fal-ai/bench";
        JsonNode submit = json(http.send(HttpRequest.newBuilder(URI.create(app + "/" + kind)).header("Authorization", "Key " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofByteArray()));
        String id = submit.path("request_id").asText();
        JsonNode status = json(http.send(HttpRequest.newBuilder(URI.create(app + "/requests/" + id + "/status?logs=1")).header("Authorization", "Key " + KEY).build(),
                HttpResponse.BodyHandlers.ofByteArray()));
        if (!status.path("status").asText().equals("COMPLETED")) throw new IllegalStateException("not completed: " + status);
        JsonNode result = json(http.send(HttpRequest.newBuilder(URI.create(app + "/requests/" + id)).header("Authorization", "Key " + KEY).build(),
                HttpResponse.BodyHandlers.ofByteArray()));
        String url = kind.equals("image") ? result.path("images").get(0).path("url").asText() : result.path("video").path("url").asText();
        byte[] bytes = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        if (!decode) return;
        Path f = work.resolve("raw." + (kind.equals("image") ? "png" : "mp4"));
        Files.write(f, bytes);
        if (kind.equals("image")) ImageFiles.read(f);
        else try (VideoFileClip c = new VideoFileClip(f)) {
            c.info();
        }
    }

    private static void viaNode(Executor ex, String kind, int take, Path work) throws RenderException {
        Graph g = Graph.of(List.of(GraphNode.of("n1", "remote.bench-" + kind, 1, "n1", 0, 0).withParams(Map.of("prompt", "x", "take", (long) take))), List.of());
        try (Evaluation e = ex.evaluate(RenderRequest.of(g, work, work.resolve("out")).withTargets(Set.of("n1")), RenderListener.NONE, new CancelToken())) {
            if (e.result().failed()) throw new IllegalStateException("node failed: " + e.result().failures());
        }
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        if (r.statusCode() / 100 != 2) throw new IOException("HTTP " + r.statusCode());
        return JSON.readTree(r.body());
    }

    private static ModelManifest manifest(String name, String endpoint, String field, String type) throws Exception {
        return ModelManifest.parse("{\"name\": \"" + name + "\", \"version\": \"1\", \"format\": \"remote\", \"remote\": {\"provider\": \"fal\", \"endpoint\": \""
                + endpoint + "\", \"parameters\": [{\"name\": \"prompt\", \"field\": \"prompt\", \"type\": \"text\", \"default\": \"\"}],"
                + " \"outputs\": [{\"name\": \"out\", \"field\": \"" + field + "\", \"type\": \"" + type + "\"}]}}", name);
    }

    /** A 1 MP picture with some texture, so the PNG is about as large as a photograph's. */
    private static byte[] png(int w, int h, Path work) throws IOException {
        Random r = new Random(7);
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = r.nextInt(24);
                px[y * w + x] = 0xFF000000 | Math.min(255, x / 4 + n) << 16 | Math.min(255, y / 4 + n) << 8 | Math.min(255, (x + y) / 8 + n);
            }
        }
        Path f = work.resolve("src.png");
        ImageFiles.writePng(new Frame(w, h, px), f);
        return Files.readAllBytes(f);
    }

    private static byte[] mp4(int w, int h, int frames, Path work) throws IOException {
        Path f = work.resolve("src.mp4");
        try (VideoEncoder enc = VideoEncoder.open(f, w, h, Rational.of(24), VideoEncoder.DEFAULT_BITRATE_KBPS)) {
            for (int i = 0; i < frames; i++) {
                int[] px = new int[w * h];
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = 0xFF000000 | ((x + i * 8) & 255) << 16 | (y & 255) << 8 | ((x ^ y) & 255);
                enc.write(new Frame(w, h, px));
            }
            enc.finish();
        }
        return Files.readAllBytes(f);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double best(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }
}
