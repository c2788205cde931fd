package org.cinegraph.app.editor;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
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
import javafx.scene.control.ProgressBar;
import javafx.util.Duration;
import org.cinegraph.app.models.GraphModels;
import org.cinegraph.app.queue.QueuedRender;
import org.cinegraph.app.queue.RenderQueue;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskHandle;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.render.CostEstimate;
import org.cinegraph.render.NodeEvent;
import org.cinegraph.render.Plan;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderJob;
import org.cinegraph.render.RenderListener;
import org.cinegraph.render.RenderProgress;
import org.cinegraph.render.RenderResult;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.PaidService;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Renders a snapshot of the document as a background task while the user keeps editing; Render
 * while one runs queues the snapshot ({@link RenderQueue}), and the next starts when one ends.
 * Node events reach the UI in one batch per pulse; progress is {@link RenderProgress}'s (frames
 * written, ETA from throughput), as on the command line. An unsaved graph renders into the folder
 * the user set, else the user is asked, never silently into a temporary folder.
 */
public final class RenderController {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    /** A failed node (or a problem that stopped the render) for the errors panel. */
    public record Failure(String nodeId, String message) {
        @Override
        public String toString() {
            return nodeId.isEmpty() ? message : nodeId + ": " + message;
        }
    }

    /** How a render ended, for the window's notification: the render, its result (null if it did not start) and why not. */
    public record Finished(QueuedRender render, RenderResult result, String problem) {
    }

    private final EditorModel model;
    private final Renderer renderer;
    private final TaskRunner tasks;
    private final Dialogs dialogs;
    private final EditorSettings settings;
    private final RenderQueue queue;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<QueuedRender> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<HistoryEntry> lastRecorded = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Failure> failures = FXCollections.observableArrayList();
    // the ETA moves on between events (a stalled writer sends none)
    private final Timeline ticker = new Timeline(new KeyFrame(Duration.millis(500), e -> updateProgress()));
    private TaskHandle job;
    private RenderProgress measure;
    private Document origin;
    private Document unsavedFolderFor;
    private Path unsavedFolder;
    private Consumer<Finished> onFinished = f -> { };
    private java.util.function.Supplier<String> blockedReason = () -> "";

