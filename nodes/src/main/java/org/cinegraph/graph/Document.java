package org.cinegraph.graph;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The graph being edited: the current {@link Graph}, its file, whether it differs from what was
 * saved, and the undo/redo history. Every change goes through {@link #execute(Command)}; a
 * {@link Transaction} folds many commands (a drag, a paste) into one undo step.
 * Not thread-safe: the editor uses it from its UI thread; renders take {@link #graph()} snapshots.
 */
public final class Document {
    private record Step(String name, Graph before, Graph after) {
    }

    private final Deque<Step> undo = new ArrayDeque<>();
    private final Deque<Step> redo = new ArrayDeque<>();
    private final List<Consumer<Document>> listeners = new CopyOnWriteArrayList<>();
    private final int historyLimit;
    private Graph graph;
    private Graph saved;
    private Path file;
    private Transaction open;

    public Document(Graph graph, Path file) {
        this(graph, file, 500);
    }

    public Document(Graph graph, Path file, int historyLimit) {
        this.graph = Objects.requireNonNull(graph);
        this.saved = graph;
        this.file = file;
        this.historyLimit = historyLimit;
    }

    public Graph graph() {
        return graph;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public boolean isDirty() {
        return !graph.equals(saved);
    }

    /** Records that the current graph is what the file now holds. */
    public void markSaved(Path savedTo) {
        this.file = savedTo;
        this.saved = graph;
        fire();
    }

    /**
     * Rewrites the current graph, the saved one and every graph in the history with {@code fn}.
     * Not an edit (no undo step): it records a fact about the document, such as its file moving
     * to another folder, which relative asset paths must follow everywhere so that undo never
     * brings back paths relative to the old folder.
     */
    public void rewriteAll(UnaryOperator<Graph> fn) {
        if (open != null) throw new IllegalStateException("a transaction is open: " + open.name);
        graph = fn.apply(graph);
        saved = fn.apply(saved);
        rewrite(undo, fn);
        rewrite(redo, fn);
        fire();
    }

    private static void rewrite(Deque<Step> steps, UnaryOperator<Graph> fn) {
        List<Step> copy = new ArrayList<>(steps);
        steps.clear();
        for (Step s : copy) steps.addLast(new Step(s.name(), fn.apply(s.before()), fn.apply(s.after())));
    }

    /** Applies a command as one undoable step (or as part of the open transaction). */
    public void execute(Command c) {
        Graph next = c.apply(graph);
        if (next.equals(graph)) return;
        if (open != null) {
            graph = next;
        } else {
            push(new Step(c.name(), graph, next));
            graph = next;
        }
        fire();
    }

    private void push(Step s) {
        undo.push(s);
        while (undo.size() > historyLimit) undo.removeLast();
        redo.clear();
    }

    public boolean canUndo() {
        return open == null && !undo.isEmpty();
    }

    public boolean canRedo() {
        return open == null && !redo.isEmpty();
    }

    public Optional<String> undoName() {
        return undo.isEmpty() ? Optional.empty() : Optional.of(undo.peek().name());
    }

    public Optional<String> redoName() {
        return redo.isEmpty() ? Optional.empty() : Optional.of(redo.peek().name());
    }

    public void undo() {
        if (!canUndo()) return;
        Step s = undo.pop();
        redo.push(s);
        graph = s.before();
        fire();
    }

    public void redo() {
        if (!canRedo()) return;
        Step s = redo.pop();
        undo.push(s);
        graph = s.after();
        fire();
    }

    /**
     * Starts a transaction: commands executed until {@link Transaction#commit()} change the graph
     * live but make one undo step; {@link Transaction#rollback()} restores the graph as it was.
     */
    public Transaction begin(String name) {
        if (open != null) throw new IllegalStateException("a transaction is already open: " + open.name);
        open = new Transaction(name, graph);
        return open;
    }

    public final class Transaction implements AutoCloseable {
        private final String name;
        private final Graph before;
        private boolean done;

        private Transaction(String name, Graph before) {
            this.name = name;
            this.before = before;
        }

        public void commit() {
            if (done) return;
            done = true;
            open = null;
            if (!graph.equals(before)) push(new Step(name, before, graph));
            fire();
        }

        public void rollback() {
            if (done) return;
            done = true;
            open = null;
            graph = before;
            fire();
        }

        /** Rolls back unless committed. */
        @Override
        public void close() {
            rollback();
        }
    }

    /** Called after every change of graph, history or saved state. */
    public void addListener(Consumer<Document> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<Document> l) {
        listeners.remove(l);
    }

    private void fire() {
        for (Consumer<Document> l : listeners) l.accept(this);
    }
}
