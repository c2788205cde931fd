package org.cinegraph.app.editor;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import org.cinegraph.format.GraphFile;
import org.cinegraph.format.GraphFormatException;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Commands;
import org.cinegraph.graph.Document;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphException;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.GraphValidator;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.NodeSpecs;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.render.NodeState;
import org.cinegraph.graph.PortRef;
import org.cinegraph.render.NodeEvent;
import org.cinegraph.spi.ConnectionRule;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.PortSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The editor's view model: the open {@link Document}, the level being edited (the top graph or,
 * after Enter, the inside of a subgraph: {@link #level()}), the selection, the last render's node
 * states and the status line. {@link #graph()} is the graph at that level; every edit goes through
 * a {@link Command} on the document, run at that level ({@link Subgraphs#inside}), so undo covers
 * everything; refused edits leave the graph as it was and put the reason in the status line.
 * UI-thread only, like the document.
 */
public final class EditorModel {
    public static final double GRID = 20;

    private final NodeRegistry registry;
    private final Commands commands;
    private final GraphValidator validator;
    private final ObservableSet<String> selection = FXCollections.observableSet(new java.util.TreeSet<>());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final Map<String, NodeEvent> nodeStates = new HashMap<>();
    private java.util.function.Predicate<GraphNode> previewShown = n -> false;
    private final List<Consumer<EditorModel>> documentListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<EditorModel>> stateListeners = new CopyOnWriteArrayList<>();
    private final Consumer<Document> forward = d -> fireDocument();
    private Document document;
    /** The ids of the subgraph nodes entered, from the top; empty at the top. */
    private List<String> level = List.of();
    private Graph typesFor;
    private Graph statesFor;
    private Map<PortRef, DataType> outputTypes = Map.of();

    public EditorModel(NodeRegistry registry, Document document) {
        this.registry = registry;
        this.commands = new Commands(registry);
        this.validator = new GraphValidator(registry);
        setDocument(document);
    }

    public NodeRegistry registry() {
        return registry;
    }

    public Commands commands() {
        return commands;
    }

    public GraphValidator validator() {
        return validator;
    }

    public Document document() {
        return document;
    }

    /** The graph at the level being edited (the document's graph at the top). */
    public Graph graph() {
        return Subgraphs.graphAt(document.graph(), level);
    }

    // ---- levels: editing inside subgraphs ----

    /** The subgraph nodes entered, from the top ("sub1", "inner2"); empty at the top. */
    public List<String> level() {
        return level;
    }

    /** A node of this level by its path from the top ("sub1/grade1"), as renders and previews name it. */
    public String pathOf(String id) {
        return level.isEmpty() ? id : String.join("/", level) + "/" + id;
    }

    /** Goes into a subgraph node of this level; the selection starts empty. */
    public Optional<String> enter(String id) {
        GraphNode n = graph().nodes().get(id);
        if (n == null || !n.isSubgraph()) return Optional.of(id + " is not a subgraph");
        List<String> next = new ArrayList<>(level);
        next.add(id);
        setLevel(next);
        return Optional.empty();
    }

    /** Goes up to {@code depth} subgraphs deep (0 = the top); the subgraph left becomes the selection. */
    public void leaveTo(int depth) {
        if (depth >= level.size()) return;
        String from = level.get(depth);
        setLevel(level.subList(0, depth));
        select(List.of(from));
    }

    private void setLevel(List<String> l) {
        level = List.copyOf(l);
        selection.clear();
        typesFor = null;
        fireDocument();
    }

    /** Replaces the open document (New, Open, Revert); selection, level and render states start over. */
    public void setDocument(Document d) {
        if (document != null) document.removeListener(forward);
        document = d;
        level = List.of();
        d.addListener(forward);
        selection.clear();
        nodeStates.clear();
        fireDocument();
    }

    /** Called after every change of graph, history, saved state or document. */
    public void addDocumentListener(Consumer<EditorModel> l) {
        documentListeners.add(l);
    }

    private void fireDocument() {
        // an undo can take away the subgraph being edited: stay at the deepest level that still exists
        while (!level.isEmpty() && !Subgraphs.exists(document.graph(), level)) level = level.subList(0, level.size() - 1);
        selection.retainAll(graph().nodes().keySet());
        dropStaleStates();
        for (Consumer<EditorModel> l : documentListeners) l.accept(this);
    }

    public ObservableSet<String> selection() {
        return selection;
    }

    public void select(Collection<String> ids) {
        selection.clear();
        selection.addAll(ids);
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Says something in the status bar; the same words again count as news (the bar shows them afresh). */
    public void setStatus(String message) {
        if (message != null && message.equals(status.get())) status.set("");
        status.set(message);
    }

    public Optional<NodeSpec> spec(GraphNode n) {
        return NodeSpecs.of(registry, n);
    }

    /** Where a node and its ports sit on the canvas; placeholders are sized by the ports their links name. */
    public NodeGeometry geometry(GraphNode n) {
        return NodeGeometry.of(n, spec(n).orElse(null), graph(), previewShown.test(n));
    }

    /** Which nodes show a preview strip (it makes them taller); none unless the previews say. */
    void setPreviewShown(java.util.function.Predicate<GraphNode> shown) {
        previewShown = shown;
    }

    /** The computed type of each output (per-frame nodes fed clips output clips); cached per link set. */
    public Map<PortRef, DataType> outputTypes() {
        Graph g = graph();
        if (typesFor == g) return outputTypes;
        if (typesFor == null || !typesFor.links().equals(g.links()) || !typesFor.nodes().keySet().equals(g.nodes().keySet())) {
            outputTypes = validator.outputTypes(g);
            typesFor = g;
        }
        return outputTypes;
    }

    public DataType outputType(PortRef out, DataType declared) {
        return outputTypes().getOrDefault(out, declared);
    }

    // ---- render states shown as badges ----

    /** Every node's last event, by path (inner nodes of subgraphs "sub1/grade1"). */
    public Map<String, NodeEvent> nodeStates() {
        return nodeStates;
    }

    /**
     * The state a node of this level shows: its own, or for a subgraph node the sum of what is
     * inside it (failed if anything failed, running while anything runs, done when all are).
     */
    public Optional<NodeEvent> nodeState(String id) {
        String path = pathOf(id);
        NodeEvent own = nodeStates.get(path);
        if (own != null) return Optional.of(own);
        List<NodeEvent> inner = nodeStates.entrySet().stream().filter(e -> e.getKey().startsWith(path + "/")).map(Map.Entry::getValue).toList();
        if (inner.isEmpty()) return Optional.empty();
        NodeState worst;
        if (any(inner, NodeState.FAILED)) worst = NodeState.FAILED;
        else if (any(inner, NodeState.RUNNING) || any(inner, NodeState.QUEUED)) worst = NodeState.RUNNING;
        else if (any(inner, NodeState.CANCELLED)) worst = NodeState.CANCELLED;
        else if (any(inner, NodeState.SKIPPED)) worst = NodeState.SKIPPED;
        else worst = inner.stream().allMatch(e -> e.state() == NodeState.CACHED) ? NodeState.CACHED : NodeState.DONE;
        double fraction = 0;
        for (NodeEvent e : inner) fraction += e.state().isFinal() ? 1 : e.fraction();
        String failed = inner.stream().filter(e -> e.state() == NodeState.FAILED).map(NodeEvent::nodeId).findFirst().map(f -> f + " failed").orElse("");
        return Optional.of(new NodeEvent(path, worst, fraction / inner.size(), failed.isEmpty() ? inner.size() + " nodes inside" : failed));
    }

    public void clearNodeStates() {
        nodeStates.clear();
        try {
            statesFor = Subgraphs.flatten(document.graph()).graph();
        } catch (GraphException e) {
            statesFor = null;
        }
    }

    /**
     * Badges describe the graph that was rendered: once a node's settings or inputs change, its
     * badge and those of everything downstream no longer hold and are removed. Moving a node
     * changes nothing that renders, so its badge stays.
     */
    private void dropStaleStates() {
        Graph g;
        try {
            g = Subgraphs.flatten(document.graph()).graph(); // states are about the nodes that run, by path
        } catch (GraphException e) {
            nodeStates.clear();
            return;
        }
        if (nodeStates.isEmpty() || statesFor == null || statesFor.equals(g)) {
            statesFor = g;
            return;
        }
        Set<String> changed = new java.util.HashSet<>();
        for (GraphNode n : g.nodes().values()) {
            GraphNode was = statesFor.nodes().get(n.id());
            if (was == null || !was.type().equals(n.type()) || !was.params().equals(n.params()) || was.bypass() != n.bypass() || was.muted() != n.muted()) changed.add(n.id());
        }
        if (!statesFor.links().equals(g.links())) {
            Set<Link> before = new java.util.HashSet<>(statesFor.links());
            Set<Link> after = new java.util.HashSet<>(g.links());
            for (Link l : g.links()) if (!before.contains(l)) changed.add(l.to().node());
            for (Link l : statesFor.links()) if (!after.contains(l) && g.nodes().containsKey(l.to().node())) changed.add(l.to().node());
        }
        nodeStates.keySet().retainAll(g.nodes().keySet());
        if (!changed.isEmpty()) nodeStates.keySet().removeAll(g.downstreamOf(changed));
        statesFor = g;
    }

    public void putNodeState(NodeEvent e) {
        nodeStates.put(e.nodeId(), e);
    }

    private static boolean any(List<NodeEvent> events, NodeState s) {
        return events.stream().anyMatch(e -> e.state() == s);
    }

    /** Tells the views that render states changed (badges), without a graph change. */
    public void fireStatesChanged() {
        for (Consumer<EditorModel> l : stateListeners) l.accept(this);
    }

    public void addStatesListener(Consumer<EditorModel> l) {
        stateListeners.add(l);
    }

    // ---- edits ----

    /**
     * Runs a command as one undo step. A refused edit (GraphException) changes nothing and its
     * reason goes to the status line.
     *
     * @return the reason it was refused, or empty when it was applied
     */
    public Optional<String> execute(Command c) {
        try {
            document.execute(atLevel(c));
            return Optional.empty();
        } catch (GraphException | IllegalArgumentException e) {
            setStatus(c.name() + " refused: " + e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Runs a command written for the whole document (Make Subgraph at a level keeps the enclosing
     * interface, a sweep's winner names nodes by path) as one undo step; refused like {@link #execute}.
     */
    public Optional<String> executeOnDocument(Command c) {
        return executeAllOnDocument(c.name(), List.of(c));
    }

    /** Several whole-document commands as one undo step; all or nothing. */
    public Optional<String> executeAllOnDocument(String name, List<Command> cs) {
        Document.Transaction tx = document.begin(name);
        try {
            for (Command c : cs) document.execute(c);
            tx.commit();
            return Optional.empty();
        } catch (GraphException | IllegalArgumentException e) {
            tx.rollback();
            setStatus(name + " refused: " + e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    /** A command written for the graph at this level, as an edit of the document. */
    public Command atLevel(Command c) {
        return Subgraphs.inside(level, c);
    }

    /** Runs several commands as one undo step; all or nothing. */
    public Optional<String> executeAll(String name, List<Command> cs) {
        return executeAllOnDocument(name, cs.stream().map(this::atLevel).toList());
    }

    /** Adds a node of a type with its top-left corner at a canvas point (snapped), selects it. */
    public Optional<String> addNode(String typeId, double x, double y) {
        Set<String> before = Set.copyOf(graph().nodes().keySet());
        Optional<String> err = execute(commands.addNode(typeId, snap(x), snap(y)));
        if (err.isEmpty()) {
            List<String> added = graph().nodes().keySet().stream().filter(id -> !before.contains(id)).toList();
            select(added);
            setStatus("Added " + added.stream().findFirst().orElse(typeId));
        }
        return err;
    }

    private static final Set<String> IMAGE_FILES = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    private static final Set<String> VIDEO_FILES = Set.of("mp4", "mov", "m4v", "mkv", "webm", "avi", "mxf", "mpg", "mpeg", "ts", "gifv");

    /** Load Image or Load Video for a dropped file by its extension; empty for other files. */
    static Optional<String> loaderFor(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        if (IMAGE_FILES.contains(ext)) return Optional.of("image.load");
        if (VIDEO_FILES.contains(ext)) return Optional.of("video.load");
        return Optional.empty();
    }

    /**
     * Files dropped from the file manager: a Load Image / Load Video node per image or video at
     * the drop point (stacked downwards), with its path stored relative to the graph; one undo
     * step. Other files are skipped with a status message.
     */
    public List<String> addMediaNodes(List<Path> files, double x, double y) {
        Set<String> before = Set.copyOf(graph().nodes().keySet());
        List<Command> cs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        double at = snap(y);
        for (Path f : files) {
            Optional<String> type = loaderFor(f);
            if (type.isEmpty()) {
                skipped.add(f.getFileName().toString());
                continue;
            }
            NodeSpec spec = registry.find(type.get()).orElseThrow().spec();
            String stored = storedPath(f);
            double nodeY = at;
            cs.add(org.cinegraph.graph.Command.of("Add " + spec.displayName(), g -> {
                String id = org.cinegraph.graph.GraphIds.next(org.cinegraph.graph.GraphIds.baseFor(spec.id()), g.nodes().keySet());
                return g.withNode(GraphNode.of(id, spec.id(), spec.version(), f.getFileName().toString(), snap(x), nodeY)
                        .withParams(Map.of("file", stored)));
            }));
            at += 120;
        }
        if (!cs.isEmpty()) executeAll(cs.size() == 1 ? "Add " + files.get(0).getFileName() : "Add " + cs.size() + " media files", cs);
        List<String> added = graph().nodes().keySet().stream().filter(id -> !before.contains(id)).toList();
        select(added);
        setStatus(skipped.isEmpty() ? "Added " + String.join(", ", added) : "Added " + added.size() + " nodes; not images or videos: " + String.join(", ", skipped));
        return added;
    }

    /**
     * Adds a node and wires it to a port in one undo step (quick add after dropping a wire):
     * an output port feeds the new node's first compatible input; an input port is fed by the
     * new node's first compatible output.
     */
    public Optional<String> addNodeConnected(NodeSpec type, double x, double y, PortRef port, DataType portType, boolean portIsInput) {
        Set<String> before = Set.copyOf(graph().nodes().keySet());
        Document.Transaction tx = document.begin("Add " + type.displayName());
        try {
            document.execute(atLevel(commands.addNode(type.id(), snap(x), snap(y))));
            String id = addedSince(before).get(0);
            if (port != null && portType != null) {
                if (portIsInput) {
                    PortSpec out = firstCompatibleOutput(type, port).orElseThrow(() -> new GraphException(type.displayName() + " has no output of type " + portType.displayName()));
                    document.execute(atLevel(commands.connect(new PortRef(id, out.name()), port)));
                } else {
                    PortSpec in = firstCompatibleInput(type, portType).orElseThrow(() -> new GraphException(type.displayName() + " has no input for " + portType.displayName()));
                    document.execute(atLevel(commands.connect(port, new PortRef(id, in.name()))));
                }
            }
            tx.commit();
            select(List.of(id));
            setStatus("Added " + id);
            return Optional.empty();
        } catch (GraphException | IllegalArgumentException e) {
            tx.rollback();
            setStatus("Add " + type.displayName() + " refused: " + e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    /** Ids of nodes that are in the graph now but were not in {@code before}. */
    public List<String> addedSince(Set<String> before) {
        return graph().nodes().keySet().stream().filter(id -> !before.contains(id)).toList();
    }

    /** Puts a Reroute point on a wire (double-click on the wire), one undoable step. */
    public Optional<String> insertReroute(Link wire, double x, double y) {
        Optional<String> err = execute(commands.insertReroute(wire, x, y));
        if (err.isEmpty()) setStatus("Added a reroute point on " + wire);
        return err;
    }

    public Optional<String> connect(PortRef from, PortRef to) {
        Optional<String> err = execute(commands.connect(from, to));
        if (err.isEmpty()) setStatus("Connected " + from + " to " + to);
        return err;
    }

    /**
     * Whether {@code from -> to} would be accepted, decided from the validator's computed types
     * and a precomputed set of nodes that would close a cycle: cheap enough to ask for every
     * visible port on every frame of a wire drag, also in graphs of thousands of nodes. The
     * drop itself goes through {@link #connect}, which gives the exact reason if refused.
     */
    public boolean canConnect(PortRef from, PortRef to, Set<String> cycleNodes) {
        if (from.node().equals(to.node()) || cycleNodes.contains(to.node()) && cycleNodes.contains(from.node())) return false;
        GraphNode fn = graph().nodes().get(from.node()), tn = graph().nodes().get(to.node());
        if (fn == null || tn == null) return false;
        Optional<NodeSpec> fs = spec(fn), ts = spec(tn);
        if (fs.isEmpty() || ts.isEmpty()) return true; // placeholders keep links unchecked, as the validator does
        Optional<PortSpec> out = fs.get().outputPort(from.port());
        Optional<PortSpec> in = ts.get().input(to.port());
        if (out.isEmpty() || in.isEmpty()) return false;
        return ConnectionRule.accepts(outputType(from, out.get().type()), ts.get(), in.get());
    }

    /** Why connecting would be refused on the current graph, or empty when it would be accepted. Changes nothing. */
    public Optional<String> whyNotConnect(PortRef from, PortRef to) {
        try {
            commands.connect(from, to).apply(graph());
            return Optional.empty();
        } catch (GraphException | IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    public Optional<String> setParam(Collection<String> ids, String param, Object value) {
        return execute(commands.setParam(ids, param, value));
    }

    public void deleteSelection() {
        if (selection.isEmpty()) return;
        execute(commands.removeNodes(List.copyOf(selection)));
    }

    public void toggleBypass() {
        if (selection.isEmpty()) return;
        boolean on = selection.stream().anyMatch(id -> !graph().requireNode(id).bypass());
        execute(commands.setBypass(List.copyOf(selection), on));
    }

    /**
     * Generate Again on the selected nodes that call a model service (they have a take): one undo
     * step; the next render asks each for a new result instead of the kept one.
     */
    public void generateAgain() {
        List<String> ids = selection.stream().sorted()
                .filter(id -> registry.find(graph().requireNode(id).type()).flatMap(t -> t.spec().param(ParamSpec.TAKE)).isPresent())
                .toList();
        if (ids.isEmpty()) {
            setStatus("Generate Again: select a remote model node");
            return;
        }
        if (executeAll("Generate again", ids.stream().map(commands::generateAgain).toList()).isEmpty()) {
            setStatus("Generate Again: the next render asks " + String.join(", ", ids) + " for a new result");
        }
    }

    public void toggleMute() {
        if (selection.isEmpty()) return;
        boolean on = selection.stream().anyMatch(id -> !graph().requireNode(id).muted());
        execute(commands.setMuted(List.copyOf(selection), on));
    }

    public void toggleCollapse() {
        if (selection.isEmpty()) return;
        boolean on = selection.stream().anyMatch(id -> !graph().requireNode(id).collapsed());
        execute(commands.setCollapsed(List.copyOf(selection), on));
    }

    /** The clipboard text of the selection (a .cgraph fragment), or empty with nothing selected. */
    public Optional<String> copySelection() {
        if (selection.isEmpty()) return Optional.empty();
        return Optional.of(GraphFile.copy(graph(), selection, registry));
    }

    public void cutSelection(Consumer<String> clipboard) {
        copySelection().ifPresent(text -> {
            clipboard.accept(text);
            execute(commands.removeNodes(List.copyOf(selection)));
        });
    }

    /**
     * Pastes fragment text with its top-left node at (x, y) or, without a point, a grid step
     * down-right of where it was copied from. The pasted nodes become the selection.
     */
    public Optional<String> paste(String text, Double x, Double y) {
        Graph fragment;
        try {
            fragment = GraphFile.pasteFragment(text, registry);
        } catch (GraphFormatException e) {
            setStatus("Nothing to paste: the clipboard does not hold Cinegraph nodes (" + e.getMessage() + ")");
            return Optional.of(e.getMessage());
        }
        if (fragment.nodes().isEmpty()) return Optional.of("nothing to paste");
        double minX = fragment.nodes().values().stream().mapToDouble(GraphNode::x).min().orElse(0);
        double minY = fragment.nodes().values().stream().mapToDouble(GraphNode::y).min().orElse(0);
        double dx = x == null ? 2 * GRID : snap(x) - minX;
        double dy = y == null ? 2 * GRID : snap(y) - minY;
        Set<String> before = Set.copyOf(graph().nodes().keySet());
        Optional<String> err = execute(commands.paste(fragment, dx, dy));
        if (err.isEmpty()) {
            select(addedSince(before));
            setStatus("Pasted " + fragment.nodes().size() + " node(s)");
        }
        return err;
    }

    public void duplicateSelection() {
        copySelection().ifPresent(text -> paste(text, null, null));
    }

    /** Creates a group framing the selected nodes. */
    public Optional<String> groupSelection(String title, String colour) {
        if (selection.isEmpty()) return Optional.of("select nodes to group");
        Bounds b = boundsOf(selection, NodeGeometry.MARGIN);
        return execute(commands.addGroup(title, colour, new Bounds(b.x(), b.y() - NodeGeometry.TITLE_H, b.width(), b.height() + NodeGeometry.TITLE_H)));
    }

    /** The canvas rectangle around the given nodes plus a margin. */
    public Bounds boundsOf(Collection<String> ids, double margin) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (String id : ids) {
            GraphNode n = graph().requireNode(id);
            NodeGeometry geo = geometry(n);
            x0 = Math.min(x0, n.x());
            y0 = Math.min(y0, n.y());
            x1 = Math.max(x1, n.x() + geo.width());
            y1 = Math.max(y1, n.y() + geo.height());
        }
        if (x0 == Double.MAX_VALUE) return new Bounds(0, 0, 0, 0);
        return new Bounds(x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin);
    }

    public enum Align { LEFT, RIGHT, TOP, BOTTOM, CENTRE_HORIZONTAL, CENTRE_VERTICAL }

    public void align(Align how) {
        if (selection.size() < 2) {
            setStatus("Select two or more nodes to align");
            return;
        }
        Bounds b = boundsOf(selection, 0);
        Map<String, double[]> pos = new LinkedHashMap<>();
        for (String id : selection) {
            GraphNode n = graph().requireNode(id);
            NodeGeometry geo = geometry(n);
            double x = n.x(), y = n.y();
            switch (how) {
                case LEFT -> x = b.x();
                case RIGHT -> x = b.x() + b.width() - geo.width();
                case TOP -> y = b.y();
                case BOTTOM -> y = b.y() + b.height() - geo.height();
                case CENTRE_HORIZONTAL -> x = b.x() + (b.width() - geo.width()) / 2;
                case CENTRE_VERTICAL -> y = b.y() + (b.height() - geo.height()) / 2;
            }
            pos.put(id, new double[]{x, y});
        }
        execute(commands.placeNodes("Align " + how.name().toLowerCase().replace('_', ' '), pos));
    }

    /** Spreads the selected nodes evenly between the outermost ones, horizontally or vertically. */
    public void distribute(boolean horizontal) {
        if (selection.size() < 3) {
            setStatus("Select three or more nodes to distribute");
            return;
        }
        List<GraphNode> ns = new ArrayList<>(selection.stream().map(graph()::requireNode).toList());
        ns.sort(Comparator.comparingDouble(n -> horizontal ? n.x() : n.y()));
        double first = horizontal ? ns.get(0).x() : ns.get(0).y();
        double last = horizontal ? ns.get(ns.size() - 1).x() : ns.get(ns.size() - 1).y();
        double step = (last - first) / (ns.size() - 1);
        Map<String, double[]> pos = new LinkedHashMap<>();
        for (int i = 0; i < ns.size(); i++) {
            GraphNode n = ns.get(i);
            pos.put(n.id(), horizontal ? new double[]{first + i * step, n.y()} : new double[]{n.x(), first + i * step});
        }
        execute(commands.placeNodes(horizontal ? "Distribute horizontally" : "Distribute vertically", pos));
    }

    // ---- types for wiring ----

    /** The declared ports of a node, or for a placeholder the ports its links use. */
    public List<PortSpec> inputs(GraphNode n) {
        return spec(n).map(NodeSpec::inputs).orElseGet(() -> NodeGeometry.placeholderPorts(graph(), n, true));
    }

    public List<PortSpec> outputs(GraphNode n) {
        return spec(n).map(NodeSpec::outputs).orElseGet(() -> NodeGeometry.placeholderPorts(graph(), n, false));
    }

    /** Node types with an input this output type can feed, for the quick-add list after dropping a wire. */
    public boolean acceptsType(NodeSpec s, DataType from) {
        return firstCompatibleInput(s, from).isPresent();
    }

    public Optional<PortSpec> firstCompatibleInput(NodeSpec s, DataType from) {
        return ConnectionRule.firstInput(s, from);
    }

    /** The output of a new node of type {@code s} that would feed input {@code to} (any output for a placeholder, whose links are not checked). */
    public Optional<PortSpec> firstCompatibleOutput(NodeSpec s, PortRef to) {
        GraphNode target = graph().nodes().get(to.node());
        if (target == null) return Optional.empty();
        Optional<NodeSpec> ts = spec(target);
        if (ts.isEmpty()) return s.outputs().stream().findFirst();
        return ts.get().input(to.port()).flatMap(in -> ConnectionRule.firstOutput(s, ts.get(), in));
    }

    /** Where relative file parameters start from: the graph file's folder, else the working folder. */
    public Path graphDir() {
        return document.file().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
    }

    /** A path as stored in a FILE parameter: relative to the graph file's folder when inside it. */
    public String storedPath(Path chosen) {
        Path dir = graphDir();
        Path abs = chosen.toAbsolutePath().normalize();
        String s = abs.startsWith(dir) ? dir.relativize(abs).toString() : abs.toString();
        return s.replace('\\', '/');
    }

    public static double snap(double v) {
        return Math.round(v / GRID) * GRID;
    }

    public Optional<Link> linkInto(PortRef in) {
        return graph().linkInto(in);
    }
}
