package org.cinegraph.app.editor;

import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Subgraph;
import org.cinegraph.graph.SubgraphCommands;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.graph.ViewState;
import org.cinegraph.library.LibraryEntry;
import org.cinegraph.library.SubgraphLibrary;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.prefs.Preferences;

/**
 * Subgraphs in the editor: Make Subgraph from the selection (Ctrl+Shift+G) and Unpack, each one
 * undo step; Enter (Tab, double-click) and leave (Shift+Tab, the path above the canvas), with the
 * canvas showing each level's view; promoting inner parameters and shaping them in the
 * inspector; and the team library: its subgraphs in the palette, Save to Library, Update from
 * Library, and the question on open when the library has moved on.
 */
public final class SubgraphActions {
    /** Palette ids of library subgraphs start with this, followed by the subgraph's name. */
    static final String LIBRARY_ID = "library:";
    private static final String FOLDER_KEY = "libraryFolder";

    private final EditorModel model;
    private final CanvasView canvas;
    private final NodeRegistry registry;
    private final SubgraphCommands commands;
    private final Preferences prefs;
    private SubgraphDialogs dialogs;
    private Consumer<List<NodeSpec>> palette = s -> { };
    private SubgraphLibrary library;
    private Object libraryFor;
    private Document shownDocument;
    private List<String> shownLevel = List.of();
    private final List<ViewState> outerViews = new ArrayList<>();

    SubgraphActions(EditorModel model, CanvasView canvas, SubgraphDialogs dialogs, Preferences prefs) {
        this.model = model;
        this.canvas = canvas;
        this.registry = model.registry();
        this.commands = new SubgraphCommands(registry);
        this.dialogs = dialogs;
        this.prefs = prefs;
        model.addDocumentListener(m -> documentChanged());
    }

    /** Replaces the questions (tests script them). */
    void setDialogs(SubgraphDialogs d) {
        this.dialogs = d;
    }

    /** Where library subgraphs are listed (the palette). */
    void setPalette(Consumer<List<NodeSpec>> p) {
        this.palette = p;
        p.accept(paletteSpecs());
    }

    private void documentChanged() {
        if (model.document() != shownDocument) {
            shownDocument = model.document();
            outerViews.clear();
            shownLevel = model.level();
            palette.accept(paletteSpecs());
            Platform.runLater(this::offerLibraryUpdates);
            return;
        }
        List<String> level = model.level();
        if (level.equals(shownLevel)) return;
        if (level.size() > shownLevel.size()) {
            outerViews.add(canvas.view());
            ViewState inner = model.graph().view();
            if (inner.equals(ViewState.DEFAULT)) canvas.fitAll();
            else canvas.setView(inner);
        } else {
            ViewState back = outerViews.get(level.size());
            while (outerViews.size() > level.size()) outerViews.remove(outerViews.size() - 1);
            canvas.setView(back);
        }
        shownLevel = level;
    }

    // ---- make, unpack, enter, leave ----

    public void makeSubgraph() {
        if (model.selection().isEmpty()) {
            model.setStatus("Select the nodes to put in a subgraph");
            return;
        }
        Set<String> before = Set.copyOf(model.graph().nodes().keySet());
        int n = model.selection().size();
        if (model.executeOnDocument(commands.makeSubgraph(model.level(), List.copyOf(model.selection()))).isEmpty()) {
            List<String> added = model.addedSince(before);
            model.select(added);
            model.setStatus("Made subgraph " + String.join(", ", added) + " of " + n + " node(s); Tab enters it");
        }
    }

    /** The one selected node if it is a subgraph. */
    private Optional<GraphNode> selectedSubgraph() {
        if (model.selection().size() != 1) return Optional.empty();
        return model.graph().node(model.selection().iterator().next()).filter(GraphNode::isSubgraph);
    }

    public void unpack() {
        Optional<GraphNode> n = selectedSubgraph();
        if (n.isEmpty()) {
            model.setStatus("Select one subgraph node to unpack");
            return;
        }
        List<String> path = new ArrayList<>(model.level());
        path.add(n.get().id());
        Set<String> before = Set.copyOf(model.graph().nodes().keySet());
        if (model.executeOnDocument(commands.unpack(path)).isEmpty()) {
            model.select(model.addedSince(before));
            model.setStatus("Unpacked " + n.get().id());
        }
    }

