package org.cinegraph.models.remote;

import org.cinegraph.spi.NodeException;

/** A remote call failed; the message is one line naming the node, the endpoint and the cause. */
public final class RemoteException extends NodeException {
    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
