package org.cinegraph.app.models;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Models > Model Manager: every model of the built-in catalogue and every model installed here,
 * with installed / available, task, size, licence and source; Install (a progress bar with bytes,
 * rate and time left, and Cancel), Verify (re-hash every file) and Remove act on the selected
 * model through the window's {@link ModelInstaller}. Remote models (fal, Replicate) have nothing to
 * install and are not listed. The list is read off the FX thread and again after each install or
 * removal.
 */
public final class ModelManagerView extends BorderPane {
    /** One model: its catalogue entry and/or what is installed, and the status line. */
    public record Row(String name, ModelManifest catalogue, ModelLibrary.Installed installed, String status) {
        ModelManifest manifest() {
            return installed != null ? installed.manifest() : catalogue;
        }

        boolean installable() {
            return catalogue != null && (installed == null || !installed.manifest().digest().equals(catalogue.digest()));
        }
    }

    private final ModelInstaller installer;
    private final TaskRunner tasks;
    private final Predicate<String> confirm;
    private final TableView<Row> table = new TableView<>();
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final Button install = new Button("Install");
    private final Button cancel = new Button("Cancel");
    private final Button verify = new Button("Verify");
    private final Button remove = new Button("Remove");
    private final Label problems = new Label();
    private String wanted;
    private Stage stage;

