package org.cinegraph.render.farm;

import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.cli.Cli;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storyboard example on a live Slurm cluster (CI starts a one-node one with .ci/slurm-cluster.sh):
 * submitted in 4 chunks, waited for, compared with a local render of the same graph.
 */
class SlurmFarmTest {
    private static final Path STORYBOARD = Path.of("../assets/examples/storyboard.cgraph").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    @BeforeAll
    static void slurmAnswers() throws Exception {
        boolean up;
        try {
            Process p = new ProcessBuilder("sinfo", "-h").redirectErrorStream(true).start();
            up = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            up = false;
        }
        Assumptions.assumeTrue(up, "no Slurm controller answers here (CI starts one with .ci/slurm-cluster.sh)");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Renderer r = new Renderer(NodeRegistry.standard(), ModelLibrary.fromEnvironment(), new RenderSettings(dir.resolve("cache"), 1L << 30, 2),
                new RenderHistory(dir.resolve("history")));
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), r,
                new CancelToken()).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theStoryboardRendersInFourChunksOnSlurmLikeALocalRender() throws Exception {
        Path launcher = FarmFixture.launcher(dir, dir.resolve("cache"), dir.resolve("history"));
        Run local = run("render", STORYBOARD.toString(), "--out", dir.resolve("local").toString(), "--no-cache");
        assertThat(local.code()).as(local.err()).isZero();

        // 240 frames at 24 fps: chunks of 60 frames become 72 (whole key-frame intervals), so 4 chunks
        Run submit = run("farm", "submit", STORYBOARD.toString(), "--engine", "slurm", "--chunk", "60", "--out", dir.resolve("farm").toString(),
                "--work", dir.resolve("work").toString(), "--launcher", launcher.toString(), "--wait");
        assertThat(submit.code()).as(submit.out() + submit.err()).isZero();
        assertThat(submit.out()).containsPattern("(?m)^prepare \\d+$").containsPattern("(?m)^chunks \\d+ \\(4 tasks of frames 0-239\\)$")
                .containsPattern("(?m)^assemble \\d+$");

        Path a = dir.resolve("local/storyboard.mp4"), b = dir.resolve("farm/storyboard.mp4");
        assertThat(FarmFixture.timestamps(b)).hasSize(240).isEqualTo(FarmFixture.timestamps(a));
        FarmFixture.Closeness c = FarmFixture.closeness(a, b);
        assertThat(c.minPsnr()).as(c.toString()).isGreaterThan(35);
        assertThat(org.cinegraph.media.Provenance.read(b)).isEqualTo(org.cinegraph.media.Provenance.read(a));

        // status of the finished jobs, by work folder
        Run status = run("farm", "status", dir.resolve("work").toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).startsWith("assembled").contains("COMPLETED").doesNotContain("FAILED");
    }

    @Test
    void sbatchRefusalsComeBackAsOneLine() throws Exception {
        Path launcher = FarmFixture.launcher(dir, dir.resolve("cache"), dir.resolve("history"));
        Run r = run("farm", "submit", STORYBOARD.toString(), "--partition", "no-such-partition", "--out", dir.resolve("nope").toString(),
                "--work", dir.resolve("nope-work").toString(), "--launcher", launcher.toString());
        assertThat(r.code()).isEqualTo(Cli.FAILED);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("cinegraph: sbatch refused the prepare job:").containsIgnoringCase("partition");
    }

    @Test
    void cancelStopsAPendingRender() throws Exception {
        Path launcher = FarmFixture.launcher(dir, dir.resolve("cache"), dir.resolve("history"));
        Path work = dir.resolve("cancel-work");
        Run submit = run("farm", "submit", STORYBOARD.toString(), "--chunk", "120", "--out", dir.resolve("cancelled").toString(),
                "--work", work.toString(), "--launcher", launcher.toString());
        assertThat(submit.code()).as(submit.err()).isZero();
        Run cancel = run("farm", "cancel", work.toString());
        assertThat(cancel.code()).as(cancel.err()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String out;
        do {
            Thread.sleep(500);
            out = run("farm", "status", work.toString()).out();
        } while ((out.contains("RUNNING") || out.contains("PENDING") || out.contains("COMPLETING")) && System.nanoTime() < deadline);
        assertThat(out).contains("CANCELLED").doesNotContain("RUNNING");
        assertThat(dir.resolve("cancelled/storyboard.mp4")).doesNotExist();
    }
}
