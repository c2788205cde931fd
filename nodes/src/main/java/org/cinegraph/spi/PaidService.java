package org.cinegraph.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Implemented by node types whose evaluation calls a paid service (remote models), so a render
 * can be priced before it starts ({@code render --estimate}, {@code --max-cost}).
 */
public interface PaidService {

    /** What one call costs: {@code amount} null when the model declares no price. */
    record Estimate(String provider, String endpoint, Double amount, String currency, String basis) {
    }

    /** The estimated cost of one evaluation with these parameters (defaults filled in). */
    Estimate estimate(Map<String, Object> params);

    /**
     * Whether a result kept in the node's file store (see {@link NodeContext#fileStore()}) would
     * serve an evaluation without calling the service.
     */
    boolean hasStoredResult(Optional<FileStore> store);
}
