package org.cinegraph.media;

import java.util.List;

/**
 * A lazy stretch of sound: samples are produced when read, never all at once, so an hour of
 * audio streams through in bounded memory like frames do. Samples are 32-bit float, interleaved,
 * -1..1, at {@link #RATE} Hz in {@link #CHANNELS} channels (sources are resampled and mixed to
 * that on decoding), so edits never have to convert. Reads past the end give silence.
 * Implementations allow reads from any thread.
 */
public interface Audio {
    /** Samples per second of every Audio in Cinegraph. */
    int RATE = 48_000;
    /** Channels of every Audio in Cinegraph (stereo; mono sources are doubled, wider ones downmixed). */
    int CHANNELS = 2;

    /** Length in sample frames (one sample per channel). */
    long length();

    /**
     * Reads {@code n} sample frames from {@code start} into {@code dst} (interleaved, from index 0).
     * Parts before 0 or after {@link #length()} are silent.
     *
     * @throws MediaException if the source cannot be decoded
     */
    void read(long start, float[] dst, int n);

    default double durationSeconds() {
        return (double) length() / RATE;
    }

    /** The first sample frame of video frame {@code frame} at {@code fps} (exact for NTSC rates). */
    static long sampleAt(long frame, Rational fps) {
        return Math.floorDiv(frame * RATE * fps.den(), fps.num());
    }

    /** {@code seconds} of silence. */
    static Audio silence(long length) {
        return new Audio() {
            public long length() { return length; }
            public void read(long start, float[] dst, int n) { java.util.Arrays.fill(dst, 0, n * CHANNELS, 0f); }
        };
    }

    /** Samples {@code offset .. offset+length} of this audio as a new audio starting at 0. */
    default Audio slice(long offset, long length) {
        Audio src = this;
        return new Audio() {
            public long length() { return length; }
            public void read(long start, float[] dst, int n) {
                long s = Math.max(0, start), e = Math.min(length, start + n);
                if (s >= e) {
                    java.util.Arrays.fill(dst, 0, n * CHANNELS, 0f);
                    return;
                }
                java.util.Arrays.fill(dst, 0, n * CHANNELS, 0f);
                float[] tmp = s == start && e == start + n ? dst : new float[(int) (e - s) * CHANNELS];
                src.read(offset + s, tmp, (int) (e - s));
                if (tmp != dst) System.arraycopy(tmp, 0, dst, (int) (s - start) * CHANNELS, (int) (e - s) * CHANNELS);
            }
        };
    }

    /** The parts played one after another. */
    static Audio concat(List<Audio> parts) {
        long[] starts = new long[parts.size() + 1];
        for (int k = 0; k < parts.size(); k++) starts[k + 1] = starts[k] + parts.get(k).length();
        return new Audio() {
            public long length() { return starts[parts.size()]; }
            public void read(long start, float[] dst, int n) {
                java.util.Arrays.fill(dst, 0, n * CHANNELS, 0f);
                for (int k = 0; k < parts.size(); k++) {
                    long s = Math.max(start, starts[k]), e = Math.min(start + n, starts[k + 1]);
                    if (s >= e) continue;
                    float[] tmp = new float[(int) (e - s) * CHANNELS];
                    parts.get(k).read(s - starts[k], tmp, (int) (e - s));
                    System.arraycopy(tmp, 0, dst, (int) (s - start) * CHANNELS, tmp.length);
                }
            }
        };
    }

    /**
     * {@code a} then {@code b}, overlapping by {@code overlap} sample frames with an equal-power
     * crossfade (the loudness stays even through the fade, unlike a linear one).
     */
    static Audio crossfade(Audio a, Audio b, long overlap) {
        long fadeStart = a.length() - overlap;
        return new Audio() {
            public long length() { return a.length() + b.length() - overlap; }
            public void read(long start, float[] dst, int n) {
                float[] fa = new float[n * CHANNELS], fb = new float[n * CHANNELS];
                a.read(start, fa, n);
                b.read(start - fadeStart, fb, n);
                for (int i = 0; i < n; i++) {
                    long t = start + i;
                    double ga, gb;
                    if (t < fadeStart) {
                        ga = 1;
                        gb = 0;
                    } else if (t >= a.length()) {
                        ga = 0;
                        gb = 1;
                    } else {
                        double x = (t - fadeStart + 0.5) / overlap;
                        ga = Math.cos(x * Math.PI / 2);
                        gb = Math.sin(x * Math.PI / 2);
                    }
                    for (int c = 0; c < CHANNELS; c++) {
                        int k = i * CHANNELS + c;
                        dst[k] = (float) (fa[k] * ga + fb[k] * gb);
                    }
                }
            }
        };
    }
}
