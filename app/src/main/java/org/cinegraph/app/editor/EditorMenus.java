package org.cinegraph.app.editor;

import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCombination;

import org.cinegraph.render.CostEstimate;

import java.util.function.Consumer;

/**
 * The menu bar and the toolbar, built in one place from the window's rooms: files from
 * {@link DocumentController}, editing from {@link EditActions}, nodes and arrangement from
 * {@link EditorModel}, view from {@link CanvasView}, rendering from {@link RenderController}.
 * Shortcuts listed here are the ones {@link Shortcuts} documents.
 */
final class EditorMenus {
    private final EditorModel model;
    private final CanvasView canvas;
    private final RenderController render;
    private final DocumentController documents;
    private final EditActions edits;
    private final Dialogs dialogs;
    private final Runnable quit;
    private final Runnable addNode;
    private org.cinegraph.app.viewer.ViewerDock viewerDock;
    private EditorSettings settings;
    private LoraTrainingController lora;
    private final SubgraphActions subgraphs;
    private javafx.beans.value.ObservableStringValue renderBlocked;
    private Runnable openModelManager;
    private Runnable installMissing;

    EditorMenus(EditorModel model, CanvasView canvas, RenderController render, DocumentController documents, EditActions edits,
                Dialogs dialogs, Runnable quit, Runnable addNode, SubgraphActions subgraphs) {
        this.subgraphs = subgraphs;
        this.model = model;
        this.canvas = canvas;
        this.render = render;
        this.documents = documents;
        this.edits = edits;
        this.dialogs = dialogs;
        this.quit = quit;
        this.addNode = addNode;
    }

    private Runnable findNode = () -> { };
    private Runnable autoLayout = () -> { };

    /** Edit > Find Node and Arrange > Auto Layout. */
    EditorMenus withFindAndLayout(Runnable find, Runnable layout) {
        this.findNode = find;
        this.autoLayout = layout;
        return this;
    }

    /** The viewer's window and the user's settings, for the View and Render menus' entries about them. */
    EditorMenus withViewerAndSettings(org.cinegraph.app.viewer.ViewerDock dock, EditorSettings settings) {
        this.viewerDock = dock;
        this.settings = settings;
        return this;
    }

    /**
     * The Models menu's actions, and why Render is off (empty: it is on): a graph whose models are
     * missing cannot render, so Render and its button are disabled until they are installed.
     */
    EditorMenus withModels(javafx.beans.value.ObservableStringValue renderBlocked, Runnable openModelManager, Runnable installMissing) {
        this.renderBlocked = renderBlocked;
        this.openModelManager = openModelManager;
        this.installMissing = installMissing;
        return this;
    }

    private javafx.beans.binding.BooleanBinding renderOff() {
        return javafx.beans.binding.Bindings.createBooleanBinding(() -> !renderBlocked.get().isEmpty(), renderBlocked);
    }

    /** Models > Train LoRA and its cancel, when the window has the controller. */
    EditorMenus withLoraTraining(LoraTrainingController lora) {
        this.lora = lora;
        return this;
    }

