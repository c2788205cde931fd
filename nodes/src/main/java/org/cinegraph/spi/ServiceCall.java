package org.cinegraph.spi;

import java.util.Objects;

/**
 * A call a node made to a paid service during a render, for the render history: which node,
 * provider and endpoint, the provider's request id, how long it took and what it was estimated
 * to cost ({@code estimatedCost} null when the model has no price). Never holds credentials.
 */
public record ServiceCall(String nodeId, String provider, String endpoint, String requestId, long durationMillis,
                          Double estimatedCost, String currency) {
    public ServiceCall {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(endpoint, "endpoint");
        requestId = requestId == null ? "" : requestId;
        currency = currency == null ? "" : currency;
    }
}
