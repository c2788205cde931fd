package org.cinegraph.render.sweep;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.NodeSpecs;
import org.cinegraph.graph.ParamRef;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.ParamSpec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One swept parameter and its values, from {@code NODE.PARAM=VALUES} (NODE may be a path
 * "sub1/grade1", or a subgraph node with a promoted parameter). VALUES is one of:
 * <ul>
 *   <li>a list: {@code 0.5,0.75,1} or {@code fit,fill} (each checked like an edit);</li>
 *   <li>a range: {@code START:STOP:STEP}, STOP included when a step lands on it
 *       ({@code 0.5:1.5:0.25} is 0.5, 0.75, 1, 1.25, 1.5), counted in decimal so no 0.30000000000000004;</li>
 *   <li>seeds: {@code 4seeds} is the node's seed and the next three, {@code 4seeds@100} is 100 to 103
 *       (Seed and Integer parameters).</li>
 * </ul>
 */
public record SweepAxis(ParamRef param, DataType type, List<Object> values, String spec) {
    /** Most values one axis may have. */
    public static final int MAX_VALUES = 256;
    private static final Pattern SEEDS = Pattern.compile("(\\d+)\\s*seeds?(?:@(-?\\d+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE = Pattern.compile("([-+]?[0-9.eE+-]+):([-+]?[0-9.eE+-]+):([-+]?[0-9.eE+-]+)");

    public SweepAxis {
        values = List.copyOf(values);
    }

    /**
     * @throws IllegalArgumentException with a message that says what is wrong, for the user
     */
    public static SweepAxis parse(String arg, Graph g, NodeRegistry registry) {
        int eq = arg.indexOf('=');
        if (eq < 0) throw new IllegalArgumentException("--sweep wants NODE.PARAM=VALUES, not '" + arg + "'");
        ParamRef ref = ParamRef.parse(arg.substring(0, eq).trim());
        String spec = arg.substring(eq + 1).trim();
        GraphNode node = Subgraphs.allNodes(g).get(ref.node());
        if (node == null) throw new IllegalArgumentException("no node '" + ref.node() + "' in the graph");
        ParamSpec ps = NodeSpecs.of(registry, node).flatMap(s -> s.param(ref.param()))
                .orElseThrow(() -> new IllegalArgumentException("node " + ref.node() + " has no parameter '" + ref.param() + "'"));
        List<Object> values = values(spec, ps, node);
        if (values.isEmpty()) throw new IllegalArgumentException(ref + ": no values in '" + spec + "'");
        if (values.size() > MAX_VALUES) throw new IllegalArgumentException(ref + ": " + values.size() + " values; at most " + MAX_VALUES);
        if (new HashSet<>(values).size() != values.size()) throw new IllegalArgumentException(ref + ": a value is listed twice in '" + spec + "'");
        return new SweepAxis(ref, ps.type(), values, spec);
    }

    private static List<Object> values(String spec, ParamSpec ps, GraphNode node) {
        Matcher seeds = SEEDS.matcher(spec);
        if (seeds.matches()) {
            if (ps.type() != DataType.SEED && ps.type() != DataType.INTEGER) {
                throw new IllegalArgumentException("'" + spec + "' is for seeds; parameter '" + ps.name() + "' is " + ps.type().displayName());
            }
            int n = Integer.parseInt(seeds.group(1));
            if (n < 1 || n > MAX_VALUES) throw new IllegalArgumentException("'" + spec + "': from 1 to " + MAX_VALUES + " seeds");
            long start = seeds.group(2) != null ? Long.parseLong(seeds.group(2)) : (Long) ps.coerce(ps.storedOrDefault(node.params()));
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) out.add(ps.coerce(start + i));
            return out;
        }
        Matcher range = RANGE.matcher(spec);
        if (range.matches() && (ps.type() == DataType.NUMBER || ps.type() == DataType.INTEGER || ps.type() == DataType.SEED)) {
            BigDecimal from = decimal(range.group(1), spec);
            BigDecimal to = decimal(range.group(2), spec);
            BigDecimal step = decimal(range.group(3), spec);
            int direction = to.compareTo(from);
            if (step.signum() == 0 || (direction != 0 && direction != step.signum())) {
                throw new IllegalArgumentException("'" + spec + "': the step must be non-zero and go from START towards STOP");
            }
            List<Object> out = new ArrayList<>();
            for (BigDecimal v = from; step.signum() > 0 ? v.compareTo(to) <= 0 : v.compareTo(to) >= 0; v = v.add(step)) {
                if (out.size() > MAX_VALUES) break;
                out.add(ps.coerce(ps.type() == DataType.NUMBER ? (Object) v.doubleValue() : v.stripTrailingZeros().toPlainString()));
            }
            return out;
        }
        List<Object> out = new ArrayList<>();
        for (String s : spec.split(",", -1)) {
            if (s.isBlank()) throw new IllegalArgumentException("'" + spec + "' has an empty value");
            out.add(ps.coerce(s.trim()));
        }
        return out;
    }

    private static BigDecimal decimal(String s, String spec) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "' is not START:STOP:STEP with numbers");
        }
    }

    /** A value as a sweep shows it: 0.5, 1 (not 1.0), 3, fill. */
    public static String show(Object v) {
        if (v instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return String.valueOf(v);
    }

    /** A value as a file name carries it: letters, digits, '.', '+', '-' (a colour's '#' dropped); anything else becomes '-'. */
    public static String fileSafe(Object v) {
        return show(v).replace("#", "").replaceAll("[^A-Za-z0-9.+-]", "-");
    }
}