    MenuBar menuBar() {
        Menu file = new Menu("File");
        file.getItems().addAll(
                item("New", "Ctrl+N", documents::newDocument),
                item("Open\u2026", "Ctrl+O", documents::openChosen),
                documents.recentMenu(),
                new SeparatorMenuItem(),
                item("Save", "Ctrl+S", documents::save),
                item("Save As\u2026", "Ctrl+Shift+S", documents::saveAs),
                item("Revert", null, documents::revert),
                new SeparatorMenuItem(),
                item("Quit", "Ctrl+Q", quit));
        Menu edit = new Menu("Edit");
        MenuItem undo = item("Undo", "Ctrl+Z", edits::undo);
        MenuItem redo = item("Redo", "Ctrl+Shift+Z", edits::redo);
        undo.setId("undo-item");
        redo.setId("redo-item");
        // kept with the document at all times, not when the menu shows: a disabled item's
        // accelerator does nothing, so a state refreshed only on showing swallowed Ctrl+Z
        Consumer<EditorModel> history = m -> {
            undo.setText(m.document().undoName().map(n -> "Undo " + n).orElse("Undo"));
            redo.setText(m.document().redoName().map(n -> "Redo " + n).orElse("Redo"));
            undo.setDisable(!m.document().canUndo());
            redo.setDisable(!m.document().canRedo());
        };
        model.addDocumentListener(history);
        history.accept(model);
        edit.getItems().addAll(undo, redo, new SeparatorMenuItem(),
                item("Cut", "Ctrl+X", edits::cut),
                item("Copy", "Ctrl+C", edits::copy),
                item("Paste", "Ctrl+V", edits::paste),
                item("Duplicate", "Ctrl+D", edits::duplicate),
                item("Delete  (Del)", null, model::deleteSelection),
                item("Select All", "Ctrl+A", edits::selectAll),
                new SeparatorMenuItem(),
                item("Find Node\u2026", "Ctrl+F", () -> findNode.run()));
        Menu node = new Menu("Node");
        node.getItems().addAll(
                item("Add Node\u2026  (Tab)", null, addNode),
                item("Bypass  (B)", null, model::toggleBypass),
                item("Mute  (M)", null, model::toggleMute),
                item("Collapse / Expand  (H)", null, model::toggleCollapse),
                item("Show / Hide Preview  (P)", null, () -> canvas.previews().toggle(model.selection())),
                item("Generate Again", "Ctrl+Shift+Enter", model::generateAgain),
                new SeparatorMenuItem(),
                item("Group Selection", "Ctrl+G", edits::group),
                item("Edit Group\u2026", null, edits::editGroup),
                item("Delete Group", null, edits::deleteGroup));
        node.getItems().addAll(subgraphs.menuItems());
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
                item("Distribute Vertically", null, () -> model.distribute(false)),
                new SeparatorMenuItem(),
                item("Auto Layout (Selection, else All)", "Ctrl+L", () -> autoLayout.run()));
        Menu view = new Menu("View");
        CheckMenuItem minimap = new CheckMenuItem("Minimap");
        minimap.setSelected(settings == null || settings.minimap());
        canvas.setMinimapVisible(minimap.isSelected());
        minimap.setOnAction(e -> {
            canvas.setMinimapVisible(minimap.isSelected());
            if (settings != null) settings.setMinimap(minimap.isSelected());
        });
        view.getItems().addAll(item("Fit All  (F)", null, canvas::fitAll), item("Fit Selection  (Shift+F)", null, canvas::fitSelection), minimap);
        if (canvas.previews() != null) {
            CheckMenuItem previews = new CheckMenuItem("Previews in Nodes");
            previews.setSelected(canvas.previews().enabled());
            previews.setOnAction(e -> canvas.previews().setEnabled(previews.isSelected()));
            view.getItems().add(previews);
        }
        if (viewerDock != null) {
            view.getItems().addAll(new SeparatorMenuItem(), item("Viewer in Its Own Window", "Ctrl+Shift+V", viewerDock::toggleFloating),
                    item("Viewer Full Screen", "F11", viewerDock::toggleFullScreen));
        }
        Menu run = new Menu("Render");
        // Render while a render runs queues the graph as it is then
        MenuItem renderItem = item("Render", "Ctrl+Enter", render::start);
        MenuItem cancelItem = item("Cancel Render", "Ctrl+Period", render::cancel);
        cancelItem.disableProperty().bind(render.runningProperty().not());
        if (renderBlocked != null) renderItem.disableProperty().bind(renderOff());
        run.getItems().addAll(renderItem, cancelItem);
        if (settings != null) {
            run.getItems().addAll(new SeparatorMenuItem(), item("Output Folder for Unsaved Graphs\u2026", null, this::chooseRenderFolder),
                    item("Cost Limit\u2026", null, this::askCostLimit));
        }
        Menu help = new Menu("Help");
        Menu models = new Menu("Models");
        if (openModelManager != null) {
            MenuItem missing = item("Install Missing Models", null, installMissing);
            missing.setId("install-missing");
            if (renderBlocked != null) missing.disableProperty().bind(renderOff().not());
            models.getItems().addAll(item("Model Manager\u2026", "Ctrl+Shift+M", openModelManager), missing);
        }
        if (lora != null) {
            MenuItem cancelLora = item("Cancel LoRA Training", null, lora::cancel);
            cancelLora.disableProperty().bind(lora.runningProperty().not());
            if (!models.getItems().isEmpty()) models.getItems().add(new SeparatorMenuItem());
            models.getItems().addAll(item("Train LoRA\u2026", null, lora::train), cancelLora);
        }
        MenuBar bar = new MenuBar(file, edit, node, arrange, view, run, models, help);
        help.getItems().add(item("Shortcuts", "F1", () -> dialogs.showShortcuts(Shortcuts.rows(bar))));
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** Where renders of graphs not saved yet go; without one the user is asked at each new graph's first render. */
    private void chooseRenderFolder() {
        dialogs.chooseFolder("Render unsaved graphs into", settings.renderFolder().orElse(null)).ifPresent(p -> {
            settings.setRenderFolder(p);
            model.setStatus("Unsaved graphs now render into " + p.toAbsolutePath().normalize());
        });
    }

