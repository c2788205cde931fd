package org.cinegraph.app.editor;

import javafx.animation.PauseTransition;
import javafx.application.HostServices;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToolBar;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.cinegraph.app.viewer.ViewerModel;
import org.cinegraph.app.viewer.ViewerPanel;
import org.cinegraph.format.GraphFile;
import org.cinegraph.format.GraphFormatException;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.render.ModelCheck;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Problem;
import org.cinegraph.graph.ViewState;
import org.cinegraph.render.RenderResult;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The editor window: menus and toolbar, palette (left), canvas (centre), inspector and problems
 * (right), a bottom slot kept for the timeline, and the status bar. It owns the file
 * workflow (open, save, recovery, recent files); edits live in {@link EditorModel}.
 */
public final class EditorWindow {
    private static final Duration AUTOSAVE_IDLE = Duration.seconds(3);

    private final Stage stage;
    private final NodeRegistry registry;
    private final Dialogs dialogs;
    private final Recovery recovery;
    private final RecentFiles recent;
    private final HostServices host;
    private final EditorModel model;
    private final CanvasView canvas;
    private final InspectorView inspector;
    private final PaletteView palette;
    private final RenderController render;
    private final QuickAddPopup quickAdd;
    private final ViewerModel viewer;
    private final ViewerPanel viewerPanel;
    private final HistoryView historyView;
    private final TabPane bottomTabs = new TabPane();
    private final Tab viewerTab = new Tab("Viewer");
    private final BorderPane root = new BorderPane();
    private final Pane timelineSlot = new StackPane();
    private final Menu recentMenu = new Menu("Open Recent");
    private final Hyperlink outputLink = new Hyperlink();
    private final PauseTransition autosave = new PauseTransition(AUTOSAVE_IDLE);
    private final Button renderButton = new Button("\u25B6 Render");
    private final Button cancelButton = new Button("\u25A0 Cancel");
    private final ListView<RenderController.Failure> problems = new ListView<>();
    private Path lastOutput;

