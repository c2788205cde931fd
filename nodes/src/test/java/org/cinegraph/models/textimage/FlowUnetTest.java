package org.cinegraph.models.textimage;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
    void weightsWithoutTheFilmLayersGrowIntoTheSameFunction() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             FlowUnet net = FlowUnet.initialise(m, 10, 3)) {
            // an earlier layout: everything but the FiLM layers, with trained (non-zero) values
            java.util.Map<String, org.cinegraph.models.Safetensors.Tensor> old = new java.util.LinkedHashMap<>();
            java.util.Random rnd = new java.util.Random(5);
            net.parameters().forEach((name, a) -> {
                if (name.contains(".film.")) return;
                org.cinegraph.models.Safetensors.Tensor t = FlowUnet.tensor(a);
                float[] d = t.data();
                for (int i = 0; i < d.length; i++) d[i] += 0.01f * (float) rnd.nextGaussian();
                old.put(name, t);
            });
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            org.cinegraph.models.Safetensors.write(bytes, old, java.util.Map.of());
            assertThatThrownBy(() -> FlowUnet.load(new ByteArrayInputStream(bytes.toByteArray()), m, "old.safetensors"))
                    .isInstanceOf(IOException.class).hasMessageContaining("old.safetensors").hasMessageContaining("film");
            try (FlowUnet grown = FlowUnet.grownFrom(new ByteArrayInputStream(bytes.toByteArray()), m, "old.safetensors", 9)) {
                // the file's tensors are taken as they are; the FiLM layers start neutral (scale 1, shift 0)
                assertThat(grown.parameters().get("down1.conv1.w").toFloatArray()).containsExactly(old.get("down1.conv1.w").data());
                assertThat(grown.parameters().get("mid.film.w").abs().sum().getFloat()).isZero();
                assertThat(grown.parameters().get("mid.film.b").abs().sum().getFloat()).isZero();
                NDArray x = m.randomNormal(new Shape(1, 3, FlowUnet.SIZE, FlowUnet.SIZE));
                NDArray t = m.create(new float[] {0.5f});
                float[] bag = new float[10];
                bag[3] = 1;
                NDArray text = grown.embed(m.create(bag, new Shape(1, 10)));
                float[] neutral = grown.forward(x, t, text).toFloatArray();
                // and they are wired in: a non-zero shift changes the velocity
                try (FlowUnet shifted = grown.withWeights(java.util.Map.of("mid.film.b", m.ones(new Shape(256))))) {
                    assertThat(shifted.forward(x, t, text).toFloatArray()).isNotEqualTo(neutral);
                }
            }
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
