package org.cinegraph.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The TorchScript fixtures made by src/test/resources/models/make_fixtures.py, copied into a library folder. */
final class ModelFixtures {
    static final Path SOURCE = Path.of("src/test/resources/models");

    private ModelFixtures() {
    }

    /** A library folder holding the named fixture models. */
    static Path library(Path dir, String... names) {
        try {
            Files.createDirectories(dir);
            for (String n : names) {
                Path from = SOURCE.resolve(n);
                Path to = dir.resolve(n);
                Files.createDirectories(to);
                try (Stream<Path> s = Files.list(from)) {
                    for (Path f : s.toList()) Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
