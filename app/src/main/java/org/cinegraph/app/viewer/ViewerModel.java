package org.cinegraph.app.viewer;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskHandle;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.preview.Preview;
import org.cinegraph.spi.NodeRegistry;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The viewer's state: side A (the selected node's output, or the pinned node's), optional side B
 * for A/B compare (another node, or a rendered file), and the shared {@link TimelineModel}.
 * Pulling a node's value is a task on one serial lane of the {@link TaskRunner}; a newer pull
 * cancels the one before, and only the newest result is shown (older ones are closed unread).
 */
public final class ViewerModel {
    public enum Compare { OFF, WIPE, SIDE_BY_SIDE }

    private final Renderer renderer;
    private final NodeRegistry registry;
    private final TimelineModel timeline = new TimelineModel();
    private final ViewerSource a;
    private final ViewerSource b;
    private final BooleanProperty pinned = new SimpleBooleanProperty(false);
    private final ObjectProperty<Compare> compare = new SimpleObjectProperty<>(Compare.OFF);
    private final DoubleProperty wipe = new SimpleDoubleProperty(0.5);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Select a node to view its output");
    // one pull at a time, in order; a newer pull cancels the older
    private final TaskRunner pulls;
    private Preview preview;
    private Graph graph = Graph.EMPTY;
    private Path graphDir = Path.of("");
    private String nodeA;
    private String nodeB;
    private String selected;
    private final TaskHandle[] jobs = new TaskHandle[2];
    private final int[] generation = new int[2];
    // what each side is doing or why it shows nothing; the status is both, so it never outlives its side
    private final String[] sideStatus = {"", ""};

    public ViewerModel(Renderer renderer, TaskRunner tasks) {
        this.renderer = renderer;
        this.registry = renderer.registry();
        this.pulls = tasks.serial("viewer-pull");
        this.a = new ViewerSource("A", tasks);
        this.b = new ViewerSource("B", tasks);
        timeline.frameProperty().addListener((o, was, now) -> requestFrame(now.intValue()));
    }

    public TimelineModel timeline() {
        return timeline;
    }

    public ViewerSource a() {
        return a;
    }

    public ViewerSource b() {
        return b;
    }

    /** While pinned, A keeps showing its node whatever gets selected. */
    public BooleanProperty pinnedProperty() {
        return pinned;
    }

    public ObjectProperty<Compare> compareProperty() {
        return compare;
    }

