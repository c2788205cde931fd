package org.cinegraph.models;

import ai.djl.ndarray.NDArray;
import org.cinegraph.media.Frame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The manifest decoders ({@link NodeSection.Decoder}) in plain Java over the model's output
 * arrays (they are small: hundreds of anchors, a score map), and what the decoded shapes become:
 * JSON text, a count, a drawn mask.
 */
public final class Detections {
    private Detections() {
    }

    /**
     * A box (x1, y1 top-left, x2, y2 bottom-right) or a line segment (x1, y1 to x2, y2), with its
     * score and key points (x, y pairs), in whichever pixel space it was made in.
     */
    public record Shape(double x1, double y1, double x2, double y2, double score, double[] keypoints) {
        Shape mapped(PortTensors.Placement p) {
            double[] k = new double[keypoints.length];
            for (int i = 0; i + 1 < k.length; i += 2) {
                k[i] = p.toSourceX(keypoints[i]);
                k[i + 1] = p.toSourceY(keypoints[i + 1]);
            }
            return new Shape(p.toSourceX(x1), p.toSourceY(y1), p.toSourceX(x2), p.toSourceY(y2), score, k);
        }
    }

    /** Runs decoder {@code d} over the named outputs; shapes come back in source pixels. */
    public static List<Shape> decode(NodeSection.Decoder d, Map<String, NDArray> outputs, Map<String, Object> params, PortTensors.Placement pl) {
        List<Shape> raw = switch (d.kind()) {
            case "anchor-boxes" -> anchorBoxes(d, outputs, params, pl.tensorW(), pl.tensorH());
            case "line-segments" -> lineSegments(d, outputs, params);
            default -> throw new IllegalArgumentException("unknown decoder kind " + d.kind());
        };
        List<Shape> out = new ArrayList<>(raw.size());
        for (Shape s : raw) out.add(s.mapped(pl));
        return out;
    }

    private static float[] floats(Map<String, NDArray> outputs, String name) {
        NDArray a = outputs.get(name);
        if (a == null) throw new IllegalArgumentException("the model gave no output " + name + " (it gave " + outputs.keySet() + ")");
        return a.toFloatArray();
    }

    static List<Shape> anchorBoxes(NodeSection.Decoder d, Map<String, NDArray> outputs, Map<String, Object> params, int inW, int inH) {
        double threshold = NodeSection.number(d.threshold(), params, 0.5);
        int kp = d.keypoints() == null ? 0 : d.keypoints();
        boolean sigmoid = "sigmoid".equals(d.scoreActivation());
        List<Shape> found = new ArrayList<>();
        for (int level = 0; level < d.grids().size(); level++) {
            NodeSection.Grid g = d.grids().get(level);
            float[] scores = floats(outputs, d.scores().get(level));
            float[] boxes = floats(outputs, d.boxes().get(level));
            int n = g.cells() * g.cells() * g.anchors();
            if (scores.length != n || boxes.length % n != 0 || boxes.length / n < 4 + 2 * kp) {
                throw new IllegalArgumentException("decoder " + d.id() + ": level " + level + " has " + scores.length + " scores and "
                        + boxes.length + " box values for a " + g.cells() + "x" + g.cells() + "x" + g.anchors() + " anchor grid");
            }
            int stride = boxes.length / n;
            for (int i = 0; i < n; i++) {
                double score = sigmoid ? 1 / (1 + Math.exp(-scores[i])) : scores[i];
                if (score < threshold) continue;
                int cell = i / g.anchors();
                double ax = (cell % g.cells() + 0.5) / g.cells() * inW, ay = (cell / g.cells() + 0.5) / g.cells() * inH;
                int b = i * stride;
                double cx = ax + boxes[b], cy = ay + boxes[b + 1], w = boxes[b + 2], h = boxes[b + 3];
                double[] k = new double[2 * kp];
                for (int j = 0; j < kp; j++) {
                    k[2 * j] = ax + boxes[b + 4 + 2 * j];
                    k[2 * j + 1] = ay + boxes[b + 5 + 2 * j];
                }
                found.add(new Shape(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, k));
            }
        }
        found.sort(Comparator.comparingDouble(Shape::score).reversed());
        List<Shape> kept = suppress(found, d.iou() == null ? 0.3 : d.iou(), !"hard".equals(d.nms()));
        int max = d.max() == null ? 100 : d.max();
        return kept.size() > max ? kept.subList(0, max) : kept;
    }

