package org.cinegraph.app.editor;

import org.cinegraph.builtin.util.Reroute;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.PortSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where a node and its ports sit on the canvas, in canvas units: a title bar, then one row per
 * port (inputs on the left edge, outputs on the right). A collapsed node is its title bar only,
 * with all ports on its edges' middle. A Reroute ({@code isReroute}, by type) is a dot with both
 * ports at its centre. Shared by drawing and hit testing so they always agree.
 */
public record NodeGeometry(double x, double y, double width, double height, int inputs, int outputs, boolean collapsed, boolean isReroute) {
    public static final double WIDTH = 180;
    public static final double TITLE_H = 24;
    public static final double ROW_H = 20;
    public static final double PORT_R = 5;
    public static final double MARGIN = 20;

    /** A Reroute point is a dot of this size with its one input and one output at the centre. */
    public static final double REROUTE_SIZE = 16;

    public static NodeGeometry of(GraphNode n, NodeSpec spec, Graph g) {
        if (n.type().equals(Reroute.TYPE)) return new NodeGeometry(n.x(), n.y(), REROUTE_SIZE, REROUTE_SIZE, 1, 1, true, true);
        int ins = spec != null ? spec.inputs().size() : placeholderPorts(g, n, true).size();
        int outs = spec != null ? spec.outputs().size() : placeholderPorts(g, n, false).size();
        double h = n.collapsed() ? TITLE_H : TITLE_H + Math.max(1, Math.max(ins, outs)) * ROW_H + 6;
        return new NodeGeometry(n.x(), n.y(), WIDTH, h, ins, outs, n.collapsed(), false);
    }

    public double inputY(int i) {
        return collapsed ? y + Math.min(TITLE_H, height) / 2 : y + TITLE_H + ROW_H * i + ROW_H / 2;
    }

    public double outputY(int i) {
        return inputY(i);
    }

    public double inputX() {
        return isReroute() ? x + width / 2 : x;
    }

    public double outputX() {
        return isReroute() ? x + width / 2 : x + width;
    }

    /** The position of a port in a node's port list, or -1. */
    static int indexOf(List<PortSpec> ports, String name) {
        for (int i = 0; i < ports.size(); i++) if (ports.get(i).name().equals(name)) return i;
        return -1;
    }

    /**
     * How far (screen pixels) a wire's bezier handles reach out of its ends at (x0, .) and
     * (x1, .): painting and hit testing draw the same curve.
     */
    static double wireBend(double x0, double x1, double scale) {
        return Math.max(30 * scale, Math.abs(x1 - x0) * 0.5);
    }

    public boolean contains(double px, double py) {
        return px >= x && px <= x + width && py >= y && py <= y + height;
    }

    /** A placeholder node (type not installed) shows the ports its links name, typed as unknown (File colour is not used). */
    static List<PortSpec> placeholderPorts(Graph g, GraphNode n, boolean inputs) {
        TreeSet<String> names = new TreeSet<>();
        for (Link l : inputs ? g.linksInto(n.id()) : g.linksFrom(n.id())) names.add(inputs ? l.to().port() : l.from().port());
        List<PortSpec> out = new ArrayList<>();
        for (String name : names) out.add(PortSpec.optional(name, DataType.MASK, "port of a node type that is not installed"));
        return out;
    }
}
