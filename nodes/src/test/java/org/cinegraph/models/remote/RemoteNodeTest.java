package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Remote nodes against the loopback fake of both providers: protocol, cache, errors, cancel, downloads. */
class RemoteNodeTest {
    static final String FAL_KEY = "fal-test-key-0123456789abcdef";
    static final String REPLICATE_TOKEN = "r8_test_token_0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    FakeProviders server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeProviders(FAL_KEY, REPLICATE_TOKEN);
        server.model("fal-ai/flux/schnell", FakeModels.falTextToImage(server, 16));
        server.model("fal-ai/flux-pro/kontext", in -> {
            Frame src = FakeModels.decode(server.fetchInput(in.path("image_url").asText()));
            var out = JSON.createObjectNode();
            out.putArray("images").addObject().put("url", server.host("edit.png", FakeModels.png(src), "image/png"));
            return out;
        });
        server.model("fal-ai/kling-video/v2.1/standard/image-to-video", FakeModels.falImageToVideo(server, 12, 12));
        server.model("black-forest-labs/flux-schnell", FakeModels.replicateTextToImage(server, 48, 32));
        server.model("f121d640bd286e1fdc67f9799164c1d5be36ff74576ee11c803ae5b665dd46aa", FakeModels.replicateUpscale(server));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    RemoteNode node(String model) {
        return node(model, server.config());
    }

    RemoteNode node(String model, RemoteConfig config) {
        return new RemoteNode(ModelLibrary.catalogued(model), () -> config);
    }

    static Map<String, Object> run(RemoteNode n, Map<String, Object> inputs, Map<String, Object> params, TestContext ctx) throws Exception {
        Map<String, Object> p = new HashMap<>();
        for (ParamSpec ps : n.spec().params()) p.put(ps.name(), params.containsKey(ps.name()) ? ps.coerce(params.get(ps.name())) : ps.defaultValue());
        return n.evaluate(new NodeInputs("test1", inputs, p), ctx);
    }

    private int stores;

    /** A context with a file store of its own, as the executor gives each distinct node key. */
    TestContext ctx() {
        return ctx(dir.resolve("store" + (++stores)));
    }

    TestContext ctx(Path store) {
        return new TestContext(dir).withFileStore(store);
    }

    @Test
    void falQueueRunsToAnImageAndReportsQueueLogsAndTheCall() throws Exception {
        server.queuedPolls = 2;
        server.runningPolls = 2;
        TestContext ctx = ctx();
        Map<String, Object> out = run(node("fal-flux-schnell"), Map.of(), Map.of("prompt", "a red barn", "seed", 7L, "image_size", "landscape_16_9"), ctx);

        Frame img = (Frame) out.get("image");
        assertThat(img.width()).isEqualTo(64);
        assertThat(img.height()).isEqualTo(36);
        assertThat(img.pixels()).isEqualTo(FakeModels.picture("a red barn", 7, 64, 36).pixels());
        assertThat(((Clip) out.get("images")).frameCount()).isEqualTo(1);
        assertThat(ctx.logs).anyMatch(l -> l.startsWith("in queue, position 1")).contains("loading model", "step 2/4 50%");
        assertThat(ctx.progress).contains(0.5);
        FakeProviders.Received submit = server.last("/fal/fal-ai/flux/schnell").orElseThrow();
        assertThat(submit.authorization()).isEqualTo("Key " + FAL_KEY);
        JsonNode body = JSON.readTree(submit.body());
        assertThat(body.path("prompt").asText()).isEqualTo("a red barn");
        assertThat(body.path("output_format").asText()).isEqualTo("png");
        assertThat(body.path("num_inference_steps").isIntegralNumber()).isTrue();
        assertThat(body.has("take")).isFalse();
        assertThat(body.has("timeout")).isFalse();
        // status and result use the app id without the sub-path
        assertThat(server.received).anyMatch(r -> r.path().startsWith("/fal/fal-ai/flux/requests/") && r.path().endsWith("/status?logs=1"));
        assertThat(ctx.calls).singleElement().satisfies(c -> {
            assertThat(c.provider()).isEqualTo("fal");
            assertThat(c.endpoint()).isEqualTo("fal-ai/flux/schnell");
            assertThat(c.requestId()).startsWith("req-");
            assertThat(c.estimatedCost()).isGreaterThan(0);
        });
    }

