package org.cinegraph.app.editor;

import java.util.List;

/** Every shortcut of the editor, as listed by Help > Shortcuts. */
public final class Shortcuts {
    private Shortcuts() {
    }

    public static final List<String[]> ALL = List.of(
            new String[]{"Ctrl+N / Ctrl+O", "New graph / open a graph"},
            new String[]{"Ctrl+S / Ctrl+Shift+S", "Save / save as"},
            new String[]{"Ctrl+Q", "Quit (asks about unsaved changes)"},
            new String[]{"Ctrl+Z", "Undo"},
            new String[]{"Ctrl+Shift+Z, Ctrl+Y", "Redo"},
            new String[]{"Ctrl+C / Ctrl+X / Ctrl+V", "Copy / cut / paste nodes (as .cgraph text, works between windows)"},
            new String[]{"Ctrl+D", "Duplicate the selection"},
            new String[]{"Ctrl+A", "Select all nodes"},
            new String[]{"Delete, Backspace", "Delete the selection (canvas focused)"},
            new String[]{"Ctrl+G", "Group the selection"},
            new String[]{"B / M / H", "Bypass / mute / collapse the selection (canvas focused)"},
            new String[]{"Tab, double-click", "Quick add: search node types, Enter adds at the cursor"},
            new String[]{"F / Shift+F", "Fit the whole graph / the selection"},
            new String[]{"Ctrl+Enter", "Render"},
            new String[]{"Ctrl+Period", "Cancel the render"},
            new String[]{"Esc", "Clear the selection"},
            new String[]{"Mouse wheel", "Zoom around the cursor"},
            new String[]{"Middle drag, Space+drag", "Pan"},
            new String[]{"Drag output port to input port", "Connect (incompatible ports are dimmed)"},
            new String[]{"Drag a wire's input end away", "Reconnect it elsewhere, or detach it on empty canvas"},
            new String[]{"Drop a wire on empty canvas", "Quick add filtered to compatible nodes, connected"},
            new String[]{"Click, Shift/Ctrl+click, drag on empty", "Select, toggle, rubber-band select"},
            new String[]{"Drag a node / a group title", "Move (snaps to the grid; one undo step)"},
            new String[]{"Double-click a node", "Collapse / expand it"},
            new String[]{"Click the minimap", "Centre the view there"});
}
