package org.cinegraph.render.cli;

import sun.misc.Signal;

/**
 * Turns Ctrl-C into cooperative cancellation so a render stops cleanly (temp files removed,
 * no half-written output) and exits 130. A second Ctrl-C exits at once.
 */
final class SignalHandling {
    private SignalHandling() {
    }

    static void onInterrupt(Runnable action) {
        try {
            Signal.handle(new Signal("INT"), new sun.misc.SignalHandler() {
                private volatile boolean once;

                @Override
                public void handle(Signal sig) {
                    if (once) Runtime.getRuntime().halt(130);
                    once = true;
                    System.err.println();
                    System.err.println("cinegraph: cancelling (Ctrl-C again to quit at once)...");
                    action.run();
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No SIGINT on this platform: the JVM's default handling applies.
        }
    }
}