    public EditorWindow(Stage stage, NodeRegistry registry, Dialogs dialogs, Recovery recovery, RecentFiles recent, HostServices host) {
        this.stage = stage;
        this.registry = registry;
        this.dialogs = dialogs;
        this.recovery = recovery;
        this.recent = recent;
        this.host = host;
        this.model = new EditorModel(registry, new Document(Graph.EMPTY, null));
        this.canvas = new CanvasView(model);
        this.inspector = new InspectorView(model);
        this.render = new RenderController(model);
        List<NodeSpec> specs = registry.all().stream().map(NodeType::spec).toList();
        this.palette = new PaletteView(specs, this::dropFromPalette);
        this.quickAdd = new QuickAddPopup(specs);
        canvas.setId("canvas");
        canvas.setQuickAdd(this::openQuickAdd);

        root.setTop(new VBox(menuBar(), toolBar()));
        root.setLeft(palette);
        root.setCenter(canvas);
        problems.setId("problems");
        problems.setPlaceholder(new Label("No problems"));
        problems.setOnMouseClicked(e -> {
            RenderController.Failure f = problems.getSelectionModel().getSelectedItem();
            if (f != null && model.graph().nodes().containsKey(f.nodeId())) {
                model.select(List.of(f.nodeId()));
                canvas.fitSelection();
            }
        });
        problems.setItems(render.failures());
        VBox problemsBox = new VBox(4, new Label("Problems"), problems);
        problemsBox.setPadding(new Insets(4));
        VBox.setVgrow(problems, Priority.ALWAYS);
        SplitPane right = new SplitPane(inspector, problemsBox);
        right.setOrientation(javafx.geometry.Orientation.VERTICAL);
        right.setDividerPositions(0.75);
        right.setPrefWidth(310);
        root.setRight(right);
        timelineSlot.setId("timeline-slot");
        this.viewer = new ViewerModel(registry);
        this.viewerPanel = new ViewerPanel(viewer);
        this.historyView = new HistoryView(new HistoryView.Actions(this::playFromHistory, this::compareWithHistory,
                this::restoreAsNew, this::restoreInto));
        viewerTab.setContent(viewerPanel);
        Tab historyTab = new Tab("History", historyView);
        historyTab.setId("history-tab");
        for (Tab t : List.of(viewerTab, historyTab)) t.setClosable(false);
        bottomTabs.getTabs().setAll(viewerTab, historyTab);
        bottomTabs.setPrefHeight(260);
        timelineSlot.getChildren().add(bottomTabs);
        setHistory(RenderHistory.fromEnvironment());
        render.lastRecordedProperty().addListener(o -> historyView.refresh());
        model.selection().addListener((javafx.collections.SetChangeListener<String>) c -> {
            if (model.selection().size() == 1) viewer.select(model.selection().iterator().next());
        });
        root.setBottom(new VBox(timelineSlot, statusBar()));

        Scene scene = new Scene(root, 1400, 860);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), this::redo);
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().stream()
                    .anyMatch(f -> opensAGraph(f.toPath()) || EditorModel.loaderFor(f.toPath()).isPresent())) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<Path> files = e.getDragboard().getFiles().stream().map(java.io.File::toPath).toList();
            Point2D local = canvas.screenToLocal(e.getScreenX(), e.getScreenY());
            Point2D at = local == null ? canvas.toWorld(0, 0) : canvas.toWorld(local.getX(), local.getY());
            boolean accepted = files.stream().anyMatch(f -> opensAGraph(f) || EditorModel.loaderFor(f).isPresent());
            e.setDropCompleted(accepted);
            e.consume();
            if (accepted) Platform.runLater(() -> dropped(files, at));
        });
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (!closeDocument()) e.consume();
        });

        autosave.setOnFinished(e -> writeRecovery());
        model.addDocumentListener(m -> {
            updateTitle();
            viewer.setGraph(m.graph(), m.graphDir());
            if (m.document().isDirty()) autosave.playFromStart();
            else autosave.stop();
        });
        render.setOnFinished(this::renderFinished);
        stage.setOnHidden(e -> viewer.close());
        updateTitle();
        refreshRecent();
    }

    public EditorModel model() {
        return model;
    }

    public CanvasView canvas() {
        return canvas;
    }

    public ViewerModel viewer() {
        return viewer;
    }

    public ViewerPanel viewerPanel() {
        return viewerPanel;
    }

    public HistoryView historyView() {
        return historyView;
    }

    /** Where renders are recorded and listed from (tests point it at a temporary folder). */
    public void setHistory(RenderHistory h) {
        render.setHistory(h);
        historyView.setHistory(h);
    }

    public InspectorView inspector() {
        return inspector;
    }

    public PaletteView palette() {
        return palette;
    }

    public RenderController render() {
        return render;
    }

    public QuickAddPopup quickAdd() {
        return quickAdd;
    }

    public Stage stage() {
        return stage;
    }

    public Path lastOutput() {
        return lastOutput;
    }

    // ---- layout pieces ----

    private MenuBar menuBar() {
        Menu file = new Menu("File");
        file.getItems().addAll(
                item("New", "Ctrl+N", this::newDocument),
                item("Open\u2026", "Ctrl+O", this::openChosen),
                recentMenu,
                new SeparatorMenuItem(),
                item("Save", "Ctrl+S", this::save),
                item("Save As\u2026", "Ctrl+Shift+S", this::saveAs),
                item("Revert", null, this::revert),
                new SeparatorMenuItem(),
                item("Quit", "Ctrl+Q", () -> {
                    if (closeDocument()) stage.close();
                }));
        Menu edit = new Menu("Edit");
        MenuItem undo = item("Undo", "Ctrl+Z", this::undo);
        MenuItem redo = item("Redo", "Ctrl+Shift+Z", this::redo);
        edit.setOnShowing(e -> {
            undo.setText(model.document().undoName().map(n -> "Undo " + n).orElse("Undo"));
            redo.setText(model.document().redoName().map(n -> "Redo " + n).orElse("Redo"));
            undo.setDisable(!model.document().canUndo());
            redo.setDisable(!model.document().canRedo());
        });
        edit.getItems().addAll(undo, redo, new SeparatorMenuItem(),
                item("Cut", "Ctrl+X", this::cut),
                item("Copy", "Ctrl+C", this::copy),
                item("Paste", "Ctrl+V", this::paste),
                item("Duplicate", "Ctrl+D", this::duplicate),
                item("Delete  (Del)", null, model::deleteSelection),
                item("Select All", "Ctrl+A", this::selectAll));
        Menu node = new Menu("Node");
        node.getItems().addAll(
                item("Add Node\u2026  (Tab)", null, () -> openQuickAdd(canvas.localToScreen(canvas.getWidth() / 2, canvas.getHeight() / 2), null)),
                item("Bypass  (B)", null, model::toggleBypass),
                item("Mute  (M)", null, model::toggleMute),
                item("Collapse / Expand  (H)", null, model::toggleCollapse),
                new SeparatorMenuItem(),
                item("Group Selection", "Ctrl+G", this::group),
                item("Edit Group\u2026", null, this::editGroup),
                item("Delete Group", null, this::deleteGroup));
        Menu arrange = new Menu("Arrange");
        arrange.getItems().addAll(
                item("Align Left", null, () -> model.align(EditorModel.Align.LEFT)),
                item("Align Right", null, () -> model.align(EditorModel.Align.RIGHT)),
                item("Align Top", null, () -> model.align(EditorModel.Align.TOP)),
                item("Align Bottom", null, () -> model.align(EditorModel.Align.BOTTOM)),
                item("Align Centres Horizontally", null, () -> model.align(EditorModel.Align.CENTRE_HORIZONTAL)),
                item("Align Centres Vertically", null, () -> model.align(EditorModel.Align.CENTRE_VERTICAL)),
                new SeparatorMenuItem(),
                item("Distribute Horizontally", null, () -> model.distribute(true)),
                item("Distribute Vertically", null, () -> model.distribute(false)));
        Menu view = new Menu("View");
        CheckMenuItem minimap = new CheckMenuItem("Minimap");
        minimap.setSelected(true);
        minimap.setOnAction(e -> canvas.setMinimapVisible(minimap.isSelected()));
        view.getItems().addAll(item("Fit All  (F)", null, canvas::fitAll), item("Fit Selection  (Shift+F)", null, canvas::fitSelection), minimap);
        Menu run = new Menu("Render");
        MenuItem renderItem = item("Render", "Ctrl+Enter", render::start);
        MenuItem cancelItem = item("Cancel Render", "Ctrl+Period", render::cancel);
        renderItem.disableProperty().bind(render.runningProperty());
        cancelItem.disableProperty().bind(render.runningProperty().not());
        run.getItems().addAll(renderItem, cancelItem);
        Menu help = new Menu("Help");
        help.getItems().add(item("Shortcuts", "F1", () -> dialogs.showShortcuts(Shortcuts.ALL)));
        MenuBar bar = new MenuBar(file, edit, node, arrange, view, run, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem i = new MenuItem(text);
        if (accelerator != null) i.setAccelerator(KeyCombination.keyCombination(accelerator.replace("Ctrl", "Shortcut")));
        i.setOnAction(e -> action.run());
        return i;
    }

    private ToolBar toolBar() {
        renderButton.setId("render-button");
        cancelButton.setId("cancel-button");
        renderButton.setOnAction(e -> render.start());
        cancelButton.setOnAction(e -> render.cancel());
        renderButton.disableProperty().bind(render.runningProperty());
        cancelButton.disableProperty().bind(render.runningProperty().not());
        Button undo = new Button("\u21B6 Undo");
        undo.setId("undo-button");
        undo.setOnAction(e -> undo());
        Button redo = new Button("\u21B7 Redo");
        redo.setId("redo-button");
        redo.setOnAction(e -> redo());
        Button fit = new Button("Fit");
        fit.setOnAction(e -> canvas.fitAll());
        java.util.function.Consumer<EditorModel> history = m -> {
            undo.setDisable(!m.document().canUndo());
            redo.setDisable(!m.document().canRedo());
        };
        model.addDocumentListener(history);
        history.accept(model);
        return new ToolBar(renderButton, cancelButton, new javafx.scene.control.Separator(), undo, redo, new javafx.scene.control.Separator(), fit);
    }

    private Region statusBar() {
        Label message = new Label();
        message.setId("status-message");
        message.textProperty().bind(model.statusProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        ProgressBar bar = new ProgressBar(0);
        bar.setPrefWidth(160);
        bar.progressProperty().bind(render.progressProperty());
        Label progress = new Label();
        progress.setId("render-progress");
        progress.textProperty().bind(render.progressTextProperty());
        outputLink.setVisible(false);
        outputLink.setOnAction(e -> openOutput());
        HBox box = new HBox(10, message, outputLink, progress, bar);
        box.setPadding(new Insets(3, 8, 3, 8));
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        box.setStyle("-fx-border-color: #bbb transparent transparent transparent;");
        return box;
    }

    /** The empty slot under the canvas where the timeline will go. */
    public Pane timelineSlot() {
        return timelineSlot;
    }

    private void updateTitle() {
        String name = model.document().file().map(f -> f.getFileName().toString()).orElse("Untitled");
        stage.setTitle((model.document().isDirty() ? "*" : "") + name + " \u2014 Cinegraph");
    }

    private String documentName() {
        return model.document().file().map(f -> f.getFileName().toString()).orElse("Untitled");
    }

    // ---- canvas helpers ----

    private void dropFromPalette(NodeSpec s, Point2D screen) {
        Point2D local = canvas.screenToLocal(screen);
        if (local == null || !canvas.getLayoutBounds().contains(local)) return;
        Point2D w = canvas.toWorld(local.getX(), local.getY());
        model.addNode(s.id(), w.getX(), w.getY());
        canvas.requestFocus();
    }

    private void openQuickAdd(Point2D screen, CanvasView.WireDrop wire) {
        Point2D local = canvas.screenToLocal(screen);
        Point2D w = canvas.toWorld(local.getX(), local.getY());
        java.util.function.Predicate<NodeSpec> filter = wire == null || wire.type() == null ? s -> true
                : wire.fromInput() ? s -> model.firstCompatibleOutput(s, wire.type()).isPresent() : s -> model.acceptsType(s, wire.type());
        quickAdd.show(stage, screen, filter, s -> {
            if (wire == null) model.addNode(s.id(), w.getX(), w.getY());
            else model.addNodeConnected(s, w.getX(), w.getY(), wire.port(), wire.type(), wire.fromInput());
            canvas.requestFocus();
        });
    }

    // ---- edit actions (text fields keep their own clipboard and undo) ----

    private TextInputControl focusedText() {
        return stage.getScene().getFocusOwner() instanceof TextInputControl t ? t : null;
    }

    public void undo() {
        TextInputControl t = focusedText();
        if (t != null) {
            t.undo();
            return;
        }
        model.document().undo();
    }

    public void redo() {
        TextInputControl t = focusedText();
        if (t != null) {
            t.redo();
            return;
        }
        model.document().redo();
    }

    public void copy() {
        TextInputControl t = focusedText();
        if (t != null) {
            t.copy();
            return;
        }
        model.copySelection().ifPresent(this::putClipboard);
    }

    public void cut() {
        TextInputControl t = focusedText();
        if (t != null) {
            t.cut();
            return;
        }
        model.cutSelection(this::putClipboard);
    }

    public void paste() {
        TextInputControl t = focusedText();
        if (t != null) {
            t.paste();
            return;
        }
        String text = Clipboard.getSystemClipboard().getString();
        if (text == null) {
            model.setStatus("Nothing to paste");
            return;
        }
        Point2D at = canvas.mouseWorld();
        model.paste(text, at.getX(), at.getY());
    }

    private void putClipboard(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
        model.setStatus("Copied " + model.selection().size() + " node(s)");
    }

    private void duplicate() {
        if (focusedText() == null) model.duplicateSelection();
    }

    private void selectAll() {
        TextInputControl t = focusedText();
        if (t != null) t.selectAll();
        else model.select(model.graph().nodes().keySet());
    }

    private void group() {
        if (model.selection().isEmpty()) {
            model.setStatus("Select the nodes to group first");
            return;
        }
        dialogs.askGroup("Group", "#5A6B7C").ifPresent(tc -> model.groupSelection(tc[0], tc[1]));
    }

    private void editGroup() {
        String id = canvas.selectedGroup();
        if (id == null || !model.graph().groups().containsKey(id)) {
            model.setStatus("Click a group's title bar to select it first");
            return;
        }
        var g = model.graph().groups().get(id);
        dialogs.askGroup(g.title(), g.colour()).ifPresent(tc -> model.execute(model.commands().editGroup(id, tc[0], tc[1])));
    }

    private void deleteGroup() {
        String id = canvas.selectedGroup();
        if (id == null || !model.graph().groups().containsKey(id)) {
            model.setStatus("Click a group's title bar to select it first");
            return;
        }
        model.execute(model.commands().removeGroup(id));
        canvas.clearSelectedGroup();
    }

    // ---- files ----

    /** Opens the start file (if any), offering recovered work. */
    public void openAtStart(Path file) {
        if (file != null) {
            if (load(file)) return;
        }
        offerRecovery(null);
    }

    public void newDocument() {
        if (!closeDocument()) return;
        model.setDocument(new Document(Graph.EMPTY, null));
        canvas.setView(ViewState.DEFAULT);
        canvas.setViewMoved(false);
        render.failures().clear();
    }

    private void openChosen() {
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
        } catch (java.nio.file.NoSuchFileException e) {
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
        model.setDocument(new Document(lg.graph(), file.toAbsolutePath().normalize()));
        render.failures().clear();
        recent.add(file);
        refreshRecent();
        canvas.showWhenLaidOut(lg.graph().view().equals(ViewState.DEFAULT) ? null : lg.graph().view());
        canvas.setViewMoved(false);
        List<String> lines = openProblems(lg);
        if (!lines.isEmpty()) dialogs.showOpenProblems(file.getFileName().toString(), lines);
        model.setStatus("Opened " + file.getFileName() + " (" + lg.graph().nodes().size() + " nodes)");
        offerRecovery(model.document().file().orElse(null));
        return true;
    }

    /** What the user should know after opening: missing or newer node types (with what to do), then the loader's warnings. */
    List<String> openProblems(LoadedGraph lg) {
        Map<String, TreeSet<String>> missing = new TreeMap<>();
        Map<String, TreeSet<String>> newer = new TreeMap<>();
        for (GraphNode n : lg.graph().nodes().values()) {
            Optional<NodeType> t = registry.find(n.type());
            if (t.isEmpty()) missing.computeIfAbsent(n.type() + " (version " + n.typeVersion() + ")", k -> new TreeSet<>()).add(n.id());
            else if (n.typeVersion() > t.get().spec().version()) newer.computeIfAbsent(n.type() + " version " + n.typeVersion()
                    + " (installed: " + t.get().spec().version() + ")", k -> new TreeSet<>()).add(n.id());
        }
        List<String> lines = new ArrayList<>();
        missing.forEach((type, ids) -> lines.add("Node type " + type + " is not installed; used by " + String.join(", ", ids)
                + ". Install the plugin or model that provides it. The nodes are kept as placeholders (dashed outline) with all "
                + "their settings and links, and are saved unchanged; the graph renders once the type is installed."));
        newer.forEach((type, ids) -> lines.add("Node type " + type + " is newer than this Cinegraph; used by " + String.join(", ", ids)
                + ". Update Cinegraph to render these nodes; they are kept unchanged."));
        for (Problem p : lg.warnings()) {
            if (p.message().contains("is not installed")) continue;
            lines.add(p.toString());
        }
        Path file = model.document().file().orElse(null);
        if (file != null) {
            for (Problem p : ModelCheck.forGraph(lg, registry, ModelLibrary.fromEnvironment().forGraph(file))) lines.add(p.toString());
        }
        return lines;
    }

    private void offerRecovery(Path file) {
        Optional<Graph> rec = recovery.pending(file);
        if (rec.isEmpty() || rec.get().equals(model.graph())) return;
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
            recovery.write(model.graph(), model.document().file().orElse(null));
        } catch (IOException | RuntimeException e) {
            model.setStatus("Could not write the recovery copy: " + e.getMessage());
        }
    }

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
        if (canvas.viewMoved()) {
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

    // ---- rendered files: dropped back in, or from the history ----

    private static final List<String> RENDERED = List.of(".mp4", ".mov", ".m4v", ".png");

    /** A .cgraph, or a rendered file that may carry the graph that made it. */
    static boolean opensAGraph(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(GraphFile.EXTENSION) || RENDERED.stream().anyMatch(n::endsWith);
    }

    /** Opens a dropped .cgraph, or the graph a dropped render carries (read off the FX thread: it may run ffprobe). */
    /**
     * Files dropped on the window: a .cgraph opens; a single render of Cinegraph's (its graph
     * embedded) reopens the graph that made it; other images and videos become Load Image /
     * Load Video nodes where they were dropped.
     */
    void dropped(List<Path> files, Point2D at) {
        Optional<Path> graph = files.stream().filter(f -> f.getFileName().toString().endsWith(GraphFile.EXTENSION)).findFirst();
        if (graph.isPresent()) {
            open(graph.get());
            return;
        }
        List<Path> media = files.stream().filter(f -> EditorModel.loaderFor(f).isPresent()).toList();
        if (media.size() != 1 || !opensAGraph(media.get(0))) {
            model.addMediaNodes(media, at.getX(), at.getY());
            return;
        }
        Path file = media.get(0);
        Thread t = new Thread(() -> {
            Optional<String> text;
            try {
                text = org.cinegraph.media.Provenance.read(file);
            } catch (RuntimeException e) {
                text = Optional.empty();
            }
            Optional<String> found = text;
            Platform.runLater(() -> {
                if (found.isPresent()) openGraphText(found.get(), file.getFileName().toString());
                else model.addMediaNodes(media, at.getX(), at.getY());
            });
        }, "cinegraph-drop");
        t.setDaemon(true);
        t.start();
    }

    public void openDropped(Path file) {
        if (file.getFileName().toString().endsWith(GraphFile.EXTENSION)) {
            open(file);
            return;
        }
        model.setStatus("Reading the graph in " + file.getFileName() + "\u2026");
        Thread t = new Thread(() -> {
            String text = null;
            String error = null;
            try {
                text = org.cinegraph.media.Provenance.read(file).orElse(null);
                if (text == null) error = file.getFileName() + " carries no Cinegraph graph (it was not rendered by Cinegraph, or its metadata was stripped).";
            } catch (RuntimeException e) {
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            String graphText = text;
            String why = error;
            Platform.runLater(() -> {
                if (why != null) {
                    model.setStatus("");
                    dialogs.error("Cannot reopen the graph of " + file.getFileName(), why);
                } else {
                    openGraphText(graphText, file.getFileName().toString());
                }
            });
        }, "cinegraph-provenance");
        t.setDaemon(true);
        t.start();
    }

    /** Opens graph text (from a render) as a new, unsaved document. */
    private boolean openGraphText(String text, String source) {
        Graph g;
        try {
            g = GraphFile.parse(text, source, registry).graph();
        } catch (GraphFormatException e) {
            dialogs.error("Cannot open the graph of " + source, e.getMessage());
            return false;
        }
        if (!closeDocument()) return false;
        model.setDocument(new Document(g, null));
        render.failures().clear();
        canvas.showWhenLaidOut(g.view().equals(ViewState.DEFAULT) ? null : g.view());
        canvas.setViewMoved(false);
        model.setStatus("Opened the graph of " + source + " (" + g.nodes().size() + " nodes, unsaved)");
        return true;
    }

    private Optional<Graph> historyGraph(HistoryEntry e) {
        try {
            return Optional.of(GraphFile.parse(render.history().graphText(e), "render " + e.id(), registry).graph());
        } catch (IOException | GraphFormatException x) {
            dialogs.error("Cannot read render " + e.id(), x.getMessage());
            return Optional.empty();
        }
    }

    /** The output the viewer shows for a past render: its first video, else its first PNG. */
    private Optional<Path> viewable(HistoryEntry e) {
        Optional<Path> p = e.outputs().stream().filter(f -> !f.toString().endsWith(".png") && opensAGraph(f) && Files.isRegularFile(f)).findFirst();
        if (p.isEmpty()) p = e.outputs().stream().filter(f -> f.toString().endsWith(".png") && Files.isRegularFile(f)).findFirst();
        if (p.isEmpty()) model.setStatus("Render " + e.id() + " left no video or PNG that still exists");
        return p;
    }

    private void playFromHistory(HistoryEntry e) {
        viewable(e).ifPresent(p -> {
            viewer.showFile(p);
            bottomTabs.getSelectionModel().select(viewerTab);
        });
    }

    private void compareWithHistory(HistoryEntry e) {
        viewable(e).ifPresent(p -> {
            viewer.compareWithFile(p);
            bottomTabs.getSelectionModel().select(viewerTab);
        });
    }

    /** Opens the graph of a past render as a new, unsaved document. */
    public void restoreAsNew(HistoryEntry e) {
        try {
            openGraphText(render.history().graphText(e), "render " + e.id());
        } catch (IOException x) {
            dialogs.error("Cannot read render " + e.id(), x.getMessage());
        }
    }

    /** Puts the graph of a past render into the open document as one undoable step. */
    public void restoreInto(HistoryEntry e) {
        historyGraph(e).ifPresent(g -> {
            model.execute(Command.of("Restore render " + e.id(), x -> g));
            model.setStatus("Restored the graph of render " + e.id() + " (undo to go back)");
        });
    }

    // ---- render results ----

    private void renderFinished(RenderResult r) {
        if (r.cancelled() || r.failed() || r.files().isEmpty()) {
            outputLink.setVisible(false);
            return;
        }
        lastOutput = r.files().stream().sorted(Comparator.naturalOrder()).findFirst().orElse(null);
        outputLink.setText(r.files().size() == 1 ? "Open " + lastOutput.getFileName() : "Open output folder");
        outputLink.setVisible(true);
        if (stage.isShowing()) {
            Notifications.create().owner(stage).title("Render finished")
                    .text("Wrote " + (r.files().size() == 1 ? lastOutput.getFileName() : r.files().size() + " files") + " to " + lastOutput.getParent()
                            + (host == null ? "" : "\nClick to open."))
                    .hideAfter(Duration.seconds(8)).onAction(e -> openOutput()).showInformation();
        }
    }

    private void openOutput() {
        if (lastOutput == null || host == null) return;
        Path target = outputLink.getText().startsWith("Open output") ? lastOutput.getParent() : lastOutput;
        host.showDocument(target.toUri().toString());
    }
}
