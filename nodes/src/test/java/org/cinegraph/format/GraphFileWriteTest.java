package org.cinegraph.format;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.testing.TestTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Saving never leaves a partial file and never damages the file being replaced. */
class GraphFileWriteTest {
    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anUnsavableValueLeavesTheOldFileIntact(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("g.cgraph");
        GraphFile.write(GraphFileTest.sample(), f, TestTypes.REGISTRY);
        byte[] before = Files.readAllBytes(f);
        Graph bad = GraphFileTest.sample().withNode(GraphNode.of("odd", "plugin.odd", 1, "", 0, 0).withParam("blob", new Object()));
        assertThatThrownBy(() -> GraphFile.write(bad, f, TestTypes.REGISTRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node odd: parameter 'blob'");
        Graph nan = GraphFileTest.sample().withNode(GraphNode.of("nan", "plugin.odd", 1, "", 0, 0).withParam("x", Double.NaN));
        assertThatThrownBy(() -> GraphFile.write(nan, f, TestTypes.REGISTRY)).hasMessageContaining("node nan: parameter 'x' is NaN");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(listing(dir)).containsExactly("g.cgraph");
    }

    @Test
    void aFailedMoveLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        // A non-empty folder where the file should go cannot be replaced: the rename fails.
        Path target = Files.createDirectories(dir.resolve("g.cgraph"));
        Files.writeString(target.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> GraphFile.write(GraphFileTest.sample(), target, TestTypes.REGISTRY)).isInstanceOf(IOException.class);
        assertThat(listing(dir)).containsExactly("g.cgraph");
        assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("x");
    }

    @Test
    void aReadOnlyFolderLeavesTheOldFileIntact(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("g.cgraph");
        GraphFile.write(GraphFileTest.sample(), f, TestTypes.REGISTRY);
        byte[] before = Files.readAllBytes(f);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(dir), "running as a user who can write anywhere (root)");
            Graph changed = GraphFileTest.sample().withView(org.cinegraph.graph.ViewState.DEFAULT);
            assertThatThrownBy(() -> GraphFile.write(changed, f, TestTypes.REGISTRY)).isInstanceOf(IOException.class);
            assertThat(Files.readAllBytes(f)).isEqualTo(before);
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(listing(dir)).containsExactly("g.cgraph");
    }

    @Test
    void replacingKeepsTheFilePermissions(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("g.cgraph");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
        GraphFile.write(GraphFileTest.sample(), f, TestTypes.REGISTRY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-rw-r--");
    }

    @Test
    void aByteOrderMarkIsIgnored(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bom.cgraph");
        Files.writeString(f, "\uFEFF" + GraphFile.toJson(GraphFileTest.sample(), TestTypes.REGISTRY));
        assertThat(GraphFile.read(f, TestTypes.REGISTRY).graph()).isEqualTo(GraphFileTest.sample());
    }

    @Test
    void overwritingReplacesTheWholeFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("g.cgraph");
        Files.writeString(f, "x".repeat(100_000));
        GraphFile.write(Graph.EMPTY, f, TestTypes.REGISTRY);
        assertThat(Files.readString(f)).isEqualTo(GraphFile.toJson(Graph.EMPTY, TestTypes.REGISTRY));
        assertThat(GraphFile.read(f, TestTypes.REGISTRY).graph()).isEqualTo(Graph.EMPTY);
    }
}
