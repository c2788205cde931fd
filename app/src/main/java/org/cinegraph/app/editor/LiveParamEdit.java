package org.cinegraph.app.editor;

import javafx.animation.PauseTransition;
import javafx.util.Duration;
import org.cinegraph.graph.Document;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A parameter dragged on a slider: the graph follows the drag, at most one edit per
 * {@link #INTERVAL} (the viewer and the node previews recompute from each), and the whole drag
 * is one undo step, committed on release.
 */
final class LiveParamEdit {
    static final Duration INTERVAL = Duration.millis(100);

    private final EditorModel model;
    private final Supplier<List<String>> nodes;
    private final String param;
    private final PauseTransition throttle = new PauseTransition(INTERVAL);
    private Document.Transaction tx;
    private Object pending;
    private Object applied;

    LiveParamEdit(EditorModel model, Supplier<List<String>> nodes, String param) {
        this.model = model;
        this.nodes = nodes;
        this.param = param;
        throttle.setOnFinished(e -> {
            if (!Objects.equals(pending, applied)) {
                apply(pending);
                throttle.playFromStart();
            }
        });
    }

    /** A value while dragging: applied now when none was lately, else when the interval ends. */
    void change(Object value) {
        Collection<String> ids = nodes.get();
        if (tx == null) {
            try {
                tx = model.document().begin(model.commands().setParam(ids, param, value).name());
            } catch (IllegalStateException e) {
                tx = null; // another gesture holds a transaction: each edit is its own step then
            }
        }
        pending = value;
        if (throttle.getStatus() != javafx.animation.Animation.Status.RUNNING) {
            apply(value);
            throttle.playFromStart();
        }
    }

    /** The value on release: applied, and the drag becomes one undo step. */
    void commit(Object value) {
        throttle.stop();
        apply(value);
        if (tx != null) tx.commit();
        tx = null;
        pending = applied = null;
    }

    private void apply(Object value) {
        applied = value;
        model.setParam(nodes.get(), param, value);
    }
}
