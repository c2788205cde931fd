package org.cinegraph.models.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the independent reference programs (Debian's python3 with OpenCV, the package's own binaries) in test setup. */
final class References {
    private References() {
    }

    /** Debian's interpreter, where apt's python3-opencv and python3-onnx live (a pyenv or venv python3 may lack them). */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static Path script(String name) {
        return Path.of("src/test/python").resolve(name).toAbsolutePath();
    }

    /** Runs a command in {@code dir}; a failure throws with its output. */
    static void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cinegraph-ref", ".log");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
