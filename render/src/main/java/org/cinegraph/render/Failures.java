package org.cinegraph.render;

import org.cinegraph.media.MediaException;
import org.cinegraph.spi.NodeException;

/** Turns what a node threw into a message for the user: the cause's own words, never a stack trace. */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) return "out of memory (raise -Xmx or render fewer frames at once)";
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        else m = NodeException.oneLine(m);
        if (e instanceof NodeException || e instanceof IllegalArgumentException || e instanceof MediaException) return m;
        return m + " (" + e.getClass().getSimpleName() + ")";
    }
}
