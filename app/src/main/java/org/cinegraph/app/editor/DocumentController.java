package org.cinegraph.app.editor;

import javafx.animation.PauseTransition;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.cinegraph.format.GraphFile;
import org.cinegraph.format.GraphFormatException;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.graph.ViewState;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.Renderer;
import org.cinegraph.app.models.GraphModels;
import org.cinegraph.app.models.InstallOffer;
import org.cinegraph.app.models.ModelInstaller;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The open document's life as a file: new, open (with what needs attention), save, save as,
 * revert as an undoable step, the unsaved-changes question, crash recovery (autosave a few
 * seconds after the last edit, offered back when newer than the file), Open Recent, the
 * window title, and graphs that come back from renders. Questions go through {@link Dialogs}.
 */
public final class DocumentController {
    private static final Duration AUTOSAVE_IDLE = Duration.seconds(3);

    private final Stage stage;
    private final NodeRegistry registry;
    private final Dialogs dialogs;
    private final Recovery recovery;
    private final RecentFiles recent;
    private final EditorModel model;
    private final CanvasView canvas;
    private final RenderController render;
    private Renderer renderer;
    private ModelInstaller installer;
    private final Menu recentMenu = new Menu("Open Recent");
    private final PauseTransition autosave = new PauseTransition(AUTOSAVE_IDLE);

    DocumentController(Stage stage, NodeRegistry registry, Dialogs dialogs, Recovery recovery, RecentFiles recent,
                       EditorModel model, CanvasView canvas, RenderController render) {
        this.stage = stage;
        this.registry = registry;
        this.dialogs = dialogs;
        this.recovery = recovery;
        this.recent = recent;
        this.model = model;
        this.canvas = canvas;
        this.render = render;
        autosave.setOnFinished(e -> writeRecovery());
        model.addDocumentListener(m -> {
            updateTitle();
            if (m.document().isDirty()) autosave.playFromStart();
            else autosave.stop();
        });
        updateTitle();
        refreshRecent();
    }

    /** File > Open Recent, kept filled by this controller. */
    Menu recentMenu() {
        return recentMenu;
    }

    private String documentName() {
        return model.document().file().map(f -> f.getFileName().toString()).orElse("Untitled");
    }

    private void updateTitle() {
        stage.setTitle((model.document().isDirty() ? "*" : "") + documentName() + " \u2014 Cinegraph");
    }

    /** Puts a graph in the window as a fresh document: no selection, badges or problems, the view as stored. */
    private void show(Document d, ViewState view) {
        model.setDocument(d);
        render.failures().clear();
        canvas.showWhenLaidOut(view.equals(ViewState.DEFAULT) ? null : view);
        canvas.setViewMoved(false);
    }

    // ---- open ----

    /** Opens the start file (if any), offering recovered work. */
    public void openAtStart(Path file) {
        if (file != null && load(file)) return;
        offerRecovery(null);
    }

    public void newDocument() {
        if (!closeDocument()) return;
        model.setDocument(new Document(Graph.EMPTY, null));
        canvas.setView(ViewState.DEFAULT);
        canvas.setViewMoved(false);
        render.failures().clear();
    }

    void openChosen() {
        Path dir = model.document().file().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
        dialogs.chooseOpen(dir).ifPresent(this::open);
    }

    /** Opens a file, asking first about unsaved changes. */
    public boolean open(Path file) {
        if (!closeDocument()) return false;
        return load(file);
    }

    private boolean load(Path file) {
        LoadedGraph lg;
        try {
            lg = GraphFile.read(file, registry);
        } catch (NoSuchFileException e) {
            dialogs.error("Cannot open " + file.getFileName(), "The file " + file + " does not exist.");
            recent.remove(file);
            refreshRecent();
            return false;
        } catch (IOException e) {
            dialogs.error("Cannot open " + file.getFileName(), file + ": " + e.getMessage());
            return false;
        } catch (GraphFormatException e) {
            dialogs.error("Cannot open " + file.getFileName(), e.getMessage());
            return false;
        }
        show(new Document(lg.graph(), file.toAbsolutePath().normalize()), lg.graph().view());
        recent.add(file);
        refreshRecent();
        GraphModels.Report models = modelReport(lg);
        List<String> lines = openProblems(lg, models);
        List<InstallOffer> offers = installer == null ? List.of() : models.installable().stream().map(m -> new InstallOffer(m, installer)).toList();
        if (!lines.isEmpty() || !offers.isEmpty()) dialogs.showOpenProblems(file.getFileName().toString(), lines, offers);
        model.setStatus("Opened " + file.getFileName() + " (" + lg.graph().nodes().size() + " nodes)");
        offerRecovery(model.document().file().orElse(null));
        return true;
    }

