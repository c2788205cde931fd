package org.cinegraph.builtin.util;

import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;

import java.util.Map;

/**
 * A point on a wire: passes its input through unchanged, so artists can route long wires
 * around other nodes (Blender's and ComfyUI's reroute). Its output has the type of whatever
 * feeds it (computed by the validator), and the editor draws it as a dot.
 */
public final class Reroute implements NodeType {
    public static final String TYPE = "util.reroute";

    private static final NodeSpec SPEC = NodeSpec.builder(TYPE, 1)
            .category("Utility").name("Reroute")
            .description("A point on a wire for tidy routing; passes the value through unchanged.")
            .input("in", DataType.ANY, "Any value")
            .output("out", DataType.ANY, "The same value")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
        return Map.of("out", in.input("in"));
    }
}
