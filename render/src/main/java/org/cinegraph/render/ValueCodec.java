package org.cinegraph.render;

import org.cinegraph.media.Frame;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Binary form of node outputs in the disk cache. Frames are stored raw (fast to write and map
 * back; the cache is bounded in size anyway), deep frames as their floats; written files are stored with their size and
 * modification time so a hit is refused when the file was changed or removed since.
 * Clips are lazy recipes and are not stored: they are cheap to rebuild from cached inputs.
 *
 * <p>An entry ends with a CRC-32C of the cache key and every byte before it, so a flipped bit,
 * a truncated file or an entry copied under another key's name is refused rather than served
 * (CRC-32C runs in hardware; see the note on its cost in the integrity notes). Every size in an
 * entry is checked against the bytes the file really has before anything is allocated.
 */
final class ValueCodec {
    private static final int MAGIC = 0x43475632; // "CGV2"
    private static final int OLD_MAGIC = 0x43475631; // "CGV1": entries without a checksum
    /** Longest side of a stored frame; larger ones are refused before allocating. */
    static final int MAX_SIDE = 1 << 16;
    private static final int MAX_VALUES = 4096;

    private ValueCodec() {
    }

    /** An entry that is not what was written: damaged, truncated, crafted, or of an older format. */
    static final class DamagedEntry extends IOException {
        final boolean oldFormat;

        DamagedEntry(String why, boolean oldFormat) {
            super(why);
            this.oldFormat = oldFormat;
        }
    }

    /** Whether every value of these outputs can be stored on disk. */
    static boolean storable(Map<String, Object> values) {
        for (Object v : values.values()) {
            if (!(v instanceof Frame || v instanceof Double || v instanceof Long || v instanceof String
                    || v instanceof Boolean || v instanceof Path)) return false;
        }
        return true;
    }

    /** Writes {@code values} as the entry of {@code key}, checksum last. */
    static void write(String key, Map<String, Object> values, OutputStream raw) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
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
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
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
        out.flush();
        new DataOutputStream(raw).writeInt((int) crc.getValue());
    }

    /**
     * Reads the entry of {@code key} back from a file of {@code length} bytes; returns null if a
     * stored file no longer matches what was written.
     *
     * @throws DamagedEntry if the checksum, a size or a tag is wrong
     */
    static Map<String, Object> read(String key, InputStream raw, long length) throws IOException {
        Checked c = new Checked(raw);
        c.crc.update(key.getBytes(StandardCharsets.UTF_8));
        DataInputStream in = new DataInputStream(c);
        long body = length - 4; // the checksum trailer
        try {
            int magic = in.readInt();
            if (magic == OLD_MAGIC) throw new DamagedEntry("written by an older version", true);
            if (magic != MAGIC) throw new DamagedEntry("not a cache entry", false);
            int n = in.readInt();
            if (n < 0 || n > MAX_VALUES) throw new DamagedEntry("declares " + n + " values", false);
            Map<String, Object> out = new LinkedHashMap<>();
            boolean stale = false;
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int tag = in.readByte();
                switch (tag) {
                    case 'F' -> {
                        int w = in.readInt();
                        int h = in.readInt();
                        int[] px = new int[pixels(w, h, 4, body - c.count)];
                        readInts(in, px);
                        out.put(name, new Frame(w, h, px));
                    }
                    case 'H' -> {
                        int w = in.readInt();
                        int h = in.readInt();
                        float[] px = new float[4 * pixels(w, h, 16, body - c.count)];
                        readFloats(in, px);
                        out.put(name, Frame.deep(w, h, px));
                    }
                    case 'D' -> out.put(name, in.readDouble());
                    case 'L' -> out.put(name, in.readLong());
                    case 'S' -> {
                        int len = in.readInt();
                        if (len < 0 || len > body - c.count) throw new DamagedEntry("text of " + len + " bytes in a shorter entry", false);
                        byte[] b = new byte[len];
                        in.readFully(b);
                        out.put(name, new String(b, StandardCharsets.UTF_8));
                    }
                    case 'B' -> out.put(name, in.readBoolean());
                    case 'P' -> {
                        Path p = Paths.get(in.readUTF());
                        long size = in.readLong();
                        long mtime = in.readLong();
                        if (!Files.isRegularFile(p) && !Files.isDirectory(p)
                                || Files.size(p) != size || Files.getLastModifiedTime(p).toMillis() != mtime) stale = true;
                        out.put(name, p);
                    }
                    default -> throw new DamagedEntry("unknown value tag " + tag, false);
                }
            }
            if (c.count != body) throw new DamagedEntry("has " + (body - c.count) + " bytes more than its values", false);
            int expected = (int) c.crc.getValue();
            if (in.readInt() != expected) throw new DamagedEntry("checksum mismatch", false);
            return stale ? null : out;
        } catch (EOFException e) {
            throw new DamagedEntry("truncated", false);
        } catch (java.io.UTFDataFormatException | java.nio.file.InvalidPathException e) {
            throw new DamagedEntry("malformed name", false);
        }
    }

    /** w x h pixels of {@code bytesPerPixel}, refused unless they fit in {@code remaining} bytes and sane limits. */
    private static int pixels(int w, int h, int bytesPerPixel, long remaining) throws DamagedEntry {
        if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) throw new DamagedEntry("declares a " + w + "x" + h + " frame", false);
        long bytes = (long) w * h * bytesPerPixel;
        if (bytes > remaining || (long) w * h * 4 > Integer.MAX_VALUE) {
            throw new DamagedEntry("declares a " + w + "x" + h + " frame (" + bytes + " bytes) in " + Math.max(0, remaining) + " bytes", false);
        }
        return w * h;
    }

    private static void readInts(DataInputStream in, int[] dst) throws IOException {
        byte[] chunk = new byte[1 << 16];
        ByteBuffer bb = ByteBuffer.wrap(chunk);
        for (int i = 0; i < dst.length; ) {
            int n = Math.min(chunk.length / 4, dst.length - i);
            in.readFully(chunk, 0, n * 4);
            bb.clear();
            bb.asIntBuffer().get(dst, i, n);
            i += n;
        }
    }

    private static void readFloats(DataInputStream in, float[] dst) throws IOException {
        byte[] chunk = new byte[1 << 16];
        ByteBuffer bb = ByteBuffer.wrap(chunk);
        for (int i = 0; i < dst.length; ) {
            int n = Math.min(chunk.length / 4, dst.length - i);
            in.readFully(chunk, 0, n * 4);
            bb.clear();
            bb.asFloatBuffer().get(dst, i, n);
            i += n;
        }
    }

    /** Counts the bytes read and folds them into a CRC-32C. */
    private static final class Checked extends FilterInputStream {
        final CRC32C crc = new CRC32C();
        long count;

        Checked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                crc.update(b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("a checksummed entry is read through, never skipped");
        }
    }
}
