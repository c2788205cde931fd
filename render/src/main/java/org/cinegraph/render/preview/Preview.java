package org.cinegraph.render.preview;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.Evaluation;
import org.cinegraph.render.Executor;
import org.cinegraph.render.NodeReport;
import org.cinegraph.render.NodeState;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderListener;
import org.cinegraph.render.RenderRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pulls the value of one node's output for the viewer: runs only the nodes it needs, through the
 * executor's plan and cache, and never runs a node that writes files. Clips come back lazy, so
 * showing frame 200 computes frame 200 of each clip upstream and nothing else.
 */
public final class Preview {
    private final Executor executor;

    public Preview(Executor executor) {
        this.executor = executor;
    }

    /**
     * Evaluates {@code port} of a graph snapshot.
     *
     * @param graphDir the folder relative asset paths start from (the graph file's folder)
     * @throws RenderException if the graph cannot run, a writer would run, or the node (or one it
     *                         needs) failed; the problems name the nodes
     */
    public Value pull(Graph graph, Path graphDir, PortRef port, CancelToken cancel) throws RenderException {
        return pull(graph, graphDir, port, e -> { }, cancel);
    }

    public Value pull(Graph graph, Path graphDir, PortRef port, RenderListener listener, CancelToken cancel) throws RenderException {
        // a port of a subgraph node (or of a node inside one, by path) is the flat port that makes it
        PortRef flat;
        try {
            flat = Subgraphs.flatten(graph).source(port);
        } catch (Subgraphs.FlattenException e) {
            throw new RenderException(List.of(Problem.error(e.nodeId(), e.getMessage())));
        }
        RenderRequest req = new RenderRequest(graph, graphDir, graphDir, Optional.empty(), Set.of(flat.node()), true);
        Evaluation ev = executor.evaluate(req, listener, cancel);
        NodeReport report = ev.result().report(flat.node());
        if (report == null || (report.state() != NodeState.DONE && report.state() != NodeState.CACHED)) {
            ev.close();
            List<NodeReport> failures = ev.result().failures();
            if (ev.result().cancelled()) throw new RenderException("preview of " + port + " cancelled");
            if (failures.isEmpty()) throw new RenderException("preview of " + port + ": node " + flat.node() + " did not run");
            throw new RenderException(failures.stream().map(f -> Problem.error(f.nodeId(), f.reason())).toList());
        }
        Optional<Object> v = ev.value(flat);
        if (v.isEmpty()) {
            ev.close();
            throw new RenderException("node " + port.node() + " has no output '" + port.port() + "'");
        }
        return new Value(port, v.get(), ev);
    }

    /**
     * A previewed value: an image ({@link Frame}), a lazy {@link Clip}, or another port value
     * (number, text). Keep it open while its clip is shown: closing releases the decoders the
     * clip reads through.
     */
    public static final class Value implements AutoCloseable {
        private final PortRef port;
        private final Object value;
        private final Evaluation evaluation;

        Value(PortRef port, Object value, Evaluation evaluation) {
            this.port = port;
            this.value = value;
            this.evaluation = evaluation;
        }

        public PortRef port() {
            return port;
        }

        public Object value() {
            return value;
        }

        public Optional<Frame> image() {
            return value instanceof Frame f ? Optional.of(f) : Optional.empty();
        }

        public Optional<Clip> clip() {
            return value instanceof Clip c ? Optional.of(c) : Optional.empty();
        }

        /** Which nodes ran and which came from the cache, with their times. */
        public List<NodeReport> reports() {
            return evaluation.result().reports().values().stream()
                    .sorted(java.util.Comparator.comparing(NodeReport::nodeId)).toList();
        }

        @Override
        public void close() {
            evaluation.close();
        }
    }
}