    public RenderController(EditorModel model, Renderer renderer, TaskRunner tasks, Dialogs dialogs, EditorSettings settings, RenderQueue queue) {
        this.model = model;
        this.renderer = renderer;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.settings = settings;
        this.queue = queue;
        ticker.setCycleCount(Animation.INDEFINITE);
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1, or {@link ProgressBar#INDETERMINATE_PROGRESS} while no writer has said how much it will write. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The render running now, or null. */
    public ReadOnlyObjectProperty<QueuedRender> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ObservableList<Failure> failures() {
        return failures;
    }

    public RenderQueue queue() {
        return queue;
    }

    /** Where this window's renders are recorded, if anywhere. */
    public Optional<RenderHistory> history() {
        return renderer.history();
    }

    /** The history entry of the last successful render (set on the FX thread). */
    public ReadOnlyObjectProperty<HistoryEntry> lastRecordedProperty() {
        return lastRecorded.getReadOnlyProperty();
    }

    /** Called on the FX thread when a render ends (done, failed, cancelled, or refused before it started). */
    public void setOnFinished(Consumer<Finished> c) {
        onFinished = c;
    }

    /** Why the shown graph cannot render now (a missing model), empty when it can: Render then refuses and says so. */
    public void setBlockedReason(java.util.function.Supplier<String> reason) {
        blockedReason = reason;
    }

    /**
     * Where outputs of the current document go: renders/ beside a saved graph; for an unsaved one
     * the folder set in the settings, else the folder chosen for this document, else the user is
     * asked (empty when they cancel).
     */
    public Optional<Path> outputDir() {
        Optional<Path> known = knownOutputDir();
        if (known.isPresent()) return known;
        Optional<Path> chosen = dialogs.chooseFolder("Render the unsaved graph into", unsavedFolder != null ? unsavedFolder : Path.of(System.getProperty("user.home")));
        chosen.ifPresent(p -> {
            unsavedFolder = p.toAbsolutePath().normalize();
            unsavedFolderFor = model.document();
        });
        return chosen.map(p -> p.toAbsolutePath().normalize());
    }

    /** Where the graph renders, if that is known without asking the user (a saved graph, a folder set or chosen). */
    public Optional<Path> knownOutputDir() {
        Optional<Path> file = model.document().file();
        if (file.isPresent()) return Optional.of(file.get().toAbsolutePath().normalize().getParent().resolve("renders"));
        Optional<Path> set = settings.renderFolder();
        if (set.isPresent()) return set;
        if (unsavedFolderFor == model.document() && unsavedFolder != null) return Optional.of(unsavedFolder);
        return Optional.empty();
    }

    /** Renders the current graph now, or queues it behind the render that runs. */
    public void start() {
        String blocked = blockedReason.get();
        if (!blocked.isEmpty()) {
            model.setStatus("Not rendered: " + blocked + " (see Problems; Models > Model Manager installs it)");
            return;
        }
        Optional<Path> outDir = outputDir();
        if (outDir.isEmpty()) {
            model.setStatus("Not rendered: no output folder chosen for the unsaved graph (Render > Output Folder for Unsaved Graphs sets one)");
            return;
        }
        Graph snapshot = model.document().graph(); // the whole graph, also while a subgraph is being edited
        Optional<Path> file = model.document().file().map(f -> f.toAbsolutePath().normalize());
        String name = file.map(f -> f.getFileName().toString()).orElse("Untitled") + " at " + CLOCK.format(Instant.now());
        Document from = model.document();
        if (!callsPaidServices(snapshot, registry(file))) {
            startOrQueue(snapshot, file, outDir.get(), name, from);
            return;
        }
        // paid calls are priced before anything runs (the cache's kept results are free), then
        // checked against the cost limit and confirmed
        model.setStatus("Pricing the paid model calls of " + name + "\u2026");
        RenderJob priced = file.map(f -> RenderJob.of(snapshot, f).withOutDir(outDir.get()))
                .orElseGet(() -> RenderJob.unsaved(snapshot, model.graphDir(), outDir.get()));
        tasks.run(BackgroundTask.of("estimate", () -> renderer.estimate(priced)).onSuccess(est -> {
            if (mayPay(est, name)) startOrQueue(snapshot, file, outDir.get(), name, from);
        }).onFailure(e -> startOrQueue(snapshot, file, outDir.get(), name, from))); // the render then names the problem
    }

    /** Whether any node that would run (inside subgraphs too) is a paid service. */
    private static boolean callsPaidServices(Graph g, NodeRegistry types) {
        return Subgraphs.leafNodes(g).values().stream()
                .anyMatch(n -> !n.muted() && types.find(n.type()).filter(t -> t instanceof PaidService).isPresent());
    }

    /** Under the cost limit and confirmed by the user, or nothing to pay for. */
    private boolean mayPay(CostEstimate.Estimate est, String name) {
        if (est.calls().isEmpty()) return true;
        Optional<String> refusal = settings.costLimit().map(est::refusal);
        if (refusal.isPresent()) {
            model.setStatus("Not rendered: " + refusal.get() + " (Render > Cost Limit changes the limit)");
            failures.setAll(new Failure("", refusal.get()));
            return false;
        }
        List<String> lines = new ArrayList<>();
        for (CostEstimate.Call c : est.calls()) {
            lines.add(c.nodeId() + ": " + c.provider() + " " + c.endpoint() + ", "
                    + (c.amount() == null ? "no price known" : CostEstimate.money(c.amount()) + " " + c.currency() + " (" + c.basis() + ")"));
        }
        String total = est.total() + (est.unpriced() > 0 ? " plus " + est.unpriced() + " call(s) without a price" : "");
        if (!dialogs.confirmSpend(name, lines, total)) {
            model.setStatus("Not rendered: paying for " + est.calls().size() + " model call(s) was declined");
            return false;
        }
        return true;
    }

    private void startOrQueue(Graph snapshot, Optional<Path> file, Path outDir, String name, Document from) {
        if (running.get()) {
            // the text, not the live graph: later edits do not change what was queued, and it survives a restart
            String text = GraphFile.toJson(snapshot, registry(file));
            queue.add(new QueuedRender(UUID.randomUUID().toString(), name, text, file, model.graphDir(), outDir, Instant.now()));
            model.setStatus("Queued " + name + " (" + queue.items().size() + " waiting)");
            return;
        }
        run(new QueuedRender(UUID.randomUUID().toString(), name, "", file, model.graphDir(), outDir, Instant.now()), snapshot, from);
    }

    /** Starts the next queued render unless one runs. */
    public void startQueue() {
        if (running.get()) return;
        queue.clearHold();
        queue.poll().ifPresent(q -> run(q, null, null));
    }

    public void cancel() {
        if (job != null && running.get()) {
            job.cancel();
            progressText.set("Cancelling\u2026");
        }
    }

    private NodeRegistry registry(Optional<Path> graphFile) {
        return graphFile.map(renderer::registryFor).orElse(renderer.registry());
    }

    /**
     * Runs one render. {@code graph} is the live snapshot, or null for a queued render (its text is
     * read in the task). {@code from} is the document it came from: only then do its node badges
     * go on the canvas.
     */
    private void run(QueuedRender q, Graph graph, Document from) {
        // a queued render puts its badges on the canvas only when that file is the one shown
        origin = from != null ? from : q.graphFile().isPresent()
                && q.graphFile().equals(model.document().file().map(f -> f.toAbsolutePath().normalize())) ? model.document() : null;
        if (origin == model.document()) model.clearNodeStates();
        failures.clear();
        progress.set(0);
        progressText.set("Render starting\u2026");
        current.set(q);
        running.set(true);
        RenderProgress p = new RenderProgress();
        measure = p;
        ticker.play();
        this.job = tasks.run(BackgroundTask.<Renderer.Outcome, NodeEvent>withContext("render", ctx -> {
            Graph g = graph != null ? graph : GraphFile.parse(q.graphText(), q.name(), registry(q.graphFile())).graph();
            // a model missing here (a queued graph's too) stops the render before it starts, with the reason
            GraphModels.Report missing = GraphModels.check(g, q.graphFile(), renderer);
            if (missing.blocked()) throw new RenderException(missing.problems());
            RenderJob job = q.graphFile().map(f -> RenderJob.of(g, f).withOutDir(q.outDir()))
                    .orElseGet(() -> RenderJob.unsaved(g, q.graphDir(), q.outDir()));
            return renderer.render(job, new RenderListener() {
                @Override
                public void onEvent(NodeEvent e) {
                    p.onEvent(e);
                    ctx.publish(e);
                }

                @Override
                public void planned(Plan plan) {
                    p.planned(plan);
                }
            }, ctx.cancelToken());
        }).onProgress(this::apply).onSuccess(o -> {
            finished(q, o.result(), List.of(), null);
            // the render succeeded; a history folder that cannot be written is a note, not a failure
            o.historyWarning().ifPresent(w -> progressText.set(progressText.get() + " (not kept in history: " + w + ")"));
            o.recorded().ifPresent(lastRecorded::set);
        }).onFailure(e -> {
            if (e instanceof RenderException re && graph == null && !re.problems().isEmpty()
                    && re.problems().stream().allMatch(pr -> pr.code() == Problem.Code.MODEL)) {
                held(q, re.problems());
            } else if (e instanceof RenderException re) {
                finished(q, null, re.problems(), null);
            } else {
                finished(q, null, List.of(), e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        }));
    }

    /** Node events since the last pulse, in order: the latest per node wins. */
    private void apply(List<NodeEvent> events) {
        if (origin != model.document()) {
            updateProgress();
            return;
        }
        for (NodeEvent e : events) model.putNodeState(e);
        updateProgress();
        model.fireStatesChanged();
    }

    private void updateProgress() {
        RenderProgress p = measure;
        if (p == null || !running.get() || progressText.get().startsWith("Cancelling")) return;
        RenderProgress.Snapshot s = p.snapshot();
        String waiting = queue.isEmpty() ? "" : "  (" + queue.items().size() + " queued)";
        if (!s.fractionKnown()) {
            progress.set(ProgressBar.INDETERMINATE_PROGRESS);
            String what = s.running().isEmpty() ? "" : ": " + String.join(", ", s.running());
            progressText.set("Rendering, preparing inputs" + what + waiting);
            return;
        }
        progress.set(s.fraction());
        String frames = String.format(Locale.ROOT, "%d of %s%d frames", s.framesDone(), s.totalExact() ? "" : "about ", s.framesTotal());
        String eta = s.fraction() >= 1 ? "" : s.etaKnown() ? ", about " + duration(s.etaSeconds()) + " left" : ", measuring speed";
        progressText.set(String.format(Locale.ROOT, "Rendering %d%% (%s)%s%s", (int) Math.floor(s.fraction() * 100), frames, eta, waiting));
    }

    static String duration(double s) {
        if (s < 60) return Math.max(1, Math.round(s)) + " s";
        return (long) (s / 60) + " min " + Math.round(s % 60) + " s";
    }

    /** A queued render whose models are missing: it goes back to the head of the queue, which waits (with the reason) until Start. */
    private void held(QueuedRender q, List<Problem> problems) {
        ticker.stop();
        running.set(false);
        current.set(null);
        measure = null;
        List<Failure> fs = new ArrayList<>();
        for (Problem p : problems) fs.add(new Failure(p.nodeId(), p.message()));
        failures.setAll(fs);
        progress.set(0);
        progressText.set("Queue waiting: " + q.name() + " needs a model that is missing, see Problems");
        queue.holdAtHead(q, RenderQueue.HELD + q.name() + " needs a model that is missing (see Problems); install it (Models > Model Manager), then Start");
        model.fireStatesChanged();
        onFinished.accept(new Finished(q, null, problems.size() + " model(s) missing"));
    }

    private void finished(QueuedRender q, RenderResult r, List<Problem> problems, String crash) {
        ticker.stop();
        running.set(false);
        current.set(null);
        double secs = measure == null ? 0 : measure.snapshot().elapsedSeconds();
        measure = null;
        String problem = null;
        if (crash != null) {
            problem = crash;
            progress.set(0);
            progressText.set("Render failed: " + crash);
            failures.setAll(new Failure("", crash));
        } else if (r == null) {
            List<Failure> fs = new ArrayList<>();
            for (Problem p : problems) fs.add(new Failure(p.nodeId(), p.message()));
            failures.setAll(fs);
            progress.set(0);
            problem = problems.size() + " problem(s) stopped it";
            progressText.set("Render did not start: " + problems.size() + " problem(s), see Problems");
        } else {
            List<Failure> fs = new ArrayList<>();
            r.failures().forEach(f -> fs.add(new Failure(f.nodeId(), f.reason())));
            failures.setAll(fs);
            if (r.cancelled()) {
                progress.set(0);
                progressText.set("Render cancelled");
            } else if (r.failed()) {
                progress.set(0);
                progressText.set("Render failed at " + fs.size() + " node(s), see Problems");
            } else {
                progress.set(1);
                progressText.set(String.format(Locale.ROOT, "Rendered %d file(s) in %.1f s", r.files().size(), secs));
            }
        }
        model.fireStatesChanged();
        onFinished.accept(new Finished(q, r, problem));
        // the next in line starts after this one's outcome has been shown
        if (!queue.isEmpty()) tasks.onUiThread(this::startQueue);
    }
}
