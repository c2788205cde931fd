package org.cinegraph.app;

import org.cinegraph.render.cli.Cli;

/**
 * Entry point of the `cinegraph` command. Commands (render, validate, fmt, nodes) run headless;
 * the editor window comes with the editor work and will open when no command is given.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        UserDirs.applyDefaults();
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        System.exit(Cli.main(args));
    }
}
