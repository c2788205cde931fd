package org.cinegraph.app;

import javafx.application.Application;
import org.cinegraph.app.editor.EditorApp;
import org.cinegraph.render.cli.Cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

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

    // held: java.util.logging keeps loggers weakly, and a collected one forgets its level
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    private static void editor(String[] args) {
        // JavaFX warns on every start that it runs from the class path, which is how we run it
        JAVAFX_LOG.setLevel(Level.SEVERE);
        try {
            Application.launch(EditorApp.class, args);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            System.err.println(whyNoWindow(e));
            System.exit(2);
        }
    }

    /** One line saying why the editor could not open and what works instead (the headless commands). */
    static String whyNoWindow(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) all.append(' ').append(t.getMessage());
        String m = all.toString();
        String instead = "; the commands work without it (cinegraph --help)";
        if (m.contains("DISPLAY")) {
            return "cinegraph: the editor needs a graphical display and found none (DISPLAY is not set or cannot be opened)" + instead;
        }
        if (m.contains("GTK") || m.contains("gtk")) {
            return "cinegraph: the editor needs GTK 3 (Debian/Ubuntu: apt install libgtk-3-0)" + instead;
        }
        String first = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "cinegraph: cannot open the editor window: " + first.lines().findFirst().orElse("") + instead;
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
