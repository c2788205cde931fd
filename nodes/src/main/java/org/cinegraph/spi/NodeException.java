package org.cinegraph.spi;

/** A failure with a message fit to show the user (names the file or value and the cause). */
public class NodeException extends Exception {
    public NodeException(String message) {
        super(message);
    }

    public NodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
