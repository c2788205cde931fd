package org.cinegraph.models.ncnn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sequential reader of an ncnn {@code .bin}: layers' weights back to back in .param order.
 * Weight blobs (e.g. convolution kernels) start with a uint32 storage tag; bias and PReLU slopes
 * are raw float32 with no tag.
 */
final class NcnnBin {

    /** fp16 data follows, padded to a multiple of 4 bytes. */
    static final int TAG_FP16 = 0x01306B47;
    /** int8 data follows (quantized models). */
    static final int TAG_INT8 = 0x000D4B38;
    /** raw fp32 data follows. */
    static final int TAG_FP32 = 0x0002C056;

    private final Path file;
    private final ByteBuffer buf;

    NcnnBin(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not found");
        }
        this.file = file;
        this.buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A tagged weight blob of {@code count} values, as float32. */
    float[] tagged(int count, String what) throws IOException {
        need(4, what + " storage tag");
        int at = buf.position();
        int tag = buf.getInt();
        float[] out = new float[count];
        if (tag == TAG_FP16) {
            int bytes = count * 2;
            need(bytes, what + " (" + count + " fp16 values)");
            for (int i = 0; i < count; i++) {
                out[i] = halfToFloat(buf.getShort());
            }
            int pad = (4 - bytes % 4) % 4;
            need(pad, what + " alignment padding");
            buf.position(buf.position() + pad);
        } else if (tag == TAG_FP32 || tag == 0) {
            need(count * 4L, what + " (" + count + " fp32 values)");
            buf.asFloatBuffer().get(out);
            buf.position(buf.position() + count * 4);
        } else if (tag == TAG_INT8) {
            throw new IOException(file + ": " + what + " at byte " + at + " is int8-quantized; not supported");
        } else {
            throw new IOException(file + ": " + what + " at byte " + at + " has unknown storage tag 0x"
                    + Integer.toHexString(tag) + " (the .bin does not match the .param, or uses table quantization)");
        }
        return out;
    }

    /** {@code count} raw float32 values (bias, PReLU slopes). */
    float[] raw(int count, String what) throws IOException {
        need(count * 4L, what + " (" + count + " fp32 values)");
        float[] out = new float[count];
        buf.asFloatBuffer().get(out);
        buf.position(buf.position() + count * 4);
        return out;
    }

    /** Fails unless the whole file was consumed: a longer file means the .param and .bin disagree. */
    void expectEnd() throws IOException {
        if (buf.hasRemaining()) {
            throw new IOException(file + ": " + buf.remaining() + " bytes left after the last layer's weights;"
                    + " the .bin does not match the .param");
        }
    }

    private void need(long bytes, String what) throws IOException {
        if (buf.remaining() < bytes) {
            throw new IOException(file + ": too short: " + what + " needs " + bytes + " bytes at byte "
                    + buf.position() + " but the file ends after " + buf.remaining());
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: value = mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