    @Test
    void aKeptResultIsServedWithoutCallingAgain() throws Exception {
        RemoteNode n = node("fal-flux-schnell");
        Path store = dir.resolve("kept");
        assertThat(n.hasStoredResult(ctx(store).fileStore())).isFalse();
        Map<String, Object> first = run(n, Map.of(), Map.of("prompt", "a lighthouse"), ctx(store));
        assertThat(server.submits.get()).isEqualTo(1);
        assertThat(n.hasStoredResult(ctx(store).fileStore())).isTrue();
        // another process: a fresh node and context over the same cache folder, and no key at all
        RemoteNode again = node("fal-flux-schnell", server.config(Map.of()));
        TestContext ctx = ctx(store);
        Map<String, Object> second = run(again, Map.of(), Map.of("prompt", "a lighthouse"), ctx);
        assertThat(server.submits.get()).isEqualTo(1);
        assertThat(((Frame) second.get("image")).pixels()).isEqualTo(((Frame) first.get("image")).pixels());
        assertThat(ctx.logs).anyMatch(l -> l.contains("from the cache (no call made)"));
        assertThat(ctx.calls).isEmpty();
    }

    @Test
    void replicateByModelAndByPinnedVersion() throws Exception {
        TestContext ctx = ctx();
        Map<String, Object> out = run(node("replicate-flux-schnell"), Map.of(), Map.of("prompt", "fog", "num_outputs", 3L), ctx);
        assertThat(((Clip) out.get("images")).frameCount()).isEqualTo(3);
        FakeProviders.Received create = server.last("/replicate/v1/models/black-forest-labs/flux-schnell/predictions").orElseThrow();
        assertThat(create.authorization()).isEqualTo("Bearer " + REPLICATE_TOKEN);
        assertThat(JSON.readTree(create.body()).path("input").path("num_outputs").asInt()).isEqualTo(3);
        assertThat(ctx.logs).contains("starting (waiting for a machine)");

        Frame small = FakeModels.picture("x", 1, 20, 10);
        Map<String, Object> up = run(node("replicate-real-esrgan"), Map.of("image", small), Map.of(), ctx());
        assertThat(((Frame) up.get("image")).width()).isEqualTo(40);
        JsonNode body = JSON.readTree(server.last("POST", "/replicate/v1/predictions").orElseThrow().body());
        assertThat(body.path("version").asText()).startsWith("f121d640");
        assertThat(body.path("input").path("image").asText()).startsWith("data:image/png;base64,");
    }

    @Test
    void largeInputsAreUploadedThroughEachProvidersMechanism() throws Exception {
        RemoteConfig.Limits l = server.config().limits();
        RemoteConfig tiny = server.config().withLimits(new RemoteConfig.Limits(l.maxImageBytes(), l.maxVideoBytes(), l.maxJsonBytes(), 100,
                l.retries(), l.retryBase(), l.retryMax(), l.pollFirst(), l.pollMax(), l.requestTimeout()));
        Frame src = FakeModels.picture("big", 3, 64, 48);
        Map<String, Object> out = run(node("fal-flux-kontext", tiny), Map.of("image", src), Map.of("prompt", "night"), ctx());
        assertThat(((Frame) out.get("image")).pixels()).isEqualTo(src.pixels());
        assertThat(server.requestCount("/falrest/storage/upload/initiate")).isEqualTo(1);
        assertThat(server.requestCount("/upload/up")).isEqualTo(1);
        assertThat(JSON.readTree(server.last("/fal/fal-ai/flux-pro/kontext").orElseThrow().body()).path("image_url").asText()).contains("/files/up");

        Map<String, Object> up = run(node("replicate-real-esrgan", tiny), Map.of("image", src), Map.of(), ctx());
        assertThat(((Frame) up.get("image")).width()).isEqualTo(128);
        assertThat(server.requestCount("/replicate/v1/files")).isEqualTo(1);
    }

