package org.cinegraph.app.editor;

import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.action.Action;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.render.RenderResult;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * The window's bottom line: the last message (cleared after {@link #MESSAGE_LIFE} so it never
 * describes a state long gone; the whole text in its tooltip), where the last render went with
 * Open and Show in folder, and the render's progress. A finished render also says where it went
 * in a notification with the same two actions; opening that fails says why, here and in a
 * notification.
 */
public final class StatusBar extends HBox {
    static final Duration MESSAGE_LIFE = Duration.seconds(15);

    private final Stage stage;
    private final EditorModel model;
    private final TaskRunner tasks;
    private final FileOpener opener;
    private final Label message = new Label();
    private final Label outputPath = new Label();
    private final Hyperlink open = new Hyperlink("Open");
    private final Hyperlink show = new Hyperlink("Show in folder");
    private final PauseTransition expiry = new PauseTransition(MESSAGE_LIFE);
    private Path lastOutput;
    private boolean severalFiles;

    StatusBar(Stage stage, EditorModel model, RenderController render, TaskRunner tasks, FileOpener opener) {
        this.stage = stage;
        this.model = model;
        this.tasks = tasks;
        this.opener = opener;
        message.setId("status-message");
        message.setMinWidth(0);
        message.setMaxWidth(Double.MAX_VALUE);
        message.setTextOverrun(OverrunStyle.ELLIPSIS);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(message.textProperty());
        message.setTooltip(whole);
        HBox.setHgrow(message, Priority.ALWAYS);
        expiry.setOnFinished(e -> message.setText(""));
        model.statusProperty().addListener((o, was, now) -> say(now));
        say(model.statusProperty().get());

        outputPath.setId("output-path");
        outputPath.setMinWidth(0);
        outputPath.setMaxWidth(360);
        outputPath.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
        open.setId("output-open");
        show.setId("output-show");
        open.setOnAction(e -> openOutput());
        show.setOnAction(e -> showOutput());
        for (var n : new Region[]{outputPath, open, show}) {
            n.setVisible(false);
            n.managedProperty().bind(n.visibleProperty());
        }
        open.setMinWidth(Region.USE_PREF_SIZE);
        show.setMinWidth(Region.USE_PREF_SIZE);

        ProgressBar bar = new ProgressBar(0);
        bar.setId("render-bar");
        bar.setPrefWidth(160);
        bar.setMinWidth(Region.USE_PREF_SIZE);
        bar.progressProperty().bind(render.progressProperty());
        Label progress = new Label();
        progress.setId("render-progress");
        progress.setMinWidth(0);
        progress.setTextOverrun(OverrunStyle.ELLIPSIS);
        progress.textProperty().bind(render.progressTextProperty());
        Tooltip progressWhole = new Tooltip();
        progressWhole.textProperty().bind(progress.textProperty());
        progress.setTooltip(progressWhole);
        getChildren().addAll(message, outputPath, open, show, progress, bar);
        setSpacing(10);
        setPadding(new Insets(3, 8, 3, 8));
        setAlignment(Pos.CENTER_LEFT);
        setStyle("-fx-border-color: #bbb transparent transparent transparent;");
    }

    /** Shows a message now and clears it once it has had its time. */
    private void say(String text) {
        message.setText(text == null ? "" : text);
        if (text == null || text.isEmpty()) expiry.stop();
        else expiry.playFromStart();
    }

    /** The message shown now (empty once it has expired). */
    public String message() {
        return message.getText();
    }

    /** The first file the last successful render wrote, or null. */
    public Path lastOutput() {
        return lastOutput;
    }

    void renderFinished(RenderController.Finished f) {
        RenderResult r = f.result();
        if (r == null || r.cancelled() || r.failed()) {
            if (r != null && r.failed()) notifyError("Render failed", f.render().name() + ": "
                    + r.failures().get(0).nodeId() + ": " + r.failures().get(0).reason()
                    + (r.failures().size() > 1 ? " (and " + (r.failures().size() - 1) + " more, see Problems)" : ""));
            else if (f.problem() != null) notifyError("Render did not start", f.render().name() + ": " + f.problem() + " (see Problems)");
            return;
        }
        if (r.files().isEmpty()) return;
        lastOutput = r.files().stream().sorted(Comparator.naturalOrder()).findFirst().orElseThrow();
        severalFiles = r.files().size() > 1;
        String where = severalFiles ? r.files().size() + " files in " + lastOutput.getParent() : lastOutput.toString();
        outputPath.setText("Wrote " + where);
        outputPath.setTooltip(new Tooltip(String.join("\n", r.files().stream().map(Path::toString).sorted().toList())));
        for (var n : new Region[]{outputPath, open, show}) n.setVisible(true);
        if (stage.isShowing()) {
            // top right: at the bottom it would cover the status bar's own Open and Show in folder
            Notifications.create().owner(stage).position(Pos.TOP_RIGHT).title("Render finished: " + f.render().name())
                    .text("Wrote " + (severalFiles ? r.files().size() + " files" : lastOutput.getFileName().toString()) + "\nin " + lastOutput.getParent())
                    .hideAfter(Duration.seconds(10))
                    .action(new Action("Open", e -> openOutput()), new Action("Show in folder", e -> showOutput()))
                    .showInformation();
        }
    }

    /** Opens the rendered file (the output folder when there were several). */
    public void openOutput() {
        if (lastOutput == null) return;
        Path target = severalFiles ? lastOutput.getParent() : lastOutput;
        launch("open", target, () -> {
            opener.open(target);
            return null;
        });
    }

    /** Shows the rendered file in the file manager. */
    public void showOutput() {
        if (lastOutput == null) return;
        Path target = lastOutput;
        launch("show", target, () -> {
            opener.showInFolder(target);
            return null;
        });
    }

    /** Shows a file in the file manager, or opens a folder there (a writer's output); failures say so. */
    public void showInFolder(Path target) {
        launch("show", target, () -> {
            if (java.nio.file.Files.isDirectory(target)) opener.open(target);
            else opener.showInFolder(target);
            return null;
        });
    }

    private void launch(String what, Path target, java.util.concurrent.Callable<Void> work) {
        tasks.run(BackgroundTask.of("output-" + what, work).onFailure(e -> {
            String msg = "Cannot " + (what.equals("open") ? "open " : "show ") + target.getFileName() + ": " + e.getMessage();
            model.setStatus(msg);
            notifyError(what.equals("open") ? "Cannot open the output" : "Cannot show the output", msg);
        }));
    }

    private void notifyError(String title, String text) {
        if (!stage.isShowing()) return;
        Notifications.create().owner(stage).position(Pos.TOP_RIGHT).title(title).text(text).hideAfter(Duration.seconds(12)).showError();
    }
}
