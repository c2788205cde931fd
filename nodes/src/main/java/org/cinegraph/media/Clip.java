package org.cinegraph.media;

import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A lazy sequence of frames: the size, rate and length are known up front, and frame i is
 * produced when asked for, never all frames at once. Per-frame operations wrap their source
 * so that asking for frame 57 of a graded composite computes frame 57 only.
 * Implementations must allow frame() calls from any thread (decoders serialise internally).
 */
public interface Clip {
    int width();

    int height();

    Rational fps();

    int frameCount();

    /**
     * Frame {@code index} (0-based).
     *
     * @throws IndexOutOfBoundsException if index is outside 0..frameCount()-1
     * @throws MediaException            if the source cannot produce it (corrupt media)
     */
    Frame frame(int index);

    default double durationSeconds() {
        return frameCount() / fps().value();
    }

    /**
     * The clip's sound, aligned with frame 0; empty for a silent clip. Edits carry it along
     * (trim, concatenate, crossfade, per-frame nodes) and Save Video writes it.
     */
    default Optional<Audio> audio() {
        return Optional.empty();
    }

    /** Whether the clip has sound (for the timeline). */
    default boolean hasAudio() {
        return audio().isPresent();
    }

    /** A clip of the same shape whose frame i is {@code fn(i, this.frame(i))}, computed on demand; the sound is kept. */
    default Clip map(FrameOp fn) {
        Clip src = this;
        return of(width(), height(), fps(), frameCount(), i -> fn.apply(i, src.frame(i))).withAudio(audio().orElse(null));
    }

    /** This clip's frames with {@code sound} (null: silent). */
    default Clip withAudio(Audio sound) {
        Clip src = this;
        Optional<Audio> a = Optional.ofNullable(sound);
        if (a.isEmpty() && audio().isEmpty()) return this;
        return new Clip() {
            public int width() { return src.width(); }
            public int height() { return src.height(); }
            public Rational fps() { return src.fps(); }
            public int frameCount() { return src.frameCount(); }
            public Frame frame(int index) { return src.frame(index); }
            public Optional<Audio> audio() { return a; }
            public String toString() { return src + (a.isPresent() ? " with audio" : ""); }
        };
    }

    /** A clip computed on demand by {@code frames}. */
    static Clip of(int width, int height, Rational fps, int frameCount, IntFunction<Frame> frames) {
        if (frameCount < 0) throw new IllegalArgumentException("frame count must not be negative");
        return new Clip() {
            public int width() { return width; }
            public int height() { return height; }
            public Rational fps() { return fps; }
            public int frameCount() { return frameCount; }
            public Frame frame(int index) {
                if (index < 0 || index >= frameCount) throw new IndexOutOfBoundsException("frame " + index + " is outside 0.." + (frameCount - 1));
                return frames.apply(index);
            }
            public String toString() { return "Clip[" + width + "x" + height + " @" + fps + " x" + frameCount + "]"; }
        };
    }

    @FunctionalInterface
    interface FrameOp {
        Frame apply(int index, Frame frame);
    }
}
