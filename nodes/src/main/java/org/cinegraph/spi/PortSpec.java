package org.cinegraph.spi;

import java.util.Objects;

/** A typed input or output port of a node type. */
public record PortSpec(String name, DataType type, boolean required, String description) {
    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
    }

    public static PortSpec required(String name, DataType type, String description) {
        return new PortSpec(name, type, true, description);
    }

    public static PortSpec optional(String name, DataType type, String description) {
        return new PortSpec(name, type, false, description);
    }

    public static PortSpec output(String name, DataType type, String description) {
        return new PortSpec(name, type, true, description);
    }
}
