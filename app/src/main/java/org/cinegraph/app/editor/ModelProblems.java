package org.cinegraph.app.editor;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.cinegraph.app.models.GraphModels;
import org.cinegraph.app.models.ModelInstaller;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.Problem;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.render.Renderer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The models the shown graph needs and this machine lacks, kept current as the graph is edited and
 * models are installed or removed: problems for the Problems panel (ahead of the last render's
 * failures) and the reason Render is off while one is missing, so a render never starts only to
 * fail a minute later. Checks run on their own lane; edits made while one runs are checked after it.
 */
final class ModelProblems {
    private final EditorModel model;
    private final Renderer renderer;
    private final TaskRunner lane;
    private final ReadOnlyStringWrapper blockedReason = new ReadOnlyStringWrapper("");
    private final ObservableList<RenderController.Failure> shown = FXCollections.observableArrayList();
    private final ObservableList<RenderController.Failure> renderFailures;
    private GraphModels.Report report = GraphModels.Report.NONE;
    private List<RenderController.Failure> own = List.of();
    // missing-model problems reported before: a render stopped by one no longer shows it once the model is there
    private final java.util.Set<RenderController.Failure> past = new java.util.HashSet<>();
    private boolean checking;
    private boolean again;

    ModelProblems(EditorModel model, Renderer renderer, TaskRunner tasks, ModelInstaller installer, ObservableList<RenderController.Failure> renderFailures) {
        this.model = model;
        this.renderer = renderer;
        this.lane = tasks.serial("model-check");
        this.renderFailures = renderFailures;
        renderFailures.addListener((ListChangeListener<RenderController.Failure>) c -> merge());
        model.addDocumentListener(m -> recheck());
        installer.changesProperty().addListener((o, was, now) -> recheck());
        recheck();
    }

    /** Missing models first, then the last render's failures (without repeating a missing model it stopped on). */
    ObservableList<RenderController.Failure> problems() {
        return shown;
    }

    /** Why Render is off ("model X is missing"); empty while the graph has every model it needs. */
    ReadOnlyStringProperty blockedReasonProperty() {
        return blockedReason.getReadOnlyProperty();
    }

    boolean blocked() {
        return !blockedReason.get().isEmpty();
    }

    /** Catalogued models the graph needs, each installable with exactly the weights it names. */
    List<ModelManifest> installable() {
        return report.installable();
    }

    /** The model a Problems entry is about, if it is a missing model. */
    Optional<String> modelOf(RenderController.Failure f) {
        for (var e : report.modelOf().entrySet()) {
            if (e.getKey().nodeId().equals(f.nodeId()) && e.getKey().message().equals(f.message())) return Optional.of(e.getValue());
        }
        return Optional.empty();
    }

    /** Checks the shown graph again (after it changed, or the library did). */
    void recheck() {
        if (checking) {
            again = true;
            return;
        }
        checking = true;
        Graph g = model.document().graph();
        Optional<Path> file = model.document().file().map(f -> f.toAbsolutePath().normalize());
        lane.run(BackgroundTask.of("model check", () -> GraphModels.check(g, file, renderer)).onSuccess(this::show).onFailure(e -> {
            show(GraphModels.Report.NONE);
            model.setStatus("Cannot check the graph's models: " + e.getMessage());
        }));
    }

    private void show(GraphModels.Report r) {
        checking = false;
        report = r;
        List<RenderController.Failure> fs = new ArrayList<>();
        for (Problem p : r.problems()) fs.add(new RenderController.Failure(p.nodeId(), p.message()));
        own = fs;
        past.addAll(fs);
        boolean was = blocked();
        blockedReason.set(r.reason());
        if (blocked() && !was) model.setStatus("Render is off: " + r.reason() + " (see Problems)");
        merge();
        if (again) {
            again = false;
            recheck();
        }
    }

    private void merge() {
        List<RenderController.Failure> all = new ArrayList<>(own);
        for (RenderController.Failure f : renderFailures) if (!all.contains(f) && !past.contains(f)) all.add(f);
        shown.setAll(all);
    }
}
