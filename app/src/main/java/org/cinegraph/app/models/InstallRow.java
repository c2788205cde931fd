package org.cinegraph.app.models;

import javafx.collections.MapChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.cinegraph.models.ModelManifest;

/**
 * One catalogued model a graph needs, for the dialog that opens with the graph: what it is
 * (size, licence, package) and an Install button that becomes Cancel while the pull runs, with
 * the pull's progress bar (bytes, rate, time left) and how it ended.
 */
public final class InstallRow extends VBox {
    private final ModelManifest model;
    private final ModelInstaller installer;
    private final Button button = new Button("Install");
    private final ProgressBar bar = new ProgressBar(0);
    private final Label state = new Label();

    public InstallRow(ModelManifest model, ModelInstaller installer) {
        this.model = model;
        this.installer = installer;
        setId("install-row-" + model.name());
        button.setId("install-" + model.name());
        bar.setId("install-progress-" + model.name());
        state.setId("install-state-" + model.name());
        Label what = new Label(model.name() + " " + model.version() + " \u2014 " + model.task() + ", " + GraphModels.megabytes(model.totalBytes())
                + ", " + model.licence() + ", " + ModelManagerView.source(model));
        what.setWrapText(true);
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        state.setMinWidth(0);
        HBox line = new HBox(8, button, bar);
        line.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(what, line, state);
        setSpacing(2);
        button.setOnAction(e -> {
            if (installer.busy(model.name())) installer.cancel(model.name());
            else installer.install(model);
        });
        MapChangeListener<String, Object> update = c -> {
            if (c.getKey().equals(model.name())) update();
        };
        installer.activities().addListener(update);
        installer.outcomes().addListener(update);
        update();
    }

    private void update() {
        ModelInstaller.Activity a = installer.activities().get(model.name());
        if (a != null) {
            button.setText("Cancel");
            bar.setVisible(true);
            bar.setProgress(a.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : a.fraction());
            state.setText(a.text());
            return;
        }
        String outcome = installer.outcomes().get(model.name());
        boolean installed = outcome != null && outcome.startsWith("installed");
        button.setText(installed ? "Installed" : "Install");
        button.setDisable(installed);
        bar.setVisible(installed);
        bar.setProgress(installed ? 1 : 0);
        state.setText(outcome == null ? "" : outcome);
    }
}