    /** Enters the node if it is a subgraph; false when it is not (double-click then does what it does on other nodes). */
    public boolean enter(String id) {
        if (model.enter(id).isPresent()) return false;
        model.setStatus("Editing inside " + String.join("/", model.level()) + "; Shift+Tab or the path above the canvas goes back");
        return true;
    }

    /** Tab: enter the selected subgraph; false when the selection is not one subgraph. */
    public boolean enterSelected() {
        return selectedSubgraph().map(n -> enter(n.id())).orElse(false);
    }

    public void leave() {
        if (!model.level().isEmpty()) model.leaveTo(model.level().size() - 1);
    }

    /** Shows a node given by its path ("sub1/grade1", from a render failure): enters its subgraphs, selects it. */
    public void reveal(String path) {
        List<String> ids = Subgraphs.parsePath(path);
        if (ids.isEmpty() || !Subgraphs.exists(model.document().graph(), ids.subList(0, ids.size() - 1))) return;
        model.leaveTo(0);
        for (String id : ids.subList(0, ids.size() - 1)) model.enter(id);
        if (model.graph().nodes().containsKey(ids.get(ids.size() - 1))) {
            model.select(List.of(ids.get(ids.size() - 1)));
            canvas.fitSelection();
        }
    }

    // ---- promoted parameters ----

    /** Right-click on a parameter's name: promote it to the subgraph being edited (inside one), sweep it. */
    ContextMenu paramMenu(String nodeId, ParamSpec p, Consumer<String> sweep) {
        ContextMenu menu = new ContextMenu();
        MenuItem sweepItem = new MenuItem("Sweep\u2026");
        sweepItem.setId("param-sweep");
        sweepItem.setOnAction(e -> sweep.accept(p.name()));
        menu.getItems().add(sweepItem);
        List<String> level = model.level();
        if (!level.isEmpty()) {
            Subgraph enclosing = Subgraphs.graphAt(model.document().graph(), level.subList(0, level.size() - 1))
                    .requireNode(level.get(level.size() - 1)).subgraph();
            if (enclosing.promotionOf(nodeId, p.name()).isEmpty()) {
                MenuItem promote = new MenuItem("Promote to " + level.get(level.size() - 1) + "\u2026");
                promote.setId("param-promote");
                promote.setOnAction(e -> promote(nodeId, p.name()));
                menu.getItems().add(promote);
            }
        }
        return menu;
    }

    /** Shows an inner parameter on the subgraph being edited, under a name the user gives. */
    public void promote(String nodeId, String param) {
        List<String> level = model.level();
        if (level.isEmpty()) return;
        String sub = level.get(level.size() - 1);
        dialogs.askPromotedName(nodeId + "." + param, param).ifPresent(name -> {
            Command c = Subgraphs.inside(level.subList(0, level.size() - 1), commands.promote(sub, nodeId, param, name));
            if (model.executeOnDocument(c).isEmpty()) model.setStatus("Promoted " + nodeId + "." + param + " to " + sub + " as '" + name + "'");
        });
    }

    /** The inspector's part for a subgraph node: what it holds, its library, its promoted parameters in order. */
    VBox section(GraphNode n) {
        Subgraph s = n.subgraph();
        VBox box = new VBox(4);
        box.setId("subgraph-section");
        Label what = new Label("Subgraph of " + s.graph().nodes().size() + " nodes; in: " + names(s.inputs().stream().map(Subgraph.Input::name).toList())
                + "; out: " + names(s.outputs().stream().map(Subgraph.Output::name).toList()));
        what.setWrapText(true);
        Button enter = new Button("Enter");
        enter.setId("subgraph-enter");
        enter.setOnAction(e -> enter(n.id()));
        Button unpack = new Button("Unpack");
        unpack.setOnAction(e -> {
            model.select(List.of(n.id()));
            unpack();
        });
        Button save = new Button("Save to Library\u2026");
        save.setOnAction(e -> {
            model.select(List.of(n.id()));
            saveToLibrary();
        });
        box.getChildren().addAll(what, new HBox(6, enter, unpack, save));
        s.library().ifPresent(ref -> {
            SubgraphLibrary.Status st = library().check(Graph.of(List.of(n), List.of())).get(0);
            Label l = new Label("Library: " + st.describe().substring(n.id().length() + 2));
            l.setWrapText(true);
            l.setId("subgraph-library");
            box.getChildren().add(l);
            if (st.state() == SubgraphLibrary.State.CHANGED) {
                Button update = new Button("Update to v" + st.current().get().version());
                update.setOnAction(e -> update(model.pathOf(n.id()), st.current().get()));
                box.getChildren().add(update);
            }
        });
        if (!s.params().isEmpty()) box.getChildren().add(new Label("Promoted parameters (order shown):"));
        for (Subgraph.Param p : s.params()) {
            Label l = new Label(p.name() + "  \u2190 " + p.node() + "." + p.param());
            Button up = small("\u2191", () -> model.execute(commands.moveParam(n.id(), p.name(), -1)));
            Button down = small("\u2193", () -> model.execute(commands.moveParam(n.id(), p.name(), 1)));
            Button rename = small("Rename", () -> dialogs.askPromotedName(p.node() + "." + p.param(), p.name())
                    .ifPresent(name -> model.execute(commands.renameParam(n.id(), p.name(), name))));
            Button remove = small("\u2715", () -> model.execute(commands.unpromote(n.id(), p.name())));
            remove.setId("unpromote-" + p.name());
            box.getChildren().add(new HBox(4, l, up, down, rename, remove));
        }
        return box;
    }