    /**
     * Non-maximum suppression over boxes sorted best first. Weighted (MediaPipe's blending): each
     * kept box is the score-weighted mean of itself and the boxes overlapping it by {@code iou} or
     * more, which are then dropped; hard: the best box of each overlapping group stays as it is.
     */
    static List<Shape> suppress(List<Shape> sorted, double iou, boolean weighted) {
        List<Shape> out = new ArrayList<>();
        boolean[] used = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            if (used[i]) continue;
            Shape a = sorted.get(i);
            double sw = 0, x1 = 0, y1 = 0, x2 = 0, y2 = 0;
            double[] k = new double[a.keypoints().length];
            for (int j = i; j < sorted.size(); j++) {
                if (used[j]) continue;
                Shape b = sorted.get(j);
                if (j != i && overlap(a, b) < iou) continue;
                used[j] = true;
                double s = b.score();
                sw += s;
                x1 += b.x1() * s;
                y1 += b.y1() * s;
                x2 += b.x2() * s;
                y2 += b.y2() * s;
                for (int q = 0; q < k.length; q++) k[q] += b.keypoints()[q] * s;
            }
            if (!weighted) {
                out.add(a);
                continue;
            }
            for (int q = 0; q < k.length; q++) k[q] /= sw;
            out.add(new Shape(x1 / sw, y1 / sw, x2 / sw, y2 / sw, a.score(), k));
        }
        return out;
    }

    static double overlap(Shape a, Shape b) {
        double iw = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
        double ih = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
        double inter = iw * ih;
        double union = (a.x2() - a.x1()) * (a.y2() - a.y1()) + (b.x2() - b.x1()) * (b.y2() - b.y1()) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    static List<Shape> lineSegments(NodeSection.Decoder d, Map<String, NDArray> outputs, Map<String, Object> params) {
        NDArray scoreMap = outputs.get(d.scores().get(0));
        if (scoreMap == null) throw new IllegalArgumentException("the model gave no output " + d.scores().get(0));
        boolean nhwc = !"NCHW".equals(d.layout());
        ai.djl.ndarray.types.Shape s = scoreMap.getShape();
        int h = (int) s.get(nhwc ? 1 : 2), w = (int) s.get(nhwc ? 2 : 3);
        float[] score = scoreMap.toFloatArray();
        float[] off = floats(outputs, d.offsets());
        if (score.length != h * w || off.length != 4 * h * w) {
            throw new IllegalArgumentException("decoder " + d.id() + ": score map " + s + " and offsets of " + off.length + " values do not match");
        }
        double threshold = NodeSection.number(d.threshold(), params, 0.1);
        double minLength = NodeSection.number(d.minLength(), params, 0);
        int cell = d.cell() == null ? 1 : d.cell();
        List<Shape> out = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = score[y * w + x];
                if (v < threshold || !peak(score, w, h, x, y)) continue;
                double[] o = new double[4];
                for (int c = 0; c < 4; c++) o[c] = nhwc ? off[(y * w + x) * 4 + c] : off[(c * h + y) * w + x];
                double x1 = (x + o[0]) * cell, y1 = (y + o[1]) * cell, x2 = (x + o[2]) * cell, y2 = (y + o[3]) * cell;
                if (Math.hypot(x2 - x1, y2 - y1) < minLength) continue;
                out.add(new Shape(x1, y1, x2, y2, v, new double[0]));
            }
        }
        out.sort(Comparator.comparingDouble(Shape::score).reversed());
        int max = d.max() == null ? 1000 : d.max();
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** Whether (x, y) holds the highest score of its 3x3 neighbourhood (ties go to the first in scan order). */
    private static boolean peak(float[] s, int w, int h, int x, int y) {
        float v = s[y * w + x];
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx, yy = y + dy;
                if ((dx == 0 && dy == 0) || xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
                float o = s[yy * w + xx];
                if (o > v || (o == v && (dy < 0 || (dy == 0 && dx < 0)))) return false;
            }
        }
        return true;
    }

    /** The shapes as JSON: [{"x1":..,"y1":..,"x2":..,"y2":..,"score":..,"keypoints":[..]}], source pixels, 0.1 px. */
    public static String json(List<Shape> shapes) {
        StringBuilder b = new StringBuilder("[");
        for (Shape s : shapes) {
            if (b.length() > 1) b.append(',');
            b.append(String.format(Locale.ROOT, "{\"x1\":%.1f,\"y1\":%.1f,\"x2\":%.1f,\"y2\":%.1f,\"score\":%.3f", s.x1(), s.y1(), s.x2(), s.y2(), s.score()));
            if (s.keypoints().length > 0) {
                b.append(",\"keypoints\":[");
                for (int i = 0; i < s.keypoints().length; i++) b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", s.keypoints()[i]));
                b.append(']');
            }
            b.append('}');
        }
        return b.append(']').toString();
    }

    /** A w x h mask, white where the shapes are: filled boxes or ellipses, or lines {@code width} wide. */
    public static Frame draw(List<Shape> shapes, String how, double width, int w, int h) {
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, 0xFF000000);
        for (Shape s : shapes) {
            switch (how) {
                case "lines" -> line(px, w, h, s, Math.max(1, width));
                case "ellipses" -> ellipse(px, w, h, s);
                default -> box(px, w, h, s);
            }
        }
        return new Frame(w, h, px);
    }

    private static void box(int[] px, int w, int h, Shape s) {
        int x0 = clamp((int) Math.round(s.x1()), w), x1 = clamp((int) Math.round(s.x2()), w);
        int y0 = clamp((int) Math.round(s.y1()), h), y1 = clamp((int) Math.round(s.y2()), h);
        for (int y = y0; y < y1; y++) java.util.Arrays.fill(px, y * w + x0, y * w + x1, 0xFFFFFFFF);
    }

    private static void ellipse(int[] px, int w, int h, Shape s) {
        double cx = (s.x1() + s.x2()) / 2, cy = (s.y1() + s.y2()) / 2, rx = (s.x2() - s.x1()) / 2, ry = (s.y2() - s.y1()) / 2;
        if (rx <= 0 || ry <= 0) return;
        for (int y = clamp((int) Math.floor(cy - ry), h); y < clamp((int) Math.ceil(cy + ry) + 1, h); y++) {
            for (int x = clamp((int) Math.floor(cx - rx), w); x < clamp((int) Math.ceil(cx + rx) + 1, w); x++) {
                double dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;
                if (dx * dx + dy * dy <= 1) px[y * w + x] = 0xFFFFFFFF;
            }
        }
    }

    /** Pixels whose centre lies within width/2 of the segment. */
    private static void line(int[] px, int w, int h, Shape s, double width) {
        double r = width / 2;
        int xa = clamp((int) Math.floor(Math.min(s.x1(), s.x2()) - r), w), xb = clamp((int) Math.ceil(Math.max(s.x1(), s.x2()) + r) + 1, w);
        int ya = clamp((int) Math.floor(Math.min(s.y1(), s.y2()) - r), h), yb = clamp((int) Math.ceil(Math.max(s.y1(), s.y2()) + r) + 1, h);
        double dx = s.x2() - s.x1(), dy = s.y2() - s.y1(), len2 = dx * dx + dy * dy;
        for (int y = ya; y < yb; y++) {
            for (int x = xa; x < xb; x++) {
                double qx = x + 0.5 - s.x1(), qy = y + 0.5 - s.y1();
                double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, (qx * dx + qy * dy) / len2));
                double ex = qx - t * dx, ey = qy - t * dy;
                if (ex * ex + ey * ey <= r * r) px[y * w + x] = 0xFFFFFFFF;
            }
        }
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n, v));
    }
}
