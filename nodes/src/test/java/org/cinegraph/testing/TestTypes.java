package org.cinegraph.testing;

import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.List;
import java.util.Map;

/** Node types with typed ports for graph and file-format tests; they never evaluate. */
public final class TestTypes {
    /** Outputs an Image and a Number; has Long, Double and FILE parameters. Version 2. */
    public static final NodeSpec SOURCE = NodeSpec.builder("test.source", 2).name("Source")
            .param(ParamSpec.integer("count", 1, 1, 10, "How many"))
            .param(ParamSpec.number("gain", 1.0, 0, 2, "Gain"))
            .param(ParamSpec.file("path", "An input file"))
            .output("image", DataType.IMAGE, "")
            .output("value", DataType.NUMBER, "")
            .build();

    /** Image in (required), Mask in (optional), Image out. */
    public static final NodeSpec FILTER = NodeSpec.builder("test.filter", 1).name("Filter")
            .input("image", DataType.IMAGE, "")
            .optionalInput("mask", DataType.MASK, "")
            .param(ParamSpec.number("amount", 0.5, 0, 1, "Amount"))
            .output("image", DataType.IMAGE, "")
            .build();

    /** Outputs Text, which cannot feed an Image input. */
    public static final NodeSpec TEXT = NodeSpec.builder("test.text", 1).name("Text")
            .param(ParamSpec.text("text", "hello", "The text"))
            .output("text", DataType.TEXT, "")
            .build();

    public static final NodeRegistry REGISTRY = new NodeRegistry(List.of(type(SOURCE), type(FILTER), type(TEXT)));

    private TestTypes() {
    }

    private static NodeType type(NodeSpec spec) {
        return new NodeType() {
            @Override
            public NodeSpec spec() {
                return spec;
            }

            @Override
            public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
                throw new UnsupportedOperationException("test type " + spec.id() + " is not evaluated");
            }
        };
    }
}
