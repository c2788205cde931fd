package org.cinegraph.app.editor;

import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.ParamSpec;

import java.io.File;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Parameters of the selected node(s), one editor per {@link ParamSpec} widget. Each edit is one
 * command (text commits on Enter or focus loss, a slider's drag on release); a refused value shows the
 * command's reason and the editor goes back to the graph's value. With several nodes of the
 * same type selected, an edit sets the parameter on all of them in one step.
 */
public final class InspectorView extends ScrollPane {
    private final EditorModel model;
    private final VBox box = new VBox(6);
    private final Label error = new Label();
    private final List<Runnable> refreshers = new ArrayList<>();
    private List<String> shown = List.of();
    private java.util.function.BiFunction<String, ParamSpec, javafx.scene.control.ContextMenu> paramMenu = (id, p) -> null;
    private java.util.function.Function<GraphNode, Node> nodeSection = n -> null;

    public InspectorView(EditorModel model) {
        this.model = model;
        setFitToWidth(true);
        setPrefWidth(300);
        box.setPadding(new Insets(8));
        setContent(box);
        error.setWrapText(true);
        error.setId("inspector-error");
        error.setStyle("-fx-text-fill: #e05b5b;");
        model.selection().addListener((SetChangeListener<String>) c -> rebuildLater());
        model.addDocumentListener(m -> {
            List<String> ids = List.copyOf(model.selection());
            if (!ids.equals(shown)) rebuildLater();
            else refreshers.forEach(Runnable::run);
        });
        rebuild();
    }

    /** The menu a right-click on a parameter's name opens for one selected node (Sweep, Promote), or null for none. */
    public void setParamMenu(java.util.function.BiFunction<String, ParamSpec, javafx.scene.control.ContextMenu> menu) {
        this.paramMenu = menu;
    }

    /** Extra controls under one selected node's parameters (a subgraph's interface and library), or null for none. */
    public void setNodeSection(java.util.function.Function<GraphNode, Node> section) {
        this.nodeSection = section;
    }

    private boolean rebuildQueued;

    private void rebuildLater() {
        if (rebuildQueued) return;
        rebuildQueued = true;
        javafx.application.Platform.runLater(() -> {
            rebuildQueued = false;
            rebuild();
        });
    }

    /** Builds the editors for the current selection. */
    public void rebuild() {
        refreshers.clear();
        box.getChildren().clear();
        shown = List.copyOf(model.selection());
        error.setText("");
        if (shown.isEmpty()) {
            box.getChildren().add(new Label("Select a node to edit its parameters."));
            return;
        }
        List<GraphNode> nodes = shown.stream().map(id -> model.graph().nodes().get(id)).filter(Objects::nonNull).toList();
        if (nodes.isEmpty()) return;
        GraphNode first = nodes.get(0);
        Optional<NodeSpec> spec = model.spec(first);
        boolean sameType = nodes.stream().allMatch(n -> n.type().equals(first.type()));
        Label head = new Label(nodes.size() == 1 ? first.id() + " \u2014 " + spec.map(NodeSpec::displayName).orElse(first.type())
                : nodes.size() + " nodes" + (sameType ? " \u2014 " + spec.map(NodeSpec::displayName).orElse(first.type()) : " of different types"));
        head.setStyle("-fx-font-weight: bold; -fx-font-size: 13;");
        box.getChildren().addAll(head, error);
        if (nodes.size() == 1) {
            spec.ifPresent(s -> {
                if (!s.description().isEmpty()) {
                    Label d = new Label(s.description());
                    d.setWrapText(true);
                    d.setStyle("-fx-text-fill: #999;");
                    box.getChildren().add(d);
                }
            });
            if (spec.isEmpty()) {
                Label d = new Label("Node type '" + first.type() + "' (version " + first.typeVersion() + ") is not installed. "
                        + "The node keeps its parameters and links and is saved unchanged; install the plugin that provides it to render.");
                d.setWrapText(true);
                box.getChildren().add(d);
            }
            TextField title = new TextField();
            title.setId("inspector-title");
            bindText(title, () -> model.graph().nodes().get(first.id()) == null ? "" : model.graph().requireNode(first.id()).title(),
                    v -> model.execute(model.commands().setTitle(first.id(), v)));
            TextArea notes = new TextArea();
            notes.setPrefRowCount(2);
            notes.setWrapText(true);
            bindText(notes, () -> model.graph().nodes().get(first.id()) == null ? "" : model.graph().requireNode(first.id()).notes(),
                    v -> model.execute(model.commands().setNotes(first.id(), v)));
            box.getChildren().addAll(new Label("Title"), title, new Label("Notes"), notes);
        }
        List<ParamSpec> params = sharedParams(nodes);
        if (!sameType && !params.isEmpty()) {
            Label l = new Label("Parameters all selected nodes share:");
            l.setStyle("-fx-text-fill: #999;");
            box.getChildren().add(l);
        }
        for (ParamSpec p : params) {
            Label l = new Label(p.name());
            if (!p.description().isEmpty()) l.setTooltip(new Tooltip(p.description()));
            if (nodes.size() == 1) {
                l.setId("param-label-" + p.name());
                l.setContextMenu(paramMenu.apply(first.id(), p));
            }
            box.getChildren().addAll(l, editor(p));
        }
        Node extra = nodes.size() == 1 ? nodeSection.apply(first) : null;
        if (extra != null) box.getChildren().add(extra);
    }

    /** Parameters every selected node has with the same name, type and widget (all of them for one type). */
    private List<ParamSpec> sharedParams(List<GraphNode> nodes) {
        List<ParamSpec> out = new ArrayList<>();
        Optional<NodeSpec> first = model.spec(nodes.get(0));
        if (first.isEmpty()) return out;
        for (ParamSpec p : first.get().params()) {
            boolean everywhere = nodes.stream().allMatch(n -> model.spec(n).flatMap(s -> s.param(p.name()))
                    .filter(q -> q.type() == p.type() && q.widget() == p.widget() && q.choices().equals(p.choices())).isPresent());
            if (everywhere) out.add(p);
        }
        return out;
    }

    private Object current(ParamSpec p) {
        if (shown.isEmpty()) return p.defaultValue();
        GraphNode n = model.graph().nodes().get(shown.get(0));
        if (n == null) return p.defaultValue();
        return p.storedOrDefault(n.params());
    }

    /** Applies a value to all shown nodes; returns whether it was accepted. */
    private boolean apply(ParamSpec p, Object value) {
        Object before = current(p);
        if (Objects.equals(before, value) && shown.size() == 1) return true;
        Optional<String> err = model.setParam(shown, p.name(), value);
        error.setText(err.orElse(""));
        err.ifPresent(msg -> model.setStatus("Value refused: " + msg));
        refreshers.forEach(Runnable::run);
        return err.isEmpty();
    }

    private Node editor(ParamSpec p) {
        return switch (p.widget()) {
            case SLIDER -> numberEditor(p);
            case FIELD -> p.type() == DataType.NUMBER || p.type() == DataType.INTEGER ? numberEditor(p) : textField(p);
            case SEED -> seedEditor(p);
            case CHECKBOX -> checkBox(p);
            case DROPDOWN -> dropdown(p);
            case COLOUR -> colourEditor(p);
            case MULTILINE -> multiline(p);
            case FILE -> fileEditor(p);
            case TEXT, OUTPUT_NAME -> textField(p);
        };
    }

    private static String format(Object v) {
        if (v instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d) : d.toString();
        return v == null ? "" : v.toString();
    }

    private void bindText(TextInputControl field, java.util.function.Supplier<String> value, Consumer<String> commit) {
        Runnable refresh = () -> {
            if (!field.isFocused()) field.setText(value.get());
        };
        refresh.run();
        refreshers.add(refresh);
        Runnable doCommit = () -> {
            if (!field.getText().equals(value.get())) commit.accept(field.getText());
            field.setText(value.get());
        };
        field.focusedProperty().addListener((o, was, now) -> {
            if (!now) doCommit.run();
        });
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && !(field instanceof TextArea && !e.isShortcutDown())) {
                doCommit.run();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                field.setText(value.get());
            }
        });
    }

    private Node textField(ParamSpec p) {
        TextField f = new TextField();
        f.setId("param-" + p.name());
        bindText(f, () -> format(current(p)), v -> apply(p, v));
        return f;
    }

    private Node multiline(ParamSpec p) {
        TextArea a = new TextArea();
        a.setId("param-" + p.name());
        a.setPrefRowCount(3);
        a.setWrapText(true);
        bindText(a, () -> format(current(p)), v -> apply(p, v));
        return a;
    }

    /**
     * A number's field and, where {@link SliderRange} gives one, its slider: the graph follows a
     * drag (throttled, one undo step, see {@link LiveParamEdit}), the field shows the value rounded
     * to the slider's step.
     */
    private Node numberEditor(ParamSpec p) {
        TextField f = new TextField();
        f.setId("param-" + p.name());
        f.setPrefColumnCount(8);
        Optional<SliderRange> range = SliderRange.of(p);
        java.util.function.Function<Object, String> shownAs = v -> range.isPresent() && v instanceof Number n ? range.get().format(n.doubleValue()) : format(v);
        bindText(f, () -> shownAs.apply(current(p)), v -> apply(p, v));
        if (range.isEmpty()) return f;
        ParamSlider s = new ParamSlider(range.get(), ((Number) current(p)).doubleValue());
        s.setId("slider-" + p.name());
        HBox.setHgrow(s, Priority.ALWAYS);
        LiveParamEdit live = new LiveParamEdit(model, () -> shown, p.name());
        s.setOnChange(v -> {
            f.setText(range.get().format(v));
            live.change(range.get().stored(v));
        });
        s.setOnCommit(v -> live.commit(range.get().stored(v)));
        refreshers.add(() -> s.setValue(((Number) current(p)).doubleValue()));
        HBox row = new HBox(6, f, s);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    private Node seedEditor(ParamSpec p) {
        TextField f = new TextField();
        f.setId("param-" + p.name());
        bindText(f, () -> format(current(p)), v -> apply(p, v));
        Button dice = new Button("Randomize");
        SecureRandom rnd = new SecureRandom();
        dice.setOnAction(e -> apply(p, (long) rnd.nextInt(Integer.MAX_VALUE)));
        HBox.setHgrow(f, Priority.ALWAYS);
        return new HBox(6, f, dice);
    }

    private Node checkBox(ParamSpec p) {
        CheckBox c = new CheckBox();
        c.setId("param-" + p.name());
        c.setSelected(Boolean.TRUE.equals(current(p)));
        c.setOnAction(e -> apply(p, c.isSelected()));
        refreshers.add(() -> c.setSelected(Boolean.TRUE.equals(current(p))));
        return c;
    }

    private Node dropdown(ParamSpec p) {
        ComboBox<String> c = new ComboBox<>();
        c.setId("param-" + p.name());
        c.getItems().setAll(p.choices());
        c.setValue(format(current(p)));
        c.setOnAction(e -> {
            if (c.getValue() != null && !c.getValue().equals(format(current(p)))) apply(p, c.getValue());
        });
        refreshers.add(() -> c.setValue(format(current(p))));
        return c;
    }

    private Node colourEditor(ParamSpec p) {
        ColorPicker picker = new ColorPicker();
        picker.setId("param-" + p.name());
        TextField hex = new TextField();
        hex.setPrefColumnCount(9);
        Runnable refresh = () -> picker.setValue(CanvasColours.parse(format(current(p))));
        refresh.run();
        refreshers.add(refresh);
        picker.setOnAction(e -> apply(p, hex(picker.getValue())));
        bindText(hex, () -> format(current(p)), v -> apply(p, v));
        return new HBox(6, picker, hex);
    }

    /** #RRGGBB, or #RRGGBBAA when not opaque, as colour parameters are stored. */
    static String hex(Color c) {
        int r = (int) Math.round(c.getRed() * 255), g = (int) Math.round(c.getGreen() * 255), b = (int) Math.round(c.getBlue() * 255);
        int a = (int) Math.round(c.getOpacity() * 255);
        return a == 255 ? String.format(Locale.ROOT, "#%02X%02X%02X", r, g, b) : String.format(Locale.ROOT, "#%02X%02X%02X%02X", r, g, b, a);
    }

    private Node fileEditor(ParamSpec p) {
        TextField f = new TextField();
        f.setId("param-" + p.name());
        bindText(f, () -> format(current(p)), v -> apply(p, v));
        Button browse = new Button("\u2026");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Choose " + p.name());
            File dir = model.graphDir().toFile();
            if (dir.isDirectory()) fc.setInitialDirectory(dir);
            File chosen = fc.showOpenDialog(getScene().getWindow());
            if (chosen != null) apply(p, model.storedPath(chosen.toPath()));
        });
        HBox.setHgrow(f, Priority.ALWAYS);
        return new HBox(6, f, browse);
    }

    /** Puts the cursor in the selected node's title, text selected (Rename); after a pending rebuild. */
    public void focusTitle() {
        javafx.application.Platform.runLater(() -> {
            if (lookup("#inspector-title") instanceof TextField t) {
                t.requestFocus();
                t.selectAll();
            }
        });
    }

    /** The message shown for the last refused value ("" when none). */
    public String errorText() {
        return error.getText();
    }
}
