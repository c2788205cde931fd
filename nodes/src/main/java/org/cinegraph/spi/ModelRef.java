package org.cinegraph.spi;

import java.util.Objects;

/**
 * A model a node needs: its library name and the digest of its weights (sha256 over the
 * manifest's file list, see {@code org.cinegraph.models.ModelManifest#digest()}). Graph files
 * list these in {@code requires.models}; the render cache keys model nodes by the digest.
 */
public record ModelRef(String name, String sha256) {
    public ModelRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
    }
}
