package org.cinegraph.spi;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;

import java.util.Map;

/**
 * Input values (by input port name; absent when an optional input is unconnected) and
 * parameter values (by parameter name, already checked against the spec, defaults filled in).
 */
public final class NodeInputs {
    private final String nodeId;
    private final Map<String, Object> inputs;
    private final Map<String, Object> params;

    public NodeInputs(String nodeId, Map<String, Object> inputs, Map<String, Object> params) {
        this.nodeId = nodeId;
        this.inputs = Map.copyOf(inputs);
        this.params = Map.copyOf(params);
    }

    public boolean has(String input) {
        return inputs.containsKey(input);
    }

    public Object input(String name) {
        Object v = inputs.get(name);
        if (v == null) throw new IllegalStateException("node " + nodeId + ": input '" + name + "' is not connected");
        return v;
    }

    public Frame image(String name) {
        return (Frame) input(name);
    }

    public Clip clip(String name) {
        return (Clip) input(name);
    }

    public org.cinegraph.media.Audio audio(String name) {
        return (org.cinegraph.media.Audio) input(name);
    }

    public double inputNumber(String name) {
        return ((Number) input(name)).doubleValue();
    }

    public Object param(String name) {
        Object v = params.get(name);
        if (v == null) throw new IllegalStateException("node " + nodeId + ": no parameter '" + name + "'");
        return v;
    }

    public double number(String name) {
        return ((Number) param(name)).doubleValue();
    }

    public long integer(String name) {
        return ((Number) param(name)).longValue();
    }

    public int intParam(String name) {
        return Math.toIntExact(integer(name));
    }

    public boolean bool(String name) {
        return (Boolean) param(name);
    }

    public String text(String name) {
        return (String) param(name);
    }

    /** Connected input values by port name. */
    public Map<String, Object> inputs() {
        return inputs;
    }

    public Map<String, Object> params() {
        return params;
    }
}
