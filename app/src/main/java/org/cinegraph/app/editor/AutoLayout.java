package org.cinegraph.app.editor;

import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Arrange > Auto Layout: nodes in layers left to right, each node one column after the furthest
 * node feeding it (longest path), stacked in a column in the order of what feeds them so wires
 * cross little; the laid-out nodes keep their top-left corner. Links to nodes outside the set
 * are ignored. A group's box follows its nodes (a group holds the nodes inside its box). One
 * undo step.
 */
final class AutoLayout {
    static final double COLUMN_GAP = 80, ROW_GAP = 40;

    private AutoLayout() {
    }

    /** Lays out the selection (two nodes or more), else the whole graph being edited. */
    static void apply(EditorModel model) {
        Set<String> ids = model.selection().size() >= 2 ? Set.copyOf(model.selection()) : model.graph().nodes().keySet();
        if (ids.size() < 2) {
            model.setStatus("Nothing to lay out");
            return;
        }
        Map<String, double[]> at = positions(model.graph(), ids, n -> {
            NodeGeometry g = model.geometry(n);
            return new double[]{g.width(), g.height()};
        });
        String name = "Auto layout " + ids.size() + " nodes";
        Command place = model.commands().placeNodes(name, at);
        Graph before = model.graph();
        // a group holds the nodes inside its box: its box follows its nodes to their new places
        model.execute(Command.of(name, g -> {
            Graph after = place.apply(g);
            for (Group gr : before.groups().values()) {
                List<String> members = before.nodes().values().stream().filter(n -> gr.bounds().contains(n.x(), n.y()))
                        .map(GraphNode::id).filter(at::containsKey).toList();
                if (members.isEmpty()) continue;
                double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
                for (String id : members) {
                    NodeGeometry geo = model.geometry(after.requireNode(id));
                    x0 = Math.min(x0, geo.x());
                    y0 = Math.min(y0, geo.y());
                    x1 = Math.max(x1, geo.x() + geo.width());
                    y1 = Math.max(y1, geo.y() + geo.height());
                }
                double m = NodeGeometry.MARGIN;
                after = after.withGroup(gr.withBounds(new Bounds(x0 - m, y0 - m - NodeGeometry.TITLE_H, x1 - x0 + 2 * m, y1 - y0 + 2 * m + NodeGeometry.TITLE_H)));
            }
            return after;
        }));
    }

    /** Where each node of {@code ids} goes (top-left corners on the grid); {@code size} gives a node's width and height. */
    static Map<String, double[]> positions(Graph g, Collection<String> ids, Function<GraphNode, double[]> size) {
        Set<String> set = Set.copyOf(ids);
        Map<String, List<String>> feeds = new HashMap<>();
        for (Link l : g.links()) {
            if (set.contains(l.from().node()) && set.contains(l.to().node()) && !l.from().node().equals(l.to().node())) {
                feeds.computeIfAbsent(l.to().node(), k -> new ArrayList<>()).add(l.from().node());
            }
        }
        // longest path from a source: the graph has no cycles, so the recursion ends
        Map<String, Integer> layer = new HashMap<>();
        for (String id : set) layerOf(id, feeds, layer);
        TreeMap<Integer, List<String>> columns = new TreeMap<>();
        // first pass in the current top-to-bottom order, so a layout of a tidy graph stays close to it
        List<String> byY = set.stream().sorted(Comparator.comparingDouble((String id) -> g.requireNode(id).y()).thenComparing(id -> id)).toList();
        for (String id : byY) columns.computeIfAbsent(layer.get(id), k -> new ArrayList<>()).add(id);
        double left = set.stream().mapToDouble(id -> g.requireNode(id).x()).min().orElse(0);
        double top = set.stream().mapToDouble(id -> g.requireNode(id).y()).min().orElse(0);
        Map<String, double[]> out = new LinkedHashMap<>();
        Map<String, Double> rank = new HashMap<>();
        double x = left;
        for (List<String> column : columns.values()) {
            // nodes follow the average row of what feeds them (barycentre), ties keep the order above
            Map<String, Double> key = new HashMap<>();
            for (int i = 0; i < column.size(); i++) {
                String id = column.get(i);
                List<String> from = feeds.getOrDefault(id, List.of());
                key.put(id, from.isEmpty() ? i : from.stream().mapToDouble(f -> rank.getOrDefault(f, 0.0)).average().orElse(i));
            }
            List<String> ordered = new ArrayList<>(column);
            ordered.sort(Comparator.comparingDouble(key::get));
            double y = top, widest = 0;
            for (int i = 0; i < ordered.size(); i++) {
                String id = ordered.get(i);
                double[] wh = size.apply(g.requireNode(id));
                out.put(id, new double[]{EditorModel.snap(x), EditorModel.snap(y)});
                rank.put(id, (double) i);
                y += wh[1] + ROW_GAP;
                widest = Math.max(widest, wh[0]);
            }
            x += widest + COLUMN_GAP;
        }
        return out;
    }

    private static int layerOf(String id, Map<String, List<String>> feeds, Map<String, Integer> layer) {
        Integer known = layer.get(id);
        if (known != null) return known;
        int l = 0;
        for (String f : feeds.getOrDefault(id, List.of())) l = Math.max(l, layerOf(f, feeds, layer) + 1);
        layer.put(id, l);
        return l;
    }
}
