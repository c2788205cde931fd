package org.cinegraph.models;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsTest {
    /** A file laid out by hand from the format's description (as another tool writes it), not by our writer. */
    private static byte[] handMade(String header, float... values) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    private static Safetensors.Contents read(byte[] b) throws IOException {
        return Safetensors.read(new ByteArrayInputStream(b), "t.safetensors");
    }

    @Test
    void readsAFileWrittenToTheFormatsDescription() throws Exception {
        // keys out of data order, as other writers may put them
        byte[] f = handMade("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]}}", 1.5f, -2f, 3f);
        Safetensors.Contents c = read(f);
        assertThat(c.metadata()).containsEntry("k", "v");
        assertThat(c.tensors().keySet()).containsExactly("a", "b");
        assertThat(c.tensors().get("a").shape()).containsExactly(2, 1);
        assertThat(c.tensors().get("a").data()).containsExactly(1.5f, -2f);
        assertThat(c.tensors().get("b").data()).containsExactly(3f);
    }

    @Test
    void writesDeterministicallyAndReadsBack() throws Exception {
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
        t.put("w", new Safetensors.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put("b", new Safetensors.Tensor(new long[] {3}, new float[] {0.25f, Float.MIN_VALUE, -0f}));
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        Safetensors.write(one, t, Map.of("format", "x"));
        Safetensors.write(two, t, Map.of("format", "x"));
        assertThat(one.toByteArray()).isEqualTo(two.toByteArray());
        long headerLength = ByteBuffer.wrap(one.toByteArray(), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        Safetensors.Contents back = read(one.toByteArray());
        assertThat(back.metadata()).containsEntry("format", "x");
        assertThat(back.tensors().keySet()).containsExactly("w", "b");
        assertThat(back.tensors().get("b").data()).containsExactly(0.25f, Float.MIN_VALUE, -0f);
    }

    @Test
    void malformedFilesAreRefusedNamingTheFileAndTheCause() throws Exception {
        assertThatThrownBy(() -> read(new byte[] {1, 2})).hasMessageContaining("t.safetensors").hasMessageContaining("not a safetensors file");
        assertThatThrownBy(() -> read(handMade("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 1f)))
                .hasMessageContaining("tensor a is F16");
        assertThatThrownBy(() -> read(handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 1f)))
                .hasMessageContaining("outside the 4 data bytes");
        assertThatThrownBy(() -> read(handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 1f, 2f)))
                .hasMessageContaining("its shape needs 12");
        assertThatThrownBy(() -> read(handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1f, 2f)))
                .hasMessageContaining("4 bytes after the last tensor");
        assertThatThrownBy(() -> read(handMade("{not json", 1f))).hasMessageContaining("header is not JSON");
        byte[] huge = handMade("{}");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        assertThatThrownBy(() -> read(huge)).hasMessageContaining("header length");
        assertThatThrownBy(() -> read(Arrays.copyOf(handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1f), 20)))
                .hasMessageContaining("truncated");
    }
}
