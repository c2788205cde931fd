package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/** One hosted platform's protocol: run a request to completion, upload an input file. */
interface Provider {

    /** A finished request: the provider's id for it, its output, and how long it took. */
    record Outcome(String requestId, JsonNode output, long millis) {
    }

    /**
     * Submits {@code input}, follows the request (queue position and logs go to the call's status)
     * until it completes, and returns the output. Cancelling the render, or running out of time,
     * cancels the request at the provider too.
     */
    Outcome run(String endpoint, String version, ObjectNode input, CallContext call) throws RemoteException;

    /** Uploads an input file and returns the URL the provider accepts for it. */
    String upload(Path file, String contentType, CallContext call) throws RemoteException;
}
