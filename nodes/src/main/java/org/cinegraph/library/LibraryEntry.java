package org.cinegraph.library;

import org.cinegraph.graph.Subgraph;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One subgraph in a team library: its name and version, where the palette lists it, what it
 * does, its definition (carrying the reference a graph embeds: name, version, digest) and the
 * file it came from.
 */
public record LibraryEntry(String name, int version, String category, String description, Subgraph subgraph, Path file) {
    public LibraryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subgraph, "subgraph");
        if (subgraph.library().isEmpty()) throw new IllegalArgumentException("a library entry's subgraph carries its library reference");
        category = category == null || category.isBlank() ? "Library" : category;
        description = description == null ? "" : description;
    }

    /** The digest of the definition, as graphs that embed it record it. */
    public String sha256() {
        return subgraph.library().orElseThrow().sha256();
    }
}
