package org.cinegraph.media;

import org.cinegraph.files.AtomicFiles;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading still images (PNG, JPEG, TIFF, WebP, EXR, ...) and writing PNGs atomically. */
public final class ImageFiles {
    private static final String PNG_FORMAT = "javax_imageio_png_1.0";
    private ImageFiles() {
    }

    /**
     * Reads an image file into a frame (alpha kept where the file has it). 8-bit PNG, JPEG, GIF
     * and BMP go through ImageIO; 16-bit PNG, TIFF, WebP, EXR, CMYK JPEG and whatever else FFmpeg
     * knows through {@link StillDecoder}, which keeps more than 8 bits as a deep frame. A JPEG's
     * EXIF orientation is applied, so phone photos stand upright.
     *
     * @throws MediaException naming the file when it is missing, unreadable, corrupt or of an
     *                        unsupported format
     */
    public static Frame read(Path file) {
        if (Files.isDirectory(file)) throw new MediaException("cannot read image '" + file + "': it is a folder, not a file");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(32);
        } catch (NoSuchFileException e) {
            throw new MediaException("cannot read image '" + file + "': file not found");
        } catch (AccessDeniedException e) {
            throw new MediaException("cannot read image '" + file + "': permission denied");
        } catch (IOException e) {
            throw new MediaException("cannot read image '" + file + "': " + rootMessage(e), e);
        }
        boolean png = head.length >= 26 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
        boolean jpeg = head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8;
        boolean gifOrBmp = head.length >= 3 && (head[0] == 'G' && head[1] == 'I' && head[2] == 'F' || head[0] == 'B' && head[1] == 'M');
        // ImageIO brightens greyscale pictures (it takes their grey as linear light), so those go to FFmpeg
        boolean greyPng = png && (head[25] == 0 || head[25] == 4);
        if (png && head[24] <= 8 && !greyPng || gifOrBmp) return readImageIo(file, true);
        if (jpeg) {
            // ImageIO also misreads or refuses CMYK/YCCK JPEGs (prepress files); FFmpeg converts them
            int components = Orientation.jpegComponents(file);
            Frame f = components == 4 || components == 1 ? null : readImageIo(file, false);
            if (f == null) f = StillDecoder.read(file);
            return Orientation.apply(f, Orientation.ofJpeg(file));
        }
        return StillDecoder.read(file);
    }

    /** Through ImageIO; null (when not {@code required}) for a file it cannot decode. */
    private static Frame readImageIo(Path file, boolean required) {
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (IIOException e) {
            if (!required) return null;
            throw new MediaException("cannot read image '" + file + "': the file is corrupt or truncated (" + rootMessage(e) + ")", e);
        } catch (IOException | RuntimeException e) {
            // ImageIO decoders throw assorted runtime exceptions on damaged data
            if (!required) return null;
            throw new MediaException("cannot read image '" + file + "': " + rootMessage(e), e);
        }
        if (img == null) {
            if (!required) return null;
            throw new MediaException("cannot read image '" + file + "': not an image, or a format that is not supported");
        }
        return Frame.fromBufferedImage(img);
    }

    /**
     * Writes a frame as a PNG, atomically: the file appears complete or not at all. Fully opaque
     * frames are written without an alpha channel (smaller files, same pixels).
     */
    public static void writePng(Frame frame, Path target) {
        writePng(frame, target, Map.of());
    }

    /**
     * As {@link #writePng(Frame, Path)}, with text chunks: each entry becomes a compressed UTF-8
     * iTXt chunk (keyword = key, at most 79 Latin-1 characters), read back by {@link #readPngText}.
     */
    public static void writePng(Frame frame, Path target, Map<String, String> text) {
        Path temp = null;
        try {
            AtomicFiles.createParents(target);
            temp = AtomicFiles.tempSibling(target);
            if (text.isEmpty()) writePngDirect(frame, temp);
            else writePngWithText(frame, temp, text);
            AtomicFiles.commitFile(temp, target);
        } catch (IOException e) {
            AtomicFiles.deleteTree(temp);
            throw new MediaException("cannot write image '" + target + "': " + rootMessage(e), e);
        } catch (RuntimeException e) {
            AtomicFiles.deleteTree(temp);
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

    private static void writePngWithText(Frame frame, Path file, Map<String, String> text) throws IOException {
        BufferedImage img = isOpaque(frame) ? opaqueImage(frame) : frame.toBufferedImage();
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new IOException("no PNG writer available");
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
            IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
            for (Map.Entry<String, String> e : text.entrySet()) {
                IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
                entry.setAttribute("keyword", e.getKey());
                entry.setAttribute("compressionFlag", "TRUE");
                entry.setAttribute("compressionMethod", "0");
                entry.setAttribute("languageTag", "");
                entry.setAttribute("translatedKeyword", "");
                entry.setAttribute("text", e.getValue());
                itxt.appendChild(entry);
            }
            root.appendChild(itxt);
            meta.mergeTree(PNG_FORMAT, root);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    /**
     * The text chunks (iTXt, tEXt, zTXt) of a PNG by keyword; empty for a PNG without any.
     *
     * @throws MediaException naming the file when it cannot be read as a PNG
     */
    public static Map<String, String> readPngText(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("cannot open the file");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException("not an image");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                IIOMetadata meta = reader.getImageMetadata(0);
                if (meta == null || !java.util.Arrays.asList(meta.getMetadataFormatNames()).contains(PNG_FORMAT)) return out;
                Node root = meta.getAsTree(PNG_FORMAT);
                for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
                    String name = chunk.getNodeName();
                    if (!name.equals("iTXt") && !name.equals("tEXt") && !name.equals("zTXt")) continue;
                    for (Node e = chunk.getFirstChild(); e != null; e = e.getNextSibling()) {
                        NamedNodeMap a = e.getAttributes();
                        Node key = a.getNamedItem("keyword");
                        Node value = a.getNamedItem(name.equals("iTXt") ? "text" : name.equals("tEXt") ? "value" : "text");
                        if (key != null && value != null) out.put(key.getNodeValue(), value.getNodeValue());
                    }
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new MediaException("cannot read the text of image '" + file + "': " + rootMessage(e), e);
        }
        return out;
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
