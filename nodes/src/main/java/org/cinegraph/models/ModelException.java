package org.cinegraph.models;

import org.cinegraph.spi.NodeException;

/** A model library or runtime failure, with a message naming the model or file and the cause. */
public class ModelException extends NodeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
