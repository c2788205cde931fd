package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.Stage;
import org.cinegraph.graph.Group;

/**
 * The Edit and group commands of the menus and toolbar. While a text field has the focus, undo,
 * the clipboard and select-all act on its text instead of the graph.
 */
public final class EditActions {
    private final Stage stage;
    private final EditorModel model;
    private final CanvasView canvas;
    private final Dialogs dialogs;

    EditActions(Stage stage, EditorModel model, CanvasView canvas, Dialogs dialogs) {
        this.stage = stage;
        this.model = model;
        this.canvas = canvas;
        this.dialogs = dialogs;
    }

    private TextInputControl focusedText() {
        return stage.getScene() != null && stage.getScene().getFocusOwner() instanceof TextInputControl t ? t : null;
    }

    public void undo() {
        TextInputControl t = focusedText();
        if (t != null) t.undo();
        else model.document().undo();
    }

    public void redo() {
        TextInputControl t = focusedText();
        if (t != null) t.redo();
        else model.document().redo();
    }

    public void copy() {
        TextInputControl t = focusedText();
        if (t != null) t.copy();
        else model.copySelection().ifPresent(this::putClipboard);
    }

    public void cut() {
        TextInputControl t = focusedText();
        if (t != null) t.cut();
        else model.cutSelection(this::putClipboard);
    }

    /** Pastes nodes at the mouse (or text into the focused field). */
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

    public void duplicate() {
        if (focusedText() == null) model.duplicateSelection();
    }

    public void selectAll() {
        TextInputControl t = focusedText();
        if (t != null) t.selectAll();
        else model.select(model.graph().nodes().keySet());
    }

    public void group() {
        if (model.selection().isEmpty()) {
            model.setStatus("Select the nodes to group first");
            return;
        }
        dialogs.askGroup("Group", "#5A6B7C").ifPresent(tc -> model.groupSelection(tc[0], tc[1]));
    }

    /** The group whose title bar was clicked, or null with a hint in the status line. */
    private Group selectedGroup() {
        String id = canvas.selectedGroup();
        Group g = id == null ? null : model.graph().groups().get(id);
        if (g == null) model.setStatus("Click a group's title bar to select it first");
        return g;
    }

    public void editGroup() {
        Group g = selectedGroup();
        if (g != null) dialogs.askGroup(g.title(), g.colour()).ifPresent(tc -> model.execute(model.commands().editGroup(g.id(), tc[0], tc[1])));
    }

    public void deleteGroup() {
        Group g = selectedGroup();
        if (g == null) return;
        model.execute(model.commands().removeGroup(g.id()));
        canvas.clearSelectedGroup();
    }
}
