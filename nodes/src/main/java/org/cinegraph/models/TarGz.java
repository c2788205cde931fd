package org.cinegraph.models;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Extracts a gzipped tar (an npm package tarball) into a folder. Only regular files and folders
 * are written; links and devices are skipped, and an entry whose path would land outside the
 * target (absolute, or climbing with "..") refuses the whole archive.
 */
public final class TarGz {
    private TarGz() {
    }

    public static void extract(Path archive, Path target) throws ModelException {
        extract(archive, target, name -> true);
    }

    /**
     * As {@link #extract(Path, Path)}, writing only the regular files whose archive path
     * {@code wanted} accepts (a model takes a few files out of a large package); every entry's path
     * is still checked.
     */
    public static void extract(Path archive, Path target, java.util.function.Predicate<String> wanted) throws ModelException {
        Path root = target.toAbsolutePath().normalize();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            byte[] header = new byte[512];
            String longName = null;
            while (readFully(in, header)) {
                if (isZeros(header)) break; // end-of-archive marker
                String name = longName != null ? longName : entryName(header);
                longName = null;
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                if (type == 'L') { // GNU long name: the data is the next entry's name
                    longName = new String(readData(in, size), StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                if (type == 'x' || type == 'g') { // pax headers: only "path" matters here
                    String pax = new String(readData(in, size), StandardCharsets.UTF_8);
                    for (String line : pax.split("\n")) {
                        int sp = line.indexOf(' ');
                        if (sp > 0 && line.startsWith("path=", sp + 1) && type == 'x') longName = line.substring(sp + 6);
                    }
                    continue;
                }
                Path dest = root.resolve(name).normalize();
                if (name.startsWith("/") || !dest.startsWith(root)) {
                    throw new ModelException(archive + ": entry '" + name + "' points outside the extraction folder; refusing the archive");
                }
                if ((type == '0' || type == '\0') && !wanted.test(name)) {
                    skip(in, size + pad(size));
                } else if (type == '0' || type == '\0') {
                    Files.createDirectories(dest.getParent());
                    try (var out = Files.newOutputStream(dest)) {
                        copy(in, out, size);
                    }
                    skip(in, pad(size));
                } else {
                    if (type == '5') Files.createDirectories(dest);
                    skip(in, size + pad(size)); // links, devices: not needed for model files
                }
            }
        } catch (IOException e) {
            throw new ModelException(archive + ": cannot extract: " + e.getMessage(), e);
        }
    }

    private static String entryName(byte[] h) {
        String name = cString(h, 0, 100);
        String prefix = cString(h, 345, 155); // ustar prefix for long paths
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        String s = cString(b, off, len).trim();
        if (s.isEmpty()) return 0;
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("damaged tar header (size field '" + s + "')");
        }
    }

    private static long pad(long size) {
        return (512 - size % 512) % 512;
    }

    private static boolean isZeros(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, b.length);
        if (n == 0) return false;
        if (n < b.length) throw new IOException("archive ends inside a header");
        return true;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) throw new IOException("tar extended header of " + size + " bytes");
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) throw new IOException("archive ends inside an entry");
        skip(in, pad(size));
        return data;
    }

    private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (size > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, size));
            if (n < 0) throw new IOException("archive ends inside an entry");
            out.write(buf, 0, n);
            size -= n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }
}
