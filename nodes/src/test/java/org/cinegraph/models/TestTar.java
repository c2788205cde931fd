package org.cinegraph.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes small .tgz files for tests, including ones a real tool would refuse to make. */
final class TestTar {
    private TestTar() {
    }

    static Path write(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                byte[] h = new byte[512];
                put(h, 0, e.getKey());
                put(h, 100, "0000644");
                put(h, 108, "0000000");
                put(h, 116, "0000000");
                put(h, 124, String.format("%011o", e.getValue().length));
                put(h, 136, "00000000000");
                h[156] = '0';
                put(h, 257, "ustar");
                put(h, 263, "00");
                for (int i = 148; i < 156; i++) h[i] = ' ';
                long sum = 0;
                for (byte b : h) sum += b & 0xFF;
                put(h, 148, String.format("%06o", sum));
                out.write(h);
                out.write(e.getValue());
                out.write(new byte[(512 - e.getValue().length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
        return file;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] read(Path p) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Files.readAllBytes(p));
        return b.toByteArray();
    }
}
