package org.cinegraph.builtin.time;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.ParamSpec;

/** Parameters and checks shared by the time nodes. */
final class Timing {
    private Timing() {
    }

    static ParamSpec fpsParam() {
        return ParamSpec.number("fps", 24, 1, 240, "Frame rate, e.g. 24, 25, 30 or 29.97 (stored as 30000/1001)").withSoftRange(12, 60);
    }

    static ParamSpec durationParam(double def) {
        return ParamSpec.number("duration", def, 0.01, 3600, "Length in seconds").withSoftRange(0.1, 30);
    }

    /** round(duration x fps), at least one frame. */
    static int frameCount(double seconds, Rational fps) {
        return (int) Math.max(1, Math.round(seconds * fps.value()));
    }

    /** Fails naming both sizes when clips cannot be joined frame for frame. */
    static void requireSameSize(String node, String nameA, Clip a, String nameB, Clip b) throws NodeException {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new NodeException(String.format("%s: clip '%s' is %dx%d but clip '%s' is %dx%d; resize one so the sizes match",
                    node, nameA, a.width(), a.height(), nameB, b.width(), b.height()));
        }
    }
}
