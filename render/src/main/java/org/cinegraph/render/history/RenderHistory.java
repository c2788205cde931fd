package org.cinegraph.render.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.files.AtomicFiles;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.spi.ServiceCall;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Every render, kept per user: one folder per render named by its id (start time, sortable, plus
 * a random suffix) holding record.json, graph.cgraph (the exact graph text) and thumb.png. A
 * record is written into a hidden folder and renamed into place, so a listing never sees half a
 * record. Folder: $CINEGRAPH_HISTORY_DIR, else $XDG_DATA_HOME/cinegraph/history, else
 * ~/.local/share/cinegraph/history (data, not cache: clearing the cache keeps the history).
 * Bounded: $CINEGRAPH_HISTORY_SIZE (bytes, or with K/M/G; default 1G); the oldest records go
 * first, never the one just written.
 */
public final class RenderHistory {
    static final String RECORD = "record.json";
    static final String GRAPH = "graph.cgraph";
    static final String THUMB = "thumb.png";
    public static final int THUMB_WIDTH = 160;
    private static final Logger LOG = Logger.getLogger(RenderHistory.class.getName());
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final long DEFAULT_LIMIT = 1L << 30;

    private final Path dir;
    private final long limit;

    public RenderHistory(Path dir) {
        this(dir, DEFAULT_LIMIT);
    }

    /** @param limit bytes the records may take; the oldest are removed beyond it */
    public RenderHistory(Path dir, long limit) {
        this.dir = dir.toAbsolutePath().normalize();
        this.limit = limit;
    }

    public static RenderHistory fromEnvironment() {
        String size = System.getenv("CINEGRAPH_HISTORY_SIZE");
        long limit = notBlank(size) ? org.cinegraph.render.RenderSettings.parseSize(size) : DEFAULT_LIMIT;
        return new RenderHistory(defaultDir(System.getenv(), System.getProperty("user.home")), limit);
    }

    static Path defaultDir(Map<String, String> env, String home) {
        if (notBlank(env.get("CINEGRAPH_HISTORY_DIR"))) return Path.of(env.get("CINEGRAPH_HISTORY_DIR"));
        if (notBlank(env.get("XDG_DATA_HOME"))) return Path.of(env.get("XDG_DATA_HOME"), "cinegraph", "history");
        return Path.of(home, ".local", "share", "cinegraph", "history");
    }

    public Path dir() {
        return dir;
    }

    /**
     * Records a finished render. The thumbnail comes from the first output image, else the middle
     * frame of the first video or PNG sequence; a render whose outputs cannot be read still gets
     * its record, without a picture.
     *
     * @param graphFile the file the graph came from, if any (shown in listings)
     * @throws IOException naming the history folder if the record cannot be written
     */
    public HistoryEntry record(Instant started, long durationMillis, Optional<Path> graphFile, String graphText,
                               List<Path> outputs, List<HistoryEntry.Model> models) throws IOException {
        return record(started, durationMillis, graphFile, graphText, outputs, models, List.of(), Optional.empty());
    }

    /**
     * As above, with the paid remote calls the render made (provider, endpoint, request id,
     * duration, estimated cost; never a key), so a studio can account for what a render spent.
     */
    public HistoryEntry record(Instant started, long durationMillis, Optional<Path> graphFile, String graphText,
                               List<Path> outputs, List<HistoryEntry.Model> models, List<ServiceCall> calls) throws IOException {
        return record(started, durationMillis, graphFile, graphText, outputs, models, calls, Optional.empty());
    }

