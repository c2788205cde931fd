package org.cinegraph.render.cli;

import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into cooperative cancellation so a render stops cleanly (temp
 * files removed, no half-written output, remote requests cancelled at their provider) and exits
 * 130 (143 for SIGTERM). A second signal exits at once.
 */
final class SignalHandling {
    private static volatile boolean terminated;

    private SignalHandling() {
    }

    /** Whether the cancellation came from SIGTERM (exit 143) rather than Ctrl-C (exit 130). */
    static boolean terminated() {
        return terminated;
    }

    static void onInterrupt(Runnable action) {
        sun.misc.SignalHandler handler = new sun.misc.SignalHandler() {
            private volatile boolean once;

            @Override
            public void handle(Signal sig) {
                if (once) Runtime.getRuntime().halt(130);
                once = true;
                if (sig.getName().equals("TERM")) terminated = true;
                System.err.println();
                System.err.println("cinegraph: cancelling (Ctrl-C again to quit at once)...");
                action.run();
            }
        };
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), handler);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // No such signal on this platform: the JVM's default handling applies.
            }
        }
    }
}
