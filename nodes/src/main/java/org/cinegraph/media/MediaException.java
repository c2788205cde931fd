package org.cinegraph.media;

/** A media file could not be read or written; the message names the file and the cause. */
public class MediaException extends RuntimeException {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
