package org.cinegraph.models;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The value on a LoRA wire: the adapters a generator applies, in order, each with its strength.
 * Load LoRA nodes build it one link at a time (like a chain of loaders).
 */
public record LoraStack(List<Entry> entries) {
    /** One library LoRA: its folder and manifest (files verified when loaded) and the strength to apply it with. */
    public record Entry(String name, String digest, double strength, ModelLibrary.Installed installed) {
    }

    public static final LoraStack EMPTY = new LoraStack(List.of());

    public LoraStack {
        entries = List.copyOf(entries);
    }

    public LoraStack plus(Entry e) {
        List<Entry> all = new ArrayList<>(entries);
        all.add(e);
        return new LoraStack(all);
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "no LoRAs"
                : entries.stream().map(e -> e.name() + " at " + e.strength()).collect(Collectors.joining(", "));
    }
}
