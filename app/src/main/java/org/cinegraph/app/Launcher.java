package org.cinegraph.app;

import javafx.application.Application;
import org.cinegraph.app.editor.EditorApp;
import org.cinegraph.render.cli.Cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the `cinegraph` command. No arguments opens the editor on the storyboard
 * example; {@code open FILE.cgraph} opens the editor on that file; anything else is a headless
 * command (render, validate, fmt, nodes). The JavaFX application class is not the main class,
 * so JavaFX on the class path (not the module path) starts normally.
 */
public final class Launcher {
    static final String EXAMPLE = "assets/examples/storyboard.cgraph";
    /** Where the app image (installer/build.sh) keeps the examples, beside the jars. */
    static final String PACKAGED_EXAMPLE = "examples/storyboard.cgraph";

    private Launcher() {
    }

    public static void main(String[] args) {
        UserDirs.applyDefaults();
        if (args.length == 0) {
            Path example = findExample();
            editor(example == null ? new String[0] : new String[]{example.toString()});
            return;
        }
        if (args[0].equals("open")) {
            if (args.length > 2) {
                System.err.println("usage: cinegraph open [FILE.cgraph]");
                System.exit(2);
            }
            // The desktop entry runs "open %f": from the menu there is no file, so open the example.
            Path example = args.length == 2 ? Path.of(args[1]).toAbsolutePath() : findExample();
            editor(example == null ? new String[0] : new String[]{example.toString()});
            return;
        }
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        System.exit(Cli.main(args));
    }

    private static void editor(String[] args) {
        try {
            Application.launch(EditorApp.class, args);
        } catch (RuntimeException e) {
            // typically no display: say so instead of a stack trace, and point at the headless commands
            System.err.println("cinegraph: cannot open the editor window: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            System.err.println("cinegraph: without a display use a command: render, validate, fmt, nodes (cinegraph --help)");
            System.exit(2);
        }
    }

    /** The storyboard example in the install (repository) root, found from where this class was loaded, else the working folder. */
    static Path findExample() {
        try {
            Path here = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = here; p != null; p = p.getParent()) {
                for (String rel : new String[]{EXAMPLE, PACKAGED_EXAMPLE}) {
                    Path candidate = p.resolve(rel);
                    if (Files.isRegularFile(candidate)) return candidate;
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working folder
        }
        Path cwd = Path.of(EXAMPLE).toAbsolutePath();
        return Files.isRegularFile(cwd) ? cwd : null;
    }
}
