package org.cinegraph.spi;

import java.util.Collection;

/**
 * Supplies node types that are not classes of their own, e.g. one type per model manifest in
 * the model library. Registered through {@link java.util.ServiceLoader}
 * (META-INF/services/org.cinegraph.spi.NodeTypeSource); asked once when the registry loads.
 */
public interface NodeTypeSource {
    Collection<NodeType> types();
}
