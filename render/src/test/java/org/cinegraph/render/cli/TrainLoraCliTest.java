package org.cinegraph.render.cli;

import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.textimage.LoraTrainer;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cinegraph train lora}: progress on stderr, a stop that leaves a checkpoint, resume, the LoRA installed and verified. */
class TrainLoraCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(ModelLibrary lib, CancelToken cancel, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), NodeRegistry.standard(),
                new RenderSettings(dir.resolve("cache"), 1L << 30, 2), cancel, lib, new RenderHistory(dir.resolve("history"))).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path images() throws Exception {
        Path d = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setColor(new Color(0x2E7D32));
            g.fillRect(6 + i, 6, 18, 18);
            g.dispose();
            ImageIO.write(img, "png", d.resolve("square" + i + ".png").toFile());
        }
        return d;
    }

    @Test
    void aStoppedTrainingResumesAndTheLoraIsInstalled() throws Exception {
        ModelLibrary lib = new ModelLibrary(dir.resolve("models"));
        String imgs = images().toString();
        CancelToken stopped = new CancelToken();
        stopped.cancel();
        Run first = run(lib, stopped, "train", "lora", "--images", imgs, "--caption", "a blib square", "--out", "blib", "--steps", "4", "--batch", "2", "--rank", "2");
        assertThat(first.code()).isEqualTo(Cli.CANCELLED);
        assertThat(first.err()).contains("training stopped after step 0 of 4").contains("--resume").doesNotContain("Exception");
        assertThat(LoraTrainer.checkpointFolder(lib, "blib").resolve("state.json")).exists();
        assertThat(lib.find("blib")).isEmpty();

        Run resumed = run(lib, new CancelToken(), "train", "lora", "--images", imgs, "--caption", "a blib square", "--out", "blib", "--steps", "4", "--batch", "2",
                "--rank", "2", "--resume");
        assertThat(resumed.code()).as(resumed.err()).isEqualTo(Cli.OK);
        assertThat(resumed.err()).contains("resuming LoRA blib after step 0 of 4").contains("new to the model: blib").contains("step 4/4").contains("ETA");
        assertThat(resumed.out()).contains("installed LoRA blib").contains("trigger words: blib square");
        ModelLibrary.Installed l = lib.find("blib").orElseThrow();
        assertThat(lib.verify(l)).isEmpty();
        assertThat(l.manifest().lora().steps()).isEqualTo(4);
        assertThat(LoraTrainer.checkpointFolder(lib, "blib")).doesNotExist();
    }

    @Test
    void badInputIsOneLine() throws Exception {
        ModelLibrary lib = new ModelLibrary(dir.resolve("models"));
        Run noImages = run(lib, new CancelToken(), "train", "lora", "--images", dir.resolve("none").toString(), "--caption", "x", "--out", "x");
        assertThat(noImages.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(noImages.err().strip()).isEqualTo("cinegraph: train lora: " + dir.resolve("none") + ": not a folder of images");
        Run badName = run(lib, new CancelToken(), "train", "lora", "--images", images().toString(), "--caption", "x", "--out", "Bad Name");
        assertThat(badName.err()).contains("LoRA name 'Bad Name' must be lower-case");
        Run noResume = run(lib, new CancelToken(), "train", "lora", "--images", images().toString(), "--caption", "a blib", "--out", "never", "--resume");
        assertThat(noResume.err()).contains("nothing to resume for LoRA never");
        Run badRank = run(lib, new CancelToken(), "train", "lora", "--images", images().toString(), "--caption", "a blib", "--out", "r", "--rank", "0");
        assertThat(badRank.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(badRank.err()).contains("rank must be 1..64");
    }
}
