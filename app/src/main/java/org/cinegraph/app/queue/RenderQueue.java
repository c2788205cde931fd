package org.cinegraph.app.queue;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskRunner;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Renders waiting for the one that runs, in order. Lives on the FX thread; every change is saved
 * through {@link RenderQueueStore} on a serial lane (in order, off the FX thread), so the queue
 * survives a restart. A queue read back at start is not started by itself: the user starts it.
 */
public final class RenderQueue {
    private final ObservableList<QueuedRender> items = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final RenderQueueStore store;
    private final TaskRunner saves;

    public RenderQueue(RenderQueueStore store, TaskRunner tasks) {
        this.store = store;
        this.saves = tasks.serial("render-queue");
    }

    /** The waiting renders, next first (read-only for views: change it through this class). */
    public ObservableList<QueuedRender> items() {
        return FXCollections.unmodifiableObservableList(items);
    }

    /** The last thing worth saying about the queue itself (could not be saved, entries not read back). */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** Reads the saved queue (in the background) and puts it before anything queued since; {@code then} gets how many came back. */
    public void load(Consumer<Integer> then) {
        saves.run(BackgroundTask.of("render-queue-load", store::load).onSuccess(l -> {
            items.addAll(0, l.renders());
            note.set(String.join("; ", l.warnings()));
            if (!l.warnings().isEmpty()) save();
            then.accept(l.renders().size());
        }).onFailure(e -> note.set("The saved render queue could not be read: " + e.getMessage())));
    }

    public void add(QueuedRender r) {
        items.add(r);
        save();
    }

    /** Takes the next render off the queue. */
    public Optional<QueuedRender> poll() {
        if (items.isEmpty()) return Optional.empty();
        QueuedRender r = items.remove(0);
        save();
        return Optional.of(r);
    }

    /**
     * Puts a render that cannot start yet (a model it needs is missing) back at the head of the
     * queue and says why in the Queue tab; the queue waits there until Start is pressed again.
     */
    public void holdAtHead(QueuedRender r, String why) {
        items.add(0, r);
        note.set(why);
        save();
    }

    /** Drops the note of a held render (the queue is being started again). */
    public void clearHold() {
        if (note.get().startsWith(HELD)) note.set("");
    }

    /** How a hold's note begins. */
    public static final String HELD = "Waiting: ";

    public void remove(QueuedRender r) {
        if (items.remove(r)) save();
    }

    /** Moves a render {@code by} places (negative: sooner). */
    public void move(QueuedRender r, int by) {
        int i = items.indexOf(r);
        if (i < 0) return;
        int j = Math.max(0, Math.min(items.size() - 1, i + by));
        if (i == j) return;
        items.remove(i);
        items.add(j, r);
        save();
    }

    public void clear() {
        if (items.isEmpty()) return;
        items.clear();
        save();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    private void save() {
        List<QueuedRender> snapshot = List.copyOf(items);
        saves.run(BackgroundTask.of("render-queue-save", () -> {
            store.save(snapshot);
            return null;
        }).onSuccess(v -> {
            if (note.get().startsWith("The render queue could not be saved")) note.set("");
        }).onFailure(e -> note.set("The render queue could not be saved in " + store.dir() + ": " + e.getMessage())));
    }
}
