package org.cinegraph.app.editor;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskHandle;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.Problem;
import org.cinegraph.render.NodeEvent;
import org.cinegraph.render.NodeState;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderJob;
import org.cinegraph.render.RenderResult;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Renders a snapshot of the document as a background task while the user keeps editing. Node
 * events from render threads are published to the task and reach the UI in one batch per
 * pulse, so a busy render cannot flood the FX thread.
 */
public final class RenderController {
    /** A failed node (or a problem that stopped the render) for the errors panel. */
    public record Failure(String nodeId, String message) {
        @Override
        public String toString() {
            return nodeId.isEmpty() ? message : nodeId + ": " + message;
        }
    }

    private final EditorModel model;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ObservableList<Failure> failures = FXCollections.observableArrayList();
    private final TaskRunner tasks;
    private final Renderer renderer;
    private TaskHandle job;
    private long startNanos;
    private Consumer<RenderResult> onFinished = r -> { };
    private final ReadOnlyObjectWrapper<HistoryEntry> lastRecorded = new ReadOnlyObjectWrapper<>();

    public RenderController(EditorModel model, Renderer renderer, TaskRunner tasks) {
        this.model = model;
        this.renderer = renderer;
        this.tasks = tasks;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ObservableList<Failure> failures() {
        return failures;
    }

    /** Where this window's renders are recorded, if anywhere. */
    public Optional<RenderHistory> history() {
        return renderer.history();
    }

    /** The history entry of the last successful render (set on the FX thread). */
    public ReadOnlyObjectProperty<HistoryEntry> lastRecordedProperty() {
        return lastRecorded.getReadOnlyProperty();
    }

    /** Called on the FX thread when a render ends (done, failed or cancelled). */
    public void setOnFinished(Consumer<RenderResult> c) {
        onFinished = c;
    }

    /** Where outputs go: renders/ beside the graph file, or a temporary folder for an unsaved graph. */
    public Path outputDir() throws IOException {
        if (model.document().file().isPresent()) return model.graphDir().resolve("renders");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "cinegraph-renders");
        Files.createDirectories(tmp);
        return tmp;
    }

    /** Starts rendering the current graph; does nothing while a render runs. */
    public void start() {
        if (running.get()) return;
        Graph snapshot = model.graph();
        Path outDir;
        try {
            outDir = outputDir();
        } catch (IOException e) {
            model.setStatus("Cannot create the output folder: " + e.getMessage());
            return;
        }
        Optional<Path> graphFile = model.document().file();
        RenderJob request = graphFile.map(f -> RenderJob.of(snapshot, f).withOutDir(outDir))
                .orElseGet(() -> RenderJob.unsaved(snapshot, model.graphDir(), outDir));
        model.clearNodeStates();
        failures.clear();
        progress.set(0);
        progressText.set("Render starting\u2026");
        running.set(true);
        startNanos = System.nanoTime();
        // the graph text goes into every output, so a dropped MP4 or PNG reopens what made it
        this.job = tasks.run(BackgroundTask.<Renderer.Outcome, NodeEvent>withContext("render",
                ctx -> renderer.render(request, ctx::publish, ctx.cancelToken())).onProgress(this::apply).onSuccess(o -> {
            finished(o.result(), List.of(), null);
            // the render succeeded; a history folder that cannot be written is a note, not a failure
            o.historyWarning().ifPresent(w -> progressText.set(progressText.get() + " (not kept in history: " + w + ")"));
            o.recorded().ifPresent(lastRecorded::set);
        }).onFailure(e -> {
            if (e instanceof RenderException re) finished(null, re.problems(), null);
            else finished(null, List.of(), e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }));
    }

    public void cancel() {
        if (job != null && running.get()) {
            job.cancel();
            progressText.set("Cancelling\u2026");
        }
    }

    /** Node events since the last pulse, in order: the latest per node wins. */
    private void apply(List<NodeEvent> events) {
        for (NodeEvent e : events) model.putNodeState(e);
        updateProgress();
        model.fireStatesChanged();
    }

    private void updateProgress() {
        Map<String, NodeEvent> states = model.nodeStates();
        if (states.isEmpty()) return;
        double done = 0;
        for (NodeEvent e : states.values()) done += e.state().isFinal() ? 1 : e.state() == NodeState.RUNNING ? e.fraction() : 0;
        double p = done / states.size();
        progress.set(p);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        String eta = p > 0.02 && p < 1 ? ", about " + duration(elapsed * (1 - p) / p) + " left" : "";
        progressText.set(String.format(Locale.ROOT, "Rendering %d%%%s", Math.round(p * 100), eta));
    }

    static String duration(double s) {
        if (s < 60) return Math.max(1, Math.round(s)) + " s";
        return (long) (s / 60) + " min " + Math.round(s % 60) + " s";
    }

    private void finished(RenderResult r, List<Problem> problems, String crash) {
        running.set(false);
        if (crash != null) {
            progressText.set("Render failed: " + crash);
            failures.add(new Failure("", crash));
        } else if (r == null) {
            List<Failure> fs = new ArrayList<>();
            for (Problem p : problems) fs.add(new Failure(p.nodeId(), p.message()));
            failures.setAll(fs);
            progressText.set("Render did not start: " + problems.size() + " problem(s), see Problems");
        } else {
            List<Failure> fs = new ArrayList<>();
            r.failures().forEach(f -> fs.add(new Failure(f.nodeId(), f.reason())));
            failures.setAll(fs);
            double secs = (System.nanoTime() - startNanos) / 1e9;
            if (r.cancelled()) progressText.set("Render cancelled");
            else if (r.failed()) progressText.set("Render failed at " + fs.size() + " node(s), see Problems");
            else {
                progress.set(1);
                progressText.set(String.format(Locale.ROOT, "Rendered %d file(s) in %.1f s", r.files().size(), secs));
            }
            onFinished.accept(r);
        }
        model.fireStatesChanged();
    }
}
