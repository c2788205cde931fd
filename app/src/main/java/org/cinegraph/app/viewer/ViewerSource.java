package org.cinegraph.app.viewer;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.render.preview.FrameCache;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One side of the viewer (A or B): a still, or a clip read through a {@link FrameCache}, with
 * the frame on screen. Frames are computed on the cache's thread; {@link #request} hands the
 * result to the FX thread through the {@link TaskRunner} and drops answers for frames the
 * playhead has already left.
 */
public final class ViewerSource {
    /** Memory for the cached frames of one side: about 60 1080p frames. */
    public static final long CACHE_BYTES = 512L << 20;
    public static final int READ_AHEAD = 48;

    private final String name;
    private final TaskRunner tasks;
    private final ObjectProperty<Frame> frame = new SimpleObjectProperty<>();
    private final IntegerProperty shownIndex = new SimpleIntegerProperty(-1);
    private final IntegerProperty cacheVersion = new SimpleIntegerProperty();
    private final StringProperty label = new SimpleStringProperty("");
    private final AtomicBoolean cacheFlushQueued = new AtomicBoolean();
    private Frame still;
    private FrameCache cache;
    private AutoCloseable owner;
    private int wanted = -1;

    public ViewerSource(String name, TaskRunner tasks) {
        this.name = name;
        this.tasks = tasks;
    }

    public String name() {
        return name;
    }

    /** The frame on screen; replaced on the FX thread. */
    public ObjectProperty<Frame> frameProperty() {
        return frame;
    }

    /** Index of the frame on screen (0 for a still, -1 when empty). */
    public IntegerProperty shownIndexProperty() {
        return shownIndex;
    }

    /** Bumped (on the FX thread) whenever the set of cached frames changes. */
    public IntegerProperty cacheVersionProperty() {
        return cacheVersion;
    }

    public StringProperty labelProperty() {
        return label;
    }

    public boolean isEmpty() {
        return still == null && cache == null;
    }

    public boolean isClip() {
        return cache != null;
    }

    public FrameCache cache() {
        return cache;
    }

    public int frameCount() {
        return cache != null ? cache.clip().frameCount() : still != null ? 1 : 0;
    }

    public double fps() {
        return cache != null ? cache.clip().fps().value() : 0;
    }

    public BitSet cached() {
        if (cache != null) return cache.cached();
        BitSet b = new BitSet(1);
        if (still != null) b.set(0);
        return b;
    }

    /** Shows a still. {@code owner} is closed when the side shows something else. */
    void showStill(Frame f, String text, AutoCloseable owner) {
        clear();
        this.owner = owner;
        still = f;
        label.set(text);
        frame.set(f);
        shownIndex.set(0);
    }

    /** Shows a clip; {@code owner} (the preview value or the decoder) is closed when the side shows something else. */
    void showClip(Clip clip, String text, AutoCloseable owner, int startFrame) {
        clear();
        this.owner = owner;
        cache = new FrameCache(clip, CACHE_BYTES, READ_AHEAD);
        FrameCache c = cache;
        c.onChange(() -> {
            if (cacheFlushQueued.compareAndSet(false, true)) tasks.onUiThread(() -> {
                cacheFlushQueued.set(false);
                if (cache == c) cacheVersion.set(cacheVersion.get() + 1);
            });
        });
        label.set(text);
        request(Math.max(0, Math.min(startFrame, clip.frameCount() - 1)));
    }

    /** Shows nothing but a message (a failed pull, no node selected). */
    void showMessage(String text) {
        clear();
        label.set(text);
    }

    /** Asks for frame {@code i} (clamped to this side's length); it is shown when computed unless a later request came first. */
    public void request(int i) {
        if (cache == null || cache.clip().frameCount() == 0) return;
        int idx = Math.max(0, Math.min(i, cache.clip().frameCount() - 1));
        wanted = idx;
        FrameCache c = cache;
        c.seek(idx);
        var peeked = c.peek(idx);
        if (peeked.isPresent()) {
            show(idx, peeked.get());
            return;
        }
        tasks.whenDone(c.getAsync(idx), (f, err) -> {
            if (cache != c) return;
            if (err != null) {
                if (wanted == idx) label.set(name + ": frame " + idx + " failed: " + rootMessage(err));
                return;
            }
            // a late frame still beats a stale one while playback skips ahead
            if (wanted == idx || (shownIndex.get() < idx && idx < wanted)) show(idx, f);
        });
    }

    private void show(int idx, Frame f) {
        shownIndex.set(idx);
        frame.set(f);
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Drops what is shown and releases its decoders. */
    void clear() {
        FrameCache oldCache = cache;
        AutoCloseable oldOwner = owner;
        cache = null;
        still = null;
        wanted = -1;
        owner = null;
        if (oldCache != null || oldOwner != null) {
            // closing waits for the frame being computed, and the decoders go only after it: off the FX thread
            tasks.run(BackgroundTask.of("viewer-release", () -> {
                try {
                    if (oldCache != null) oldCache.close();
                } finally {
                    if (oldOwner != null) oldOwner.close();
                }
                return null;
            }).onFailure(e -> { })); // releasing a decoder that is already gone changes nothing for the user
        }
        frame.set(null);
        shownIndex.set(-1);
        cacheVersion.set(cacheVersion.get() + 1);
        label.set("");
    }
}
