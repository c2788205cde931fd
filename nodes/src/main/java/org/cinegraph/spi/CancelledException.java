package org.cinegraph.spi;

/** Thrown by {@link NodeContext#checkCancelled()} once the render is cancelled. */
public class CancelledException extends RuntimeException {
    public CancelledException() {
        super("render cancelled");
    }
}
