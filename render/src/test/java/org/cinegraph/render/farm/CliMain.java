package org.cinegraph.render.farm;

import org.cinegraph.render.cli.Cli;

/** The command line as a process of its own, for tests that signal or schedule it (the launcher's job outside tests). */
public final class CliMain {
    private CliMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.main(args));
    }
}
