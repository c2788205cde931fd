package org.cinegraph.app.editor;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskHandle;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.app.viewer.ViewerModel;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderJob;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.sweep.Sweep;
import org.cinegraph.render.sweep.SweepAxis;
import org.cinegraph.render.sweep.SweepRunner;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.ParamSpec;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The editor's Sweep: right-click a parameter's name, choose values (and optionally a second
 * parameter), and every combination renders in the background through the one render path
 * ({@link SweepRunner}); the contact sheet then shows in the viewer and in a results window where
 * clicking a cell picks the winner, whose values are written back to the graph in one undo step.
 */
public final class SweepController {
    private final EditorModel model;
    private final Renderer renderer;
    private final TaskRunner tasks;
    private final ViewerModel viewer;
    private final Runnable showViewer;
    private SubgraphDialogs dialogs;
    private Consumer<SweepRunner.Result> showResults;
    private final ReadOnlyObjectWrapper<SweepRunner.Result> last = new ReadOnlyObjectWrapper<>();
    private TaskHandle running;

    SweepController(EditorModel model, Renderer renderer, TaskRunner tasks, ViewerModel viewer, SubgraphDialogs dialogs, Runnable showViewer) {
        this.model = model;
        this.renderer = renderer;
        this.tasks = tasks;
        this.viewer = viewer;
        this.dialogs = dialogs;
        this.showViewer = showViewer;
        this.showResults = r -> SweepResultsView.show(this, r);
    }

    void setDialogs(SubgraphDialogs d) {
        this.dialogs = d;
    }

    /** What happens with a finished sweep besides the viewer (the results window; tests look instead). */
    void setShowResults(Consumer<SweepRunner.Result> show) {
        this.showResults = show;
    }

    /** The last finished sweep. */
    public ReadOnlyObjectProperty<SweepRunner.Result> lastProperty() {
        return last.getReadOnlyProperty();
    }

    /** Asks for the values of a sweep of {@code param} of node {@code nodeId} (of the level being edited) and starts it. */
    public void sweep(String nodeId, String param) {
        if (running != null) {
            model.setStatus("A sweep is running; wait for it or cancel it first");
            return;
        }
        String path = model.pathOf(nodeId);
        GraphNode n = model.graph().requireNode(nodeId);
        Optional<ParamSpec> spec = model.spec(n).flatMap(s -> s.param(param));
        if (spec.isEmpty()) return;
        dialogs.askSweep(path + "." + param, suggestion(spec.get(), spec.get().storedOrDefault(n.params()))).ifPresent(this::start);
    }

    /** A first guess at values around the current one, in the --sweep syntax. */
    static String suggestion(ParamSpec p, Object current) {
        if (p.type() == DataType.SEED) return "4seeds";
        if (p.type() == DataType.BOOLEAN) return "false,true";
        if (!p.choices().isEmpty()) return String.join(",", p.choices());
        if (p.type() == DataType.INTEGER && current instanceof Long v) {
            List<String> l = new ArrayList<>();
            for (long x = v - 1; x <= v + 1; x++) if ((p.min() == null || x >= p.min()) && (p.max() == null || x <= p.max())) l.add(Long.toString(x));
            return String.join(",", l);
        }
        if (p.type() == DataType.NUMBER && current instanceof Double v) {
            double step = v == 0 ? 0.25 : Math.abs(v) * 0.25;
            List<String> l = new ArrayList<>();
            for (double x : new double[]{v - step, v, v + step}) {
                if ((p.min() == null || x >= p.min()) && (p.max() == null || x <= p.max())) l.add(BigDecimal.valueOf(x).stripTrailingZeros().toPlainString());
            }
            return String.join(",", l);
        }
        return current == null ? "" : current.toString();
    }

    /** Starts a sweep of these {@code --sweep} arguments on the whole graph. */
    void start(List<String> specs) {
        Graph g = model.document().graph();
        Sweep sweep;
        try {
            List<SweepAxis> axes = new ArrayList<>();
            for (String s : specs) axes.add(SweepAxis.parse(s, g, model.registry()));
            sweep = new Sweep(axes);
        } catch (IllegalArgumentException e) {
            model.setStatus("Sweep refused: " + e.getMessage());
            return;
        }
        RenderJob job;
        try {
            job = job(g);
        } catch (IOException e) {
            model.setStatus("Cannot create the sweep's folder: " + e.getMessage());
            return;
        }
        model.setStatus("Sweeping " + sweep.describe() + "\u2026");
        RenderJob base = job;
        running = tasks.run(BackgroundTask.<SweepRunner.Result, String>withContext("sweep", ctx ->
                SweepRunner.run(renderer, base, sweep, (c, total) -> {
                    ctx.publish("Sweep " + (c.index() + 1) + "/" + total + ": " + c.label());
                    return e -> { };
                }, ctx.cancelToken()))
                .onProgress(lines -> model.setStatus(lines.get(lines.size() - 1)))
                .onSuccess(this::finished)
                .onFailure(e -> {
                    running = null;
                    model.setStatus("Sweep did not run: " + (e instanceof RenderException re ? re.problems().get(0).toString() : e.getMessage()));
                }));
    }

    /** Outputs go to renders/sweep-TIME beside the graph file (a temporary folder for an unsaved graph). */
    private RenderJob job(Graph g) throws IOException {
        String name = "sweep-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(LocalDateTime.now());
        if (model.document().file().isPresent()) {
            Path file = model.document().file().get();
            return RenderJob.of(g, file).withOutDir(model.graphDir().resolve("renders").resolve(name));
        }
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "cinegraph-renders", name));
        return RenderJob.unsaved(g, model.graphDir(), tmp);
    }

    public void cancel() {
        if (running != null) running.cancel();
    }

    private void finished(SweepRunner.Result r) {
        running = null;
        last.set(r);
        if (r.cancelled()) {
            model.setStatus("Sweep cancelled after " + r.cells().size() + " render(s)");
            return;
        }
        long failed = r.cells().stream().filter(c -> c.failure().isPresent()).count();
        model.setStatus("Sweep done: " + r.cells().size() + " render(s)" + (failed > 0 ? ", " + failed + " failed" : "")
                + (r.sheets().isEmpty() ? "" : "; contact sheet " + r.sheets().get(0).file().getFileName()) + (r.warnings().isEmpty() ? "" : " (" + r.warnings().get(0) + ")"));
        if (!r.sheets().isEmpty()) {
            viewer.showFile(r.sheets().get(0).file());
            showViewer.run();
        }
        showResults.accept(r);
    }

    /** Writes a combination's values into the graph, one undo step ("pick the winner"). */
    public Optional<String> pick(Sweep.Combination c) {
        for (var e : c.values().keySet()) {
            if (!Subgraphs.allNodes(model.document().graph()).containsKey(e.node())) {
                model.setStatus("Node " + e.node() + " is no longer in the graph");
                return Optional.of("node " + e.node() + " is no longer in the graph");
            }
        }
        Optional<String> err = model.executeOnDocument(model.commands().setParams("Use sweep values " + c.label(), c.values()));
        if (err.isEmpty()) model.setStatus("Took " + c.label() + " from the sweep");
        return err;
    }
}
