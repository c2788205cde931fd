package org.cinegraph.render;

import org.cinegraph.graph.PortRef;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of running a plan: per-node reports and the value of every output port computed
 * or served. Closing it closes the decoders and temporary files the nodes opened, after which
 * lazy clips may fail; keep it open while a clip is shown.
 */
public final class Evaluation implements AutoCloseable {
    private final RenderResult result;
    private final Map<PortRef, Object> values;
    private final List<AutoCloseable> resources;
    private final Runnable deleteTemp;
    private boolean closed;

    Evaluation(RenderResult result, Map<PortRef, Object> values, List<AutoCloseable> resources, Runnable deleteTemp) {
        this.result = result;
        this.values = Map.copyOf(values);
        this.resources = resources;
        this.deleteTemp = deleteTemp;
    }

    public RenderResult result() {
        return result;
    }

    /** The value of one output port, if its node ran (or came from the cache). */
    public Optional<Object> value(PortRef port) {
        return Optional.ofNullable(values.get(port));
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        synchronized (resources) {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // closing is best effort at the end of a render
                }
            }
            resources.clear();
        }
        deleteTemp.run();
    }
}