    private static String names(List<String> l) {
        return l.isEmpty() ? "none" : String.join(", ", l);
    }

    private static Button small(String text, Runnable action) {
        Button b = new Button(text);
        b.setStyle("-fx-padding: 1 5 1 5;");
        b.setOnAction(e -> action.run());
        return b;
    }

    // ---- the team library ----

    /** The library the open graph sees: the folder setting, else library/ beside the graph, then $CINEGRAPH_LIBRARY. */
    public SubgraphLibrary library() {
        Optional<Path> setting = libraryFolder();
        Object key = List.of(model.document().file().map(Path::toString).orElse(""), setting.map(Path::toString).orElse(""));
        if (library == null || !key.equals(libraryFor)) {
            library = SubgraphLibrary.forGraph(model.document().file(), setting, registry);
            libraryFor = key;
        }
        return library;
    }

    Optional<Path> libraryFolder() {
        String s = prefs.get(FOLDER_KEY, "");
        return s.isBlank() ? Optional.empty() : Optional.of(Path.of(s));
    }

    public void chooseLibraryFolder() {
        dialogs.chooseLibraryFolder(library().saveFolder().orElse(null)).ifPresent(dir -> {
            prefs.put(FOLDER_KEY, dir.toAbsolutePath().toString());
            palette.accept(paletteSpecs());
            model.setStatus("Team library: " + dir);
        });
    }

    /** The library's subgraphs as palette entries under their categories. */
    List<NodeSpec> paletteSpecs() {
        SubgraphLibrary lib = library();
        lib.reload();
        List<NodeSpec> out = new ArrayList<>();
        for (LibraryEntry e : lib.entries()) {
            NodeSpec d = e.subgraph().spec(registry);
            out.add(new NodeSpec(LIBRARY_ID + e.name(), e.version(), e.category(), e.name(),
                    (e.description().isEmpty() ? "" : e.description() + " ") + "(library subgraph v" + e.version() + ", " + e.file().getFileName() + ")",
                    d.inputs(), d.params(), d.outputs(), d.output(), d.perFrame()));
        }
        if (!lib.problems().isEmpty()) model.setStatus("Library: " + lib.problems().get(0) + (lib.problems().size() > 1 ? " (and " + (lib.problems().size() - 1) + " more)" : ""));
        return out;
    }

    /** A palette entry dropped at a canvas point: a library subgraph is embedded there; false for node types. */
    public boolean addFromPalette(NodeSpec s, double x, double y) {
        if (!s.id().startsWith(LIBRARY_ID)) return false;
        Optional<LibraryEntry> e = library().find(s.id().substring(LIBRARY_ID.length()));
        if (e.isEmpty()) {
            model.setStatus("Library subgraph " + s.displayName() + " is no longer in the library");
            return true;
        }
        Set<String> before = Set.copyOf(model.graph().nodes().keySet());
        if (model.execute(SubgraphLibrary.add(e.get(), EditorModel.snap(x), EditorModel.snap(y))).isEmpty()) {
            model.select(model.addedSince(before));
            model.setStatus("Added " + e.get().name() + " v" + e.get().version() + " from the library");
        }
        return true;
    }

