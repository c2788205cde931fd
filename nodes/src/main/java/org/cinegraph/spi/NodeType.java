package org.cinegraph.spi;

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
}
