package org.cinegraph.app.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.files.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The render queue on disk, so it survives a restart: one {@code ID.cgraph} per queued render
 * (the graph text, written once) and {@code queue.json} (the order, names and folders), each
 * written atomically; the index is written after the graphs it names, so a crash between the two
 * leaves at most an unlisted graph file, removed by the next save. Not thread-safe: one caller
 * (the queue's serial lane) at a time.
 */
public final class RenderQueueStore {
    static final String INDEX = "queue.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public RenderQueueStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** What was queued, and a line for each entry that could not be read back. */
    public record Loaded(List<QueuedRender> renders, List<String> warnings) {
    }

    public Loaded load() throws IOException {
        Path index = dir.resolve(INDEX);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(index));
        } catch (NoSuchFileException e) {
            return new Loaded(List.of(), List.of());
        } catch (IOException e) {
            throw new IOException(index + " is not a readable queue: " + e.getMessage(), e);
        }
        List<QueuedRender> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (JsonNode e : root.path("renders")) {
            String id = e.path("id").asText();
            try {
                Path graph = dir.resolve(id + ".cgraph");
                String text = Files.readString(graph);
                out.add(new QueuedRender(id, e.path("name").asText(id), text,
                        e.hasNonNull("graphFile") ? Optional.of(Path.of(e.get("graphFile").asText())) : Optional.empty(),
                        Path.of(e.path("graphDir").asText()), Path.of(e.path("outDir").asText()),
                        Instant.parse(e.path("queued").asText())));
            } catch (IOException | RuntimeException ex) {
                warnings.add("queued render '" + e.path("name").asText(id) + "' could not be read back: " + ex.getMessage());
            }
        }
        return new Loaded(out, warnings);
    }

    /** Writes the queue as given: new graph files, then the index, then removes graph files it no longer names. */
    public void save(List<QueuedRender> renders) throws IOException {
        Files.createDirectories(dir);
        Set<String> keep = new HashSet<>();
        ArrayNode list = JSON.createArrayNode();
        for (QueuedRender r : renders) {
            Path graph = dir.resolve(r.id() + ".cgraph");
            if (!Files.isRegularFile(graph)) AtomicFiles.writeString(graph, r.graphText());
            keep.add(graph.getFileName().toString());
            ObjectNode o = list.addObject();
            o.put("id", r.id());
            o.put("name", r.name());
            r.graphFile().ifPresentOrElse(f -> o.put("graphFile", f.toString()), () -> o.putNull("graphFile"));
            o.put("graphDir", r.graphDir().toString());
            o.put("outDir", r.outDir().toString());
            o.put("queued", r.queued().toString());
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.set("renders", list);
        AtomicFiles.writeString(dir.resolve(INDEX), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".cgraph") && !keep.contains(n)) Files.deleteIfExists(p);
            }
        }
    }
}
