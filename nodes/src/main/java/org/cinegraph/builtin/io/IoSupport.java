package org.cinegraph.builtin.io;

import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.OutputNames;

/** Shared checks of the file nodes. */
final class IoSupport {
    private IoSupport() {
    }

    static String requireFileParam(String value, String what) throws NodeException {
        if (value == null || value.isBlank()) throw new NodeException("no " + what + " chosen: set the 'file' parameter");
        return value.trim();
    }

    static String requireName(String value, String param) throws NodeException {
        if (value == null || value.isBlank()) throw new NodeException("parameter '" + param + "' must name an output file");
        String problem = OutputNames.problem(value);
        if (problem != null) throw new NodeException("parameter '" + param + "': output name " + OutputNames.quote(value) + " " + problem);
        return value.trim();
    }
}
