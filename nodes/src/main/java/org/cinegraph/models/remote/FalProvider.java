package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.spi.CancelledException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * fal's queue API: {@code POST {queue}/{endpoint}} answers a request id; {@code GET
 * .../requests/{id}/status?logs=1} reports IN_QUEUE (with queue_position), IN_PROGRESS (with logs)
 * or COMPLETED; {@code GET .../requests/{id}} fetches the result; {@code PUT .../requests/{id}/cancel}
 * cancels. Status, result and cancel URLs use the endpoint's app id ({@code owner/app}), without
 * the sub-path a submit may carry, and are built here from the configured base rather than taken
 * from the answer, so the key only ever goes to the configured host. Uploads use fal's storage
 * API ({@code POST {rest}/storage/upload/initiate}, then a PUT of the bytes to the signed URL).
 */
final class FalProvider implements Provider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private final RemoteHttp http;
    private final URI queue;
    private final URI rest;

    FalProvider(RemoteHttp http, URI queue, URI rest) {
        this.http = http;
        this.queue = queue;
        this.rest = rest;
    }

    /** "fal-ai/flux/schnell" -> "fal-ai/flux": the part status and result URLs use. */
    static String appId(String endpoint) {
        String[] parts = endpoint.split("/");
        return parts.length < 2 ? endpoint : parts[0] + "/" + parts[1];
    }

    private HttpRequest.Builder request(URI uri, CallContext call) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Key " + call.key.reveal()).header("Accept", "application/json");
    }

    @Override
    public Outcome run(String endpoint, String version, ObjectNode input, CallContext call) throws RemoteException {
        long t0 = System.nanoTime();
        // The submit runs to its answer even if the render is cancelled meanwhile: only with the
        // request id can the request be cancelled at fal, instead of running (and billing) unseen.
        CallContext submitting = call.uncancellable(Duration.ofNanos(Math.max(1, Math.min(call.remainingNanos(), http.limits().requestTimeout().toNanos()))));
        RemoteHttp.Answer a = http.send(request(URI.create(queue + "/" + endpoint), call)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes(input))), "submit", false, submitting);
        if (!a.ok()) throw ProviderErrors.error(RemoteModel.FAL, "submit", a, call);
        String id = json(a, "submit", call).path("request_id").asText("");
        if (!REQUEST_ID.matcher(id).matches()) throw new RemoteException(call.who + ": submit answered without a usable request_id");
        String base = queue + "/" + appId(endpoint) + "/requests/" + id;
        try {
            call.checkCancelled();
            follow(base, call);
            RemoteHttp.Answer r = http.send(request(URI.create(base), call).GET(), "result", true, call);
            if (!r.ok()) throw ProviderErrors.error(RemoteModel.FAL, "request " + id, r, call);
            return new Outcome(id, json(r, "result", call), (System.nanoTime() - t0) / 1_000_000);
        } catch (CancelledException | RemoteException e) {
            cancel(base, id, call);
            throw e;
        }
    }

    /** Polls the status until COMPLETED, reporting queue position and new log lines. */
    private void follow(String base, CallContext call) throws RemoteException {
        long wait = http.limits().pollFirst().toMillis();
        int logsSeen = 0;
        long position = -1;
        boolean first = true;
        while (true) {
            if (!first) {
                call.pause(wait);
                wait = Math.min(http.limits().pollMax().toMillis(), wait * 2);
            }
            first = false;
            RemoteHttp.Answer a = http.send(request(URI.create(base + "/status?logs=1"), call).GET(), "status", true, call);
            if (!a.ok()) throw ProviderErrors.error(RemoteModel.FAL, "status", a, call);
            JsonNode s = json(a, "status", call);
            String status = s.path("status").asText("");
            switch (status) {
                case "IN_QUEUE" -> {
                    long p = s.path("queue_position").asLong(-1);
                    if (p != position) call.status("in queue" + (p >= 0 ? ", position " + p : ""));
                    position = p;
                    call.progress(0);
                }
                case "IN_PROGRESS", "COMPLETED" -> {
                    JsonNode logs = s.path("logs");
                    for (int i = logsSeen; i < logs.size(); i++) {
                        String m = logs.get(i).path("message").asText("").strip();
                        if (!m.isEmpty()) call.status(m);
                        Progress.fromLog(m).ifPresent(call::progress);
                    }
                    logsSeen = Math.max(logsSeen, logs.size());
                    if (status.equals("COMPLETED")) return;
                    if (position != -2) call.status("running");
                    position = -2;
                }
                default -> throw new RemoteException(call.who + ": status answered an unknown state '" + ProviderErrors.oneLine(status) + "'");
            }
        }
    }

    private void cancel(String base, String id, CallContext call) {
        http.cancelQuietly(request(URI.create(base + "/cancel"), call).PUT(HttpRequest.BodyPublishers.noBody()), "fal request " + id, call);
    }

    @Override
    public String upload(Path file, String contentType, CallContext call) throws RemoteException {
        ObjectNode init = JSON.createObjectNode().put("content_type", contentType).put("file_name", file.getFileName().toString());
        RemoteHttp.Answer a = http.send(request(URI.create(rest + "/storage/upload/initiate?storage_type=fal-cdn-v3"), call)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes(init))), "upload", false, call);
        if (!a.ok()) throw ProviderErrors.error(RemoteModel.FAL, "upload", a, call);
        JsonNode j = json(a, "upload", call);
        String put = j.path("upload_url").asText("");
        String url = j.path("file_url").asText("");
        if (put.isEmpty() || url.isEmpty()) throw new RemoteException(call.who + ": upload answered without upload_url and file_url");
        URI target;
        try {
            target = URI.create(put);
        } catch (IllegalArgumentException e) {
            throw new RemoteException(call.who + ": upload answered an invalid upload_url");
        }
        RemoteHttp.Answer p;
        try {
            // a signed URL: the key is not sent with the bytes
            p = http.send(HttpRequest.newBuilder(target).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofFile(file)), "upload", true, call);
        } catch (IOException e) {
            throw new RemoteException(call.who + ": cannot read the file to upload: " + e.getMessage(), e);
        }
        if (!p.ok()) throw ProviderErrors.error(RemoteModel.FAL, "upload", p, call);
        return url;
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(RemoteHttp.Answer a, String what, CallContext call) throws RemoteException {
        JsonNode n;
        try {
            n = JSON.readTree(a.body());
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            String ct = RemoteHttp.header(a.headers(), "Content-Type");
            throw new RemoteException(call.who + ": " + what + " answered malformed JSON" + (ct.isEmpty() ? "" : " (" + ct + ")"));
        }
        return n;
    }
}
