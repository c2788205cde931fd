package org.cinegraph.spi;

import java.util.List;
import java.util.Map;

/**
 * A kind of node. Implementations are stateless and thread-safe; built-ins and plugin jars
 * register them through {@link java.util.ServiceLoader} (META-INF/services/org.cinegraph.spi.NodeType).
 */
public interface NodeType {

    NodeSpec spec();

    /**
     * Computes the outputs from the inputs and parameters. Clip outputs should be lazy (frames
     * computed when pulled). Long work calls {@link NodeContext#checkCancelled()} and reports
     * {@link NodeContext#progress(double)}.
     *
     * @return a value for every declared output, keyed by output name
     * @throws NodeException for failures the user can act on (bad file, bad value)
     */
    Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception;

    /**
     * The models a node of this type needs with these parameters (defaults filled in). They go
     * into the graph file's {@code requires.models} and into the node's cache key, so new
     * weights recompute the node.
     */
    default List<ModelRef> requiredModels(Map<String, Object> params) {
        return List.of();
    }

    /**
     * Whether the result depends on this parameter. Parameters that only govern how the work is
     * done (a remote call's timeout) return false and stay out of the cache key, so changing them
     * never recomputes, or pays for, a result again.
     */
    default boolean resultDependsOn(String param) {
        return true;
    }
}
