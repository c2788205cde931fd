package org.cinegraph.app.viewer;

import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Where the viewer lives: docked in its tab, floating in its own window (for a second screen),
 * or full screen. Full screen from the dock floats the viewer first and docks it again when full
 * screen ends; closing the floating window docks it.
 */
public final class ViewerDock {
    private final ViewerPanel panel;
    private final Tab tab;
    private final Window owner;
    private final VBox placeholder;
    private Stage floating;
    private boolean dockAfterFullScreen;

    public ViewerDock(ViewerPanel panel, Tab tab, Window owner) {
        this.panel = panel;
        this.tab = tab;
        this.owner = owner;
        Button back = new Button("Dock the viewer here");
        back.setId("viewer-dock");
        back.setOnAction(e -> dock());
        placeholder = new VBox(8, new Label("The viewer is in its own window."), back);
        placeholder.setAlignment(Pos.CENTER);
        panel.setOnFloat(this::toggleFloating);
        panel.setOnFullScreen(this::toggleFullScreen);
        tab.setContent(panel);
    }

    /** The viewer's own window while it floats, else null. */
    public Stage floatingWindow() {
        return floating;
    }

    public boolean isFloating() {
        return floating != null;
    }

    public boolean isFullScreen() {
        return floating != null && floating.isFullScreen();
    }

    public void toggleFloating() {
        if (floating == null) floatOut();
        else dock();
    }

    /** Moves the viewer into its own window, the size it had docked (at least 640 x 400). */
    public void floatOut() {
        if (floating != null) return;
        double w = Math.max(640, panel.getWidth()), h = Math.max(400, panel.getHeight());
        tab.setContent(placeholder);
        Stage s = new Stage();
        s.initOwner(owner);
        s.setTitle("Viewer \u2014 Cinegraph");
        s.setScene(new Scene(panel, w, h));
        s.setOnHidden(e -> dock());
        s.fullScreenProperty().addListener((o, was, now) -> {
            if (!now && dockAfterFullScreen) dock();
        });
        floating = s;
        s.show();
        panel.requestFocus();
    }

    /** Puts the viewer back in its tab and closes its window. */
    public void dock() {
        Stage s = floating;
        if (s == null) return;
        floating = null;
        dockAfterFullScreen = false;
        s.getScene().setRoot(new Pane());
        tab.setContent(panel);
        if (tab.getTabPane() != null) tab.getTabPane().getSelectionModel().select(tab);
        s.hide();
        panel.requestFocus();
    }

    /** Full screen on or off; from the dock the viewer comes back to it afterwards. */
    public void toggleFullScreen() {
        if (isFullScreen()) {
            floating.setFullScreen(false);
            return;
        }
        boolean wasDocked = floating == null;
        floatOut();
        dockAfterFullScreen = wasDocked;
        floating.setFullScreen(true);
        panel.requestFocus();
    }
}