    /** The most one render may spend on paid models; renders over it are refused before any call. */
    private void askCostLimit() {
        String current = settings.costLimit().map(CostEstimate::money).orElse("");
        dialogs.askCostLimit(current).ifPresent(text -> {
            if (text.isBlank()) {
                settings.setCostLimit(null);
                model.setStatus("No cost limit: renders that call paid models still ask first");
                return;
            }
            try {
                double v = Double.parseDouble(text.strip());
                if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) throw new NumberFormatException();
                settings.setCostLimit(v);
                model.setStatus("Cost limit: a render may spend at most " + CostEstimate.money(v));
            } catch (NumberFormatException e) {
                model.setStatus("Cost limit not changed: '" + text.strip() + "' is not an amount like 2.50");
            }
        });
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem i = new MenuItem(text);
        if (accelerator != null) i.setAccelerator(KeyCombination.keyCombination(accelerator.replace("Ctrl", "Shortcut")));
        i.setOnAction(e -> action.run());
        return i;
    }

    ToolBar toolBar() {
        Button renderButton = new Button("\u25B6 Render");
        Button cancelButton = new Button("\u25A0 Cancel");
        renderButton.setId("render-button");
        cancelButton.setId("cancel-button");
        renderButton.setOnAction(e -> render.start());
        cancelButton.setOnAction(e -> render.cancel());
        renderButton.setTooltip(new javafx.scene.control.Tooltip("Render (Ctrl+Enter); while a render runs, queue this graph as it is now"));
        cancelButton.disableProperty().bind(render.runningProperty().not());
        if (renderBlocked != null) renderButton.disableProperty().bind(renderOff());
        Button undo = new Button("\u21B6 Undo");
        undo.setId("undo-button");
        undo.setOnAction(e -> edits.undo());
        Button redo = new Button("\u21B7 Redo");
        redo.setId("redo-button");
        redo.setOnAction(e -> edits.redo());
        Button fit = new Button("Fit");
        fit.setOnAction(e -> canvas.fitAll());
        Consumer<EditorModel> history = m -> {
            undo.setDisable(!m.document().canUndo());
            redo.setDisable(!m.document().canRedo());
        };
        model.addDocumentListener(history);
        history.accept(model);
        return new ToolBar(renderButton, cancelButton, new Separator(), undo, redo, new Separator(), fit);
    }
}
