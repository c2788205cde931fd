package org.cinegraph.media;

import org.cinegraph.files.AtomicFiles;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The graph that made a rendered file, carried with the file: in a PNG as an iTXt chunk
 * (keyword {@value #PNG_KEYWORD}), in an MP4/MOV/MKV/WebM as the container's "comment" tag (a
 * standard key the muxers keep; custom keys are dropped without extra muxer flags), and otherwise
 * in a sidecar {@code <file>.cgraph} beside it (MXF, which has no free-text tag, and image
 * sequences, whose frames would each repeat it).
 */
public final class Provenance {
    public static final String PNG_KEYWORD = "cinegraph";
    public static final String VIDEO_TAG = "comment";

    static {
        FFmpegLog.quiet();
    }

    private Provenance() {
    }

    /** Where the sidecar of {@code file} goes: the same name with ".cgraph" appended. */
    public static Path sidecar(Path file) {
        Path abs = file.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".cgraph");
    }

    /** Writes the sidecar of {@code file} atomically. */
    public static void writeSidecar(Path file, String graphText) {
        Path target = sidecar(file);
        Path temp = AtomicFiles.tempSibling(target);
        try {
            Files.writeString(temp, graphText, StandardCharsets.UTF_8);
            AtomicFiles.commitFile(temp, target);
        } catch (IOException e) {
            AtomicFiles.deleteTree(temp);
            throw new MediaException("cannot write graph sidecar '" + target + "': " + ImageFiles.rootMessage(e), e);
        }
    }

    /**
     * The graph text embedded in (or beside) a rendered file; empty if it carries none.
     *
     * @throws MediaException naming the file if it cannot be read
     */
    public static Optional<String> read(Path file) {
        if (!Files.exists(file)) throw new MediaException("cannot read '" + file + "': file not found");
        Optional<String> embedded = Optional.empty();
        if (Files.isRegularFile(file)) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                embedded = Optional.ofNullable(ImageFiles.readPngText(file).get(PNG_KEYWORD));
            } else if (name.endsWith(".mp4") || name.endsWith(".mov") || name.endsWith(".m4v") || name.endsWith(".mkv") || name.endsWith(".webm")) {
                // Matroska spells its tags in capitals
                embedded = videoTags(file).entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(VIDEO_TAG))
                        .map(Map.Entry::getValue).filter(Provenance::looksLikeGraph).findFirst();
            }
        }
        if (embedded.isPresent()) return embedded;
        Path side = sidecar(file);
        if (!Files.isRegularFile(side)) return Optional.empty();
        try {
            return Optional.of(Files.readString(side, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MediaException("cannot read graph sidecar '" + side + "': " + ImageFiles.rootMessage(e), e);
        }
    }

    /** A user's own comment tag is not a graph: only take text that opens a .cgraph document. */
    private static boolean looksLikeGraph(String s) {
        String t = s.stripLeading();
        return t.startsWith("{") && t.contains("\"format\"") && t.contains("cinegraph");
    }

    private static Map<String, String> videoTags(Path file) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        try {
            g.start();
            return Map.copyOf(g.getMetadata());
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new MediaException("cannot read the tags of video '" + file + "': " + VideoFileClip.describe(e), e);
        } finally {
            try {
                g.release();
            } catch (FrameGrabber.Exception | RuntimeException ignored) {
                // reading is finished either way
            }
        }
    }
}
