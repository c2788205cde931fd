package org.cinegraph.app.viewer;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;

import java.util.Locale;

/**
 * Time on the viewer's timeline: length and rate of what is shown, the playhead, the in/out play
 * range, loop and play state. Playback follows a clock, not a frame counter: the frame shown is
 * floor(elapsed x fps) after the frame playback started from, so a slow pulse skips frames
 * instead of drifting behind. No JavaFX toolkit needed (plain properties), so it tests headless.
 */
public final class TimelineModel {
    private final ReadOnlyIntegerWrapper frameCount = new ReadOnlyIntegerWrapper(0);
    private final DoubleProperty fps = new SimpleDoubleProperty(24);
    private final IntegerProperty frame = new SimpleIntegerProperty(0);
    private final IntegerProperty in = new SimpleIntegerProperty(0);
    private final IntegerProperty out = new SimpleIntegerProperty(0);
    private final BooleanProperty loop = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(false);
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);
    private long playStartNanos;
    private int playStartFrame;

    public ReadOnlyIntegerProperty frameCountProperty() {
        return frameCount.getReadOnlyProperty();
    }

    public int frameCount() {
        return frameCount.get();
    }

    public DoubleProperty fpsProperty() {
        return fps;
    }

    public double fps() {
        return fps.get();
    }

    public IntegerProperty frameProperty() {
        return frame;
    }

    public int frame() {
        return frame.get();
    }

    public IntegerProperty inProperty() {
        return in;
    }

    public IntegerProperty outProperty() {
        return out;
    }

    public BooleanProperty loopProperty() {
        return loop;
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public boolean isPlaying() {
        return playing.get();
    }

    /** Timeline zoom: 1 shows the whole clip, 4 a quarter of it around the playhead. */
    public DoubleProperty zoomProperty() {
        return zoom;
    }

    /** New content: a still is one frame; the play range resets to the whole length. */
    public void setContent(int frames, double rate) {
        stop();
        frameCount.set(Math.max(0, frames));
        fps.set(rate > 0 ? rate : 24);
        in.set(0);
        out.set(Math.max(0, frames - 1));
        frame.set(clamp(frame.get()));
    }

    public int clamp(int f) {
        return Math.max(0, Math.min(f, Math.max(0, frameCount.get() - 1)));
    }

    /** Moves the playhead (scrub); playback, if running, goes on from there. */
    public void seek(int f) {
        frame.set(clamp(f));
        if (playing.get()) restartClock(System.nanoTime());
    }

    public void step(int delta) {
        stop();
        frame.set(clamp(frame.get() + delta));
    }

    public void toStart() {
        seek(in.get());
    }

    public void toEnd() {
        seek(out.get());
    }

    /** Sets the in point at the playhead (kept before the out point). */
    public void markIn() {
        in.set(frame.get());
        if (out.get() < in.get()) out.set(in.get());
    }

    public void markOut() {
        out.set(frame.get());
        if (in.get() > out.get()) in.set(out.get());
    }

    public void togglePlay(long nowNanos) {
        if (playing.get()) stop();
        else play(nowNanos);
    }

    /** Starts playing at {@code nowNanos}; from the in point if the playhead is outside the range or at its end. */
    public void play(long nowNanos) {
        if (frameCount.get() <= 1) return;
        if (frame.get() < in.get() || frame.get() >= out.get()) frame.set(in.get());
        playing.set(true);
        restartClock(nowNanos);
    }

    public void stop() {
        playing.set(false);
    }

    private void restartClock(long nowNanos) {
        playStartNanos = nowNanos;
        playStartFrame = frame.get();
    }

    /**
     * Advances the playhead to where the clock says it is.
     *
     * @return the frame to show now
     */
    public int tick(long nowNanos) {
        if (!playing.get()) return frame.get();
        long elapsed = (long) Math.floor((nowNanos - playStartNanos) / 1e9 * fps.get());
        int lo = in.get();
        int hi = out.get();
        long f = playStartFrame + elapsed;
        if (f > hi) {
            if (loop.get()) {
                int len = hi - lo + 1;
                f = lo + (f - lo) % len;
            } else {
                f = hi;
                playing.set(false);
            }
        }
        frame.set((int) f);
        return (int) f;
    }

    /** HH:MM:SS:FF at the timeline's rate (frames counted at the rounded rate, as non-drop time code). */
    public String timecode(int f) {
        int base = Math.max(1, (int) Math.round(fps.get()));
        int ff = f % base;
        long secs = f / base;
        return String.format(Locale.ROOT, "%02d:%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60, ff);
    }

    /** The first and last frame visible in the timeline bar at the current zoom, kept around the playhead. */
    public int[] visibleRange() {
        int n = Math.max(1, frameCount.get());
        int span = Math.max(1, (int) Math.ceil(n / Math.max(1, zoom.get())));
        int start = Math.max(0, Math.min(frame.get() - span / 2, n - span));
        return new int[] {start, start + span - 1};
    }
}