    @Test
    void aVideoResultBecomesAClipDecodedFromTheKeptFile() throws Exception {
        Frame first = FakeModels.picture("shot", 1, 32, 24);
        TestContext ctx = ctx();
        Map<String, Object> out = run(node("fal-kling-2.1-i2v"), Map.of("image", first), Map.of("prompt", "slow push in"), ctx);
        Clip clip = (Clip) out.get("video");
        assertThat(clip.frameCount()).isEqualTo(12);
        assertThat(clip.width()).isEqualTo(32);
        int p = clip.frame(0).pixel(16, 12);
        int q = first.pixel(16, 12);
        assertThat(Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF))).isLessThan(16);
        ctx.close();
        assertThat(dir.resolve("store" + stores)).isDirectoryContaining(f -> f.getFileName().toString().endsWith(".mp4"));
    }

    @Test
    void providerErrorsAreOneLineWithNodeEndpointAndCause() {
        assertThat(failure(node("fal-flux-schnell", server.config(Map.of("FAL_KEY", "wrong-key"))), Map.of()))
                .startsWith("node test1: fal fal-ai/flux/schnell: submit failed: HTTP 401 unauthorized").contains("FAL_KEY").doesNotContain("wrong-key");

        server.script("fal-submit", FakeProviders.Canned.json(403, "{\"detail\":\"User is locked. Reason: Exhausted balance. Top up your balance.\"}"));
        assertThat(failure(node("fal-flux-schnell"), Map.of())).contains("out of credit").contains("Exhausted balance");

        server.script("replicate-create", FakeProviders.Canned.json(402, "{\"title\":\"Insufficient credit\",\"detail\":\"You have insufficient credit to run this model.\",\"status\":402}"));
        assertThat(failure(node("replicate-flux-schnell"), Map.of())).contains("Replicate black-forest-labs/flux-schnell: create prediction failed: HTTP 402 out of credit");

        server.script("fal-submit", FakeProviders.Canned.json(422, FakeProviders.falValidationError("num_images", "Input should be less than or equal to 4")));
        assertThat(failure(node("fal-flux-schnell"), Map.of())).contains("HTTP 422 invalid input: field 'num_images': Input should be less than or equal to 4");

        server.script("replicate-create", FakeProviders.Canned.json(422, FakeProviders.replicateValidationError("prompt", "prompt is required")));
        assertThat(failure(node("replicate-flux-schnell"), Map.of())).contains("field 'prompt': prompt is required");

        server.script("fal-status", FakeProviders.Canned.json(500, "{\"detail\":\"internal\"}"), FakeProviders.Canned.json(500, "{\"detail\":\"internal\"}"),
                FakeProviders.Canned.json(500, "{\"detail\":\"internal\"}"), FakeProviders.Canned.json(500, "{\"detail\":\"internal\"}"));
        assertThat(failure(node("fal-flux-schnell"), Map.of())).contains("status failed: HTTP 500 server error (after 4 attempts): internal");
        assertThat(server.cancels.get()).isEqualTo(1);   // the request it gave up on is cancelled at the provider

        server.script("fal-status", new FakeProviders.Canned(200, "application/json", "{\"status\": \"IN_QUEUE\", "));
        assertThat(failure(node("fal-flux-schnell"), Map.of())).contains("status answered malformed JSON");

        server.script("fal-result", new FakeProviders.Canned(200, "text/html", "<html>gateway</html>"));
        assertThat(failure(node("fal-flux-schnell"), Map.of())).contains("result answered malformed JSON (text/html)");

        assertThat(failure(node("fal-flux-schnell", server.config(Map.of())), Map.of())).isEqualTo(
                "node test1: fal fal-ai/flux/schnell: no fal key: set FAL_KEY or run: cinegraph credentials set fal");
    }

    @Test
    void throttlingAndDroppedAnswersAreRetried() throws Exception {
        server.script("fal-submit", FakeProviders.Canned.json(429, "{\"detail\":\"slow down\"}"), FakeProviders.Canned.json(503, ""));
        server.script("replicate-get", FakeProviders.Canned.json(502, "<html>bad gateway</html>"));
        TestContext ctx = ctx();
        run(node("fal-flux-schnell"), Map.of(), Map.of("prompt", "rain"), ctx);
        assertThat(ctx.logs).anyMatch(l -> l.startsWith("submit: HTTP 429; retrying (1/3)")).anyMatch(l -> l.startsWith("submit: HTTP 503; retrying (2/3)"));
        assertThat(server.submits.get()).isEqualTo(1);
        run(node("replicate-flux-schnell"), Map.of(), Map.of("prompt", "rain"), ctx());
        assertThat(server.submits.get()).isEqualTo(2);
    }

    @Test
    void aBlankRequiredParameterStopsBeforeAnyCall() {
        assertThat(failure(node("fal-flux-schnell"), Map.of("prompt", " "))).isEqualTo("node test1: fal fal-ai/flux/schnell: parameter 'prompt' is required");
        assertThat(server.received).isEmpty();
    }

    @Test
    void cancellingTheRenderCancelsTheRemoteRequest() throws Exception {
        server.queuedPolls = 100_000;
        TestContext ctx = ctx();
        CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> {
            try {
                return run(node("fal-flux-schnell"), Map.of(), Map.of("prompt", "waiting"), ctx);
            } catch (Exception e) {
                return e;
            }
        });
        long t0 = System.nanoTime();
        while (server.requestCount("/status") < 3 && System.nanoTime() - t0 < 10_000_000_000L) Thread.sleep(5);
        ctx.cancelled.set(true);
        Object r = f.get();
        assertThat(r).isInstanceOf(CancelledException.class);
        assertThat(server.cancels.get()).isEqualTo(1);
        assertThat(server.last("/cancel").orElseThrow().method()).isEqualTo("PUT");

        server.cancels.set(0);
        TestContext rctx = ctx();
        CompletableFuture<Object> g = CompletableFuture.supplyAsync(() -> {
            try {
                return run(node("replicate-flux-schnell"), Map.of(), Map.of("prompt", "waiting"), rctx);
            } catch (Exception e) {
                return e;
            }
        });
        t0 = System.nanoTime();
        while (server.requestCount("/predictions/pred") < 2 && System.nanoTime() - t0 < 10_000_000_000L) Thread.sleep(5);
        rctx.cancelled.set(true);
        assertThat(g.get()).isInstanceOf(CancelledException.class);
        assertThat(server.last("/cancel").orElseThrow().path()).endsWith("/cancel").contains("/replicate/v1/predictions/");
    }

    @Test
    void theTimeoutParameterBoundsTheCallAndCancelsIt() {
        server.queuedPolls = 100_000;
        String m = failure(node("fal-flux-schnell"), Map.of("timeout", 1L));
        assertThat(m).isEqualTo("node test1: fal fal-ai/flux/schnell: timed out after 1 s (status); raise the node's timeout parameter");
        assertThat(server.cancels.get()).isEqualTo(1);
        assertThat(node("fal-flux-schnell").resultDependsOn("timeout")).isFalse();
        assertThat(node("fal-flux-schnell").resultDependsOn("take")).isTrue();
    }

    @Test
    void downloadsAreCheckedBeforeTheyAreKept() throws Exception {
        Frame f = FakeModels.picture("d", 1, 8, 8);
        byte[] png = FakeModels.png(f);
        assertThat(downloadFailure(new FakeProviders.Served(png, "text/html", -1, null))).contains("the server sent text/html, not a image");
        assertThat(downloadFailure(new FakeProviders.Served("<html>".getBytes(), "image/png", -1, null))).contains("is not one (starts with \"<html>\")");
        assertThat(downloadFailure(new FakeProviders.Served(png, "image/png", png.length + 5000, null))).contains("download of the image").contains("truncated");
        assertThat(downloadFailure(new FakeProviders.Served(new byte[0], "image/png", -1, "https://127.0.0.1:1/x.png"))).contains("redirected from http to https; refused");
        String real = server.host("real.png", png, "image/png");
        assertThat(downloadResult(new FakeProviders.Served(new byte[0], null, -1, real)).pixels()).isEqualTo(f.pixels());

        RemoteConfig.Limits l = server.config().limits();
        RemoteConfig small = server.config().withLimits(new RemoteConfig.Limits(50, l.maxVideoBytes(), l.maxJsonBytes(), l.dataUriBytes(),
                l.retries(), l.retryBase(), l.retryMax(), l.pollFirst(), l.pollMax(), l.requestTimeout()));
        server.model("fal-ai/flux/schnell", in -> imagesAt(server.host("big.png", png, "image/png")));
        assertThat(failure(node("fal-flux-schnell", small), Map.of())).contains("more than the limit of 0 KB").contains("download of the image");
        assertThat(dir.resolve("store" + stores)).doesNotExist();
    }

    @Test
    void webpResultsAreDecodedThroughFfmpeg() throws Exception {
        // Replicate's FLUX answers WebP by default; ImageIO cannot read it (a 64x48 ffmpeg testsrc frame)
        byte[] webp;
        try (var in = getClass().getResourceAsStream("tiny.webp")) {
            webp = in.readAllBytes();
        }
        Frame f = downloadResult(new FakeProviders.Served(webp, "image/webp", -1, null));
        assertThat(f.width()).isEqualTo(64);
        assertThat(f.height()).isEqualTo(48);
        // testsrc's top rows are coloured bars: not a blank frame
        assertThat(java.util.Arrays.stream(f.pixels()).distinct().count()).isGreaterThan(8);
    }

    @Test
    void credentialsFileMustBeOwnerOnly() throws Exception {
        Path file = dir.resolve("config/cinegraph/credentials");
        Credentials c = new Credentials(Map.of(), file);
        assertThat(c.source("fal")).isEmpty();
        c.store("fal", new Secret(FAL_KEY));
        c.store("replicate", new Secret(REPLICATE_TOKEN));
        assertThat(java.nio.file.Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(c.require("fal", "node x").reveal()).isEqualTo(FAL_KEY);
        assertThat(c.source("replicate")).hasValue("file " + file);
        // the environment wins over the file
        assertThat(new Credentials(Map.of("FAL_KEY", "from-env"), file).require("fal", "x").reveal()).isEqualTo("from-env");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> c.require("fal", "node gen1: fal fal-ai/flux/schnell"))
                .isInstanceOf(RemoteException.class)
                .hasMessage("node gen1: fal fal-ai/flux/schnell: credentials file " + file + " is readable by others (mode rw-r--r--); refusing it: run chmod 600 " + file);
        assertThat(Credentials.defaultFile(Map.of("XDG_CONFIG_HOME", "/x"), "/home/u")).isEqualTo(Path.of("/x/cinegraph/credentials"));
        assertThat(Credentials.defaultFile(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.config/cinegraph/credentials"));
    }

    @Test
    void keysReachOnlyTheAuthorizationHeaderAndAreBlankedOutOfProviderMessages() {
        server.script("fal-submit", FakeProviders.Canned.json(400, "{\"detail\":\"bad header Key " + FAL_KEY + "\"}"));
        String m = failure(node("fal-flux-schnell"), Map.of());
        assertThat(m).doesNotContain(FAL_KEY).contains("****");
        assertThat(new Secret(FAL_KEY).toString()).isEqualTo("****");
    }

    private static JsonNode imagesAt(String url) {
        var out = JSON.createObjectNode();
        out.putArray("images").addObject().put("url", url);
        return out;
    }

    private String downloadFailure(FakeProviders.Served served) {
        String url = server.host("f" + System.nanoTime(), served);
        server.model("fal-ai/flux/schnell", in -> imagesAt(url));
        return failure(node("fal-flux-schnell"), Map.of());
    }

    private Frame downloadResult(FakeProviders.Served served) throws Exception {
        String url = server.host("r" + System.nanoTime(), served);
        server.model("fal-ai/flux/schnell", in -> imagesAt(url));
        return (Frame) run(node("fal-flux-schnell"), Map.of(), Map.of("prompt", "p", "seed", System.nanoTime() & 0xFFFF), ctx()).get("image");
    }

    private String failure(RemoteNode n, Map<String, Object> params) {
        Map<String, Object> p = new HashMap<>(Map.of("prompt", "a test", "seed", System.nanoTime() & 0xFFFFF));
        p.putAll(params);
        try {
            run(n, Map.of(), p, ctx());
        } catch (RemoteException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("expected a RemoteException, got " + e, e);
        }
        throw new AssertionError("expected a failure");
    }
}
