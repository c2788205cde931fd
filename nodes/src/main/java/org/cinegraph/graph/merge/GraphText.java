package org.cinegraph.graph.merge;

import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PlainValues;
import org.cinegraph.graph.Subgraph;

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
        nodes(sb, g, "");
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

    private static void nodes(StringBuilder sb, Graph g, String prefix) {
        for (GraphNode n : g.nodes().values()) {
            sb.append("node ").append(prefix).append(GraphDiff.label(n)).append('\n');
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
            if (n.isSubgraph()) subgraph(sb, n.subgraph());
            sb.append('\n');
            // the inside follows its node, each inner node a block of its own named by path
            if (n.isSubgraph()) nodes(sb, n.subgraph().graph(), prefix + n.id() + "/");
        }
    }

    /** The interface, one line per port and promoted parameter; inner groups, view and conflicts. */
    private static void subgraph(StringBuilder sb, Subgraph s) {
        s.library().ifPresent(l -> sb.append("  library ").append(PlainValues.text(l.name())).append(" v").append(l.version())
                .append(" sha256 ").append(l.sha256()).append('\n'));
        for (Subgraph.Input in : s.inputs()) {
            sb.append("  input ").append(in.name()).append(" (").append(in.type().displayName()).append(") -> ")
                    .append(String.join(", ", in.targets().stream().map(Object::toString).toList())).append('\n');
        }
        for (Subgraph.Output o : s.outputs()) {
            sb.append("  output ").append(o.name()).append(" (").append(o.type().displayName()).append(") <- ").append(o.source()).append('\n');
        }
        for (Subgraph.Param p : s.params()) sb.append("  promotes ").append(p.name()).append(" = ").append(p.node()).append('.').append(p.param()).append('\n');
        Graph inner = s.graph();
        for (Group gr : inner.groups().values()) sb.append("  group ").append(gr.id()).append("  ").append(PlainValues.text(gr.title())).append('\n');
        for (Conflict c : inner.conflicts()) {
            sb.append("  conflict ").append(c.kind().aboutNode() ? "node " + c.subject() + ": " : "").append(c.describe()).append('\n');
        }
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
