package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.PortSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "nodes", mixinStandardHelpOptions = true, description = "List the node catalogue with ports and parameters.")
final class NodesCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--json", description = "the catalogue as JSON")
    boolean json;

    NodesCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode arr = m.createArrayNode();
            for (NodeType t : ctx.registry().all()) arr.add(describe(m, t.spec()));
            ctx.out.println(arr.toPrettyString());
            return Cli.OK;
        }
        String category = null;
        List<NodeSpec> specs = ctx.registry().all().stream().map(NodeType::spec)
                .sorted(Comparator.comparing(NodeSpec::category).thenComparing(NodeSpec::displayName)).toList();
        for (NodeSpec s : specs) {
            if (!s.category().equals(category)) {
                category = s.category();
                ctx.out.println();
                ctx.out.println(category);
            }
            ctx.out.printf(Locale.ROOT, "  %-22s %s (v%d)%s%n", s.id(), s.displayName(), s.version(), s.perFrame() ? "  [per frame on clips]" : "");
            ctx.out.println("      " + s.description());
            for (PortSpec p : s.inputs()) ctx.out.printf(Locale.ROOT, "      in  %-14s %s%s%n", p.name(), p.type().displayName(), p.required() ? "" : " (optional)");
            for (PortSpec p : s.outputs()) ctx.out.printf(Locale.ROOT, "      out %-14s %s%n", p.name(), p.type().displayName());
            for (ParamSpec p : s.params()) ctx.out.printf(Locale.ROOT, "      param %-12s %s = %s%s%s%n", p.name(), p.type().displayName(),
                    p.defaultValue(), range(p), p.choices().isEmpty() ? "" : " " + p.choices());
        }
        return Cli.OK;
    }

    private static String range(ParamSpec p) {
        if (p.min() == null && p.max() == null) return "";
        return " [" + num(p.min()) + " .. " + num(p.max()) + "]";
    }

    private static String num(Double d) {
        if (d == null) return "";
        if (d >= Long.MAX_VALUE) return "max";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        return d.toString();
    }

    private static ObjectNode describe(ObjectMapper m, NodeSpec s) {
        ObjectNode o = m.createObjectNode();
        o.put("id", s.id());
        o.put("version", s.version());
        o.put("category", s.category());
        o.put("name", s.displayName());
        o.put("description", s.description());
        o.put("writesFiles", s.output());
        o.put("perFrame", s.perFrame());
        ArrayNode in = o.putArray("inputs");
        for (PortSpec p : s.inputs()) in.addObject().put("name", p.name()).put("type", p.type().displayName()).put("required", p.required());
        ArrayNode outs = o.putArray("outputs");
        for (PortSpec p : s.outputs()) outs.addObject().put("name", p.name()).put("type", p.type().displayName());
        ArrayNode ps = o.putArray("params");
        for (ParamSpec p : s.params()) {
            ObjectNode po = ps.addObject();
            po.put("name", p.name());
            po.put("type", p.type().displayName());
            po.put("widget", p.widget().name().toLowerCase(Locale.ROOT));
            po.putPOJO("default", p.defaultValue());
            if (p.min() != null) po.put("min", p.min());
            if (p.max() != null) po.put("max", p.max());
            if (p.softMin() != null) po.put("sliderMin", p.softMin());
            if (p.softMax() != null) po.put("sliderMax", p.softMax());
            if (!p.choices().isEmpty()) {
                ArrayNode c = po.putArray("choices");
                p.choices().forEach(c::add);
            }
            po.put("description", p.description());
        }
        return o;
    }
}
