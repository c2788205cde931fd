package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback HTTP server speaking both providers' protocols as they document them, for tests: fal's
 * queue API (submit, status with IN_QUEUE / IN_PROGRESS / COMPLETED, result, cancel) and storage
 * upload; Replicate's predictions API (create by model or version, get, cancel) and file upload;
 * plus a file host for results. Each model is a function from the request's input to its output
 * JSON. Failures are scripted per test: error answers, malformed JSON, slow completions, bad
 * downloads (wrong type, oversized, truncated, redirected). Nothing leaves 127.0.0.1.
 */
public final class FakeProviders implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the server received. */
    public record Received(String method, String path, String authorization, String body) {
    }

    /** A canned answer that replaces the next normal one on a route. */
    public record Canned(int status, String contentType, String body) {
        public static Canned json(int status, String body) {
            return new Canned(status, "application/json", body);
        }
    }

    /** How a hosted file is served. */
    public record Served(byte[] bytes, String contentType, int declaredLength, String redirectTo) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-providers");
        t.setDaemon(true);
        return t;
    });
    private final String falKey;
    private final String replicateToken;
    private final Map<String, Function<JsonNode, JsonNode>> models = new ConcurrentHashMap<>();
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    private final Map<String, Deque<Canned>> canned = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Status polls a request spends in the queue, then running, before it completes. */
    public volatile int queuedPolls = 1;
    public volatile int runningPolls = 1;
    /** Log lines a running request reports. */
    public volatile List<String> logs = List.of("loading model", "step 2/4 50%", "step 4/4 100%");
    /** Extra delay before every status answer (a slow provider). */
    public volatile Duration statusDelay = Duration.ZERO;
    public final AtomicInteger submits = new AtomicInteger();
    public final AtomicInteger cancels = new AtomicInteger();

    /** A request in the fake queue. */
    private static final class Request {
        final String model;
        final JsonNode input;
        int polls;
        volatile boolean cancelled;
        JsonNode output;
        String error;

        Request(String model, JsonNode input) {
            this.model = model;
            this.input = input;
        }
    }

    public FakeProviders(String falKey, String replicateToken) throws IOException {
        this.falKey = falKey;
        this.replicateToken = replicateToken;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI falQueue() {
        return URI.create(base() + "/fal");
    }

    public URI falRest() {
        return URI.create(base() + "/falrest");
    }

    public URI replicateApi() {
        return URI.create(base() + "/replicate/v1");
    }

    /** Environment variables pointing a process at this server. */
    public Map<String, String> environment() {
        return Map.of(RemoteConfig.FAL_QUEUE_VARIABLE, falQueue().toString(), RemoteConfig.FAL_REST_VARIABLE, falRest().toString(),
                RemoteConfig.REPLICATE_VARIABLE, replicateApi().toString(), "FAL_KEY", falKey, "REPLICATE_API_TOKEN", replicateToken);
    }

    /** A config for this server with fast retries and polls (test timing), keys from {@code env}. */
    public RemoteConfig config(Map<String, String> env) {
        RemoteConfig.Limits l = RemoteConfig.Limits.defaults();
        return new RemoteConfig(falQueue(), falRest(), replicateApi(), new Credentials(env, null),
                new RemoteConfig.Limits(l.maxImageBytes(), l.maxVideoBytes(), l.maxJsonBytes(), l.dataUriBytes(), 3,
                        Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(20)));
    }

    public RemoteConfig config() {
        return config(Map.of("FAL_KEY", falKey, "REPLICATE_API_TOKEN", replicateToken));
    }

    /** Registers a model: a fal endpoint id or a Replicate "owner/name" (or version id). */
    public void model(String id, Function<JsonNode, JsonNode> run) {
        models.put(id, run);
    }

    /** Hosts a file and returns its URL. */
    public String host(String name, byte[] bytes, String contentType) {
        files.put(name, new Served(bytes, contentType, -1, null));
        return base() + "/files/" + name;
    }

    public String host(String name, Served served) {
        files.put(name, served);
        return base() + "/files/" + name;
    }

    /** The next answer on a route ("fal-submit", "fal-status", "fal-result", "replicate-create", "replicate-get", "upload") is this. */
    public void script(String route, Canned... answers) {
        canned.computeIfAbsent(route, k -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /** The bytes a model input refers to: a data URI, or a file uploaded to or hosted by this server. */
    public byte[] fetchInput(String url) {
        if (url.startsWith("data:")) return Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        String name = url.substring(url.indexOf("/files/") + "/files/".length());
        Served s = files.get(name);
        if (s == null) throw new IllegalArgumentException("no such file " + url);
        return s.bytes();
    }

    public int requestCount(String pathPart) {
        return (int) received.stream().filter(r -> r.path().contains(pathPart)).count();
    }

    // ---- routing ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders().getFirst("Authorization"),
                    new String(body, StandardCharsets.UTF_8)));
            if (path.startsWith("/files/")) {
                serveFile(ex, path.substring("/files/".length()));
            } else if (path.startsWith("/upload/")) {
                files.put(path.substring("/upload/".length()), new Served(body, ex.getRequestHeaders().getFirst("Content-Type"), -1, null));
                send(ex, 200, "application/json", "{}");
            } else if (path.startsWith("/falrest/")) {
                if (!authorized(ex, "Key " + falKey)) return;
                if (answerCanned(ex, "upload")) return;
                String id = "up" + ids.incrementAndGet();
                send(ex, 200, "application/json", "{\"upload_url\":\"" + base() + "/upload/" + id + "\",\"file_url\":\"" + base() + "/files/" + id + "\"}");
            } else if (path.startsWith("/fal/")) {
                fal(ex, path.substring("/fal/".length()), body);
            } else if (path.startsWith("/replicate/v1/")) {
                replicate(ex, path.substring("/replicate/v1/".length()), body);
            } else {
                send(ex, 404, "application/json", "{\"detail\":\"no route\"}");
            }
        } catch (RuntimeException e) {
            // a broken test model answers 500 like a crashing provider
            try {
                send(ex, 500, "application/json", "{\"detail\":\"" + e.getClass().getSimpleName() + "\"}");
            } catch (IOException ignored) {
                // client went away
            }
        }
    }

    private boolean authorized(HttpExchange ex, String expected) throws IOException {
        if (expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) return true;
        send(ex, 401, "application/json", "{\"detail\":\"Unauthorized: invalid credentials\"}");
        return false;
    }

    private boolean answerCanned(HttpExchange ex, String route) throws IOException {
        Deque<Canned> q = canned.get(route);
        Canned c = q == null ? null : q.poll();
        if (c == null) return false;
        send(ex, c.status(), c.contentType(), c.body());
        return true;
    }

    private void fal(HttpExchange ex, String rest, byte[] body) throws IOException {
        if (!authorized(ex, "Key " + falKey)) return;
        int req = rest.indexOf("/requests/");
        if (req < 0) {
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 405, "application/json", "{\"detail\":\"method\"}");
                return;
            }
            if (answerCanned(ex, "fal-submit")) return;
            Function<JsonNode, JsonNode> m = models.get(rest);
            if (m == null) {
                send(ex, 404, "application/json", "{\"detail\":\"Application '" + rest + "' not found\"}");
                return;
            }
            submits.incrementAndGet();
            String id = "req-" + ids.incrementAndGet();
            requests.put(id, new Request(rest, JSON.readTree(body)));
            String app = FalProvider.appId(rest);
            String base = falQueue() + "/" + app + "/requests/" + id;
            send(ex, 200, "application/json", "{\"request_id\":\"" + id + "\",\"status\":\"IN_QUEUE\",\"queue_position\":" + queuedPolls
                    + ",\"status_url\":\"" + base + "/status\",\"response_url\":\"" + base + "\",\"cancel_url\":\"" + base + "/cancel\"}");
            return;
        }
        String app = rest.substring(0, req);
        String tail = rest.substring(req + "/requests/".length());
        String id = tail.contains("/") ? tail.substring(0, tail.indexOf('/')) : tail;
        Request r = requests.get(id);
        if (r == null || !FalProvider.appId(r.model).equals(app)) {
            send(ex, 404, "application/json", "{\"detail\":\"Request not found\"}");
            return;
        }
        if (tail.endsWith("/cancel")) {
            cancels.incrementAndGet();
            r.cancelled = true;
            send(ex, 202, "application/json", "{\"status\":\"CANCELLATION_REQUESTED\"}");
        } else if (tail.endsWith("/status")) {
            pause(statusDelay);
            if (answerCanned(ex, "fal-status")) return;
            int p;
            synchronized (r) {
                p = r.polls++;
            }
            ObjectNode s = JSON.createObjectNode();
            if (p < queuedPolls) {
                s.put("status", "IN_QUEUE").put("queue_position", queuedPolls - p - 1);
            } else {
                boolean done = p >= queuedPolls + runningPolls;
                s.put("status", done ? "COMPLETED" : "IN_PROGRESS");
                ArrayNode l = s.putArray("logs");
                int shown = done ? logs.size() : Math.min(logs.size(), p - queuedPolls + 1);
                for (int i = 0; i < shown; i++) l.addObject().put("message", logs.get(i)).put("level", "INFO").put("timestamp", "2025-01-01T00:00:00");
            }
            s.put("request_id", id);
            send(ex, 200, "application/json", s.toString());
        } else {
            if (answerCanned(ex, "fal-result")) return;
            JsonNode out = outputOf(r);
            if (r.error != null) send(ex, 422, "application/json", r.error);
            else send(ex, 200, "application/json", out.toString());
        }
    }

    private JsonNode outputOf(Request r) {
        synchronized (r) {
            if (r.output == null && r.error == null) {
                try {
                    r.output = models.get(r.model).apply(r.input);
                } catch (ModelRefusal e) {
                    r.error = e.body;
                }
            }
            return r.output;
        }
    }

    /** Thrown by a test model to answer a validation error (422) with this body. */
    public static final class ModelRefusal extends RuntimeException {
        final String body;

        public ModelRefusal(String body) {
            super(body);
            this.body = body;
        }
    }

    private void replicate(HttpExchange ex, String rest, byte[] body) throws IOException {
        if (!authorized(ex, "Bearer " + replicateToken)) return;
        if (rest.equals("files") && ex.getRequestMethod().equals("POST")) {
            if (answerCanned(ex, "upload")) return;
            String id = "file" + ids.incrementAndGet();
            files.put(id, new Served(multipartContent(ex, body), "application/octet-stream", -1, null));
            send(ex, 201, "application/json", "{\"id\":\"" + id + "\",\"urls\":{\"get\":\"" + base() + "/files/" + id + "\"}}");
            return;
        }
        if ((rest.equals("predictions") || rest.endsWith("/predictions")) && ex.getRequestMethod().equals("POST")) {
            if (answerCanned(ex, "replicate-create")) return;
            JsonNode req = JSON.readTree(body);
            String model = rest.startsWith("models/") ? rest.substring("models/".length(), rest.length() - "/predictions".length())
                    : req.path("version").asText();
            if (!models.containsKey(model)) {
                send(ex, 404, "application/json", "{\"title\":\"Not found\",\"detail\":\"The requested resource could not be found.\",\"status\":404}");
                return;
            }
            submits.incrementAndGet();
            String id = "pred" + ids.incrementAndGet();
            Request r = new Request(model, req.path("input"));
            requests.put(id, r);
            send(ex, 201, "application/json", prediction(id, r, "starting").toString());
            return;
        }
        if (rest.startsWith("predictions/")) {
            String tail = rest.substring("predictions/".length());
            String id = tail.contains("/") ? tail.substring(0, tail.indexOf('/')) : tail;
            Request r = requests.get(id);
            if (r == null) {
                send(ex, 404, "application/json", "{\"title\":\"Not found\",\"status\":404}");
                return;
            }
            if (tail.endsWith("/cancel")) {
                cancels.incrementAndGet();
                r.cancelled = true;
                send(ex, 200, "application/json", prediction(id, r, "canceled").toString());
                return;
            }
            pause(statusDelay);
            if (answerCanned(ex, "replicate-get")) return;
            int p;
            synchronized (r) {
                p = r.polls++;
            }
            String state = r.cancelled ? "canceled" : p < queuedPolls ? "starting" : p < queuedPolls + runningPolls ? "processing" : "succeeded";
            send(ex, 200, "application/json", prediction(id, r, state).toString());
            return;
        }
        send(ex, 404, "application/json", "{\"title\":\"Not found\",\"status\":404}");
    }

    private ObjectNode prediction(String id, Request r, String state) {
        ObjectNode p = JSON.createObjectNode();
        p.put("id", id).put("model", r.model).put("status", state);
        p.set("input", r.input);
        String shown = state.equals("starting") ? "" : String.join("\n", state.equals("succeeded") ? logs : logs.subList(0, Math.min(1, logs.size())));
        p.put("logs", shown);
        if (state.equals("succeeded")) {
            JsonNode out = outputOf(r);
            if (r.error != null) {
                p.put("status", "failed").put("error", JSON.valueToTree(r.error).asText());
                p.putNull("output");
            } else {
                p.set("output", out);
            }
        } else {
            p.putNull("output");
        }
        p.putObject("urls").put("get", replicateApi() + "/predictions/" + id).put("cancel", replicateApi() + "/predictions/" + id + "/cancel");
        return p;
    }

    private static byte[] multipartContent(HttpExchange ex, byte[] body) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String boundary = "--" + type.substring(type.indexOf("boundary=") + "boundary=".length());
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\r\n\r\n") + 4;
        int end = text.indexOf("\r\n" + boundary, start);
        return text.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
    }

    private void serveFile(HttpExchange ex, String name) throws IOException {
        Served s = files.get(name);
        if (s == null) {
            send(ex, 404, "text/plain", "not found");
            return;
        }
        if (s.redirectTo() != null) {
            ex.getResponseHeaders().add("Location", s.redirectTo());
            ex.sendResponseHeaders(302, -1);
            return;
        }
        if (s.contentType() != null) ex.getResponseHeaders().add("Content-Type", s.contentType());
        if (s.declaredLength() > s.bytes().length) {
            // a connection that drops before the declared length: a truncated download
            ex.sendResponseHeaders(200, s.declaredLength());
            OutputStream o = ex.getResponseBody();
            o.write(s.bytes());
            o.flush();
            throw new TruncatedOnPurpose();
        }
        ex.sendResponseHeaders(200, s.bytes().length == 0 ? -1 : s.bytes().length);
        ex.getResponseBody().write(s.bytes());
    }

    /** Ends an exchange without the rest of its body (the server closes the connection). */
    private static final class TruncatedOnPurpose extends RuntimeException {
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
    }

    private static void pause(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Canned error bodies in each provider's documented shape. */
    public static String falValidationError(String field, String message) {
        return "{\"detail\":[{\"loc\":[\"body\",\"" + field + "\"],\"msg\":\"" + message + "\",\"type\":\"value_error\"}]}";
    }

    public static String replicateValidationError(String field, String message) {
        return "{\"title\":\"Input validation failed\",\"detail\":\"- input." + field + ": " + message + "\",\"status\":422,"
                + "\"invalid_fields\":[{\"type\":\"required\",\"field\":\"input." + field + "\",\"description\":\"" + message + "\"}]}";
    }

    /** The last request with exactly this method and path (query included). */
    public Optional<Received> last(String method, String path) {
        List<Received> l = new ArrayList<>(received);
        for (int i = l.size() - 1; i >= 0; i--) if (l.get(i).method().equals(method) && l.get(i).path().equals(path)) return Optional.of(l.get(i));
        return Optional.empty();
    }

    public Optional<Received> last(String pathPart) {
        List<Received> l = new ArrayList<>(received);
        for (int i = l.size() - 1; i >= 0; i--) if (l.get(i).path().contains(pathPart)) return Optional.of(l.get(i));
        return Optional.empty();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