    /** Saves the selected subgraph to the library (the next version of its name) and makes the node reference it. */
    public void saveToLibrary() {
        Optional<GraphNode> n = selectedSubgraph();
        if (n.isEmpty()) {
            model.setStatus("Select one subgraph node to save to the library");
            return;
        }
        SubgraphLibrary lib = library();
        Optional<Path> folder = lib.saveFolder();
        if (folder.isEmpty()) {
            model.setStatus("Save the graph first (the library is library/ beside it), or choose a team library folder");
            return;
        }
        Subgraph s = n.get().subgraph();
        String name = s.library().map(Subgraph.LibraryRef::name).orElse(n.get().title().isBlank() ? n.get().id() : n.get().title());
        Optional<LibraryEntry> existing = lib.find(name);
        SubgraphDialogs.LibrarySave suggested = new SubgraphDialogs.LibrarySave(name, existing.map(LibraryEntry::category).orElse("Library"),
                existing.map(LibraryEntry::description).orElse(""));
        dialogs.askSaveToLibrary(suggested, folder.get()).ifPresent(answer -> {
            try {
                LibraryEntry e = lib.save(s, answer.name(), answer.category(), answer.description());
                model.executeOnDocument(SubgraphLibrary.link(model.pathOf(n.get().id()), e));
                palette.accept(paletteSpecs());
                model.setStatus("Saved " + e.name() + " v" + e.version() + " to " + e.file());
            } catch (IOException | RuntimeException ex) {
                model.setStatus("Cannot save to the library: " + ex.getMessage());
            }
        });
    }

    /** Replaces the embedded copy at {@code path} with the library's entry, one undo step. */
    public void update(String path, LibraryEntry e) {
        if (model.executeOnDocument(SubgraphLibrary.update(path, e)).isEmpty()) model.setStatus("Updated " + path + " to " + e.name() + " v" + e.version());
    }

    /** Updates the selected subgraph when the library has another version of it. */
    public void updateSelected() {
        Optional<GraphNode> n = selectedSubgraph().filter(x -> x.subgraph().library().isPresent());
        if (n.isEmpty()) {
            model.setStatus("Select one library subgraph to update");
            return;
        }
        SubgraphLibrary.Status st = library().check(Graph.of(List.of(n.get()), List.of())).get(0);
        if (st.state() != SubgraphLibrary.State.CHANGED) model.setStatus(st.describe());
        else update(model.pathOf(n.get().id()), st.current().get());
    }

    /** After opening: when the library has other versions of embedded subgraphs, ask whether to take them. */
    void offerLibraryUpdates() {
        List<SubgraphLibrary.Status> changed = library().check(model.document().graph()).stream()
                .filter(s -> s.state() == SubgraphLibrary.State.CHANGED).toList();
        if (changed.isEmpty()) return;
        String file = model.document().file().map(f -> f.getFileName().toString()).orElse("The graph");
        if (!dialogs.askUpdateFromLibrary(file, changed.stream().map(SubgraphLibrary.Status::describe).toList())) {
            model.setStatus("Kept the embedded copies of " + changed.size() + " library subgraph(s)");
            return;
        }
        List<Command> cs = changed.stream().map(s -> SubgraphLibrary.update(s.path(), s.current().get())).toList();
        if (model.executeAllOnDocument("Update from library", cs).isEmpty()) model.setStatus("Updated " + changed.size() + " library subgraph(s)");
    }

    /** The Node menu's subgraph and library items. */
    List<MenuItem> menuItems() {
        return List.of(new SeparatorMenuItem(),
                item("Make Subgraph", "Shortcut+Shift+G", this::makeSubgraph),
                item("Unpack Subgraph", null, this::unpack),
                item("Enter Subgraph  (Tab)", null, this::enterSelected),
                item("Leave Subgraph  (Shift+Tab)", null, this::leave),
                new SeparatorMenuItem(),
                item("Save Subgraph to Library\u2026", null, this::saveToLibrary),
                item("Update from Library", null, this::updateSelected),
                item("Team Library Folder\u2026", null, this::chooseLibraryFolder));
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem i = new MenuItem(text);
        if (accelerator != null) i.setAccelerator(KeyCombination.keyCombination(accelerator));
        i.setOnAction(e -> action.run());
        return i;
    }
}
