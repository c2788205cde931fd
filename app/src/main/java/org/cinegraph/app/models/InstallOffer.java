package org.cinegraph.app.models;

import javafx.scene.Node;
import org.cinegraph.models.ModelManifest;

/** A catalogued model an opened graph needs, offered for install with the window's installer. */
public record InstallOffer(ModelManifest model, ModelInstaller installer) {
    /** The row the dialog shows: Install / Cancel, progress, outcome. */
    public Node row() {
        return new InstallRow(model, installer);
    }
}
