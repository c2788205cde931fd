package org.cinegraph.render.farm;

/** A farm engine refused or failed; the message is one line naming the command and its reason. */
public final class FarmException extends Exception {
    public FarmException(String message) {
        super(message);
    }
}