    /**
     * @param confirm asks the user a yes/no question (Remove asks first); tests answer it
     */
    public ModelManagerView(ModelInstaller installer, TaskRunner tasks, Predicate<String> confirm) {
        this.installer = installer;
        this.tasks = tasks;
        this.confirm = confirm;
        setId("model-manager");
        table.setId("model-table");
        table.setItems(rows);
        table.setPlaceholder(new Label("Reading the model library\u2026"));
        table.getColumns().addAll(List.of(
                text("Model", 170, Row::name),
                text("Status", 150, Row::status),
                text("Task", 130, r -> r.manifest().task()),
                text("Size", 70, r -> GraphModels.megabytes(r.manifest().totalBytes())),
                text("Licence", 160, r -> r.manifest().licence()),
                text("Source", 220, r -> r.catalogue() != null ? source(r.catalogue()) : "local folder " + r.installed().dir()),
                activity()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        install.setId("model-install");
        cancel.setId("model-cancel");
        verify.setId("model-verify");
        remove.setId("model-remove");
        install.setOnAction(e -> selected().filter(Row::installable).ifPresent(r -> installer.install(r.catalogue())));
        cancel.setOnAction(e -> selected().ifPresent(r -> installer.cancel(r.name())));
        verify.setOnAction(e -> selected().ifPresent(r -> installer.verify(r.name())));
        remove.setOnAction(e -> selected().ifPresent(this::removeAsked));
        table.getSelectionModel().selectedItemProperty().addListener(o -> updateButtons());
        MapChangeListener<String, Object> changed = c -> updateButtons();
        installer.activities().addListener(changed);
        installer.outcomes().addListener(changed);
        installer.changesProperty().addListener((o, was, now) -> refresh());
        problems.setId("model-problems");
        problems.setWrapText(true);
        problems.setStyle("-fx-text-fill: #c0392b;");
        Label where = new Label("Installs into " + installer.library().userDir() + "; every file is checked against its sha256 before it is put in place.");
        where.setWrapText(true);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, install, cancel, verify, remove, gap);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(6, buttons, where, problems);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        setCenter(table);
        setBottom(bottom);
        setPadding(new Insets(8));
        updateButtons();
    }

    /** Where a catalogue model comes from, for the Source column. */
    static String source(ModelManifest m) {
        if (m.source() == null) return "";
        if (m.source().bundled()) return "ships with Cinegraph";
        return "package " + m.source().npm() + "@" + m.source().version();
    }

    /** Opens (or brings forward) the manager in its own window, selecting {@code model} when given. */
    public void show(Window owner, String model) {
        if (stage == null) {
            stage = new Stage();
            stage.initOwner(owner);
            stage.setTitle("Model Manager \u2014 Cinegraph");
            stage.setScene(new Scene(this, 1100, 480));
        }
        wanted = model;
        refresh();
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    public TableView<Row> table() {
        return table;
    }

    /** Reads the catalogue and the library again (off the FX thread). */
    public void refresh() {
        ModelLibrary library = installer.library();
        tasks.run(BackgroundTask.of("model list", () -> {
            List<String> bad = new ArrayList<>();
            List<Row> out = rows(library, bad);
            return Map.entry(out, bad);
        }).onSuccess(r -> {
            String keep = wanted != null ? wanted : selected().map(Row::name).orElse(null);
            wanted = null;
            rows.setAll(r.getKey());
            problems.setText(String.join("\n", r.getValue()));
            for (Row row : rows) if (row.name().equals(keep)) table.getSelectionModel().select(row);
            updateButtons();
        }).onFailure(e -> problems.setText("Cannot read the model library: " + e.getMessage())));
    }

    /** The catalogue's local models and everything installed, by name. */
    static List<Row> rows(ModelLibrary library, List<String> problems) {
        Map<String, ModelLibrary.Installed> installed = library.installed(problems);
        Map<String, ModelManifest> catalogue = ModelLibrary.catalogue();
        TreeMap<String, Row> out = new TreeMap<>();
        catalogue.forEach((name, c) -> {
            if (c.isRemote()) return;
            ModelLibrary.Installed i = installed.get(name);
            String status = i == null ? (c.source() != null && c.source().bundled() ? "available (installs on first use)" : "available")
                    : i.manifest().digest().equals(c.digest()) ? "installed" : "installed, differs from catalogue " + c.version();
            out.put(name, new Row(name, c, i, status));
        });
        installed.forEach((name, i) -> {
            if (!out.containsKey(name) && !i.manifest().isRemote()) out.put(name, new Row(name, null, i, "installed (not in the catalogue)"));
        });
        return List.copyOf(out.values());
    }

    private java.util.Optional<Row> selected() {
        return java.util.Optional.ofNullable(table.getSelectionModel().getSelectedItem());
    }

    private void removeAsked(Row r) {
        if (r.installed() == null) return;
        if (!r.installed().dir().startsWith(installer.library().userDir())) {
            problems.setText(r.name() + " lives in a project folder (" + r.installed().dir() + "); remove it there");
            return;
        }
        if (confirm.test("Remove model " + r.name() + " (" + GraphModels.megabytes(r.manifest().totalBytes()) + ") from " + r.installed().dir().getParent()
                + "? Graphs that use it will not render until it is installed again.")) {
            installer.remove(r.name());
        }
    }

    private void updateButtons() {
        Row r = table.getSelectionModel().getSelectedItem();
        boolean busy = r != null && installer.busy(r.name());
        install.setDisable(r == null || busy || !r.installable());
        install.setText(r != null && r.installed() != null && r.installable() ? "Reinstall" : "Install");
        cancel.setDisable(r == null || !busy || !"Install".equals(installer.activities().get(r.name()).action()));
        verify.setDisable(r == null || busy || r.installed() == null);
        remove.setDisable(r == null || busy || r.installed() == null);
    }

    private static TableColumn<Row, String> text(String title, double width, Function<Row, String> value) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    /** Progress bar and line while something runs; the last outcome otherwise. */
    private TableColumn<Row, Row> activity() {
        TableColumn<Row, Row> c = new TableColumn<>("Activity");
        c.setPrefWidth(280);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label text = new Label();
            private final VBox box = new VBox(2, bar, text);
            // the cell follows its model's activity itself (weakly held: cells come and go with scrolling)
            private final MapChangeListener<String, Object> follow = c -> {
                if (getItem() != null && c.getKey().equals(getItem().name())) show(getItem());
            };

            {
                bar.setMaxWidth(Double.MAX_VALUE);
                text.setMinWidth(0);
                installer.activities().addListener(new javafx.collections.WeakMapChangeListener<>(follow));
                installer.outcomes().addListener(new javafx.collections.WeakMapChangeListener<>(follow));
            }

            @Override
            protected void updateItem(Row row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                show(row);
            }

            private void show(Row row) {
                ModelInstaller.Activity a = installer.activities().get(row.name());
                bar.setId("model-progress-" + row.name());
                text.setId("model-activity-" + row.name());
                bar.setVisible(a != null);
                bar.setManaged(a != null);
                if (a != null) bar.setProgress(a.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : a.fraction());
                text.setText(a != null ? a.action() + ": " + a.text() : installer.outcomes().getOrDefault(row.name(), ""));
                setGraphic(box);
            }
        });
        return c;
    }
}
