package org.cinegraph.models.remote;

import org.cinegraph.spi.CancelledException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP for remote nodes, on the JDK client: every exchange can be cancelled (the render's cancel
 * aborts the request in flight), is bounded by the node's deadline, reads at most a set number of
 * bytes, and is retried with jittered exponential backoff on 429, 5xx and dropped connections.
 * Redirects are never followed here (an API redirect would carry the key elsewhere); downloads
 * follow them themselves ({@link Downloads}).
 */
final class RemoteHttp {
    /** Statuses worth retrying for any request: the provider did not take the work. */
    private static final Set<Integer> RETRY_ALWAYS = Set.of(429, 502, 503, 504);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    private final RemoteConfig.Limits limits;

    RemoteHttp(RemoteConfig.Limits limits) {
        this.limits = limits;
    }

    RemoteConfig.Limits limits() {
        return limits;
    }

    /** An HTTP answer: status, headers, the (capped) body, and how many attempts it took. */
    record Answer(int status, HttpHeaders headers, byte[] body, int attempts) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    /**
     * Sends a request, retrying transient failures, and returns the answer (also when it is an
     * error status: the provider turns those into messages).
     *
     * @param what           what the request does, for messages ("submit", "status")
     * @param retryAnyServer also retry 500 (reads and polls; a submit is retried on 429/502/503/504 only)
     */
    Answer send(HttpRequest.Builder request, String what, boolean retryAnyServer, CallContext call) throws RemoteException {
        return send(request, what, retryAnyServer, call, info -> new Capped(new MemorySink(), limits.maxJsonBytes()));
    }

