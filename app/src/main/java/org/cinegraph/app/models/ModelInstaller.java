package org.cinegraph.app.models;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskHandle;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.files.AtomicFiles;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.PullProgress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The editor's hands on the model library: install (the CLI's verified pull: staging folder,
 * sha256 of every file, rename into place), verify and remove, each as a background task on one
 * lane, so they run in the order asked and never two at once on the library. What each model is
 * doing, and how its last action ended, are observable maps the Model manager and the
 * missing-models dialog show; {@link #changesProperty()} counts changes to what is installed.
 * Everything here is called on the FX thread.
 */
public final class ModelInstaller {
    /** What a model is doing now: the action, 0..1 done (-1 while unknown) and a line such as "3.1 of 12.0 MB, 2.0 MB/s, 0:05 left". */
    public record Activity(String model, String action, double fraction, String text) {
    }

    private final ModelLibrary library;
    private final TaskRunner lane;
    private final ObservableMap<String, Activity> activities = FXCollections.observableHashMap();
    private final ObservableMap<String, String> outcomes = FXCollections.observableHashMap();
    private final ReadOnlyIntegerWrapper changes = new ReadOnlyIntegerWrapper();
    private final Map<String, Running> running = new HashMap<>();

    /** A task handed to the lane; {@code claimed} is taken by whichever comes first, its start or a cancel before it. */
    private record Running(TaskHandle handle, AtomicBoolean claimed) {
    }

    public ModelInstaller(ModelLibrary library, TaskRunner tasks) {
        this.library = library;
        this.lane = tasks.serial("models");
    }

    public ModelLibrary library() {
        return library;
    }

    /** Models with an action waiting or under way, by name. */
    public ObservableMap<String, Activity> activities() {
        return activities;
    }

    /** How each model's last action ended ("installed", "cancelled: nothing was installed", "damaged: ..."), by name. */
    public ObservableMap<String, String> outcomes() {
        return outcomes;
    }

    /** Goes up each time a model was installed or removed. */
    public ReadOnlyIntegerProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    public boolean busy(String model) {
        return activities.containsKey(model);
    }

    /** Installs a catalogue model (a no-op while that model is busy). */
    public void install(ModelManifest m) {
        String name = m.name();
        if (busy(name)) return;
        AtomicBoolean claimed = new AtomicBoolean();
        activities.put(name, new Activity(name, "Install", -1, "waiting for the model library"));
        outcomes.remove(name);
        TaskHandle h = lane.run(BackgroundTask.<ModelLibrary.Installed, PullProgress>withContext("install " + name, ctx -> {
            if (!claimed.compareAndSet(false, true)) return null;
            return library.pull(m, ctx::publish, ctx::isCancelled);
        }).onProgress(ps -> {
            PullProgress p = ps.get(ps.size() - 1);
            if (activities.containsKey(name)) activities.put(name, new Activity(name, "Install", p.fraction(), phase(p)));
        }).onSuccess(installed -> {
            finish(name, "installed " + m.version() + " (sha256 of " + m.files().size() + " file(s) verified)");
            changes.set(changes.get() + 1);
        }).onFailure(e -> finish(name, e instanceof ModelException me && ModelLibrary.isCancelled(me)
                ? "install cancelled: nothing was installed" : "install failed: " + e.getMessage())));
        running.put(name, new Running(h, claimed));
    }

    private static String phase(PullProgress p) {
        return switch (p.phase()) {
            case DOWNLOADING -> "downloading " + p.describe();
            case VERIFYING -> "checking sha256";
            case INSTALLED -> "installed";
        };
    }

    /** Stops the model's install: one waiting is dropped at once, one under way stops at its next chunk and installs nothing. */
    public void cancel(String model) {
        Running r = running.get(model);
        if (r == null) return;
        r.handle().cancel();
        if (r.claimed().compareAndSet(false, true)) {
            finish(model, "install cancelled: nothing was installed");
        } else if (activities.containsKey(model)) {
            Activity a = activities.get(model);
            activities.put(model, new Activity(model, a.action(), a.fraction(), "cancelling\u2026"));
        }
    }

    /** Re-hashes an installed model's files. */
    public void verify(String model) {
        if (busy(model)) return;
        activities.put(model, new Activity(model, "Verify", -1, "checking sha256"));
        AtomicBoolean claimed = new AtomicBoolean(true);
        TaskHandle h = lane.run(BackgroundTask.of("verify " + model, () -> {
            ModelLibrary.Installed m = library.find(model).orElseThrow(() -> new ModelException("model " + model + " is not installed"));
            return library.verify(m);
        }).onSuccess(bad -> finish(model, bad.isEmpty() ? "verified: every file matches its sha256" : "damaged: " + String.join("; ", bad)))
                .onFailure(e -> finish(model, "cannot verify: " + e.getMessage())));
        running.put(model, new Running(h, claimed));
    }

    /**
     * Removes a model installed in the user library: the folder is first renamed to a hidden name
     * (so it is never seen half deleted), then deleted. Models in a project folder are the
     * project's and stay.
     */
    public void remove(String model) {
        if (busy(model)) return;
        activities.put(model, new Activity(model, "Remove", -1, "removing"));
        AtomicBoolean claimed = new AtomicBoolean(true);
        TaskHandle h = lane.run(BackgroundTask.of("remove " + model, () -> {
            Path dir = library.userDir().resolve(model).normalize();
            if (!dir.startsWith(library.userDir()) || !Files.isRegularFile(dir.resolve("manifest.json"))) {
                throw new ModelException("model " + model + " is not installed in " + library.userDir());
            }
            Path aside = AtomicFiles.tempSibling(dir);
            try {
                Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new ModelException("cannot remove " + dir + ": " + e.getMessage(), e);
            }
            AtomicFiles.deleteTree(aside);
            return dir;
        }).onSuccess(dir -> {
            finish(model, "removed from " + dir.getParent());
            changes.set(changes.get() + 1);
        }).onFailure(e -> finish(model, "not removed: " + e.getMessage())));
        running.put(model, new Running(h, claimed));
    }

    /** Installs each model in turn (those already busy are left as they are). */
    public void installAll(List<ModelManifest> models) {
        models.forEach(this::install);
    }

    private void finish(String model, String outcome) {
        running.remove(model);
        activities.remove(model);
        outcomes.put(model, outcome);
    }
}
