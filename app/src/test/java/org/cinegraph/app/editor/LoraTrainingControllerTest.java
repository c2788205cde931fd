package org.cinegraph.app.editor;

import org.cinegraph.app.task.SameThreadTaskRunner;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.textimage.LoraTrainer;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Models > Train LoRA: the dialog's answer trains in the background and the status line says how it went. */
class LoraTrainingControllerTest {
    @TempDir
    Path dir;

    @Test
    void theDialogsTrainingRunsAndInstallsTheLora() throws Exception {
        Path images = motif(dir.resolve("images"), new Color(0x1565C0));
        ModelLibrary lib = new ModelLibrary(dir.resolve("models"));
        EditorModel model = new EditorModel(NodeRegistry.standard(), new Document(Graph.EMPTY, null));
        LoraTrainer.Options o = new LoraTrainer.Options("twemoji-flow", images, "a blue plop", "plop", 2, 2, 3, 2, 0.003f, 1, false);
        LoraTrainingController c = new LoraTrainingController(model, new SameThreadTaskRunner(), () -> lib, initial -> Optional.of(o));
        c.train();
        assertThat(model.statusProperty().get()).startsWith("LoRA plop installed in").contains("verified");
        assertThat(lib.find("plop")).isPresent();
        assertThat(c.runningProperty().get()).isFalse();
        assertThat(c.losses()).hasSize(3);
        assertThat(c.progressProperty().get()).isEqualTo(model.statusProperty().get());

        LoraTrainingController refused = new LoraTrainingController(model, new SameThreadTaskRunner(), () -> lib,
                initial -> Optional.of(new LoraTrainer.Options("twemoji-flow", dir.resolve("none"), "x", "x", 2, 2, 3, 2, 0.003f, 1, false)));
        refused.train();
        assertThat(model.statusProperty().get()).startsWith("LoRA training failed: ").contains("not a folder of images");
    }

    /** Two 32x32 images of a coloured disc, a pixel apart: a motif to train on. */
    static Path motif(Path folder, Color colour) throws java.io.IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < 2; i++) {
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setColor(colour);
            g.fillOval(4 + i, 4, 22, 22);
            g.dispose();
            ImageIO.write(img, "png", folder.resolve("dot" + i + ".png").toFile());
        }
        return folder;
    }

    @Test
    void theFormSaysWhatIsMissing() throws Exception {
        assertThat(FxLoraDialogs.problem("", "a zorb", "zorb")).contains("folder");
        assertThat(FxLoraDialogs.problem(dir.toString(), " ", "zorb")).contains("caption");
        assertThat(FxLoraDialogs.problem(dir.toString(), "a zorb", "Zorb!")).contains("lower-case");
        assertThat(FxLoraDialogs.problem(dir.toString(), "a zorb", "zorb")).isNull();
    }
}
