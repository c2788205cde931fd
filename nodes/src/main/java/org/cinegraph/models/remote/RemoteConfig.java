package org.cinegraph.models.remote;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How remote nodes reach the providers: base URLs (overridable for tests, proxies and on-prem
 * gateways), keys, and the limits that keep a misbehaving server from filling the disk or
 * hanging a render.
 *
 * @param falQueue     fal queue API ({@code $CINEGRAPH_FAL_QUEUE_URL}, default https://queue.fal.run)
 * @param falRest      fal REST API, for uploads ({@code $CINEGRAPH_FAL_REST_URL}, default https://rest.fal.ai)
 * @param replicateApi Replicate API ({@code $CINEGRAPH_REPLICATE_API_URL}, default https://api.replicate.com/v1)
 */
public record RemoteConfig(URI falQueue, URI falRest, URI replicateApi, Credentials credentials, Limits limits) {

    /**
     * @param maxImageBytes  largest image a result may download
     * @param maxVideoBytes  largest video a result may download
     * @param maxJsonBytes   largest JSON answer read from an API
     * @param dataUriBytes   inputs up to this size go inline as data URIs; larger ones are uploaded
     * @param retries        retries of a request after 429, 5xx or a dropped connection
     * @param retryBase      first retry delay (doubles each time, with jitter)
     * @param retryMax       longest delay between retries
     * @param pollFirst      first wait between status polls (doubles up to pollMax)
     * @param pollMax        longest wait between status polls
     * @param requestTimeout time allowed for one HTTP exchange to answer
     */
    public record Limits(long maxImageBytes, long maxVideoBytes, long maxJsonBytes, long dataUriBytes, int retries,
                         Duration retryBase, Duration retryMax, Duration pollFirst, Duration pollMax, Duration requestTimeout) {
        public static Limits defaults() {
            return new Limits(200L << 20, 4L << 30, 32L << 20, 256L << 10, 4, Duration.ofMillis(500), Duration.ofSeconds(30),
                    Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(120));
        }
    }

    public static final String FAL_QUEUE_VARIABLE = "CINEGRAPH_FAL_QUEUE_URL";
    public static final String FAL_REST_VARIABLE = "CINEGRAPH_FAL_REST_URL";
    public static final String REPLICATE_VARIABLE = "CINEGRAPH_REPLICATE_API_URL";

    public static RemoteConfig fromEnvironment() {
        return from(System.getenv(), Credentials.fromEnvironment());
    }

    static RemoteConfig from(Map<String, String> env, Credentials credentials) {
        return new RemoteConfig(base(env, FAL_QUEUE_VARIABLE, "https://queue.fal.run"), base(env, FAL_REST_VARIABLE, "https://rest.fal.ai"),
                base(env, REPLICATE_VARIABLE, "https://api.replicate.com/v1"), credentials, Limits.defaults());
    }

    public RemoteConfig withLimits(Limits l) {
        return new RemoteConfig(falQueue, falRest, replicateApi, credentials, l);
    }

    private static URI base(Map<String, String> env, String variable, String fallback) {
        String v = env.get(variable);
        String s = v == null || v.isBlank() ? fallback : v.strip();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        try {
            return URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not a URL: " + s);
        }
    }
}
