package org.cinegraph.builtin.time;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.FrameStore;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;

import java.util.Map;
import java.util.Optional;

/**
 * Keeps the frames that pass through in the persistent render cache (like Nuke's DiskCache), so
 * after a change downstream of it the frames are read back instead of recomputed upstream.
 * Clips are otherwise lazy recipes whose frames are not stored; this node is where an artist
 * says "this part is done, remember it". The frames are keyed by everything upstream, so any
 * upstream change makes new ones.
 */
public final class DiskCache implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("clip.cache", 1)
            .category("Time").name("Disk Cache")
            .description("Stores the frames passing through in the render cache, so changes downstream re-render "
                    + "without recomputing what is upstream.")
            .input("clip", DataType.CLIP, "Frames to keep")
            .output("clip", DataType.CLIP, "The same frames, read back from the cache when stored")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        Clip src = in.clip("clip");
        Optional<FrameStore> store = ctx.frameStore();
        if (store.isEmpty()) return Map.of("clip", src);
        return Map.of("clip", new CachedClip(src, store.get()));
    }

    /** Delegates to the source, except that frames come from the store when they are there. */
    private record CachedClip(Clip src, FrameStore store) implements Clip {
        @Override public int width() { return src.width(); }
        @Override public int height() { return src.height(); }
        @Override public org.cinegraph.media.Rational fps() { return src.fps(); }
        @Override public int frameCount() { return src.frameCount(); }
        /** Sound is read from its source (cheap to decode); only frames are stored. */
        @Override public Optional<org.cinegraph.media.Audio> audio() { return src.audio(); }

        @Override
        public Frame frame(int index) {
            if (index < 0 || index >= frameCount()) throw new IndexOutOfBoundsException("frame " + index + " is outside 0.." + (frameCount() - 1));
            Optional<Frame> kept = store.get(index);
            if (kept.isPresent()) return kept.get();
            Frame f = src.frame(index);
            store.put(index, f);
            return f;
        }
    }
}
