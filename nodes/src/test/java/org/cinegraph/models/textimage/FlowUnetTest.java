package org.cinegraph.models.textimage;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The weights file and the prompt vocabulary of the project's text-to-image model. */
class FlowUnetTest {
    @TempDir
    Path dir;

    @Test
    void weightsThatDoNotMatchTheLayoutAreRefusedNamingTheFile() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             FlowUnet small = FlowUnet.initialise(m, 10, 1)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            small.save(bytes);
            try (FlowUnet back = FlowUnet.load(new ByteArrayInputStream(bytes.toByteArray()), m, "small.safetensors")) {
                assertThat(back.parameterCount()).isEqualTo(small.parameterCount());
            }
            byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 100);
            assertThatThrownBy(() -> FlowUnet.load(new ByteArrayInputStream(cut), m, "cut.safetensors")).isInstanceOf(IOException.class);
            Path dir2 = Files.createDirectories(dir.resolve("model"));
            Files.write(dir2.resolve(TextToImageModel.WEIGHTS), bytes.toByteArray());
            Files.writeString(dir2.resolve(TextToImageModel.VOCABULARY), "cat\nfire\n");
            assertThatThrownBy(() -> TextToImageModel.load(dir2, m)).isInstanceOf(IOException.class)
                    .hasMessageContaining("weights.safetensors").hasMessageContaining("trained with 9 words");
        }
    }

    @Test
    void theVocabularyReadsPromptsAsBagsOfKnownWords() {
        Vocabulary v = new Vocabulary(List.of("cat", "red", "heart", "box"));
        assertThat(Vocabulary.tokens("A Red-Heart, with the CAT!")).containsExactly("red", "heart", "cat");
        assertThat(v.unknown("two cats and a dog")).containsExactly("two", "dog");
        float[] row = v.bagOfWords("red heart heart");
        assertThat(row[v.token("red")]).isEqualTo(0.5f);
        assertThat(row[v.token("heart")]).isEqualTo(0.5f);
        assertThat(v.token("boxes")).isEqualTo(v.token("box"));
        assertThat(v.bagOfWords("nothing known")[0]).isEqualTo(1f);
    }
}
