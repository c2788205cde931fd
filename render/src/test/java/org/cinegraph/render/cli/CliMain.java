package org.cinegraph.render.cli;

/** The command line as a JVM entry point, for tests that run it the way git does (the app's Launcher lives in app/). */
public final class CliMain {
    private CliMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.main(args));
    }
}
