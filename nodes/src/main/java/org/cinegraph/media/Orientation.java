package org.cinegraph.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * EXIF orientation (tag 0x0112, values 1-8): how a camera says its picture is turned or mirrored.
 * Read from a JPEG's APP1 segment; {@link #apply} turns the pixels so the frame stands as shown.
 */
final class Orientation {
    private Orientation() {
    }

    /** The orientation of a JPEG, 1 (as stored) when it has none or its EXIF cannot be read. */
    static int ofJpeg(Path file) {
        return scanJpeg(file, false);
    }

    /** Colour components of a JPEG's frame header (4 for CMYK/YCCK), 0 when not found. */
    static int jpegComponents(Path file) {
        return scanJpeg(file, true);
    }

    private static int scanJpeg(Path file, boolean components) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(256 * 1024);
            int i = 2;
            while (i + 4 <= b.length && (b[i] & 0xFF) == 0xFF) {
                int marker = b[i + 1] & 0xFF, len = (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
                if (marker == 0xDA) break; // image data: no more headers
                boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                if (components && sof && i + 9 < b.length) return b[i + 9] & 0xFF;
                if (!components && marker == 0xE1 && i + 10 < b.length && b[i + 4] == 'E' && b[i + 5] == 'x' && b[i + 6] == 'i' && b[i + 7] == 'f') {
                    return fromTiff(b, i + 10, Math.min(b.length, i + 2 + len));
                }
                i += 2 + len;
            }
        } catch (IOException | RuntimeException e) {
            // nothing readable: the defaults below
        }
        return components ? 0 : 1;
    }

    private static int fromTiff(byte[] b, int base, int end) {
        boolean le = b[base] == 'I';
        int ifd = base + u32(b, base + 4, le);
        int n = u16(b, ifd, le);
        for (int k = 0; k < n; k++) {
            int e = ifd + 2 + 12 * k;
            if (e + 12 > end) break;
            if (u16(b, e, le) == 0x0112) {
                int v = u16(b, e + 8, le);
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int i, boolean le) {
        return le ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 : (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int u32(byte[] b, int i, boolean le) {
        return le ? u16(b, i, true) | u16(b, i + 2, true) << 16 : u16(b, i, false) << 16 | u16(b, i + 2, false);
    }

    /** The frame as it should be shown for EXIF orientation {@code o}. */
    static Frame apply(Frame f, int o) {
        return switch (o) {
            case 2 -> mirror(f);
            case 3 -> VideoFileClip.rotate(f, 180);
            case 4 -> VideoFileClip.rotate(mirror(f), 180);
            case 5 -> VideoFileClip.rotate(mirror(f), 270);
            case 6 -> VideoFileClip.rotate(f, 90);
            case 7 -> VideoFileClip.rotate(mirror(f), 90);
            case 8 -> VideoFileClip.rotate(f, 270);
            default -> f;
        };
    }

    /** Left-right mirror. */
    static Frame mirror(Frame f) {
        int w = f.width(), h = f.height();
        if (f.isDeep()) {
            float[] s = f.floats(), d = new float[s.length];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) System.arraycopy(s, 4 * (y * w + x), d, 4 * (y * w + w - 1 - x), 4);
            return Frame.deep(w, h, d);
        }
        int[] s = f.pixels(), d = new int[s.length];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) d[y * w + w - 1 - x] = s[y * w + x];
        return new Frame(w, h, d);
    }
}
