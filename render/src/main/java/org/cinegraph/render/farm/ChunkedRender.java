package org.cinegraph.render.farm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.files.AtomicFiles;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.graph.PortRef;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.media.Clip;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.Provenance;
import org.cinegraph.media.SegmentJoin;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderJob;
import org.cinegraph.render.RenderListener;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.preview.Preview;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.PortSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A render split for a farm, the one code path every engine runs (Slurm, OpenCue, OpenJD):
 * <ol>
 * <li>{@link #prepare}: every node upstream of the writers except the writers themselves, so
 * stills, generated images, model results and remote calls land in the shared cache once;
 * clips are recipes and cost nothing here.</li>
 * <li>{@link #chunk}: the ordinary render ({@link Renderer#render}) of frames A-B into the chunk's
 * own folder {@code WORK/chunks/A-B}; clip writers write their segment of each video (or their
 * frames of a sequence), still writers run in the first chunk only. A {@code done.json} listing
 * what it wrote is written last, atomically: a chunk killed before it has no manifest, and its
 * writers left no partial file (they write under temporary names).</li>
 * <li>{@link #assemble}: joins each video's segments by stream copy ({@link SegmentJoin}), moves
 * sequence frames and stills into the output folder and records the render in the history once.</li>
 * </ol>
 * Every task of one farm render shares the work folder and {@code CINEGRAPH_CACHE_DIR}.
 */
public final class ChunkedRender {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MANIFEST = "done.json";
    private static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "mxf");

    private final Renderer renderer;

    public ChunkedRender(Renderer renderer) {
        this.renderer = renderer;
    }

    /** What the farm needs to know before it splits: frames of the longest clip a writer writes, its rate, and the writers. */
    public record Shape(int frames, double fps, List<String> clipWriters, List<String> stillWriters) {
        /** The key-frame interval Save Video uses (about one second), so chunks can start where a local render has key frames. */
        public int keyInterval() {
            return Math.max(1, (int) Math.round(fps));
        }
    }

    /**
     * Looks at the job's graph: its writers and, for the clip writers, how many frames they write
     * (evaluating what feeds them: clips are recipes, stills upstream go into the shared cache
     * the prepare step then finds).
     *
     * @throws RenderException if the graph cannot run or has no clip to split
     */
    public Shape shape(RenderJob job, CancelToken cancel) throws RenderException {
        NodeRegistry types = types(job);
        Graph flat = flat(renderer.graphOf(job));
        List<String> clipWriters = new ArrayList<>(), stillWriters = new ArrayList<>();
        writers(flat, types, clipWriters, stillWriters);
        if (clipWriters.isEmpty()) {
            throw new RenderException("the graph writes no video or sequence, so there is nothing to split into chunks: render it with `cinegraph render`");
        }
        int frames = 0;
        double fps = 0;
        Preview preview = new Preview(renderer.executor(types));
        for (String w : clipWriters) {
            PortRef in = clipInput(flat, types, w);
            if (in == null) continue;
            try (Preview.Value v = preview.pull(flat, job.graphDir(), in, cancel)) {
                Optional<Clip> clip = v.clip();
                if (clip.isEmpty()) continue;
                int n = clip.get().frameCount();
                if (job.frames().isPresent()) n = Math.min(n, job.frames().get().last() + 1);
                if (n > frames) {
                    frames = n;
                    fps = clip.get().fps().value();
                }
            }
        }
        if (frames == 0) throw new RenderException("the graph's video writers have no frames to render");
        return new Shape(frames, fps, List.copyOf(clipWriters), List.copyOf(stillWriters));
    }

    /**
     * Chunks of {@code frames} frames (from the job's first frame, or 0), each a whole number of
     * key-frame intervals so the joined video has its key frames where a local render has them.
     */
    public static List<FrameRange> split(int first, int last, int chunk, int keyInterval) {
        if (chunk <= 0) throw new IllegalArgumentException("a chunk must have at least one frame, not " + chunk);
        int size = roundUp(chunk, keyInterval);
        List<FrameRange> out = new ArrayList<>();
        for (int a = first; a <= last; a += size) out.add(new FrameRange(a, Math.min(last, a + size - 1)));
        return out;
    }

    /** {@code chunk} rounded up to a whole number of key-frame intervals. */
    public static int roundUp(int chunk, int keyInterval) {
        int k = Math.max(1, keyInterval);
        return (chunk + k - 1) / k * k;
    }

    /** Step 1: computes everything that is not per frame into the shared cache. */
    public Renderer.Outcome prepare(RenderJob job, RenderListener listener, CancelToken cancel) throws RenderException {
        NodeRegistry types = types(job);
        Graph flat = flat(renderer.graphOf(job));
        Set<String> writers = new HashSet<>();
        List<String> clip = new ArrayList<>(), still = new ArrayList<>();
        writers(flat, types, clip, still);
        writers.addAll(clip);
        writers.addAll(still);
        Set<String> upstream = new TreeSet<>();
        List<String> pending = new ArrayList<>(writers);
        while (!pending.isEmpty()) {
            String id = pending.remove(pending.size() - 1);
            for (Link l : flat.linksInto(id)) {
                String from = l.from().node();
                if (!flat.requireNode(from).muted() && upstream.add(from)) pending.add(from);
            }
        }
        upstream.removeAll(writers);
        if (upstream.isEmpty()) return null;
        return renderer.render(job.withTargets(upstream).withRecord(false), listener, cancel);
    }

    /** The folder chunk {@code range} writes into. */
    public static Path chunkDir(Path work, FrameRange range) {
        return work.resolve("chunks").resolve(String.format(Locale.ROOT, "%06d-%06d", range.first(), range.last()));
    }

    /**
     * Step 2: renders frames {@code range} into the chunk's folder and, when it succeeded, writes
     * its manifest. {@code firstChunk} also runs the still writers.
     */
    public Renderer.Outcome chunk(RenderJob job, FrameRange range, boolean firstChunk, Path work, RenderListener listener, CancelToken cancel)
            throws RenderException {
        NodeRegistry types = types(job);
        Graph flat = flat(renderer.graphOf(job));
        List<String> clip = new ArrayList<>(), still = new ArrayList<>();
        writers(flat, types, clip, still);
        Set<String> targets = new TreeSet<>(clip);
        if (firstChunk) targets.addAll(still);
        Path dir = chunkDir(work, range);
        Path manifest = dir.resolve(MANIFEST);
        try {
            Files.deleteIfExists(manifest);   // a re-run of the chunk is done only when it has finished again
        } catch (IOException e) {
            throw new RenderException("cannot write chunk " + range + " into " + dir + ": " + e.getMessage());
        }
        Renderer.Outcome out = renderer.render(job.withOutDir(dir).withFrames(range).withRecord(false).withTargets(targets), listener, cancel);
        if (!out.succeeded()) return out;
        ObjectNode m = JSON.createObjectNode();
        m.put("first", range.first());
        m.put("last", range.last());
        ArrayNode files = m.putArray("files");
        for (Path f : out.result().files()) files.add(dir.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/'));
        try {
            AtomicFiles.writeString(manifest, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        } catch (IOException e) {
            throw new RenderException("cannot write chunk " + range + "'s manifest " + manifest + ": " + e.getMessage());
        }
        return out;
    }

    /** What assembly made: the output files, and how many bytes of video it joined. */
    public record Assembled(List<Path> files, long joinedBytes, Optional<String> historyWarning) {
    }

    /**
     * Step 3: joins the outputs of the finished chunks that tile {@code frames} (however the
     * engine cut them) into the job's output folder and records the render once.
     *
     * @throws RenderException naming the chunk or file when frames are missing, a chunk has not
     *                         finished or a join fails
     * @throws java.util.concurrent.CancellationException when cancelled (outputs already joined stay, the one being joined does not)
     */
    public Assembled assemble(RenderJob job, Path work, FrameRange frames, Instant started, CancelToken cancel) throws RenderException {
        List<FrameRange> chunks = finishedChunks(work, frames);
        List<List<String>> lists = new ArrayList<>();
        for (FrameRange r : chunks) lists.add(readManifest(work, r));
        // every output by name, with the chunks that wrote it, in chunk order
        Map<String, List<Path>> outputs = new LinkedHashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            for (String rel : lists.get(i)) outputs.computeIfAbsent(rel, k -> new ArrayList<>()).add(chunkDir(work, chunks.get(i)).resolve(rel));
        }
        List<Path> written = new ArrayList<>();
        long joined = 0;
        for (Map.Entry<String, List<Path>> e : outputs.entrySet()) {
            Path target = job.outDir().resolve(e.getKey()).normalize();
            if (!target.startsWith(job.outDir())) throw new RenderException("chunk output " + e.getKey() + " is outside the output folder");
            List<Path> parts = e.getValue();
            try {
                if (Files.isDirectory(parts.get(0))) {
                    joinSequence(parts, target);
                } else if (parts.size() > 1 && VIDEO_EXTENSIONS.contains(extension(target))) {
                    joined += SegmentJoin.join(parts, target, cancel::isCancelled).bytes();
                } else {
                    copy(parts.get(0), target);   // a still, written by the first chunk only
                }
                Path side = Provenance.sidecar(parts.get(0));
                if (Files.isRegularFile(side)) copy(side, Provenance.sidecar(target));
            } catch (MediaException | IOException ex) {
                throw new RenderException("cannot assemble " + target + ": " + ex.getMessage());
            }
            written.add(target);
        }
        Optional<String> warning = Optional.empty();
        try {
            renderer.record(job, written, started, java.time.Duration.between(started, Instant.now()).toMillis());
        } catch (IOException ex) {
            warning = Optional.of(ex.getMessage());
        }
        return new Assembled(written, joined, warning);
    }

    /** How many chunks in the work folder have finished (their manifest is written). */
    public static int finishedCount(Path work) {
        Path dir = work.resolve("chunks");
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> list = Files.list(dir)) {
            return (int) list.filter(d -> Files.isRegularFile(d.resolve(MANIFEST))).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The finished chunks that cover {@code frames} one after the other, without gap or overlap. */
    static List<FrameRange> finishedChunks(Path work, FrameRange frames) throws RenderException {
        Map<Integer, FrameRange> byFirst = new java.util.TreeMap<>();
        Path dir = work.resolve("chunks");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                for (Path d : (Iterable<Path>) list::iterator) {
                    String n = d.getFileName().toString();
                    if (!n.matches("\\d{6,}-\\d{6,}") || !Files.isRegularFile(d.resolve(MANIFEST))) continue;
                    FrameRange r = FrameRange.parse(n);
                    byFirst.merge(r.first(), r, (a, b) -> a.last() >= b.last() ? a : b);
                }
            } catch (IOException e) {
                throw new RenderException("cannot list the chunks in " + dir + ": " + e.getMessage());
            }
        }
        List<FrameRange> out = new ArrayList<>();
        int next = frames.first();
        while (next <= frames.last()) {
            FrameRange r = byFirst.get(next);
            if (r == null) throw new RenderException("frames from " + next + " have not been rendered: no finished chunk in " + dir + " starts there");
            out.add(r);
            next = r.last() + 1;
        }
        if (next != frames.last() + 1) throw new RenderException("the last chunk ends at frame " + (next - 1) + ", past the render's last frame " + frames.last());
        return out;
    }

    private static List<String> readManifest(Path work, FrameRange r) throws RenderException {
        Path m = chunkDir(work, r).resolve(MANIFEST);
        if (!Files.isRegularFile(m)) throw new RenderException("chunk " + r + " has not finished (no " + m + ")");
        try {
            JsonNode n = JSON.readTree(Files.readString(m, StandardCharsets.UTF_8));
            if (n.path("first").asInt(-1) != r.first() || n.path("last").asInt(-1) != r.last() || !n.path("files").isArray()) {
                throw new RenderException("chunk manifest " + m + " does not describe frames " + r);
            }
            List<String> files = new ArrayList<>();
            n.path("files").forEach(f -> files.add(f.asText()));
            return files;
        } catch (IOException e) {
            throw new RenderException("cannot read chunk manifest " + m + ": " + e.getMessage());
        }
    }

    /** The frames of every chunk's folder, hard-linked (else copied) into one new folder, put in place at once. */
    private static void joinSequence(List<Path> parts, Path target) throws IOException {
        Path temp = AtomicFiles.tempSibling(target);
        boolean done = false;
        try {
            AtomicFiles.createParents(target);
            Files.createDirectory(temp);
            for (Path part : parts) {
                try (Stream<Path> files = Files.list(part)) {
                    for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                        if (f.getFileName().toString().startsWith(".")) continue;
                        link(f, temp.resolve(f.getFileName().toString()));
                    }
                }
            }
            AtomicFiles.commitDirectory(temp, target);
            done = true;
        } finally {
            if (!done) AtomicFiles.deleteTree(temp);
        }
    }

    private static void copy(Path from, Path target) throws IOException {
        Path temp = AtomicFiles.tempSibling(target);
        try {
            AtomicFiles.createParents(target);
            link(from, temp);
            AtomicFiles.commitFile(temp, target);
        } finally {
            AtomicFiles.deleteTree(temp);
        }
    }

    /** A hard link costs no bytes and no time on the shared file system; a copy where links are refused. */
    private static void link(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from, to);
        }
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private NodeRegistry types(RenderJob job) {
        return job.graphFile().map(renderer::registryFor).orElse(renderer.registry());
    }

    private static Graph flat(Graph g) throws RenderException {
        try {
            return Subgraphs.flatten(g).graph();
        } catch (Subgraphs.FlattenException e) {
            throw new RenderException(e.getMessage());
        }
    }

    /** Unmuted writers, split into those fed a clip (one segment per chunk) and the rest (stills, once). */
    private static void writers(Graph flat, NodeRegistry types, List<String> clip, List<String> still) {
        for (GraphNode n : flat.nodes().values()) {
            if (n.muted()) continue;
            Optional<NodeSpec> spec = types.find(n.type()).map(t -> t.spec());
            if (spec.isEmpty() || !spec.get().output()) continue;
            if (clipInput(flat, types, n.id()) != null) clip.add(n.id());
            else still.add(n.id());
        }
    }

    /** The output port feeding a writer's Clip input, or null when it writes no clip. */
    private static PortRef clipInput(Graph flat, NodeRegistry types, String writer) {
        GraphNode n = flat.requireNode(writer);
        NodeSpec spec = types.find(n.type()).orElseThrow().spec();
        for (PortSpec in : spec.inputs()) {
            if (in.type() != DataType.CLIP) continue;
            Optional<Link> l = flat.linkInto(new PortRef(writer, in.name()));
            if (l.isPresent()) return l.get().from();
        }
        return null;
    }
}
