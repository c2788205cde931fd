package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import org.cinegraph.graph.Bounds;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Group;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.spi.PortSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What is under a point of the canvas (canvas-local pixels): a port, a node, a group's title bar,
 * a wire. Positions come from {@link NodeGeometry}, the same as painting uses.
 */
final class CanvasHits {
    /** A port under the cursor: which one, and whether it is an input. */
    record PortHit(PortRef ref, boolean input) {
    }

    private final EditorModel model;
    private final Viewport vp;

    CanvasHits(EditorModel model, Viewport vp) {
        this.model = model;
        this.vp = vp;
    }

    /** The world point of a port's centre. */
    Optional<Point2D> portPosition(PortRef ref, boolean input) {
        GraphNode n = model.graph().nodes().get(ref.node());
        if (n == null) return Optional.empty();
        NodeGeometry geo = model.geometry(n);
        List<PortSpec> ports = input ? model.inputs(n) : model.outputs(n);
        int i = NodeGeometry.indexOf(ports, ref.port());
        if (i < 0) return Optional.empty();
        return Optional.of(input ? new Point2D(geo.inputX(), geo.inputY(i)) : new Point2D(geo.outputX(), geo.outputY(i)));
    }

    /**
     * The port under a point, topmost node first. A Reroute dot has both ports at its centre:
     * while a wire is dragged ({@code wireWantsInput} not null) the dot offers the end the wire
     * needs; otherwise its left or right edge starts a wire and its middle (none) moves it.
     */
    Optional<PortHit> portAt(double sx, double sy, Boolean wireWantsInput) {
        Point2D w = vp.toWorld(sx, sy);
        double tol = Math.max(NodeGeometry.PORT_R + 3, 8 / vp.scale());
        List<GraphNode> ns = new ArrayList<>(model.graph().nodes().values());
        for (int k = ns.size() - 1; k >= 0; k--) {
            GraphNode n = ns.get(k);
            NodeGeometry geo = model.geometry(n);
            if (w.getX() < geo.x() - tol || w.getX() > geo.x() + geo.width() + tol || w.getY() < geo.y() - tol || w.getY() > geo.y() + geo.height() + tol) continue;
            if (geo.isReroute()) {
                double cx = geo.x() + geo.width() / 2;
                if (Math.hypot(w.getX() - cx, w.getY() - (geo.y() + geo.height() / 2)) > geo.width() / 2 + 2) continue;
                if (wireWantsInput == null && Math.abs(w.getX() - cx) <= 3) continue;
                boolean input = wireWantsInput != null ? wireWantsInput : w.getX() < cx - 3;
                return Optional.of(new PortHit(new PortRef(n.id(), input ? "in" : "out"), input));
            }
            List<PortSpec> ins = model.inputs(n), outs = model.outputs(n);
            for (int i = 0; i < ins.size(); i++) {
                if (Math.hypot(w.getX() - geo.inputX(), w.getY() - geo.inputY(i)) <= tol) return Optional.of(new PortHit(new PortRef(n.id(), ins.get(i).name()), true));
            }
            for (int i = 0; i < outs.size(); i++) {
                if (Math.hypot(w.getX() - geo.outputX(), w.getY() - geo.outputY(i)) <= tol) return Optional.of(new PortHit(new PortRef(n.id(), outs.get(i).name()), false));
            }
        }
        return Optional.empty();
    }

    /** The topmost node under a point (nodes are painted in id order, so the last wins). */
    Optional<GraphNode> nodeAt(double sx, double sy) {
        Point2D w = vp.toWorld(sx, sy);
        GraphNode hit = null;
        for (GraphNode n : model.graph().nodes().values()) if (model.geometry(n).contains(w.getX(), w.getY())) hit = n;
        return Optional.ofNullable(hit);
    }

    Optional<Group> groupTitleAt(double sx, double sy) {
        Point2D w = vp.toWorld(sx, sy);
        for (Group gr : model.graph().groups().values()) {
            Bounds b = gr.bounds();
            if (w.getX() >= b.x() && w.getX() <= b.x() + b.width() && w.getY() >= b.y() && w.getY() <= b.y() + NodeGeometry.TITLE_H) return Optional.of(gr);
        }
        return Optional.empty();
    }

    /** The wire within a few pixels of a point (its curve sampled as painted), for double-click reroute. */
    Optional<Link> wireAt(double sx, double sy) {
        Graph g = model.graph();
        Link best = null;
        double bestD = 6;
        for (Link l : g.links()) {
            GraphNode fn = g.nodes().get(l.from().node()), tn = g.nodes().get(l.to().node());
            NodeGeometry a = model.geometry(fn), b = model.geometry(tn);
            Point2D p0 = vp.toLocal(a.outputX(), a.outputY(Math.max(0, NodeGeometry.indexOf(model.outputs(fn), l.from().port()))));
            Point2D p3 = vp.toLocal(b.inputX(), b.inputY(Math.max(0, NodeGeometry.indexOf(model.inputs(tn), l.to().port()))));
            double dx = NodeGeometry.wireBend(p0.getX(), p3.getX(), vp.scale());
            for (int i = 0; i <= 32; i++) {
                double t = i / 32.0, u = 1 - t;
                double x = u * u * u * p0.getX() + 3 * u * u * t * (p0.getX() + dx) + 3 * u * t * t * (p3.getX() - dx) + t * t * t * p3.getX();
                double y = u * u * u * p0.getY() + 3 * u * u * t * p0.getY() + 3 * u * t * t * p3.getY() + t * t * t * p3.getY();
                double d = Math.hypot(x - sx, y - sy);
                if (d < bestD) {
                    bestD = d;
                    best = l;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
