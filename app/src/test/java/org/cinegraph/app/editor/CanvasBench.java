package org.cinegraph.app.editor;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.app.task.FxTaskRunner;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.NodeRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.prefs.Preferences;

/**
 * Canvas frame times (not a test): pan and zoom on generated graphs of 200, 1,000 and 5,000
 * nodes, painted and rendered by the software pipeline (a snapshot per frame forces the
 * rasterisation), and the open time of the 5,000-node file; then the same at 1,000 and 5,000
 * nodes with live previews in nodes (after they have been computed for the view), and the time
 * from selecting a node to its picture on screen in the viewer. Run with bench/editor-bench.sh.
 */
public final class CanvasBench {
    private static final int W = 1600, H = 900, FRAMES = 40;

    public static void main(String[] args) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        Platform.setImplicitExit(false); // each graph gets its own stage; closing one must not stop JavaFX
        NodeRegistry reg = NodeRegistry.standard();
        Path dir = Files.createTempDirectory("cinegraph-bench");
        System.out.printf(Locale.ROOT, "canvas %dx%d, prism.order=%s, %d frames each%n", W, H, System.getProperty("prism.order"), FRAMES);
        System.out.println("ms per frame: total (paint + software rasterisation), and in brackets the paint calls alone");
        System.out.printf(Locale.ROOT, "%7s  %-22s %18s %18s%n", "nodes", "view", "pan ms", "zoom ms");
        for (int n : new int[]{200, 1000, 5000}) {
            Graph g = generate(n);
            Path f = dir.resolve("bench-" + n + ".cgraph");
            GraphFile.write(g, f, reg);
            if (n == 5000) {
                // warm the decoder once, then time what File > Open does up to the first painted frame
                GraphFile.read(f, reg);
                long t0 = System.nanoTime();
                Graph opened = GraphFile.read(f, reg).graph();
                double readMs = (System.nanoTime() - t0) / 1e6;
                double firstFrame = onFx(() -> {
                    long t1 = System.nanoTime();
                    Harness h = new Harness(reg, opened);
                    h.canvas.fitAll();
                    h.frame();
                    h.stage.close();
                    return (System.nanoTime() - t1) / 1e6;
                });
                System.out.printf(Locale.ROOT, "open %d-node file (%d KB): read %.0f ms + window and first frame %.0f ms%n",
                        n, Files.size(f) / 1024, readMs, firstFrame);
            }
            for (String view : new String[]{"zoom 1.0 (full detail)", "fit all"}) {
                double[] r = onFx(() -> {
                    Harness h = new Harness(reg, g);
                    if (view.startsWith("fit")) h.canvas.fitAll();
                    else h.canvas.setView(new org.cinegraph.graph.ViewState(W / 2.0, H / 2.0, 1));
                    for (int i = 0; i < 5; i++) h.frame();
                    return panAndZoom(h);
                });
                System.out.printf(Locale.ROOT, "%7d  %-22s %9.1f (%5.1f) %9.1f (%5.1f)%n", n, view, r[0], r[1], r[2], r[3]);
            }
        }
        previews(reg, dir);
        Platform.exit();
    }

    /** Times FRAMES pan frames, then FRAMES zoom frames (in, then out), and closes the stage: {pan, its paint, zoom, its paint} ms. */
    private static double[] panAndZoom(Harness h) {
        h.paintNanos = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < FRAMES; i++) {
            h.canvas.panBy(i % 2 == 0 ? 9 : -7, 4);
            h.frame();
        }
        double pan = (System.nanoTime() - t0) / 1e6 / FRAMES, panPaint = h.paintNanos / 1e6 / FRAMES;
        h.paintNanos = 0;
        t0 = System.nanoTime();
        for (int i = 0; i < FRAMES; i++) {
            h.canvas.zoomAt(W / 2.0, H / 2.0, i < FRAMES / 2 ? 1.03 : 1 / 1.03);
            h.frame();
        }
        double zoom = (System.nanoTime() - t0) / 1e6 / FRAMES, zoomPaint = h.paintNanos / 1e6 / FRAMES;
        h.stage.close();
        return new double[]{pan, panPaint, zoom, zoomPaint};
    }

    /** Pan and zoom with previews drawn in the nodes, and the viewer's select-to-screen time. */
    private static void previews(NodeRegistry reg, Path dir) throws Exception {
        System.out.println();
        System.out.println("with previews in nodes (computed for the view first; newly exposed nodes compute theirs while panning)");
        System.out.printf(Locale.ROOT, "%7s  %-22s %18s %18s %14s%n", "nodes", "view", "pan ms", "zoom ms", "fill s");
        EditorSettings settings = new EditorSettings(Preferences.userRoot().node("cinegraph-bench/" + UUID.randomUUID()), dir.resolve("data"));
        Renderer renderer = Renderer.fromEnvironment(reg);
        for (int n : new int[]{1000, 5000}) {
            Graph g = generate(n);
            for (String view : new String[]{"zoom 1.0 (full detail)", "zoom 0.3", "fit all"}) {
                FxTaskRunner tasks = new FxTaskRunner();
                Harness h = onFx(() -> new Harness(reg, g, renderer, tasks, settings));
                onFx(() -> {
                    if (view.startsWith("fit")) h.canvas.fitAll();
                    else h.canvas.setView(new org.cinegraph.graph.ViewState(W / 2.0, H / 2.0, view.contains("0.3") ? 0.3 : 1));
                    return null;
                });
                long f0 = System.nanoTime();
                for (int i = 0; i < 30; i++) {
                    onFx(() -> {
                        h.frame();
                        return null;
                    });
                    if (!tasks.awaitIdle(java.time.Duration.ofMinutes(5))) throw new IllegalStateException("previews did not finish");
                }
                double fill = (System.nanoTime() - f0) / 1e9;
                int shown = onFx(() -> (int) g.nodes().keySet().stream().filter(id -> h.canvas.previews().image(id) != null).count());
                double[] r = onFx(() -> panAndZoom(h));
                tasks.awaitIdle(java.time.Duration.ofMinutes(5));
                System.out.printf(Locale.ROOT, "%7d  %-22s %9.1f (%5.1f) %9.1f (%5.1f) %8.1f (%d shown)%n", n, view, r[0], r[1], r[2], r[3], fill, shown);
            }
        }
        viewerLatency(reg, renderer, generate(1000), dir);
    }

    /** From selecting a node to its picture drawn in the viewer: a node never computed, then one the previews computed. */
    private static void viewerLatency(NodeRegistry reg, Renderer renderer, Graph g, Path dir) throws Exception {
        FxTaskRunner tasks = new FxTaskRunner();
        org.cinegraph.app.viewer.ViewerModel vm = new org.cinegraph.app.viewer.ViewerModel(renderer, tasks);
        org.cinegraph.app.viewer.ViewerPanel panel = onFx(() -> {
            org.cinegraph.app.viewer.ViewerPanel p = new org.cinegraph.app.viewer.ViewerPanel(vm);
            Stage s = new Stage();
            s.setScene(new Scene(p, 1280, 720));
            s.show();
            vm.setGraph(g, dir);
            return p;
        });
        System.out.println();
        System.out.println("viewer: select a node -> its picture drawn (1280x720 output, 1280x720 viewer), ms");
        // blur240 is far from the view the previews filled: nothing of its chain is cached; blur1 was previewed
        for (String[] c : new String[][]{{"blur240", "not computed before (solid -> grade -> blur at 1280x720)"},
                {"blur240", "the same node again (cached)"}, {"merge7", "a merge of two previewed chains"}}) {
            onFx(() -> {
                vm.select("solid999");
                return null;
            });
            tasks.awaitIdle(java.time.Duration.ofMinutes(1));
            CompletableFuture<Double> shown = new CompletableFuture<>();
            onFx(() -> {
                long t0 = System.nanoTime();
                javafx.beans.value.ChangeListener<org.cinegraph.media.Frame> l = new javafx.beans.value.ChangeListener<>() {
                    @Override
                    public void changed(javafx.beans.value.ObservableValue<? extends org.cinegraph.media.Frame> o,
                                        org.cinegraph.media.Frame was, org.cinegraph.media.Frame now) {
                        if (now == null) return;
                        vm.a().frameProperty().removeListener(this);
                        // the picture reaches the screen with the next pulse: a snapshot renders it now
                        panel.snapshot(new SnapshotParameters(), null);
                        shown.complete((System.nanoTime() - t0) / 1e6);
                    }
                };
                vm.a().frameProperty().addListener(l);
                vm.select(c[0]);
                return null;
            });
            System.out.printf(Locale.ROOT, "  %-10s %-58s %8.0f%n", c[0], c[1], shown.get(2, java.util.concurrent.TimeUnit.MINUTES));
        }
        tasks.awaitIdle(java.time.Duration.ofMinutes(1));
    }

    private interface FxCall<T> {
        T call() throws Exception;
    }

    private static <T> T onFx(FxCall<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get();
    }

    private static final class Harness {
        final Stage stage = new Stage();
        final CanvasView canvas;
        final WritableImage image = new WritableImage(W, H);
        long paintNanos;

        Harness(NodeRegistry reg, Graph g) {
            this(reg, g, null, null, null);
        }

        /** With previews in nodes when a renderer is given. */
        Harness(NodeRegistry reg, Graph g, Renderer renderer, FxTaskRunner tasks, EditorSettings settings) {
            EditorModel model = new EditorModel(reg, new Document(g, null));
            canvas = new CanvasView(model);
            if (renderer != null) canvas.setPreviews(new NodePreviews(model, renderer, tasks, settings, canvas::requestRedraw));
            stage.setScene(new Scene(canvas, W, H));
            stage.show();
            canvas.applyCss();
            canvas.layout();
        }

        /** Paints the canvas and rasterises it, as a pulse would. */
        void frame() {
            long t = System.nanoTime();
            canvas.redraw();
            paintNanos += System.nanoTime() - t;
            canvas.snapshot(new SnapshotParameters(), image);
        }
    }

    /** Chains of solid -> grade -> blur -> merge in a grid; each merge also takes the previous chain's solid. */
    static Graph generate(int n) {
        List<GraphNode> nodes = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        String[] types = {"generate.solid", "colour.grade", "filter.blur", "composite.merge"};
        String[] bases = {"solid", "grade", "blur", "merge"};
        int perRow = 40;
        for (int i = 0; i < n; i++) {
            int k = i % 4;
            String id = bases[k] + (i / 4 + 1);
            nodes.add(GraphNode.of(id, types[k], 1, id, (i % perRow) * 240.0, (i / perRow) * 160.0));
            if (k == 1 || k == 2) links.add(Link.of(bases[k - 1] + (i / 4 + 1), "image", id, "image"));
            if (k == 3) {
                links.add(Link.of("blur" + (i / 4 + 1), "image", id, "background"));
                if (i / 4 > 0) links.add(Link.of("solid" + (i / 4), "image", id, "foreground"));
            }
        }
        return Graph.of(nodes, links);
    }
}