    /** As above, for a sweep: {@code sweep} says what was swept (the graph is the one before its overrides). */
    public HistoryEntry record(Instant started, long durationMillis, Optional<Path> graphFile, String graphText,
                               List<Path> outputs, List<HistoryEntry.Model> models, List<ServiceCall> calls, Optional<String> sweep) throws IOException {
        String id = ID_TIME.format(started) + "-" + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Path target = dir.resolve(id);
        Files.createDirectories(dir);
        Path temp = AtomicFiles.tempSibling(target);
        try {
            Files.createDirectory(temp);
            Files.writeString(temp.resolve(GRAPH), graphText, StandardCharsets.UTF_8);
            thumbnail(outputs).ifPresent(f -> ImageFiles.writePngInPlace(f, temp.resolve(THUMB)));
            ObjectNode rec = JSON.createObjectNode();
            rec.put("id", id);
            rec.put("started", started.toString());
            rec.put("durationMillis", durationMillis);
            graphFile.ifPresent(g -> rec.put("graphFile", g.toAbsolutePath().normalize().toString()));
            ArrayNode outs = rec.putArray("outputs");
            outputs.forEach(p -> outs.add(p.toAbsolutePath().normalize().toString()));
            ArrayNode ms = rec.putArray("models");
            for (HistoryEntry.Model m : models) ms.addObject().put("name", m.name()).put("sha256", m.sha256());
            sweep.ifPresent(w -> rec.put("sweep", w));
            ArrayNode cs = rec.putArray("calls");
            for (ServiceCall c : calls) {
                ObjectNode o = cs.addObject().put("node", c.nodeId()).put("provider", c.provider()).put("endpoint", c.endpoint())
                        .put("requestId", c.requestId()).put("durationMillis", c.durationMillis());
                if (c.estimatedCost() != null) o.put("estimatedCost", c.estimatedCost()).put("currency", c.currency());
            }
            Files.writeString(temp.resolve(RECORD), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rec) + "\n", StandardCharsets.UTF_8);
            AtomicFiles.commitDirectory(temp, target);
        } catch (IOException | MediaException e) {
            AtomicFiles.deleteTree(temp);
            throw new IOException("cannot record the render in history folder " + dir + ": " + e.getMessage(), e);
        }
        trim(id);
        return load(id).orElseThrow(() -> new IOException("render record " + target + " vanished after writing"));
    }

    /** Removes the oldest records (by id, which starts with the time) until the rest fit the bound; keeps {@code newest}. */
    private void trim(String newest) throws IOException {
        List<Path> folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = new ArrayList<>(s.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isDirectory(p)).sorted().toList());
        }
        Map<Path, Long> sizes = new java.util.HashMap<>();
        long total = 0;
        for (Path f : folders) {
            long n = 0;
            try (Stream<Path> s = Files.walk(f)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) n += Files.size(p);
            } catch (IOException e) {
                // counted as what could be read
            }
            sizes.put(f, n);
            total += n;
        }
        for (Path f : folders) {
            if (total <= limit) break;
            if (f.getFileName().toString().equals(newest)) continue;
            AtomicFiles.deleteTree(f);
            total -= sizes.get(f);
        }
    }

    /** Past renders, newest first. Unreadable records are skipped (and logged). */
    public List<HistoryEntry> list() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<HistoryEntry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                try {
                    read(p).ifPresent(out::add);
                } catch (IOException e) {
                    LOG.warning(e.getMessage());
                }
            }
        }
        out.sort(Comparator.comparing(HistoryEntry::started).thenComparing(HistoryEntry::id).reversed());
        return out;
    }

    /** The render with this id (or a unique prefix of it). */
    public Optional<HistoryEntry> load(String id) throws IOException {
        if (id.isBlank() || id.contains("/") || id.contains("\\") || id.startsWith(".")) return Optional.empty();
        Path exact = dir.resolve(id);
        if (Files.isDirectory(exact)) return read(exact);
        List<HistoryEntry> matches = list().stream().filter(e -> e.id().startsWith(id)).toList();
        if (matches.size() > 1) throw new IOException("render id '" + id + "' is ambiguous: it starts " + matches.size() + " records");
        return matches.stream().findFirst();
    }

    /** The exact graph text the render used. */
    public String graphText(HistoryEntry e) throws IOException {
        return Files.readString(e.graph(), StandardCharsets.UTF_8);
    }

    private static Optional<HistoryEntry> read(Path folder) throws IOException {
        Path rec = folder.resolve(RECORD);
        if (!Files.isRegularFile(rec)) return Optional.empty();
        try {
            JsonNode j = JSON.readTree(Files.readString(rec, StandardCharsets.UTF_8));
            List<Path> outputs = new ArrayList<>();
            j.path("outputs").forEach(o -> outputs.add(Path.of(o.asText())));
            List<HistoryEntry.Model> models = new ArrayList<>();
            j.path("models").forEach(m -> models.add(new HistoryEntry.Model(m.path("name").asText(), m.path("sha256").asText())));
            List<ServiceCall> calls = new ArrayList<>();
            j.path("calls").forEach(c -> calls.add(new ServiceCall(c.path("node").asText(), c.path("provider").asText(), c.path("endpoint").asText(),
                    c.path("requestId").asText(), c.path("durationMillis").asLong(), c.has("estimatedCost") ? c.path("estimatedCost").asDouble() : null,
                    c.path("currency").asText(""))));
            return Optional.of(new HistoryEntry(j.path("id").asText(folder.getFileName().toString()), Instant.parse(j.path("started").asText()),
                    j.path("durationMillis").asLong(), Optional.ofNullable(j.get("graphFile")).map(JsonNode::asText), outputs, models, folder, calls,
                    Optional.ofNullable(j.get("sweep")).map(JsonNode::asText)));
        } catch (IOException | RuntimeException e) {
            throw new IOException("render record " + rec + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** A picture of the result, 160 px wide: first image output, else a middle frame of the first video. */
    static Optional<Frame> thumbnail(List<Path> outputs) {
        for (Path p : outputs) {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            try {
                if (Files.isRegularFile(p) && still(n)) {
                    return Optional.of(scale(ImageFiles.read(p)));
                }
            } catch (MediaException e) {
                LOG.fine(e.getMessage());
            }
        }
        for (Path p : outputs) {
            try {
                if (Files.isDirectory(p)) {
                    List<Path> pngs;
                    try (Stream<Path> s = Files.list(p)) {
                        pngs = s.filter(f -> still(f.getFileName().toString().toLowerCase(Locale.ROOT))).sorted().toList();
                    }
                    if (!pngs.isEmpty()) return Optional.of(scale(ImageFiles.read(pngs.get(pngs.size() / 2))));
                } else if (Files.isRegularFile(p)) {
                    try (VideoFileClip clip = new VideoFileClip(p)) {
                        if (clip.frameCount() > 0) return Optional.of(scale(clip.frame(clip.frameCount() / 2)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.fine("no thumbnail from " + p + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Still image files Save Image and image sequences write. */
    private static boolean still(String lowerName) {
        return lowerName.endsWith(".png") || lowerName.endsWith(".jpg") || lowerName.endsWith(".jpeg") || lowerName.endsWith(".tif")
                || lowerName.endsWith(".tiff") || lowerName.endsWith(".exr");
    }

    private static Frame scale(Frame f) {
        if (f.width() <= THUMB_WIDTH) return f;
        int h = Math.max(1, (int) Math.round((double) f.height() * THUMB_WIDTH / f.width()));
        BufferedImage out = new BufferedImage(THUMB_WIDTH, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(f.toBufferedImage(), 0, 0, THUMB_WIDTH, h, null);
        } finally {
            g.dispose();
        }
        return Frame.fromBufferedImage(out);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
