package org.cinegraph.app.editor;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskHandle;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.textimage.LoraTrainer;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Models > Train LoRA: asks what to train, runs {@link LoraTrainer} in the background with its
 * progress (step, loss, ETA) in the status line, cancels with a checkpoint (the dialog's
 * "continue" box resumes it), and says where the LoRA was installed.
 */
public final class LoraTrainingController {
    private final EditorModel model;
    private final TaskRunner tasks;
    private final Supplier<ModelLibrary> library;
    private final LoraDialogs dialogs;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private TaskHandle handle;

    LoraTrainingController(EditorModel model, TaskRunner tasks, Supplier<ModelLibrary> library, LoraDialogs dialogs) {
        this.model = model;
        this.tasks = tasks;
        this.library = library;
        this.dialogs = dialogs;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
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
        model.setStatus("Training LoRA " + o.out() + "\u2026");
        handle = tasks.run(BackgroundTask.<LoraTrainer.Result, String>withContext("lora-training", ctx ->
                        LoraTrainer.train(library.get(), o, new LoraTrainer.Listener() {
                            @Override
                            public void step(int step, int steps, float loss, double secondsLeft) {
                                ctx.publish(String.format(Locale.ROOT, "Training LoRA %s: step %d/%d, loss %.4f, about %s left", o.out(), step, steps, loss,
                                        eta(secondsLeft)));
                            }
                        }, ctx::isCancelled))
                .onProgress(lines -> model.setStatus(lines.get(lines.size() - 1)))
                .onSuccess(r -> {
                    running.set(false);
                    if (r.cancelled()) {
                        model.setStatus("LoRA " + o.out() + " stopped after step " + r.step() + "; train it again with \"Continue from the checkpoint\" to resume");
                    } else {
                        model.setStatus("LoRA " + o.out() + " installed in " + r.installed().dir() + " (verified); use it with a Load LoRA node");
                    }
                })
                .onFailure(e -> {
                    running.set(false);
                    model.setStatus("LoRA training failed: " + e.getMessage());
                }));
    }

    public void cancel() {
        if (handle != null && running.get()) handle.cancel();
    }

    static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
