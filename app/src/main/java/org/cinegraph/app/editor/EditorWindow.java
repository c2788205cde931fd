package org.cinegraph.app.editor;

import javafx.application.HostServices;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.cinegraph.app.task.FxTaskRunner;
import org.cinegraph.app.viewer.ViewerModel;
import org.cinegraph.app.viewer.ViewerPanel;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.render.RenderResult;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The editor window: it builds the rooms and lays them out ({@link #layout}): menus and toolbar
 * ({@link EditorMenus}) on top, palette left, canvas centre, inspector and problems right, viewer
 * and history tabs below, status bar last. The file workflow is {@link DocumentController}'s,
 * dropped files {@link DropHandler}'s, the Edit commands {@link EditActions}'; edits live in
 * {@link EditorModel}.
 */
public final class EditorWindow {
    private final Stage stage;
    private final HostServices host;
    private final FxTaskRunner tasks = new FxTaskRunner();
    private final EditorModel model;
    private final CanvasView canvas;
    private final InspectorView inspector;
    private final PaletteView palette;
    private final RenderController render;
    private final QuickAddPopup quickAdd;
    private final ViewerModel viewer;
    private final ViewerPanel viewerPanel;
    private final HistoryView historyView;
    private final DocumentController documents;
    private final EditActions edits;
    private final DropHandler drops;
    private final TabPane bottomTabs = new TabPane();
    private final Tab viewerTab = new Tab("Viewer");
    private final Hyperlink outputLink = new Hyperlink();
    private final ListView<RenderController.Failure> problems = new ListView<>();
    private Path lastOutput;

    /**
     * @param renderer the process's one render path (node types, cache, model library, history):
     *                 renders, previews and the History tab all go through it
     */
    public EditorWindow(Stage stage, Renderer renderer, Dialogs dialogs, Recovery recovery, RecentFiles recent, HostServices host) {
        NodeRegistry registry = renderer.registry();
        this.stage = stage;
        this.host = host;
        this.model = new EditorModel(registry, new Document(Graph.EMPTY, null));
        this.canvas = new CanvasView(model);
        this.inspector = new InspectorView(model);
        this.render = new RenderController(model, renderer, tasks);
        List<NodeSpec> specs = registry.all().stream().map(NodeType::spec).toList();
        this.palette = new PaletteView(specs, this::dropFromPalette);
        this.quickAdd = new QuickAddPopup(specs);
        this.viewer = new ViewerModel(renderer, tasks);
        this.viewerPanel = new ViewerPanel(viewer);
        this.documents = new DocumentController(stage, registry, dialogs, recovery, recent, model, canvas, render);
        this.edits = new EditActions(stage, model, canvas, dialogs);
        this.drops = new DropHandler(model, canvas, documents, tasks);
        this.historyView = new HistoryView(new HistoryView.Actions(this::playFromHistory, this::compareWithHistory,
                documents::restoreAsNew, documents::restoreInto), tasks);
        EditorMenus menus = new EditorMenus(model, canvas, render, documents, edits, dialogs, () -> {
            if (documents.closeDocument()) stage.close();
        }, () -> openQuickAdd(canvas.localToScreen(canvas.getWidth() / 2, canvas.getHeight() / 2), null));

        Scene scene = new Scene(layout(menus), 1400, 860);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), edits::redo);
        drops.install(scene);
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (!documents.closeDocument()) e.consume();
        });
        stage.setOnHidden(e -> viewer.close());

        canvas.setQuickAdd(this::openQuickAdd);
        problems.setItems(render.failures());
        problems.setOnMouseClicked(e -> {
            RenderController.Failure f = problems.getSelectionModel().getSelectedItem();
            if (f != null && model.graph().nodes().containsKey(f.nodeId())) {
                model.select(List.of(f.nodeId()));
                canvas.fitSelection();
            }
        });
        renderer.history().ifPresent(historyView::setHistory);
        render.lastRecordedProperty().addListener(o -> historyView.refresh());
        render.setOnFinished(this::renderFinished);
        model.selection().addListener((SetChangeListener<String>) c -> {
            if (model.selection().size() == 1) viewer.select(model.selection().iterator().next());
        });
        model.addDocumentListener(m -> viewer.setGraph(m.graph(), m.graphDir()));
    }

    /** Where everything sits in the window. */
    private BorderPane layout(EditorMenus menus) {
        BorderPane root = new BorderPane();
        root.setTop(new VBox(menus.menuBar(), menus.toolBar()));
        root.setLeft(palette);
        canvas.setId("canvas");
        root.setCenter(canvas);

        problems.setId("problems");
        problems.setPlaceholder(new Label("No problems"));
        VBox problemsBox = new VBox(4, new Label("Problems"), problems);
        problemsBox.setPadding(new Insets(4));
        VBox.setVgrow(problems, Priority.ALWAYS);
        SplitPane right = new SplitPane(inspector, problemsBox);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.75);
        right.setPrefWidth(310);
        root.setRight(right);

        viewerTab.setContent(viewerPanel);
        Tab historyTab = new Tab("History", historyView);
        historyTab.setId("history-tab");
        for (Tab t : List.of(viewerTab, historyTab)) t.setClosable(false);
        bottomTabs.getTabs().setAll(viewerTab, historyTab);
        bottomTabs.setPrefHeight(260);
        bottomTabs.setId("bottom-tabs");
        root.setBottom(new VBox(bottomTabs, statusBar()));
        return root;
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
        box.setAlignment(Pos.CENTER_LEFT);
        box.setStyle("-fx-border-color: #bbb transparent transparent transparent;");
        return box;
    }

    // ---- the rooms, for the launcher and tests ----

    public EditorModel model() {
        return model;
    }

    /** The window's background work (renders, previews, history, drops); tests await it going idle. */
    public FxTaskRunner tasks() {
        return tasks;
    }

    public CanvasView canvas() {
        return canvas;
    }

    public DocumentController documents() {
        return documents;
    }

    public EditActions edits() {
        return edits;
    }

    public DropHandler drops() {
        return drops;
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

    // ---- adding nodes from the palette and quick add ----

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
        Predicate<NodeSpec> filter = wire == null || wire.type() == null ? s -> true
                : wire.fromInput() ? s -> model.firstCompatibleOutput(s, wire.port()).isPresent() : s -> model.acceptsType(s, wire.type());
        quickAdd.show(stage, screen, filter, s -> {
            if (wire == null) model.addNode(s.id(), w.getX(), w.getY());
            else model.addNodeConnected(s, w.getX(), w.getY(), wire.port(), wire.type(), wire.fromInput());
            canvas.requestFocus();
        });
    }

    // ---- past renders in the viewer ----

    /** The output the viewer shows for a past render: its first video, else its first PNG. */
    private Optional<Path> viewable(HistoryEntry e) {
        Optional<Path> p = e.outputs().stream().filter(f -> !f.toString().endsWith(".png") && DropHandler.opensAGraph(f) && Files.isRegularFile(f)).findFirst();
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

    // ---- render results ----

    public Path lastOutput() {
        return lastOutput;
    }

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
