package org.cinegraph.models.esrgan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights of a TF.js layers model: {@code model.json} (topology + weightsManifest) and its
 * {@code .bin} shards. Each manifest group's shards are concatenated in {@code paths} order and
 * hold little-endian float32 tensors back to back in manifest order.
 */
public final class TfjsWeights {

    /** One tensor as stored: TF.js shape (e.g. conv kernels [kh, kw, in, out]) and row-major data. */
    public record Tensor(String name, long[] shape, float[] data) {
    }

    private final Path modelJson;
    private final JsonNode topology;
    private final Map<String, Tensor> tensors;

    private TfjsWeights(Path modelJson, JsonNode topology, Map<String, Tensor> tensors) {
        this.modelJson = modelJson;
        this.topology = topology;
        this.tensors = tensors;
    }

    /** Reads {@code model.json} in {@code folder} and the shards it names. */
    public static TfjsWeights read(Path folder) throws IOException {
        Path json = folder.resolve("model.json");
        if (!Files.isRegularFile(json)) {
            throw new IOException(json + ": not found (a TF.js layers model folder holds model.json and its .bin shards)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new IOException(json + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode groups = root.path("weightsManifest");
        if (!groups.isArray() || groups.isEmpty()) {
            throw new IOException(json + ": no weightsManifest");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (JsonNode p : group.path("paths")) {
                Path shard = folder.resolve(p.asText());
                if (!Files.isRegularFile(shard)) {
                    throw new IOException(json + ": weight shard " + shard + " not found");
                }
                joined.write(Files.readAllBytes(shard));
            }
            ByteBuffer buf = ByteBuffer.wrap(joined.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            String shardNames = group.path("paths").toString();
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText();
                String dtype = w.path("dtype").asText("float32");
                if (!"float32".equals(dtype) || w.has("quantization")) {
                    throw new IOException(json + ": weight " + name + " has dtype " + dtype
                            + (w.has("quantization") ? " (quantized)" : "") + "; only unquantized float32 is supported");
                }
                long[] shape = new long[w.path("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asLong();
                    count *= shape[i];
                }
                if ((long) buf.remaining() < count * 4) {
                    throw new IOException(shardNames + " (for " + json + "): too short: weight " + name + " needs "
                            + count * 4 + " bytes at offset " + buf.position() + " but only " + buf.remaining() + " remain");
                }
                float[] data = new float[(int) count];
                buf.asFloatBuffer().get(data);
                buf.position(buf.position() + (int) count * 4);
                tensors.put(name, new Tensor(name, shape, data));
            }
            if (buf.hasRemaining()) {
                throw new IOException(shardNames + " (for " + json + "): " + buf.remaining()
                        + " bytes left after the last weight in the manifest; the shards do not match model.json");
            }
        }
        return new TfjsWeights(json, root.path("modelTopology"), Collections.unmodifiableMap(tensors));
    }

    public Path modelJson() {
        return modelJson;
    }

    /** The Keras topology ({@code modelTopology}), for reading layer settings such as upsampling size. */
    public JsonNode topology() {
        return topology;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The named tensor, or an error naming the file and the missing weight. */
    public Tensor require(String name) throws IOException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IOException(modelJson + ": weight " + name + " missing from the manifest");
        }
        return t;
    }
}