    /** The window's renderer and model installer: missing models are checked with them and offered for install on open. */
    void setModels(Renderer renderer, ModelInstaller installer) {
        this.renderer = renderer;
        this.installer = installer;
    }

    private GraphModels.Report modelReport(LoadedGraph lg) {
        Path file = model.document().file().orElse(null);
        if (file == null) return GraphModels.Report.NONE;
        Renderer r = renderer != null ? renderer : new Renderer(registry, ModelLibrary.fromEnvironment(), null, null);
        return GraphModels.check(lg.graph(), lg.declaredModels(), Optional.of(file), r);
    }

    private static java.util.Set<String> installable(GraphModels.Report r) {
        java.util.Set<String> names = new java.util.HashSet<>();
        r.installable().forEach(m -> names.add(m.name()));
        return names;
    }

    /** What the user should know after opening: missing or newer node types (with what to do), then the loader's warnings. */
    List<String> openProblems(LoadedGraph lg, GraphModels.Report models) {
        Map<String, TreeSet<String>> missing = new TreeMap<>();
        Map<String, TreeSet<String>> newer = new TreeMap<>();
        for (Map.Entry<String, GraphNode> e : Subgraphs.allNodes(lg.graph()).entrySet()) {
            GraphNode n = e.getValue();
            if (n.isSubgraph()) continue;
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) missing.computeIfAbsent(n.type() + " (version " + n.typeVersion() + ")", k -> new TreeSet<>()).add(e.getKey());
            else if (n.typeVersion() > t.get().spec().version()) newer.computeIfAbsent(n.type() + " version " + n.typeVersion()
                    + " (installed: " + t.get().spec().version() + ")", k -> new TreeSet<>()).add(e.getKey());
        }
        List<String> lines = new ArrayList<>();
        missing.forEach((type, ids) -> lines.add("Node type " + type + " is not installed; used by " + String.join(", ", ids)
                + ". Install the plugin or model that provides it. The nodes are kept as placeholders (dashed outline) with all "
                + "their settings and links, and are saved unchanged; the graph renders once the type is installed."));
        newer.forEach((type, ids) -> lines.add("Node type " + type + " is newer than this Cinegraph; used by " + String.join(", ", ids)
                + ". Update Cinegraph to render these nodes; they are kept unchanged."));
        for (Problem p : lg.warnings()) {
            // missing and newer types are summarised above, with what to do
            if (p.code() == Problem.Code.UNKNOWN_NODE_TYPE || p.code() == Problem.Code.NEWER_NODE_TYPE) continue;
            lines.add(p.toString());
        }
        // missing models: the catalogued ones are offered for install beside these lines, the others are named here
        for (Problem p : models.problems()) if (!installable(models).contains(models.modelOf().get(p))) lines.add(p.toString());
        return lines;
    }

    /** Opens graph text (from a render) as a new, unsaved document. */
    boolean openGraphText(String text, String source) {
        Graph g;
        try {
            g = GraphFile.parse(text, source, registry).graph();
        } catch (GraphFormatException e) {
            dialogs.error("Cannot open the graph of " + source, e.getMessage());
            return false;
        }
        if (!closeDocument()) return false;
        show(new Document(g, null), g.view());
        model.setStatus("Opened the graph of " + source + " (" + g.nodes().size() + " nodes, unsaved)");
        return true;
    }

    // ---- recovery ----

    private void offerRecovery(Path file) {
        Optional<Graph> rec = recovery.pending(file);
        if (rec.isEmpty() || rec.get().equals(model.document().graph())) return;
        String when;
        try {
            when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(LocalDateTime.ofInstant(
                    Files.getLastModifiedTime(recovery.fileFor(file)).toInstant(), ZoneId.systemDefault()));
        } catch (IOException e) {
            when = "an earlier session";
        }
        if (dialogs.askRestore(documentName(), when)) {
            Graph g = rec.get();
            model.execute(Command.of("Restore recovered changes", x -> g));
            model.setStatus("Restored unsaved changes from " + when);
        } else {
            recovery.delete(file);
        }
    }

    private void writeRecovery() {
        if (!model.document().isDirty()) return;
        try {
            recovery.write(model.document().graph(), model.document().file().orElse(null));
        } catch (IOException | RuntimeException e) {
            model.setStatus("Could not write the recovery copy: " + e.getMessage());
        }
    }

    // ---- save ----

    /** Saves to the document's file, or asks for one. @return whether it was saved */
    public boolean save() {
        Optional<Path> f = model.document().file();
        return f.isPresent() ? saveTo(f.get()) : saveAs();
    }

    public boolean saveAs() {
        Path dir = model.document().file().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
        Optional<Path> chosen = dialogs.chooseSave(dir, model.document().file().map(f -> f.getFileName().toString()).orElse("untitled.cgraph"));
        if (chosen.isEmpty()) return false;
        Path p = chosen.get();
        if (!p.getFileName().toString().endsWith(GraphFile.EXTENSION)) p = p.resolveSibling(p.getFileName() + GraphFile.EXTENSION);
        return saveTo(p);
    }

    /** Saves the document to a file (asset paths follow it to a new folder). */
    public boolean saveTo(Path file) {
        Path before = model.document().file().orElse(null);
        // the canvas shows the inside of a subgraph while one is entered: that view is not the graph's
        if (canvas.viewMoved() && model.level().isEmpty()) {
            // where the canvas looks is a fact about the document, not an edit: it goes into every
            // graph of the history, so it neither makes an undo step nor marks the graph dirty
            ViewState v = canvas.view();
            ViewState rounded = new ViewState(Math.round(v.centerX() * 10) / 10.0, Math.round(v.centerY() * 10) / 10.0,
                    Math.max(0.001, Math.round(v.zoom() * 1000) / 1000.0));
            model.document().rewriteAll(g -> g.withView(rounded));
            canvas.setViewMoved(false);
        }
        try {
            GraphFile.save(model.document(), file.toAbsolutePath().normalize(), registry);
        } catch (IOException | RuntimeException e) {
            dialogs.error("Cannot save " + file.getFileName(), file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "\nYour changes are still open in the editor.");
            return false;
        }
        recovery.delete(before);
        recovery.delete(file.toAbsolutePath().normalize());
        recent.add(file);
        refreshRecent();
        model.setStatus("Saved " + file.getFileName());
        updateTitle();
        return true;
    }

    /** Reloads the file as one undoable step, so a revert can itself be undone. */
    public void revert() {
        Optional<Path> f = model.document().file();
        if (f.isEmpty()) return;
        try {
            Graph disk = GraphFile.read(f.get(), registry).graph();
            model.execute(Command.of("Revert to saved", g -> disk));
            model.setStatus("Reverted to " + f.get().getFileName());
        } catch (IOException e) {
            dialogs.error("Cannot revert " + f.get().getFileName(), f.get() + ": " + e.getMessage());
        } catch (GraphFormatException e) {
            dialogs.error("Cannot revert " + f.get().getFileName(), e.getMessage());
        }
    }

    /** Asks about unsaved changes. @return false when the user cancelled */
    public boolean closeDocument() {
        if (model.document().isDirty()) {
            switch (dialogs.askSaveChanges(documentName())) {
                case SAVE -> {
                    if (!save()) return false;
                }
                case DISCARD -> { }
                case CANCEL -> {
                    return false;
                }
            }
        }
        autosave.stop();
        recovery.delete(model.document().file().orElse(null));
        return true;
    }

    private void refreshRecent() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            MenuItem i = new MenuItem(p.toString());
            i.setOnAction(e -> open(p));
            recentMenu.getItems().add(i);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    // ---- graphs of past renders ----

    /** Opens the graph of a past render as a new, unsaved document. */
    public void restoreAsNew(HistoryEntry e) {
        try {
            openGraphText(render.history().orElseThrow().graphText(e), "render " + e.id());
        } catch (IOException x) {
            dialogs.error("Cannot read render " + e.id(), x.getMessage());
        }
    }

    /** Puts the graph of a past render into the open document as one undoable step. */
    public void restoreInto(HistoryEntry e) {
        Graph g;
        try {
            g = GraphFile.parse(render.history().orElseThrow().graphText(e), "render " + e.id(), registry).graph();
        } catch (IOException | GraphFormatException x) {
            dialogs.error("Cannot read render " + e.id(), x.getMessage());
            return;
        }
        model.execute(Command.of("Restore render " + e.id(), x -> g));
        model.setStatus("Restored the graph of render " + e.id() + " (undo to go back)");
    }
}
