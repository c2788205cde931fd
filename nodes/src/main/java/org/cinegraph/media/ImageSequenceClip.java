package org.cinegraph.media;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numbered still sequence as a clip: {@code shot.%04d.exr} (printf style), {@code shot.####.exr}
 * (one # per digit) or {@code frame_*.png} (any text where the star is, ordered by the number in
 * it). Frame i is the i-th frame number from the first found; a number missing in the middle of
 * a printf or # pattern shows the frame before it (a render farm's gap should not shift the
 * rest of the shot). Frames are read when asked for, in any format {@link ImageFiles} reads, and
 * must all have the first frame's size.
 */
public final class ImageSequenceClip implements Clip {
    private static final Pattern PRINTF = Pattern.compile("%0?(\\d*)d");
    private static final Pattern HASHES = Pattern.compile("#+");

    private final Path pattern;
    private final Rational fps;
    private final List<Path> files;
    private final int width;
    private final int height;
    private int cachedIndex = -1;
    private Frame cached;

    /**
     * Lists the sequence now (and reads its first frame for the size).
     *
     * @throws MediaException naming the pattern when nothing matches or the first frame cannot be read
     */
    public ImageSequenceClip(Path pattern, Rational fps) {
        this.pattern = pattern;
        this.fps = fps;
        this.files = list(pattern);
        if (files.isEmpty()) throw new MediaException("cannot read image sequence '" + pattern + "': no file matches");
        Frame first = ImageFiles.read(files.get(0));
        this.width = first.width();
        this.height = first.height();
        this.cached = first;
        this.cachedIndex = 0;
    }

    /** Whether a file parameter names a sequence rather than one file. */
    public static boolean isPattern(String path) {
        String name = Path.of(path).getFileName() == null ? path : Path.of(path).getFileName().toString();
        return name.contains("*") || PRINTF.matcher(name).find() || HASHES.matcher(name).find();
    }

    /**
     * The files of a sequence in frame order, with a missing number standing for the file before
     * it (printf and # patterns); empty when nothing matches.
     */
    public static List<Path> list(Path pattern) {
        Path dir = pattern.toAbsolutePath().getParent();
        String name = pattern.getFileName().toString();
        Pattern re = regex(name);
        boolean numbered = !name.contains("*");
        List<long[]> found = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Matcher m = re.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(p)) continue;
                String digits = m.group(1).replaceAll("\\D", "");
                long n = digits.isEmpty() ? -1 : Long.parseLong(digits.length() > 18 ? digits.substring(digits.length() - 18) : digits);
                found.add(new long[]{n, paths.size()});
                paths.add(p);
            }
        } catch (IOException e) {
            throw new MediaException("cannot read image sequence '" + pattern + "': " + ImageFiles.rootMessage(e), e);
        }
        found.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparing(a -> paths.get((int) a[1]).getFileName().toString()));
        List<Path> out = new ArrayList<>();
        if (!numbered) {
            for (long[] f : found) out.add(paths.get((int) f[1]));
            return out;
        }
        long prev = Long.MIN_VALUE;
        for (long[] f : found) {
            Path p = paths.get((int) f[1]);
            if (prev != Long.MIN_VALUE) {
                // hold the last frame over a gap in the numbering
                for (long k = prev + 1; k < f[0] && out.size() < 10_000_000; k++) out.add(out.get(out.size() - 1));
            }
            out.add(p);
            prev = f[0];
        }
        return out;
    }

    /** The pattern as a regular expression whose group 1 is the frame number (or the star's text). */
    private static Pattern regex(String name) {
        Matcher pm = PRINTF.matcher(name);
        if (pm.find()) {
            String width = pm.group(1);
            String digits = width.isEmpty() ? "\\d+" : "\\d{" + Integer.parseInt(width) + ",}";
            return Pattern.compile(Pattern.quote(name.substring(0, pm.start())) + "(-?" + digits + ")" + Pattern.quote(name.substring(pm.end())));
        }
        Matcher hm = HASHES.matcher(name);
        if (hm.find()) {
            return Pattern.compile(Pattern.quote(name.substring(0, hm.start())) + "(-?\\d{" + hm.group().length() + ",})"
                    + Pattern.quote(name.substring(hm.end())));
        }
        int star = name.indexOf('*');
        return Pattern.compile(Pattern.quote(name.substring(0, star)) + "(.*)" + Pattern.quote(name.substring(star + 1)));
    }

    /**
     * A stamp of every file of the sequence (names, sizes, times), so a cache key changes when
     * any frame does; "missing" when nothing matches.
     */
    public static String stamp(Path pattern) {
        StringBuilder sb = new StringBuilder(pattern.toString());
        List<Path> fs;
        try {
            fs = list(pattern);
        } catch (MediaException e) {
            return sb.append("|missing").toString();
        }
        if (fs.isEmpty()) return sb.append("|missing").toString();
        for (Path p : fs) {
            try {
                sb.append('|').append(p.getFileName()).append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                sb.append('|').append(p.getFileName()).append(":missing");
            }
        }
        return sb.toString();
    }

    public Path pattern() {
        return pattern;
    }

    @Override public int width() { return width; }
    @Override public int height() { return height; }
    @Override public Rational fps() { return fps; }
    @Override public int frameCount() { return files.size(); }

    @Override
    public synchronized Frame frame(int index) {
        if (index < 0 || index >= files.size()) throw new IndexOutOfBoundsException("frame " + index + " is outside 0.." + (files.size() - 1));
        if (index == cachedIndex) return cached;
        Path file = files.get(index);
        Frame f = ImageFiles.read(file);
        if (f.width() != width || f.height() != height) {
            throw new MediaException("cannot read image sequence '" + pattern + "': '" + file.getFileName() + "' is " + f.width() + "x" + f.height()
                    + " but the sequence starts at " + width + "x" + height + " (all frames must have one size)");
        }
        cached = f;
        cachedIndex = index;
        return f;
    }

    @Override
    public String toString() {
        return "ImageSequenceClip[" + pattern + " x" + files.size() + "]";
    }
}
