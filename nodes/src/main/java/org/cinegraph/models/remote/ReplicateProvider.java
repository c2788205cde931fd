package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.spi.CancelledException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Replicate's predictions API: {@code POST {api}/models/{owner}/{name}/predictions} (or
 * {@code POST {api}/predictions} with a pinned version) with {@code {"input": ...}}, then {@code GET
 * {api}/predictions/{id}} until succeeded, failed or canceled; {@code POST
 * {api}/predictions/{id}/cancel} cancels. The create call does not use {@code Prefer: wait}: a
 * create held open is one the render cannot cancel without losing the prediction's id. Uploads
 * go to {@code POST {api}/files} (multipart) and are passed on by their URL.
 */
final class ReplicateProvider implements Provider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private final RemoteHttp http;
    private final URI api;

    ReplicateProvider(RemoteHttp http, URI api) {
        this.http = http;
        this.api = api;
    }

    private HttpRequest.Builder request(URI uri, CallContext call) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + call.key.reveal()).header("Accept", "application/json");
    }

    @Override
    public Outcome run(String endpoint, String version, ObjectNode input, CallContext call) throws RemoteException {
        long t0 = System.nanoTime();
        ObjectNode body = JSON.createObjectNode();
        if (version != null) body.put("version", version);
        body.set("input", input);
        URI create = URI.create(version != null ? api + "/predictions" : api + "/models/" + endpoint + "/predictions");
        CallContext submitting = call.uncancellable(Duration.ofNanos(Math.max(1, Math.min(call.remainingNanos(), http.limits().requestTimeout().toNanos()))));
        RemoteHttp.Answer a = http.send(request(create, call).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(FalProvider.bytes(body))), "create prediction", false, submitting);
        if (!a.ok()) throw ProviderErrors.error(RemoteModel.REPLICATE, "create prediction", a, call);
        JsonNode p = FalProvider.json(a, "create prediction", call);
        String id = p.path("id").asText("");
        if (!ID.matcher(id).matches()) throw new RemoteException(call.who + ": create prediction answered without a usable id");
        String base = api + "/predictions/" + id;
        JsonNode done;
        try {
            call.checkCancelled();
            done = follow(base, p, call);
        } catch (CancelledException | RemoteException e) {
            cancel(base, id, call);
            throw e;
        }
        if (done.path("status").asText().equals("failed")) {
            throw new RemoteException(call.who + ": the model failed (prediction " + id + "): "
                    + ProviderErrors.oneLine(call.key.redact(done.path("error").asText("no reason given"))));
        }
        if (done.path("status").asText().equals("canceled")) throw new RemoteException(call.who + ": prediction " + id + " was canceled at Replicate");
        return new Outcome(id, done.path("output"), (System.nanoTime() - t0) / 1_000_000);
    }

    private JsonNode follow(String base, JsonNode p, CallContext call) throws RemoteException {
        long wait = http.limits().pollFirst().toMillis();
        int logChars = 0;
        String last = "";
        boolean fresh = true;
        while (true) {
            if (!fresh) {
                RemoteHttp.Answer a = http.send(request(URI.create(base), call).GET(), "status", true, call);
                if (!a.ok()) throw ProviderErrors.error(RemoteModel.REPLICATE, "status", a, call);
                p = FalProvider.json(a, "status", call);
            }
            String status = p.path("status").asText("");
            String logs = p.path("logs").asText("");
            if (logs.length() > logChars) {
                for (String line : logs.substring(logChars).split("[\r\n]+")) {
                    if (!line.isBlank()) call.status(line.strip());
                }
                Progress.fromLog(logs.substring(logChars)).ifPresent(call::progress);
                logChars = logs.length();
            }
            switch (status) {
                case "succeeded", "failed", "canceled" -> {
                    return p;
                }
                case "starting", "processing" -> {
                    if (!status.equals(last)) call.status(status.equals("starting") ? "starting (waiting for a machine)" : "running");
                    last = status;
                }
                default -> throw new RemoteException(call.who + ": status answered an unknown state '" + ProviderErrors.oneLine(status) + "'");
            }
            if (!fresh) {
                call.pause(wait);
                wait = Math.min(http.limits().pollMax().toMillis(), wait * 2);
            }
            fresh = false;
        }
    }

    private void cancel(String base, String id, CallContext call) {
        http.cancelQuietly(request(URI.create(base + "/cancel"), call).POST(HttpRequest.BodyPublishers.noBody()), "Replicate prediction " + id, call);
    }

    @Override
    public String upload(Path file, String contentType, CallContext call) throws RemoteException {
        String boundary = "cinegraph" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        byte[] body;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + file.getFileName()
                    + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(Files.readAllBytes(file));
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            body = out.toByteArray();
        } catch (IOException e) {
            throw new RemoteException(call.who + ": cannot read the file to upload: " + e.getMessage(), e);
        }
        RemoteHttp.Answer a = http.send(request(URI.create(api + "/files"), call).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), "upload", false, call);
        if (!a.ok()) throw ProviderErrors.error(RemoteModel.REPLICATE, "upload", a, call);
        String url = FalProvider.json(a, "upload", call).path("urls").path("get").asText("");
        if (url.isEmpty()) throw new RemoteException(call.who + ": upload answered without urls.get");
        return url;
    }
}
