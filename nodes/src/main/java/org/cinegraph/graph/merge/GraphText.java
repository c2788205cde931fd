package org.cinegraph.graph.merge;

import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PlainValues;

import java.util.Map;
import java.util.TreeMap;

/**
 * A graph as plain lines for git's textconv, so that {@code git log -p}, {@code git show} and
 * {@code git blame} read a graph change as a change of meaning: one block per node (id, title,
 * type, then its position, parameters "name = value", inputs "port <- node.port" and flags), then
 * groups, view, unknown fields and merge conflicts. Derived data (the "requires" block) is left
 * out. A block starts with "node ID" at the left margin, which git's xfuncname uses to name the
 * node in every hunk header. Map-valued parameters are spread over dotted names, one line each,
 * so a change inside one (a subgraph's settings) is one line too.
 */
public final class GraphText {
    private GraphText() {
    }

    public static String of(Graph g) {
        StringBuilder sb = new StringBuilder();
        for (GraphNode n : g.nodes().values()) {
            sb.append("node ").append(GraphDiff.label(n)).append('\n');
            sb.append("  at (").append(GraphDiff.num(n.x())).append(", ").append(GraphDiff.num(n.y())).append(")\n");
            if (n.bypass()) sb.append("  bypassed\n");
            if (n.muted()) sb.append("  muted\n");
            if (n.collapsed()) sb.append("  collapsed\n");
            if (!n.notes().isEmpty()) sb.append("  notes ").append(PlainValues.text(n.notes())).append('\n');
            params(sb, "", n.params());
            for (Link l : g.linksInto(n.id()).stream().sorted().toList()) {
                sb.append("  ").append(l.to().port()).append(" <- ").append(l.from()).append('\n');
            }
            n.extra().forEach((k, v) -> sb.append("  field ").append(PlainValues.text(k)).append(" = ").append(PlainValues.text(v)).append('\n'));
            sb.append('\n');
        }
        for (Group gr : g.groups().values()) {
            sb.append("group ").append(gr.id()).append("  ").append(PlainValues.text(gr.title())).append("  ").append(gr.colour())
                    .append("  at (").append(GraphDiff.num(gr.bounds().x())).append(", ").append(GraphDiff.num(gr.bounds().y())).append("), ")
                    .append(GraphDiff.num(gr.bounds().width())).append(" x ").append(GraphDiff.num(gr.bounds().height())).append('\n');
        }
        sb.append("view centre (").append(GraphDiff.num(g.view().centerX())).append(", ").append(GraphDiff.num(g.view().centerY()))
                .append(") zoom ").append(GraphDiff.num(g.view().zoom())).append('\n');
        g.extra().forEach((k, v) -> sb.append("field ").append(PlainValues.text(k)).append(" = ").append(PlainValues.text(v)).append('\n'));
        for (Conflict c : g.conflicts()) {
            sb.append("conflict ").append(c.kind().aboutNode() ? "node " + c.subject() + ": " : "").append(c.describe()).append('\n');
        }
        return sb.toString();
    }

    private static void params(StringBuilder sb, String prefix, Map<String, ?> params) {
        params.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                Map<String, Object> sorted = new TreeMap<>();
                m.forEach((mk, mv) -> sorted.put(String.valueOf(mk), mv));
                params(sb, prefix + k + ".", sorted);
            } else {
                sb.append("  ").append(prefix).append(k).append(" = ").append(PlainValues.text(v)).append('\n');
            }
        });
    }
}
