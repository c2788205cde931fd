package org.cinegraph.app.editor;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import org.cinegraph.app.viewer.ViewerKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * Every shortcut of the editor, as Help > Shortcuts lists them: the menus' accelerators read from
 * the menu bar itself, the canvas's keys and mouse gestures (below), and the viewer's keys from
 * {@link ViewerKeys}, the table its key handling reads.
 */
public final class Shortcuts {
    private Shortcuts() {
    }

    /** One line of the help: the section it is in, the keys, what they do. */
    public record Row(String section, String keys, String description) {
    }

    /** The canvas's keys (while it has focus) and mouse gestures. */
    public static final List<String[]> CANVAS = List.of(
            new String[]{"Delete, Backspace", "Delete the selection"},
            new String[]{"B / M / H", "Bypass / mute / collapse the selection"},
            new String[]{"P", "Show / hide the preview in the selected nodes"},
            new String[]{"Tab on a selected subgraph, double-click it", "Enter the subgraph (the path above the canvas goes back)"},
            new String[]{"Shift+Tab", "Leave the subgraph being edited"},
            new String[]{"Tab, double-click on empty canvas", "Quick add: search node types, Enter adds at the cursor"},
            new String[]{"F / Shift+F", "Fit the whole graph / the selection"},
            new String[]{"Esc", "Clear the selection"},
            new String[]{"Mouse wheel", "Zoom around the cursor"},
            new String[]{"Middle drag, Space+drag", "Pan"},
            new String[]{"Drag output port to input port", "Connect (incompatible ports are dimmed)"},
            new String[]{"Drag a wire's input end away", "Reconnect it elsewhere, or detach it on empty canvas"},
            new String[]{"Drop a wire on empty canvas", "Quick add filtered to compatible nodes, connected"},
            new String[]{"Double-click a wire", "Insert a reroute point"},
            new String[]{"Click, Shift/Ctrl+click, drag on empty", "Select, toggle, rubber-band select"},
            new String[]{"Drag a node / a group title", "Move (snaps to the grid; one undo step)"},
            new String[]{"Double-click a node", "Collapse / expand it"},
            new String[]{"Right-click a node, wire, group title or the canvas", "Its menu"},
            new String[]{"Shift+drag a slider", "Fine adjustment (a tenth as fast)"},
            new String[]{"Click or drag in the minimap", "Centre the view there"},
            new String[]{"Drag the minimap's top strip", "Move it to another corner (double-click: it picks the corner itself)"});

    /** The rows of the help, menus first, then the canvas, then the viewer. */
    public static List<Row> rows(MenuBar bar) {
        List<Row> rows = new ArrayList<>();
        for (Menu m : bar.getMenus()) addMenu(rows, m, m.getText());
        rows.add(new Row("Menus", "Ctrl+Y", "Redo (as Ctrl+Shift+Z)"));
        for (String[] c : CANVAS) rows.add(new Row("Canvas", c[0], c[1]));
        for (ViewerKeys k : ViewerKeys.values()) rows.add(new Row("Viewer", k.keys(), k.description()));
        return rows;
    }

    /** "Ctrl+Enter", "Ctrl+Shift+S": written out, not the platform's symbols (a font may lack them). */
    private static String keys(javafx.scene.input.KeyCombination k) {
        boolean mac = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac");
        return k.getName().replace("Shortcut", mac ? "Cmd" : "Ctrl");
    }

    private static void addMenu(List<Row> rows, Menu menu, String path) {
        for (MenuItem i : menu.getItems()) {
            if (i instanceof Menu sub) addMenu(rows, sub, path + " > " + sub.getText());
            else if (i.getAccelerator() != null) rows.add(new Row("Menus", keys(i.getAccelerator()), path + " > " + i.getText().replace("\u2026", "")));
        }
    }
}