    /** Where the wipe divides A (left) from B (right), 0..1 of the image width. */
    public DoubleProperty wipeProperty() {
        return wipe;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public String nodeA() {
        return nodeA;
    }

    public String nodeB() {
        return nodeB;
    }

    /** The graph changed: shown nodes are pulled again from the new snapshot. */
    public void setGraph(Graph g, Path dir) {
        boolean changed = !g.equals(graph) || !dir.equals(graphDir);
        graph = g;
        graphDir = dir;
        if (!changed) return;
        if (nodeA != null) pull(0, nodeA);
        if (nodeB != null) pull(1, nodeB);
    }

    /** The selection changed: A follows it unless pinned. */
    public void select(String nodeId) {
        selected = nodeId;
        if (pinned.get() || nodeId == null || nodeId.equals(nodeA)) return;
        showNode(nodeId);
    }

    public void showNode(String nodeId) {
        nodeA = nodeId;
        pull(0, nodeId);
    }

    public void compareWithNode(String nodeId) {
        nodeB = nodeId;
        if (compare.get() == Compare.OFF) compare.set(Compare.WIPE);
        pull(1, nodeId);
    }

    /** Puts the last selected node on B (A stays, so pin A first to compare two nodes). */
    public void compareWithSelection() {
        if (selected == null) setStatus(1, "Select the node to compare with first");
        else compareWithNode(selected);
    }

    /** Shows a rendered MP4 or PNG on A (history "play"). */
    public void showFile(Path file) {
        nodeA = null;
        pinned.set(true);
        load(0, file);
    }

    /** Compares A with a rendered MP4 or PNG on B. */
    public void compareWithFile(Path file) {
        nodeB = null;
        if (compare.get() == Compare.OFF) compare.set(Compare.WIPE);
        load(1, file);
    }

    public void clearCompare() {
        nodeB = null;
        generation[1]++;
        if (jobs[1] != null) jobs[1].cancel();
        setStatus(1, "");
        b.clear();
        compare.set(Compare.OFF);
    }

    private ViewerSource side(int s) {
        return s == 0 ? a : b;
    }

    /**
     * Which port of a node the viewer shows: its first image or clip output; for a writer, what
     * feeds it. A node inside a subgraph is named by its path ("sub1/grade1"), and shows what it
     * makes of what reaches the subgraph from outside.
     */
    Optional<PortRef> viewedPort(Graph g, String nodeId) {
        return ViewedPort.of(registry, g, nodeId);
    }

    private void pull(int s, String nodeId) {
        int gen = ++generation[s];
        if (jobs[s] != null) jobs[s].cancel();
        Optional<PortRef> port = viewedPort(graph, nodeId);
        if (port.isEmpty()) {
            side(s).showMessage(nodeId + " has no picture to show");
            setStatus(s, "");
            refreshTimeline();
            return;
        }
        Graph g = graph;
        Path dir = graphDir;
        setStatus(s, "Computing " + port.get() + "\u2026");
        jobs[s] = pulls.run(BackgroundTask.withContext("viewer-pull", ctx -> {
            // previews share the renderer's cache: a render warms them, and they warm a render
            if (preview == null) preview = new Preview(renderer.executor(registry));
            Preview.Value v = preview.pull(g, dir, port.get(), ctx.cancelToken());
            try {
                // a lazy clip's size may take its first frame: computed here, never on the FX thread
                if (v.clip().isPresent()) v.clip().get().width();
            } catch (RuntimeException e) {
                v.close();
                throw e;
            }
            return v;
        }).onSuccess(v -> {
            if (gen != generation[s]) {
                v.close();
                return;
            }
            String text = side(s).name() + ": " + port.get();
            if (v.clip().isPresent()) side(s).showClip(v.clip().get(), text, v, timeline.frame());
            else if (v.image().isPresent()) side(s).showStill(v.image().get(), text, v);
            else {
                v.close();
                side(s).showMessage(port.get() + " is not a picture");
            }
            setStatus(s, "");
            refreshTimeline();
        }).onFailure(e -> {
            // a pull superseded by a newer one (cancelled, or failing because it was) says nothing
            if (gen != generation[s]) return;
            String msg = message(e);
            side(s).showMessage(side(s).name() + ": " + msg);
            setStatus(s, "Cannot preview " + port.get() + ": " + msg);
            refreshTimeline();
        }));
    }

    private void setStatus(int s, String text) {
        sideStatus[s] = text;
        status.set(sideStatus[0].isEmpty() ? sideStatus[1] : sideStatus[1].isEmpty() ? sideStatus[0] : sideStatus[0] + "   " + sideStatus[1]);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void load(int s, Path file) {
        int gen = ++generation[s];
        if (jobs[s] != null) jobs[s].cancel();
        setStatus(s, "");
        String name = file.getFileName().toString();
        java.util.function.Consumer<Exception> failed = e -> {
            if (gen != generation[s]) return;
            side(s).showMessage("Cannot read " + name + ": " + message(e));
            refreshTimeline();
        };
        if (name.toLowerCase(Locale.ROOT).endsWith(".png")) {
            pulls.run(BackgroundTask.of("viewer-load", () -> ImageFiles.read(file)).onSuccess(f -> {
                if (gen != generation[s]) return;
                side(s).showStill(f, side(s).name() + ": " + name, null);
                refreshTimeline();
            }).onFailure(failed));
            return;
        }
        pulls.run(BackgroundTask.of("viewer-load", () -> {
            VideoFileClip clip = new VideoFileClip(file);
            try {
                clip.frameCount(); // probe now, on this thread, so a bad file fails here
            } catch (RuntimeException e) {
                clip.close();
                throw e;
            }
            return clip;
        }).onSuccess(clip -> {
            if (gen != generation[s]) {
                clip.close();
                return;
            }
            side(s).showClip(clip, side(s).name() + ": " + name, clip, timeline.frame());
            refreshTimeline();
        }).onFailure(failed));
    }

    /** The timeline spans the longer side; its rate is A's (B follows A's frame numbers). */
    private void refreshTimeline() {
        int n = Math.max(a.frameCount(), b.frameCount());
        double rate = a.isClip() ? a.fps() : b.isClip() ? b.fps() : 24;
        if (n != timeline.frameCount() || rate != timeline.fps()) timeline.setContent(n, rate);
        requestFrame(timeline.frame());
    }

    /** Both sides show frame {@code i}, so A and B stay in step. */
    public void requestFrame(int i) {
        a.request(i);
        b.request(i);
    }

    /** Stops pulling and releases every decoder; pulls already running are answered into nothing. */
    public void close() {
        timeline.stop();
        for (TaskHandle j : jobs) if (j != null) j.cancel();
        generation[0]++;
        generation[1]++;
        nodeA = null;
        nodeB = null;
        a.clear();
        b.clear();
        setStatus(0, "");
        setStatus(1, "");
    }
}
