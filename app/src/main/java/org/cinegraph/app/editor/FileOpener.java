package org.cinegraph.app.editor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Opens a rendered file in the desktop's application for it, or shows it in the file manager.
 * Both may fail (no handler, no desktop): the failure is an exception with a one-line reason, so
 * the editor can say so instead of doing nothing. Called off the FX thread: launching can block.
 */
public interface FileOpener {
    void open(Path file) throws IOException;

    void showInFolder(Path file) throws IOException;

    /** The platform's opener: xdg-open on Linux, open on macOS, explorer on Windows. */
    static FileOpener system() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return new FileOpener() {
                public void open(Path f) throws IOException {
                    run(List.of("open", f.toString()));
                }

                public void showInFolder(Path f) throws IOException {
                    run(List.of("open", "-R", f.toString()));
                }
            };
        }
        if (os.contains("win")) {
            return new FileOpener() {
                public void open(Path f) throws IOException {
                    run(List.of("explorer", f.toString()), true);
                }

                public void showInFolder(Path f) throws IOException {
                    run(List.of("explorer", "/select," + f), true);
                }
            };
        }
        return new FileOpener() {
            public void open(Path f) throws IOException {
                run(List.of("xdg-open", f.toString()));
            }

            public void showInFolder(Path f) throws IOException {
                run(List.of("xdg-open", (java.nio.file.Files.isDirectory(f) ? f : f.toAbsolutePath().getParent()).toString()));
            }
        };
    }

    private static void run(List<String> command) throws IOException {
        run(command, false);
    }

    /**
     * Runs the command and reports a failing exit. A launcher still running after a few seconds
     * has started the application (some stay until it closes): that counts as success.
     */
    private static void run(List<String> command, boolean exitCodeMeaningless) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not available: " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // explorer exits 1 even when it opened the window
        if (!exitCodeMeaningless && p.exitValue() != 0) {
            throw new IOException(command.get(0) + " could not open " + command.get(command.size() - 1) + " (exit " + p.exitValue() + ")");
        }
    }
}
