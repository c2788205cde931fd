package org.cinegraph.media;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading still images (PNG, JPEG and whatever else ImageIO knows) and writing PNGs atomically. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Reads an image file into a frame (alpha kept where the file has it).
     *
     * @throws MediaException naming the file when it is missing, unreadable, corrupt or of an
     *                        unsupported format
     */
    public static Frame read(Path file) {
        if (Files.isDirectory(file)) throw new MediaException("cannot read image '" + file + "': it is a folder, not a file");
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (NoSuchFileException e) {
            throw new MediaException("cannot read image '" + file + "': file not found");
        } catch (AccessDeniedException e) {
            throw new MediaException("cannot read image '" + file + "': permission denied");
        } catch (IIOException e) {
            throw new MediaException("cannot read image '" + file + "': the file is corrupt or truncated (" + rootMessage(e) + ")", e);
        } catch (IOException | RuntimeException e) {
            // ImageIO decoders throw assorted runtime exceptions on damaged data
            throw new MediaException("cannot read image '" + file + "': " + rootMessage(e), e);
        }
        if (img == null) {
            throw new MediaException("cannot read image '" + file + "': not an image, or a format that is not supported (PNG, JPEG, BMP and GIF are)");
        }
        return Frame.fromBufferedImage(img);
    }

    /**
     * Writes a frame as a PNG, atomically: the file appears complete or not at all. Fully opaque
     * frames are written without an alpha channel (smaller files, same pixels).
     */
    public static void writePng(Frame frame, Path target) {
        Path temp = null;
        try {
            AtomicFiles.createParents(target);
            temp = AtomicFiles.tempSibling(target);
            writePngDirect(frame, temp);
            AtomicFiles.commitFile(temp, target);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(temp);
            throw new MediaException("cannot write image '" + target + "': " + rootMessage(e), e);
        } catch (RuntimeException e) {
            AtomicFiles.deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * Writes a PNG straight to {@code file}, not atomically: for files inside a temporary folder
     * that is itself renamed into place once complete.
     */
    public static void writePngInPlace(Frame frame, Path file) {
        try {
            writePngDirect(frame, file);
        } catch (IOException e) {
            throw new MediaException("cannot write image '" + file + "': " + rootMessage(e), e);
        }
    }

    private static void writePngDirect(Frame frame, Path file) throws IOException {
        BufferedImage img = isOpaque(frame) ? opaqueImage(frame) : frame.toBufferedImage();
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer available");
    }

    private static boolean isOpaque(Frame f) {
        for (int p : f.pixels()) {
            if ((p >>> 24) != 0xFF) return false;
        }
        return true;
    }

    private static BufferedImage opaqueImage(Frame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        img.getRaster().setDataElements(0, 0, f.width(), f.height(), f.pixels());
        return img;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
