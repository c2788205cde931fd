package org.cinegraph.spi;

/** An inclusive range of frame indices (0-based), e.g. from {@code --frames 10-20}. */
public record FrameRange(int first, int last) {
    public FrameRange {
        if (first < 0 || last < first) throw new IllegalArgumentException("bad frame range " + first + "-" + last);
    }

    /** Parses "A-B" or "A" (a single frame). */
    public static FrameRange parse(String s) {
        String t = s.trim();
        try {
            int dash = t.indexOf('-', 1);
            if (dash < 0) {
                int f = Integer.parseInt(t);
                return new FrameRange(f, f);
            }
            return new FrameRange(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("frame range must look like 10-20 (first-last, from 0), not '" + s + "'");
        }
    }

    public int count() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