    /** As {@link #send(HttpRequest.Builder, String, boolean, CallContext)} with the body handled by {@code body}. */
    Answer send(HttpRequest.Builder request, String what, boolean retryAnyServer, CallContext call,
                HttpResponse.BodyHandler<byte[]> body) throws RemoteException {
        HttpRequest first = request.copy().build();
        String refusal = UrlPolicy.refusal(first.uri());
        if (refusal != null) throw new RemoteException(call.who + ": refusing " + safe(first.uri()) + ": " + refusal);
        for (int attempt = 1; ; attempt++) {
            call.checkCancelled();
            if (call.expired()) throw timeout(call, what);
            Duration limit = Duration.ofNanos(Math.max(1_000_000L, Math.min(limits.requestTimeout().toNanos(), call.remainingNanos())));
            HttpRequest.Builder b = request.copy().timeout(limit);
            if ("http".equalsIgnoreCase(first.uri().getScheme())) b.version(HttpClient.Version.HTTP_1_1);
            HttpResponse<byte[]> resp;
            try {
                resp = await(CLIENT.sendAsync(b.build(), body), call, what);
            } catch (IOException e) {
                if (attempt <= limits.retries() && retryable(e)) {
                    call.status(what + ": " + describe(e) + "; retrying (" + attempt + "/" + limits.retries() + ")");
                    call.pause(backoff(attempt, OptionalLong.empty()));
                    continue;
                }
                String how = e instanceof ConnectException
                        ? "cannot reach " + hostOf(first.uri()) : "connection to " + hostOf(first.uri()) + " failed";
                throw new RemoteException(call.who + ": " + what + " failed: " + how + ": " + describe(e)
                        + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), e);
            }
            int s = resp.statusCode();
            boolean transientStatus = RETRY_ALWAYS.contains(s) || (retryAnyServer && s >= 500);
            if (transientStatus && attempt <= limits.retries()) {
                OptionalLong after = resp.headers().firstValue("Retry-After").flatMap(RemoteHttp::seconds).map(OptionalLong::of).orElse(OptionalLong.empty());
                call.status(what + ": HTTP " + s + "; retrying (" + attempt + "/" + limits.retries() + ")");
                call.pause(backoff(attempt, after));
                continue;
            }
            return new Answer(s, resp.headers(), resp.body() == null ? new byte[0] : resp.body(), attempt);
        }
    }

    /**
     * Tells a provider to stop a request, also while the render is being cancelled (the thread's
     * interrupt is set aside): best effort, at most 10 s, the outcome reported as a status line.
     */
    void cancelQuietly(HttpRequest.Builder request, String what, CallContext call) {
        boolean interrupted = Thread.interrupted();
        try {
            Answer a = send(request, "cancel", true, call.uncancellable(Duration.ofSeconds(10)));
            call.status("asked to cancel " + what + " (HTTP " + a.status() + ")");
        } catch (RemoteException | CancelledException e) {
            call.status("could not cancel " + what + ": " + e.getMessage());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static Optional<Long> seconds(String v) {
        try {
            return Optional.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Waits for an exchange, aborting it on cancel or at the deadline. */
    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> f, CallContext call, String what) throws IOException, RemoteException {
        try {
            while (true) {
                if (call.isCancelled()) {
                    f.cancel(true);
                    throw new CancelledException();
                }
                if (call.expired()) {
                    f.cancel(true);
                    throw timeout(call, what);
                }
                try {
                    return f.get(25, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // poll cancel and deadline again
                }
            }
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Refused r) throw new RemoteException(call.who + ": " + what + ": " + r.getMessage());
            if (c instanceof IOException io) throw io;
            throw new IOException(c == null ? "failed" : describe(c), c);
        }
    }

    private RemoteException timeout(CallContext call, String what) {
        return new RemoteException(call.who + ": timed out after " + call.timeoutSeconds() + " s (" + what + "); raise the node's timeout parameter");
    }

    long backoff(int attempt, OptionalLong retryAfterSeconds) {
        long base = limits.retryBase().toMillis();
        long cap = limits.retryMax().toMillis();
        long delay = Math.min(cap, base << Math.min(20, attempt - 1));
        long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        if (retryAfterSeconds.isPresent()) jittered = Math.max(jittered, Math.min(60_000, retryAfterSeconds.getAsLong() * 1000));
        return jittered;
    }

    /** Transport failures (refused or reset connections, closed streams, timeouts, truncated bodies) are transient. */
    private static boolean retryable(IOException e) {
        return !(e instanceof Refused);
    }

    private static final Pattern FIXED_LENGTH = Pattern.compile("fixed content-length: (\\d+), bytes received: (\\d+)");

    static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof ConnectException) return "connection refused";
        Matcher fixed = FIXED_LENGTH.matcher(m == null ? "" : m);
        if (fixed.find()) return "truncated: the connection closed after " + fixed.group(2) + " of " + fixed.group(1) + " bytes";
        if (e instanceof HttpTimeoutException) return "no answer in time";
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static String hostOf(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** A URL for messages: scheme, host and path, without the query (which may carry signatures). */
    static String safe(URI u) {
        return hostOf(u) + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    static String header(HttpHeaders h, String name) {
        return h.firstValue(name).orElse("").toLowerCase(Locale.ROOT);
    }

    // ---- bounded bodies ----

    /** A body refused for what it is (too large, wrong type): retrying cannot help. */
    static final class Refused extends IOException {
        Refused(String m) {
            super(m);
        }
    }

    /** A subscriber that fails at once with {@code why}, reading nothing. */
    static HttpResponse.BodySubscriber<byte[]> refuse(String why) {
        return new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<byte[]> failed = CompletableFuture.failedFuture(new Refused(why));

            @Override public CompletionStage<byte[]> getBody() { return failed; }
            @Override public void onSubscribe(Flow.Subscription s) { s.cancel(); }
            @Override public void onNext(List<ByteBuffer> item) { }
            @Override public void onError(Throwable t) { }
            @Override public void onComplete() { }
        };
    }

    /** Where a body's bytes go. */
    interface Sink {
        void write(ByteBuffer b) throws IOException;

        byte[] finish() throws IOException;

        void abort();
    }

    static final class MemorySink implements Sink {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @Override
        public void write(ByteBuffer b) {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            out.write(a, 0, a.length);
        }

        @Override
        public byte[] finish() {
            return out.toByteArray();
        }

        @Override
        public void abort() {
        }
    }

    /** Writes the body to a file; its answer body is empty (the bytes are in the file). */
    static final class FileSink implements Sink {
        private final FileChannel channel;

        FileSink(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) channel.write(b);
        }

        @Override
        public byte[] finish() throws IOException {
            // no fsync: a download lands in the render cache, which is rebuilt rather than trusted after a crash
            channel.close();
            return new byte[0];
        }

        @Override
        public void abort() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the caller deletes the file
            }
        }
    }

    /**
     * A body subscriber that stops reading (and fails) past {@code cap} bytes, counts what it
     * got and checks it against Content-Length, so a truncated body is an error, not a short file.
     */
    static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final Sink sink;
        private final long cap;
        private final long expected;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final AtomicLong received = new AtomicLong();
        private Flow.Subscription subscription;

        Capped(Sink sink, long cap) {
            this(sink, cap, -1);
        }

        Capped(Sink sink, long cap, long expected) {
            this.sink = sink;
            this.cap = cap;
            this.expected = expected;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            try {
                for (ByteBuffer b : items) {
                    if (received.addAndGet(b.remaining()) > cap) {
                        throw new Refused("more than " + megabytes(cap) + " (the limit)");
                    }
                    sink.write(b);
                }
                subscription.request(1);
            } catch (IOException e) {
                subscription.cancel();
                sink.abort();
                result.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            sink.abort();
            result.completeExceptionally(t instanceof IOException ? t
                    : new IOException(describe(t), t));
        }

        @Override
        public void onComplete() {
            try {
                if (expected >= 0 && received.get() != expected) {
                    sink.abort();
                    result.completeExceptionally(new IOException("truncated: got " + received.get() + " of " + expected + " bytes"));
                    return;
                }
                result.complete(sink.finish());
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }
    }

    static String megabytes(long bytes) {
        return bytes >= (1L << 20) ? (bytes >> 20) + " MB" : (bytes >> 10) + " KB";
    }
}
