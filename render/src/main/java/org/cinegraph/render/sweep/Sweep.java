package org.cinegraph.render.sweep;

import org.cinegraph.graph.ParamRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Every combination of some swept parameters (a wedge): the first axis varies slowest, the last
 * fastest, so with two axes the first gives the contact sheet's rows and the second its columns.
 */
public record Sweep(List<SweepAxis> axes) {
    /** Most renders one sweep may ask for. */
    public static final int MAX_COMBINATIONS = 256;

    public Sweep {
        axes = List.copyOf(axes);
        if (axes.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one parameter");
        long n = 1;
        for (SweepAxis a : axes) {
            n *= a.values().size();
            if (n > MAX_COMBINATIONS) throw new IllegalArgumentException("the sweep would render more than " + MAX_COMBINATIONS + " combinations");
        }
        for (int i = 0; i < axes.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (axes.get(i).param().equals(axes.get(j).param())) throw new IllegalArgumentException(axes.get(i).param() + " is swept twice");
            }
        }
    }

    /**
     * One combination: the values (by parameter, in axis order) and how it is named: "exposure=0.5
     * seed=3" for people, "_exposure=0.5_seed=3" at the end of file names. A parameter is named
     * alone unless two axes share its name, then with its node.
     */
    public record Combination(int index, Map<ParamRef, Object> values, List<String> names) {
        public Combination {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            names = List.copyOf(names);
        }

        public String label() {
            StringJoiner j = new StringJoiner("  ");
            int i = 0;
            for (Object v : values.values()) j.add(names.get(i++) + "=" + SweepAxis.show(v));
            return j.toString();
        }

        public String suffix() {
            StringJoiner j = new StringJoiner("_", "_", "");
            int i = 0;
            for (Object v : values.values()) j.add(names.get(i++).replaceAll("[^A-Za-z0-9.+-]", "-") + "=" + SweepAxis.fileSafe(v));
            return j.toString();
        }
    }

    public int size() {
        int n = 1;
        for (SweepAxis a : axes) n *= a.values().size();
        return n;
    }

    /** Columns of the contact sheet: the last axis's values with two or more axes, else a near-square wrap. */
    public int columns() {
        if (axes.size() > 1) return axes.get(axes.size() - 1).values().size();
        return (int) Math.ceil(Math.sqrt(size()));
    }

    public List<Combination> combinations() {
        Map<String, Integer> names = new HashMap<>();
        for (SweepAxis a : axes) names.merge(a.param().param(), 1, Integer::sum);
        List<Combination> out = new ArrayList<>();
        int n = size();
        for (int i = 0; i < n; i++) {
            Map<ParamRef, Object> values = new LinkedHashMap<>();
            List<String> shown = new ArrayList<>();
            int rest = i;
            int[] pick = new int[axes.size()];
            for (int k = axes.size() - 1; k >= 0; k--) {
                int size = axes.get(k).values().size();
                pick[k] = rest % size;
                rest /= size;
            }
            for (int k = 0; k < axes.size(); k++) {
                SweepAxis a = axes.get(k);
                Object v = a.values().get(pick[k]);
                values.put(a.param(), v);
                shown.add(names.get(a.param().param()) > 1 ? a.param().toString() : a.param().param());
            }
            out.add(new Combination(i, values, shown));
        }
        return out;
    }

    /** "grade1.exposure=0.5:1.5:0.25 x noise1.seed=4seeds (20 renders)". */
    public String describe() {
        StringJoiner j = new StringJoiner(" x ");
        for (SweepAxis a : axes) j.add(a.param() + "=" + a.spec());
        return j + " (" + size() + " render" + (size() == 1 ? "" : "s") + ")";
    }
}
