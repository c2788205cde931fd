package org.cinegraph.app.editor;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskHandle;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.textimage.LoraTrainer;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Models > Train LoRA: asks what to train, runs {@link LoraTrainer} in the background with its
 * progress (step, loss, ETA) in the status line and the loss of every step so far for the loss
 * curve ({@link LoraProgressView}), cancels with a checkpoint (the dialog's "continue" box
 * resumes it), and says where the LoRA was installed.
 */
public final class LoraTrainingController {
    private final EditorModel model;
    private final TaskRunner tasks;
    private final Supplier<ModelLibrary> library;
    private final LoraDialogs dialogs;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ObservableList<Float> losses = FXCollections.observableArrayList();
    /** One wrapper for every listener: a wrapper made per call listens weakly and is collected with its listeners. */
    private final ObservableList<Float> lossesView = FXCollections.unmodifiableObservableList(losses);
    private TaskHandle handle;

    /** One finished step, published from the training thread. */
    private record Step(int step, int steps, float loss, double secondsLeft) {
    }

    LoraTrainingController(EditorModel model, TaskRunner tasks, Supplier<ModelLibrary> library, LoraDialogs dialogs) {
        this.model = model;
        this.tasks = tasks;
        this.library = library;
        this.dialogs = dialogs;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The latest progress line of the training (or how it ended). */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The loss of each step of the current (or last) training, in order; a resumed training starts with the checkpoint's. */
    public ObservableList<Float> losses() {
        return lossesView;
    }

    public void train() {
        if (running.get()) {
            model.setStatus("A LoRA is training; wait for it or cancel it first");
            return;
        }
        dialogs.askLoraTraining(model.graphDir()).ifPresent(this::start);
    }

    void start(LoraTrainer.Options o) {
        running.set(true);
        losses.clear();
        say("Training LoRA " + o.out() + "\u2026");
        handle = tasks.run(BackgroundTask.<LoraTrainer.Result, Step>withContext("lora-training", ctx ->
                        LoraTrainer.train(library.get(), o, (step, steps, loss, left) -> ctx.publish(new Step(step, steps, loss, left)), ctx::isCancelled))
                .onProgress(steps -> {
                    steps.forEach(s -> losses.add(s.loss()));
                    Step last = steps.get(steps.size() - 1);
                    say(String.format(Locale.ROOT, "Training LoRA %s: step %d/%d, loss %.4f, about %s left", o.out(), last.step(), last.steps(),
                            last.loss(), eta(last.secondsLeft())));
                })
                .onSuccess(r -> {
                    running.set(false);
                    losses.setAll(r.losses());
                    if (r.cancelled()) {
                        say("LoRA " + o.out() + " stopped after step " + r.step() + "; train it again with \"Continue from the checkpoint\" to resume");
                    } else {
                        say("LoRA " + o.out() + " installed in " + r.installed().dir() + " (verified); use it with a Load LoRA node");
                    }
                })
                .onFailure(e -> {
                    running.set(false);
                    say("LoRA training failed: " + e.getMessage());
                }));
    }

    private void say(String line) {
        progress.set(line);
        model.setStatus(line);
    }

    public void cancel() {
        if (handle != null && running.get()) handle.cancel();
    }

    static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
