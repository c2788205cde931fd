package org.cinegraph.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors file format, the one tensor format every weight file this project writes uses
 * (so they open in other tools): an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range (plus an optional {@code __metadata__} map of strings), then
 * the raw little-endian data. Only float32 tensors are written and read. Writing is deterministic
 * (tensors in the given order, header padded with spaces to 8 bytes), so the same weights always
 * hash the same.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    /** Larger headers are refused before allocating (a corrupt length must not exhaust memory). */
    private static final long MAX_HEADER = 100L << 20;

    /** A float32 tensor: its shape and its values in row-major order. */
    public record Tensor(long[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (long d : shape) n *= d;
            if (n != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not " + data.length);
        }
    }

    /** Tensors in file order and the header's metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** What the header says of one tensor, whatever its dtype. */
    public record Info(String dtype, long[] shape) {
    }

    private Safetensors() {
    }

    /** The header alone (any dtype), e.g. to see which layers a LoRA from elsewhere adapts and at what rank. */
    public static Map<String, Info> header(InputStream in, String source) throws IOException {
        JsonNode header = readHeader(in, source);
        Map<String, Info> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) continue;
            JsonNode shape = e.getValue().path("shape");
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) dims[i] = shape.get(i).asLong();
            out.put(e.getKey(), new Info(e.getValue().path("dtype").asText(), dims));
        }
        return out;
    }

    private static JsonNode readHeader(InputStream in, String source) throws IOException {
        byte[] lenBytes = in.readNBytes(8);
        if (lenBytes.length < 8) throw new IOException(source + ": not a safetensors file (shorter than its header length)");
        long len = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (len < 2 || len > MAX_HEADER) throw new IOException(source + ": not a safetensors file (header length " + len + ")");
        byte[] headBytes = in.readNBytes((int) len);
        if (headBytes.length < len) throw new IOException(source + ": truncated safetensors header");
        JsonNode header;
        try {
            header = JSON.readTree(new String(headBytes, StandardCharsets.UTF_8).strip());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(source + ": safetensors header is not JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) throw new IOException(source + ": safetensors header is not a JSON object");
        return header;
    }

    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) shape.add(d);
            long end = offset + 4L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(head);
        for (Tensor t : tensors.values()) {
            ByteBuffer le = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            le.asFloatBuffer().put(t.data());
            out.write(le.array());
        }
        out.flush();
    }

    /**
     * Reads a whole file, checking the header (dtypes, shapes against byte ranges, ranges that
     * tile the data exactly).
     *
     * @param source names the file in error messages
     */
    public static Contents read(InputStream in, String source) throws IOException {
        JsonNode header = readHeader(in, source);
        byte[] data = in.readAllBytes();
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        long expectedStart = 0;
        // Tensors are returned in data order, which is how this class writes them.
        java.util.List<Map.Entry<String, JsonNode>> entries = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                if (!e.getValue().isObject()) throw new IOException(source + ": " + METADATA + " is not an object");
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                entries.add(e);
            }
        }
        entries.sort(java.util.Comparator.comparingLong(e -> e.getValue().path("data_offsets").path(0).asLong(-1)));
        for (Map.Entry<String, JsonNode> e : entries) {
            String name = e.getKey();
            JsonNode t = e.getValue();
            String dtype = t.path("dtype").asText();
            if (!dtype.equals("F32")) throw new IOException(source + ": tensor " + name + " is " + (dtype.isEmpty() ? "untyped" : dtype) + ", only F32 is read");
            JsonNode shapeNode = t.path("shape");
            JsonNode off = t.path("data_offsets");
            if (!shapeNode.isArray() || !off.isArray() || off.size() != 2) throw new IOException(source + ": tensor " + name + " lacks a shape or data_offsets");
            long[] shape = new long[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) throw new IOException(source + ": tensor " + name + " has a negative dimension");
                count *= shape[i];
            }
            long start = off.get(0).asLong(-1);
            long end = off.get(1).asLong(-1);
            if (start != expectedStart || end < start || end > data.length) {
                throw new IOException(source + ": tensor " + name + " has data offsets [" + start + ", " + end + "] outside the " + data.length + " data bytes or overlapping another");
            }
            if (end - start != 4 * count) throw new IOException(source + ": tensor " + name + " holds " + (end - start) + " bytes, its shape needs " + 4 * count);
            float[] values = new float[(int) count];
            ByteBuffer.wrap(data, (int) start, (int) (end - start)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            tensors.put(name, new Tensor(shape, values));
            expectedStart = end;
        }
        if (expectedStart != data.length) throw new IOException(source + ": " + (data.length - expectedStart) + " bytes after the last tensor");
        return new Contents(tensors, metadata);
    }
}
