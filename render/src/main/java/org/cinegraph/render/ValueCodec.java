package org.cinegraph.render;

import org.cinegraph.media.Frame;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary form of node outputs in the disk cache. Frames are stored raw (fast to write and map
 * back; the cache is bounded in size anyway), deep frames as their floats; written files are stored with their size and
 * modification time so a hit is refused when the file was changed or removed since.
 * Clips are lazy recipes and are not stored: they are cheap to rebuild from cached inputs.
 */
final class ValueCodec {
    private static final int MAGIC = 0x43475631; // "CGV1"

    private ValueCodec() {
    }

    /** Whether every value of these outputs can be stored on disk. */
    static boolean storable(Map<String, Object> values) {
        for (Object v : values.values()) {
            if (!(v instanceof Frame || v instanceof Double || v instanceof Long || v instanceof String
                    || v instanceof Boolean || v instanceof Path)) return false;
        }
        return true;
    }

    static void write(Map<String, Object> values, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(values.size());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.writeUTF(e.getKey());
            Object v = e.getValue();
            if (v instanceof Frame f && f.isDeep()) {
                // deep frames keep their float channels (R, G, B, A per pixel)
                out.writeByte('H');
                out.writeInt(f.width());
                out.writeInt(f.height());
                ByteBuffer buf = ByteBuffer.allocate(f.floats().length * 4);
                buf.asFloatBuffer().put(f.floats());
                out.write(buf.array());
            } else if (v instanceof Frame f) {
                out.writeByte('F');
                out.writeInt(f.width());
                out.writeInt(f.height());
                ByteBuffer buf = ByteBuffer.allocate(f.pixels().length * 4);
                buf.asIntBuffer().put(f.pixels());
                out.write(buf.array());
            } else if (v instanceof Double d) {
                out.writeByte('D');
                out.writeDouble(d);
            } else if (v instanceof Long l) {
                out.writeByte('L');
                out.writeLong(l);
            } else if (v instanceof String s) {
                out.writeByte('S');
                byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            } else if (v instanceof Boolean b) {
                out.writeByte('B');
                out.writeBoolean(b);
            } else if (v instanceof Path p) {
                out.writeByte('P');
                out.writeUTF(p.toAbsolutePath().toString());
                out.writeLong(Files.size(p));
                out.writeLong(Files.getLastModifiedTime(p).toMillis());
            } else {
                throw new IOException("cannot store a " + v.getClass().getSimpleName() + " in the cache");
            }
        }
    }

    /** Reads outputs back; returns null if a stored file no longer matches what was written. */
    static Map<String, Object> read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) throw new IOException("not a cache entry");
        int n = in.readInt();
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int tag = in.readByte();
            switch (tag) {
                case 'F' -> {
                    int w = in.readInt();
                    int h = in.readInt();
                    byte[] b = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 4)];
                    in.readFully(b);
                    int[] px = new int[w * h];
                    ByteBuffer.wrap(b).asIntBuffer().get(px);
                    out.put(name, new Frame(w, h, px));
                }
                case 'H' -> {
                    int w = in.readInt();
                    int h = in.readInt();
                    byte[] b = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 16)];
                    in.readFully(b);
                    float[] px = new float[4 * w * h];
                    ByteBuffer.wrap(b).asFloatBuffer().get(px);
                    out.put(name, Frame.deep(w, h, px));
                }
                case 'D' -> out.put(name, in.readDouble());
                case 'L' -> out.put(name, in.readLong());
                case 'S' -> {
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    out.put(name, new String(b, java.nio.charset.StandardCharsets.UTF_8));
                }
                case 'B' -> out.put(name, in.readBoolean());
                case 'P' -> {
                    Path p = Paths.get(in.readUTF());
                    long size = in.readLong();
                    long mtime = in.readLong();
                    if (!Files.isRegularFile(p) && !Files.isDirectory(p)) return null;
                    if (Files.size(p) != size || Files.getLastModifiedTime(p).toMillis() != mtime) return null;
                    out.put(name, p);
                }
                default -> throw new IOException("unknown value tag " + tag);
            }
        }
        return out;
    }
}
