package org.cinegraph.models.esrgan;

import org.cinegraph.models.Tensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.cinegraph.media.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TfjsWeightsTest {

    private static final String MODEL = """
            {"format": "layers-model", "modelTopology": {},
             "weightsManifest": [{"paths": ["a.bin", "b.bin"], "weights": [
               {"name": "k", "shape": [1, 1, 2, 3], "dtype": "float32"},
               {"name": "b", "shape": [3], "dtype": "float32"}]}]}
            """;

    private static void floats(Path file, float... values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        Files.write(file, b.array());
    }

    @Test
    void readsTensorsInManifestOrderAcrossShards(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.json"), MODEL);
        floats(dir.resolve("a.bin"), 1, 2, 3, 4);
        floats(dir.resolve("b.bin"), 5, 6, 7, 8, 9);
        TfjsWeights w = TfjsWeights.read(dir);
        assertThat(w.require("k").shape()).containsExactly(1, 1, 2, 3);
        assertThat(w.require("k").data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(w.require("b").data()).containsExactly(7, 8, 9);
        assertThatThrownBy(() -> w.require("missing")).hasMessageContaining("model.json")
                .hasMessageContaining("missing");
    }

    @Test
    void shortOrLongShardsNameTheFilesAndTheWeight(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.json"), MODEL);
        floats(dir.resolve("a.bin"), 1, 2, 3, 4);
        floats(dir.resolve("b.bin"), 5, 6, 7);
        assertThatThrownBy(() -> TfjsWeights.read(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("a.bin").hasMessageContaining("too short").hasMessageContaining("weight b");
        floats(dir.resolve("b.bin"), 5, 6, 7, 8, 9, 10);
        assertThatThrownBy(() -> TfjsWeights.read(dir)).hasMessageContaining("4 bytes left");
        Files.delete(dir.resolve("b.bin"));
        assertThatThrownBy(() -> TfjsWeights.read(dir)).hasMessageContaining("b.bin").hasMessageContaining("not found");
    }

    @Test
    void notAnRdnModelIsRefusedByTheNetwork(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.json"), MODEL);
        floats(dir.resolve("a.bin"), 1, 2, 3, 4);
        floats(dir.resolve("b.bin"), 5, 6, 7, 8, 9);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> EsrganNetwork.load(dir, m)).hasMessageContaining("model.json")
                    .hasMessageContaining("weight F_m1/kernel missing");
        }
    }

    @Test
    void tensorsRoundTripAtTheEsrganRange() {
        int[] px = {0xff000000, 0xffff0000, 0xff00ff00, 0xff0000ff, 0x80123456, 0xfffedcba};
        Frame f = new Frame(3, 2, px);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray rgb = Tensors.fromFrame(m, f, 255f);
            assertThat(rgb.getShape().getShape()).containsExactly(1, 3, 2, 3);
            assertThat(rgb.getFloat(0, 0, 0, 1)).isEqualTo(255f);
            assertThat(rgb.getFloat(0, 2, 1, 2)).isEqualTo(0xba);
            Frame back = Tensors.toFrame(rgb, 255f);
            assertThat(back.pixels()).containsExactly(0xff000000, 0xffff0000, 0xff00ff00, 0xff0000ff, 0xff123456,
                    0xfffedcba);
        }
    }
}
