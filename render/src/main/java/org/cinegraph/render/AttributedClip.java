package org.cinegraph.render;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.NodeFailure;

import java.util.function.IntSupplier;

/**
 * A node's clip output as the executor hands it on: a frame that fails while a downstream node
 * pulls it is blamed on the node that made the clip, not on the puller.
 */
record AttributedClip(String nodeId, Clip inner) implements Clip {
    @Override public int width() { return guard(inner::width); }
    @Override public int height() { return guard(inner::height); }
    @Override public Rational fps() { return inner.fps(); }
    @Override public int frameCount() { return inner.frameCount(); }
    @Override public java.util.Optional<org.cinegraph.media.Audio> audio() { return inner.audio(); }

    @Override
    public Frame frame(int index) {
        try {
            return inner.frame(index);
        } catch (NodeFailure | CancelledException | IndexOutOfBoundsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NodeFailure(nodeId, "frame " + index + ": " + Failures.describe(e), e);
        }
    }

    private int guard(IntSupplier s) {
        try {
            return s.getAsInt();
        } catch (NodeFailure | CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NodeFailure(nodeId, Failures.describe(e), e);
        }
    }
}
