package org.cinegraph.render.sweep;

import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Rational;
import org.cinegraph.media.VideoEncoder;
import org.cinegraph.media.VideoFileClip;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A labelled grid of a sweep's results: one box per combination (the picture scaled to fit
 * {@link #BOX} pixels, its label under it), a title line on top, row-major in combination order.
 * Stills make a PNG; clips make an MP4 whose frame i shows frame i of every clip (a shorter clip
 * holds its last frame), streamed, so a long sweep never holds more than one frame per cell. A
 * combination that failed gets a dark red box labelled as failed.
 */
public final class ContactSheet {
    /** Largest side of a picture in the grid. */
    public static final int BOX = 320;
    static final int GAP = 8;
    static final int LABEL = 22;
    static final int TITLE = 30;
    private static final Color BACKGROUND = new Color(0x181818);
    private static final Color STRIP = new Color(0x262626);
    private static final Color TEXT = new Color(0xE0E0E0);
    private static final Color FAILED = new Color(0x5A1E1E);

    private ContactSheet() {
    }

    /** One combination: its label and the file it made, or none when it failed. */
    public record Cell(String label, Optional<Path> file) {
    }

    /** Where things are on the sheet: the boxes' and the labels' rectangles, by cell. */
    public record Layout(int width, int height, int columns, int rows, List<Rectangle> boxes, List<Rectangle> labels) {
        public Layout {
            boxes = List.copyOf(boxes);
            labels = List.copyOf(labels);
        }

        /** The cell whose box or label holds (x, y), if any (picking a winner from the sheet). */
        public Optional<Integer> cellAt(double x, double y) {
            for (int i = 0; i < boxes.size(); i++) {
                Rectangle b = boxes.get(i);
                Rectangle l = labels.get(i);
                if (b.contains(x, y) || l.contains(x, y)) return Optional.of(i);
            }
            return Optional.empty();
        }
    }

    /** The grid for {@code count} pictures of {@code w} x {@code h} in {@code columns} columns. */
    public static Layout layout(int count, int columns, int w, int h) {
        double s = Math.min(1.0, Math.min((double) BOX / w, (double) BOX / h));
        int bw = Math.max(1, (int) Math.round(w * s));
        int bh = Math.max(1, (int) Math.round(h * s));
        int cols = Math.max(1, Math.min(columns, count));
        int rows = (count + cols - 1) / cols;
        List<Rectangle> boxes = new ArrayList<>();
        List<Rectangle> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int x = GAP + (i % cols) * (bw + GAP);
            int y = TITLE + GAP + (i / cols) * (bh + LABEL + GAP);
            boxes.add(new Rectangle(x, y, bw, bh));
            labels.add(new Rectangle(x, y + bh, bw, LABEL));
        }
        return new Layout(GAP + cols * (bw + GAP), TITLE + GAP + rows * (bh + LABEL + GAP), cols, rows, boxes, labels);
    }

    /**
     * Writes the sheet of still images as a PNG (atomically).
     *
     * @throws MediaException naming the file when a picture cannot be read or the sheet written
     */
    public static Layout writeImage(String title, List<Cell> cells, int columns, Path target) {
        List<Optional<Frame>> frames = new ArrayList<>();
        Frame first = null;
        for (Cell c : cells) {
            Optional<Frame> f = c.file().map(ImageFiles::read);
            frames.add(f);
            if (first == null && f.isPresent()) first = f.get();
        }
        if (first == null) throw new MediaException("no combination of the sweep produced a picture for " + target.getFileName());
        Layout l = layout(cells.size(), columns, first.width(), first.height());
        BufferedImage sheet = base(title, cells, l);
        Graphics2D g = sheet.createGraphics();
        try {
            quality(g);
            Drawer d = new Drawer(g, l);
            for (int i = 0; i < cells.size(); i++) {
                int at = i;
                frames.get(i).ifPresent(f -> d.draw(at, f));
            }
        } finally {
            g.dispose();
        }
        ImageFiles.writePng(Frame.fromBufferedImage(sheet), target, Map.of());
        return l;
    }

    /**
     * Writes the sheet of clips as an MP4 at the first clip's rate (atomically: the encoder
     * writes a temporary file and renames it when done).
     *
     * @throws MediaException naming the file when a clip cannot be read or the sheet written
     */
    public static Layout writeVideo(String title, List<Cell> cells, int columns, Path target, int bitrateKbps) {
        List<VideoFileClip> clips = new ArrayList<>();
        try {
            VideoFileClip first = null;
            for (Cell c : cells) {
                VideoFileClip clip = c.file().map(VideoFileClip::new).orElse(null);
                clips.add(clip);
                if (first == null && clip != null) first = clip;
            }
            if (first == null) throw new MediaException("no combination of the sweep produced a clip for " + target.getFileName());
            int frames = 0;
            for (VideoFileClip c : clips) if (c != null) frames = Math.max(frames, c.frameCount());
            Layout l = layout(cells.size(), columns, first.width(), first.height());
            BufferedImage base = base(title, cells, l);
            Rational fps = first.fps();
            try (VideoEncoder enc = VideoEncoder.open(target, l.width(), l.height(), fps, bitrateKbps)) {
                for (int f = 0; f < frames; f++) {
                    BufferedImage sheet = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_ARGB);
                    Graphics2D g = sheet.createGraphics();
                    try {
                        quality(g);
                        g.drawImage(base, 0, 0, null);
                        Drawer d = new Drawer(g, l);
                        for (int i = 0; i < clips.size(); i++) {
                            VideoFileClip c = clips.get(i);
                            if (c != null && c.frameCount() > 0) d.draw(i, c.frame(Math.min(f, c.frameCount() - 1)));
                        }
                    } finally {
                        g.dispose();
                    }
                    enc.write(Frame.fromBufferedImage(sheet));
                }
                enc.finish();
            }
            return l;
        } finally {
            for (VideoFileClip c : clips) if (c != null) c.close();
        }
    }

    /** The background, the title, every label and the failed boxes. */
    private static BufferedImage base(String title, List<Cell> cells, Layout l) {
        BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            quality(g);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, l.width(), l.height());
            g.setColor(TEXT);
            g.setFont(new Font("DejaVu Sans", Font.BOLD, 15));
            g.drawString(fit(g.getFontMetrics(), title, l.width() - 2 * GAP), GAP, TITLE - 9);
            g.setFont(new Font("DejaVu Sans", Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < cells.size(); i++) {
                Rectangle b = l.boxes().get(i);
                Rectangle r = l.labels().get(i);
                boolean failed = cells.get(i).file().isEmpty();
                if (failed) {
                    g.setColor(FAILED);
                    g.fillRect(b.x, b.y, b.width, b.height);
                }
                g.setColor(STRIP);
                g.fillRect(r.x, r.y, r.width, r.height);
                g.setColor(TEXT);
                String text = (failed ? "failed: " : "") + cells.get(i).label();
                g.drawString(fit(fm, text, r.width - 8), r.x + 4, r.y + (r.height + fm.getAscent() - fm.getDescent()) / 2);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The text cut with an ellipsis to fit {@code width} pixels. */
    private static String fit(FontMetrics fm, String s, int width) {
        if (fm.stringWidth(s) <= width) return s;
        String t = s;
        while (!t.isEmpty() && fm.stringWidth(t + "\u2026") > width) t = t.substring(0, t.length() - 1);
        return t + "\u2026";
    }

    private static void quality(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }

    /** Draws pictures into their boxes, scaled to fit and centred (a picture of another aspect is letterboxed). */
    private static final class Drawer {
        private final Graphics2D g;
        private final Layout l;

        Drawer(Graphics2D g, Layout l) {
            this.g = g;
            this.l = l;
        }

        void draw(int i, Frame f) {
            Rectangle b = l.boxes().get(i);
            double s = Math.min((double) b.width / f.width(), (double) b.height / f.height());
            int w = Math.max(1, (int) Math.round(f.width() * s));
            int h = Math.max(1, (int) Math.round(f.height() * s));
            g.drawImage(f.toBufferedImage(), b.x + (b.width - w) / 2, b.y + (b.height - h) / 2, w, h, null);
        }
    }
}
