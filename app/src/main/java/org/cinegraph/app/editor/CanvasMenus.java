package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.cinegraph.app.viewer.ViewerModel;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The canvas's right-click menus, one for what is under the pointer: a node (the selection, the
 * node joining it), a wire, a group's title bar, or empty canvas. Every entry runs the same
 * action as its menu-bar twin or key, so the menus add no second path for an edit.
 */
final class CanvasMenus {
    /** What the menus act through, from the window's rooms. */
    record Actions(EditActions edits, SubgraphActions subgraphs, ViewerModel viewer, Runnable showViewer, InspectorView inspector,
                   RenderController render, StatusBar status, Runnable findNode, Runnable autoLayout) {
    }

    private final EditorModel model;
    private final CanvasView canvas;
    private final Actions a;
    private ContextMenu open;
    private Point2D pressedAt;

    CanvasMenus(EditorModel model, CanvasView canvas, Actions actions) {
        this.model = model;
        this.canvas = canvas;
        this.a = actions;
        // the right button's release opens the menu on every platform alike (the toolkit's own
        // context-menu event comes on press on some, on release on others, not at all on some);
        // that event still opens it from the keyboard's menu key
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() == MouseButton.SECONDARY) pressedAt = new Point2D(e.getX(), e.getY());
        });
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getButton() != MouseButton.SECONDARY || pressedAt == null) return;
            boolean still = pressedAt.distance(e.getX(), e.getY()) < 4;
            pressedAt = null;
            if (still) show(e.getX(), e.getY(), e.getScreenX(), e.getScreenY());
        });
        canvas.addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
            if (e.isKeyboardTrigger()) show(e.getX(), e.getY(), e.getScreenX(), e.getScreenY());
            e.consume();
        });
    }

    private void show(double x, double y, double screenX, double screenY) {
        if (open != null) open.hide();
        open = menuAt(x, y);
        open.show(canvas, screenX, screenY);
    }

    /** The menu for a canvas-local point; a node there joins the selection it acts on. */
    ContextMenu menuAt(double x, double y) {
        ContextMenu m = new ContextMenu();
        m.setId("canvas-menu");
        Optional<GraphNode> node = canvas.nodeAt(x, y);
        if (node.isPresent()) {
            if (!model.selection().contains(node.get().id())) model.select(List.of(node.get().id()));
            m.getItems().setAll(nodeItems(node.get()));
            return m;
        }
        Optional<Group> group = canvas.hits().groupTitleAt(x, y);
        if (group.isPresent()) {
            m.getItems().setAll(groupItems(group.get()));
            return m;
        }
        Optional<Link> wire = canvas.hits().wireAt(x, y);
        if (wire.isPresent()) {
            m.getItems().setAll(wireItems(wire.get(), canvas.toWorld(x, y)));
            return m;
        }
        m.getItems().setAll(canvasItems(x, y));
        return m;
    }

    private List<MenuItem> nodeItems(GraphNode n) {
        boolean one = model.selection().size() == 1;
        String id = n.id();
        Optional<NodeSpec> spec = model.spec(n);
        List<MenuItem> items = new java.util.ArrayList<>();
        items.add(item("View Output", () -> {
            a.viewer().showNode(model.pathOf(id));
            a.showViewer().run();
        }));
        items.add(item(a.viewer().pinnedProperty().get() && model.pathOf(id).equals(a.viewer().nodeA()) ? "Unpin from Viewer" : "Pin in Viewer", () -> {
            boolean pinHere = !(a.viewer().pinnedProperty().get() && model.pathOf(id).equals(a.viewer().nodeA()));
            a.viewer().pinnedProperty().set(false);
            if (pinHere) {
                a.viewer().showNode(model.pathOf(id));
                a.viewer().pinnedProperty().set(true);
                a.showViewer().run();
            }
        }));
        if (spec.map(NodeSpec::output).orElse(false)) items.add(item("Open File Location", () -> openOutput(n)));
        if (n.isSubgraph()) items.add(item("Enter Subgraph  (Tab)", () -> a.subgraphs().enter(id)));
        if (spec.flatMap(s -> s.param(ParamSpec.TAKE)).isPresent()) items.add(item("Generate Again  (Ctrl+Shift+Enter)", model::generateAgain));
        items.add(new SeparatorMenuItem());
        if (one) items.add(item("Rename\u2026", () -> {
            model.select(List.of(id));
            a.inspector().focusTitle();
        }));
        items.add(item(n.bypass() ? "Unbypass  (B)" : "Bypass  (B)", model::toggleBypass));
        items.add(item(n.muted() ? "Unmute  (M)" : "Mute  (M)", model::toggleMute));
        items.add(item(n.collapsed() ? "Expand  (H)" : "Collapse  (H)", model::toggleCollapse));
        if (canvas.previews() != null) items.add(item("Show / Hide Preview  (P)", () -> canvas.previews().toggle(model.selection())));
        items.add(new SeparatorMenuItem());
        items.add(item("Copy  (Ctrl+C)", a.edits()::copy));
        items.add(item("Cut  (Ctrl+X)", a.edits()::cut));
        items.add(item("Duplicate  (Ctrl+D)", a.edits()::duplicate));
        items.add(item("Delete  (Del)", model::deleteSelection));
        items.add(new SeparatorMenuItem());
        items.add(item("Group Selection\u2026  (Ctrl+G)", a.edits()::group));
        items.add(item("Make Subgraph", a.subgraphs()::makeSubgraph));
        if (n.isSubgraph()) items.add(item("Unpack Subgraph", a.subgraphs()::unpack));
        items.add(item("Auto Layout Selection", a.autoLayout()));
        return items;
    }

    private List<MenuItem> groupItems(Group g) {
        return List.of(
                item("Select Nodes in Group", () -> model.select(model.graph().nodes().values().stream()
                        .filter(n -> g.bounds().contains(n.x(), n.y())).map(GraphNode::id).toList())),
                item("Rename / Colour\u2026", () -> {
                    canvas.selectGroup(g.id());
                    a.edits().editGroup();
                }),
                item("Delete Group (keeps its nodes)", () -> {
                    canvas.selectGroup(g.id());
                    a.edits().deleteGroup();
                }));
    }

    private List<MenuItem> wireItems(Link wire, Point2D at) {
        return List.of(
                item("Insert Reroute", () -> model.insertReroute(wire, at.getX() - NodeGeometry.REROUTE_SIZE / 2, at.getY() - NodeGeometry.REROUTE_SIZE / 2)),
                item("Disconnect", () -> model.execute(model.commands().disconnect(wire))));
    }

    private List<MenuItem> canvasItems(double x, double y) {
        Menu layout = new Menu("Arrange");
        layout.getItems().add(item("Auto Layout Whole Graph", () -> {
            model.selection().clear();
            a.autoLayout().run();
        }));
        return List.of(
                item("Add Node Here\u2026  (Tab)", () -> canvas.openQuickAdd(x, y, null)),
                item("Paste Here  (Ctrl+V)", a.edits()::paste),
                new SeparatorMenuItem(),
                item("Select All  (Ctrl+A)", a.edits()::selectAll),
                item("Find Node\u2026  (Ctrl+F)", a.findNode()),
                item("Fit All  (F)", canvas::fitAll),
                layout);
    }

    /**
     * Shows a writer's last output in the file manager: the newest file in the output folder named
     * like its filename parameter, else the folder itself; says so when nothing is known yet.
     */
    private void openOutput(GraphNode n) {
        Optional<Path> dir = a.render().knownOutputDir();
        if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
            model.setStatus(n.id() + " has not written anything yet" + dir.map(d -> " (it writes into " + d + ")").orElse(": render once to choose where"));
            return;
        }
        Object name = model.spec(n).flatMap(s -> s.param("filename")).map(p -> p.storedOrDefault(n.params())).orElse("");
        String stem = stem(name.toString());
        Path target = dir.get();
        if (!stem.isEmpty()) {
            try (Stream<Path> files = Files.list(dir.get())) {
                target = files.filter(f -> stem(f.getFileName().toString()).startsWith(stem))
                        .max(Comparator.comparing(CanvasMenus::modified)).orElse(dir.get());
            } catch (IOException e) {
                model.setStatus("Cannot list " + dir.get() + ": " + e.getMessage());
                return;
            }
        }
        a.status().showInFolder(target);
    }

    private static String stem(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static MenuItem item(String text, Runnable action) {
        MenuItem i = new MenuItem(text);
        i.setOnAction(e -> action.run());
        return i;
    }
}
