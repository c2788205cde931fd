package org.cinegraph.app.editor;

import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.cinegraph.app.models.ModelInstaller;
import org.cinegraph.app.models.ModelManagerView;
import org.cinegraph.app.queue.QueueView;
import org.cinegraph.app.queue.RenderQueue;
import org.cinegraph.app.queue.RenderQueueStore;
import org.cinegraph.app.task.FxTaskRunner;
import org.cinegraph.app.viewer.ViewerDock;
import org.cinegraph.app.viewer.ViewerModel;
import org.cinegraph.app.viewer.ViewerPanel;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The editor window: it builds the rooms and lays them out ({@link #layout}): menus and toolbar
 * ({@link EditorMenus}) on top; below, split panes the user sizes (remembered per user): palette,
 * canvas and inspector/problems side by side over the viewer, history and render queue tabs; the
 * status bar last ({@link StatusBar}). The file workflow is {@link DocumentController}'s, dropped
 * files {@link DropHandler}'s, the Edit commands {@link EditActions}'; edits live in
 * {@link EditorModel}.
 */
public final class EditorWindow {
    private final Stage stage;
    private final EditorSettings settings;
    private final FxTaskRunner tasks = new FxTaskRunner();
    private final EditorModel model;
    private final CanvasView canvas;
    private final InspectorView inspector;
    private final PaletteView palette;
    private final RenderController render;
    private final QuickAddPopup quickAdd;
    private final ViewerModel viewer;
    private final ViewerPanel viewerPanel;
    private final ViewerDock viewerDock;
    private final HistoryView historyView;
    private final QueueView queueView;
    private final DocumentController documents;
    private final EditActions edits;
    private final DropHandler drops;
    private final StatusBar statusBar;
    private final SubgraphActions subgraphs;
    private final SweepController sweeps;
    private final FindNode findNode;
    private final CanvasMenus canvasMenus;
    private final TabPane bottomTabs = new TabPane();
    private final Tab viewerTab = new Tab("Viewer");
    private final ListView<RenderController.Failure> problems = new ListView<>();
    private final ModelInstaller installer;
    private final ModelProblems modelProblems;
    private final ModelManagerView modelManager;

    /**
     * @param renderer the process's one render path (node types, cache, model library, history):
     *                 renders, previews and the History tab all go through it
     * @param settings what is remembered per user (layout, render folder, recent files, the queue)
     * @param opener   opens rendered files and their folders
     */
    public EditorWindow(Stage stage, Renderer renderer, Dialogs dialogs, Recovery recovery, EditorSettings settings, FileOpener opener) {
        NodeRegistry registry = renderer.registry();
        this.stage = stage;
        this.settings = settings;
        this.model = new EditorModel(registry, new Document(Graph.EMPTY, null));
        this.canvas = new CanvasView(model);
        this.inspector = new InspectorView(model);
        RenderQueue queue = new RenderQueue(new RenderQueueStore(settings.queueDir()), tasks);
        this.render = new RenderController(model, renderer, tasks, dialogs, settings, queue);
        this.installer = new ModelInstaller(renderer.library(), tasks);
        this.modelProblems = new ModelProblems(model, renderer, tasks, installer, render.failures());
        render.setBlockedReason(() -> modelProblems.blockedReasonProperty().get());
        this.modelManager = new ModelManagerView(installer, tasks, q -> dialogs.confirm("Remove model", q));
        List<NodeSpec> specs = registry.all().stream().map(NodeType::spec).toList();
        this.palette = new PaletteView(specs, this::dropFromPalette);
        this.quickAdd = new QuickAddPopup(specs);
        this.viewer = new ViewerModel(renderer, tasks);
        this.viewerPanel = new ViewerPanel(viewer);
        this.viewerDock = new ViewerDock(viewerPanel, viewerTab, stage);
        this.documents = new DocumentController(stage, registry, dialogs, recovery, settings.recent(), model, canvas, render);
        documents.setModels(renderer, installer);
        this.edits = new EditActions(stage, model, canvas, dialogs);
        this.drops = new DropHandler(model, canvas, documents, tasks);
        this.historyView = new HistoryView(new HistoryView.Actions(this::playFromHistory, this::compareWithHistory,
                documents::restoreAsNew, documents::restoreInto), tasks);
        this.queueView = new QueueView(queue, render.currentProperty(), render.runningProperty(), render::startQueue);
        this.statusBar = new StatusBar(stage, model, render, tasks, opener);
        canvas.setPreviews(new NodePreviews(model, renderer, tasks, settings, canvas::requestRedraw));
        SubgraphDialogs subgraphDialogs = new FxSubgraphDialogs(stage);
        this.subgraphs = new SubgraphActions(model, canvas, subgraphDialogs, java.util.prefs.Preferences.userRoot().node("org/cinegraph/editor"));
        this.sweeps = new SweepController(model, renderer, tasks, viewer, subgraphDialogs, () -> bottomTabs.getSelectionModel().select(viewerTab));
        subgraphs.setPalette(palette::setLibrary);
        canvas.setSubgraphNavigation(subgraphs::enter, subgraphs::enterSelected, subgraphs::leave);
        inspector.setParamMenu((id, p) -> subgraphs.paramMenu(id, p, param -> sweeps.sweep(id, param)));
        inspector.setNodeSection(n -> n.isSubgraph() ? subgraphs.section(n) : null);
        this.findNode = new FindNode(model, canvas);
        Runnable find = () -> findNode.show(stage), layout = () -> AutoLayout.apply(model);
        this.canvasMenus = new CanvasMenus(model, canvas, new CanvasMenus.Actions(edits, subgraphs, viewer,
                () -> bottomTabs.getSelectionModel().select(viewerTab), inspector, render, statusBar, find, layout));
        LoraTrainingController lora = new LoraTrainingController(model, tasks, renderer::library, new FxLoraDialogs(stage));
        LoraProgressView.showOnStart(stage, lora);
        EditorMenus menus = new EditorMenus(model, canvas, render, documents, edits, dialogs, () -> {
            if (documents.closeDocument()) stage.close();
        }, () -> openQuickAdd(canvas.localToScreen(canvas.getWidth() / 2, canvas.getHeight() / 2), null), subgraphs)
                .withViewerAndSettings(viewerDock, settings).withFindAndLayout(find, layout)
                .withModels(modelProblems.blockedReasonProperty(), () -> modelManager.show(stage, null),
                        this::installMissing)
                .withLoraTraining(lora);

        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double[] size = settings.windowSize(1400, 860, screen.getWidth(), screen.getHeight());
        Scene scene = new Scene(layout(menus), size[0], size[1]);
        stage.setMaximized(settings.windowMaximized());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), edits::redo);
        drops.install(scene);
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (!documents.closeDocument()) e.consume();
        });
        stage.setOnHidden(e -> {
            settings.setWindow(scene.getWidth(), scene.getHeight(), stage.isMaximized());
            viewerDock.dock();
            viewer.close();
        });

        canvas.setQuickAdd(this::openQuickAdd);
        problems.setItems(modelProblems.problems());
        problems.setOnMouseClicked(e -> {
            RenderController.Failure f = problems.getSelectionModel().getSelectedItem();
            // a missing model: a double-click opens the Model manager on it
            if (f != null && e.getClickCount() == 2) modelProblems.modelOf(f).ifPresent(m -> modelManager.show(stage, m));
            if (f != null && !f.nodeId().isEmpty()) subgraphs.reveal(f.nodeId()); // inner nodes by path: enters their subgraphs
        });
        renderer.history().ifPresent(historyView::setHistory);
        render.lastRecordedProperty().addListener(o -> historyView.refresh());
        render.setOnFinished(statusBar::renderFinished);
        model.selection().addListener((SetChangeListener<String>) c -> {
            if (model.selection().size() == 1) viewer.select(model.pathOf(model.selection().iterator().next()));
        });
        model.addDocumentListener(m -> viewer.setGraph(m.document().graph(), m.graphDir()));
        queue.load(n -> {
            if (n > 0) model.setStatus(n + " render(s) queued in an earlier session wait in the Queue tab: Start runs them");
        });
    }

    /** Where everything sits in the window; the user moves the dividers and the window remembers them. */
    private BorderPane layout(EditorMenus menus) {
        BorderPane root = new BorderPane();
        root.setTop(new VBox(menus.menuBar(), menus.toolBar()));
        canvas.setId("canvas");

        problems.setId("problems");
        problems.setPlaceholder(new Label("No problems"));
        VBox problemsBox = new VBox(4, new Label("Problems"), problems);
        problemsBox.setPadding(new Insets(4));
        VBox.setVgrow(problems, Priority.ALWAYS);
        SplitPane right = new SplitPane(inspector, problemsBox);
        right.setId("right-split");
        right.setOrientation(Orientation.VERTICAL);
        right.setMinWidth(200);
        palette.setMinWidth(140);

        // the breadcrumb above the canvas says which subgraph is being edited and leads back out
        VBox centre = new VBox(new BreadcrumbBar(model, subgraphs::leave), canvas);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        SplitPane sides = new SplitPane(palette, centre, right);
        sides.setId("sides-split");
        // widening the window widens the canvas; the palette and inspector keep the widths given them
        SplitPane.setResizableWithParent(palette, false);
        SplitPane.setResizableWithParent(right, false);

        Tab historyTab = new Tab("History", historyView);
        historyTab.setId("history-tab");
        Tab queueTab = new Tab("Queue", queueView);
        queueTab.setId("queue-tab");
        queueTab.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> render.queue().items().isEmpty()
                ? "Queue" : "Queue (" + render.queue().items().size() + ")", render.queue().items()));
        viewerTab.setId("viewer-tab");
        for (Tab t : List.of(viewerTab, historyTab, queueTab)) t.setClosable(false);
        bottomTabs.getTabs().setAll(viewerTab, historyTab, queueTab);
        bottomTabs.setId("bottom-tabs");
        bottomTabs.setMinHeight(120);

        SplitPane main = new SplitPane(sides, bottomTabs);
        main.setId("main-split");
        main.setOrientation(Orientation.VERTICAL);
        remember(main, "main", 0.55);
        remember(sides, "sides", 0.16, 0.76);
        remember(right, "right", 0.72);
        root.setCenter(main);
        root.setBottom(statusBar);
        return root;
    }

    /** Sets a split pane's dividers from the settings (else the defaults) and keeps them there when moved. */
    private void remember(SplitPane pane, String name, double... defaults) {
        double[] at = new double[defaults.length];
        for (int i = 0; i < at.length; i++) at[i] = settings.divider(name + "." + i, defaults[i]);
        pane.setDividerPositions(at);
        for (int i = 0; i < at.length; i++) {
            String key = name + "." + i;
            pane.getDividers().get(i).positionProperty().addListener((o, was, now) -> settings.setDivider(key, now.doubleValue()));
        }
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

    public ViewerDock viewerDock() {
        return viewerDock;
    }

    public HistoryView historyView() {
        return historyView;
    }

    public QueueView queueView() {
        return queueView;
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

    public SubgraphActions subgraphs() {
        return subgraphs;
    }

    /** Models > Install Missing Models: every catalogued model the shown graph lacks. */
    private void installMissing() {
        if (modelProblems.installable().isEmpty()) {
            model.setStatus("Nothing to install from the catalogue: the missing models are named in Problems");
            return;
        }
        installer.installAll(modelProblems.installable());
        model.setStatus("Installing " + String.join(", ", modelProblems.installable().stream().map(m -> m.name()).toList())
                + " (progress in Models > Model Manager)");
    }

    /** Installs, verifies and removes models (Models menu, the dialog on open). */
    public ModelInstaller models() {
        return installer;
    }

    public ModelManagerView modelManager() {
        return modelManager;
    }

    /** Why Render is off (a missing model), empty when it is on. */
    public String renderBlockedReason() {
        return modelProblems.blockedReasonProperty().get();
    }

    public SweepController sweeps() {
        return sweeps;
    }

    FindNode findNode() {
        return findNode;
    }

    CanvasMenus canvasMenus() {
        return canvasMenus;
    }

    public QuickAddPopup quickAdd() {
        return quickAdd;
    }

    public StatusBar statusBar() {
        return statusBar;
    }

    public Stage stage() {
        return stage;
    }

    // ---- adding nodes from the palette and quick add ----

    private void dropFromPalette(NodeSpec s, Point2D screen) {
        Point2D local = canvas.screenToLocal(screen);
        if (local == null || !canvas.getLayoutBounds().contains(local)) return;
        Point2D w = canvas.toWorld(local.getX(), local.getY());
        if (!subgraphs.addFromPalette(s, w.getX(), w.getY())) model.addNode(s.id(), w.getX(), w.getY());
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

    /** The first file the last successful render wrote, or null. */
    public Path lastOutput() {
        return statusBar.lastOutput();
    }
}
