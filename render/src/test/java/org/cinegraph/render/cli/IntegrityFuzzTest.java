package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.models.ManifestNodeSource;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random damage to what a render reads: cache entries (bit flips, truncation, crafted sizes,
 * garbage, entries swapped), the model's manifest and weights, and the graph file (characters
 * replaced, control characters and path escapes in names). A bounded number of rounds, seeded
 * (-Dcinegraph.fuzz.seed=N to replay one). After each: never a wrong picture (a render that
 * succeeds on intact inputs writes exactly the reference), never a stack trace, never a file
 * outside the output folder.
 */
class IntegrityFuzzTest {
    private static final Path FIXTURES = Path.of("../nodes/src/test/resources/models");
    private static final int ROUNDS = 30;
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static NodeRegistry registry(ModelLibrary lib) {
        List<NodeType> types = new ArrayList<>(NodeRegistry.standard().all().stream().filter(t -> !t.spec().id().startsWith("model.")).toList());
        types.addAll(new ManifestNodeSource(lib).types());
        return new NodeRegistry(types);
    }

    private Cli cli(ModelLibrary lib) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                registry(lib), new RenderSettings(dir.resolve("cache"), 1L << 30, 2), new CancelToken(), lib, new RenderHistory(dir.resolve("history")));
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Run run(Cli cli, String... args) {
        out.reset();
        err.reset();
        int code = cli.run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    /** Everything under dir except the output folders, the cache and the history (which renders may change). */
    private Set<String> outsideFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            Set<String> found = new TreeSet<>();
            for (Path p : s.toList()) {
                String rel = dir.relativize(p).toString();
                if (rel.startsWith("out") || rel.startsWith("cache") || rel.startsWith("history") || rel.equals("lib/.verified")) continue;
                found.add(rel);
            }
            return found;
        }
    }

    private static void assertClean(Run r, String what) {
        assertThat(r.code()).as(what + "\n" + r.all()).isIn(0, 1, 2);
        assertThat(r.all()).as(what).doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("\u0000");
    }

    @Test
    void randomDamageNeverGivesAWrongPictureATraceOrAWriteOutside() throws Exception {
        long seed = Long.getLong("cinegraph.fuzz.seed", 20261201L);
        Random rnd = new Random(seed);
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib.resolve("gain"));
        try (Stream<Path> s = Files.list(FIXTURES.resolve("gain"))) {
            for (Path f : s.toList()) Files.copy(f, lib.resolve("gain").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        ModelLibrary library = new ModelLibrary(lib);
        Cli cli = cli(library);
        Graph g = Graph.of(List.of(
                node("noise1", "generate.noise", Map.of("width", 24L, "height", 16L)),
                node("gain1", "model.gain", Map.of("amount", 0.5)),
                node("save1", "output.image", Map.of("filename", "shots/out.png"))), List.of(
                Link.of("noise1", "image", "gain1", "image"),
                Link.of("gain1", "image", "save1", "image")));
        Path graph = dir.resolve("g.cgraph");
        GraphFile.write(g, graph, registry(library));
        String graphText = Files.readString(graph);
        Path manifest = lib.resolve("gain/manifest.json");
        Path weights = lib.resolve("gain/model.pt");
        byte[] manifestBytes = Files.readAllBytes(manifest);
        byte[] weightBytes = Files.readAllBytes(weights);

        Run first = run(cli, "render", graph.toString(), "--out", dir.resolve("out-ref").toString(), "--no-pull");
        assertThat(first.code()).as(first.all()).isZero();
        Frame reference = ImageFiles.read(dir.resolve("out-ref/shots/out.png"));
        Set<String> before = outsideFiles();

        for (int round = 0; round < ROUNDS; round++) {
            int kind = Math.max(0, rnd.nextInt(4) - 1);   // half the rounds damage the cache
            String what = "seed " + seed + " round " + round;
            Path outDir = dir.resolve("out-" + round);
            cli = cli(library);   // a new process, as far as the cache goes: nothing served from memory
            if (kind == 0) {
                what += ": cache " + damageCache(rnd);
                Run r = run(cli, "render", graph.toString(), "--out", outDir.toString(), "--no-pull");
                assertClean(r, what);
                // damage to the cache is never the user's problem: the render succeeds, and is right
                assertThat(r.code()).as(what + "\n" + r.all()).isZero();
                assertThat(ImageFiles.read(outDir.resolve("shots/out.png")).pixels()).as(what).containsExactly(reference.pixels());
            } else if (kind == 1) {
                boolean manifestSide = rnd.nextBoolean();
                Path target = manifestSide ? manifest : weights;
                byte[] original = manifestSide ? manifestBytes : weightBytes;
                byte[] bad = damage(original, rnd, manifestSide);
                Files.write(target, bad);
                what += ": " + target.getFileName() + " damaged";
                Run r = run(cli, "render", graph.toString(), "--out", outDir.toString(), "--no-pull");
                assertClean(r, what);
                if (r.code() == 0) {
                    // only a change that leaves the model the same (JSON whitespace, say) may render, and then right
                    assertThat(ImageFiles.read(outDir.resolve("shots/out.png")).pixels()).as(what).containsExactly(reference.pixels());
                }
                Files.write(target, original);
            } else {
                String text = damageGraph(graphText, rnd);
                Path bad = dir.resolve("fuzzed.cgraph");
                Files.writeString(bad, text);
                what += ": graph damaged";
                assertClean(run(cli, "validate", bad.toString()), what + " (validate)");
                assertClean(run(cli, "render", bad.toString(), "--out", outDir.toString(), "--no-pull"), what + " (render)");
                Files.delete(bad);
            }
            assertThat(outsideFiles()).as(what + ": nothing written outside the output folder").isEqualTo(before);
        }
    }

    /** Damages one entry of the cache a random way; says how. */
    private String damageCache(Random rnd) throws Exception {
        List<Path> entries;
        try (Stream<Path> s = Files.walk(dir.resolve("cache"))) {
            entries = s.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList();
        }
        if (entries.isEmpty()) return "(empty)";
        // mostly the frames (the big entries), where a flipped bit would be a wrong pixel
        List<Path> frames = entries.stream().filter(p -> sizeOf(p) > 1000).toList();
        Path e = !frames.isEmpty() && rnd.nextInt(4) > 0 ? frames.get(rnd.nextInt(frames.size())) : entries.get(rnd.nextInt(entries.size()));
        byte[] b = Files.readAllBytes(e);
        String how;
        switch (Math.max(0, rnd.nextInt(7) - 2)) {
            case 0 -> {
                int bit = rnd.nextInt(b.length * 8);
                b[bit / 8] ^= (byte) (1 << (bit % 8));
                how = "bit " + bit + " flipped";
            }
            case 1 -> {
                b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
                how = "truncated to " + b.length;
            }
            case 2 -> {
                // a frame header declaring a huge picture, where one would be
                java.nio.ByteBuffer.wrap(b).putInt(Math.min(b.length - 4, 8 + rnd.nextInt(Math.max(1, b.length - 12))), 23170);
                how = "a size set to 23170";
            }
            case 3 -> {
                b = new byte[rnd.nextInt(64)];
                rnd.nextBytes(b);
                how = "replaced by " + b.length + " random bytes";
            }
            default -> {
                Path other = entries.get(rnd.nextInt(entries.size()));
                b = Files.readAllBytes(other);
                how = "replaced by entry " + other.getFileName();
            }
        }
        Files.write(e, b);
        return e.getFileName() + " " + how;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static byte[] damage(byte[] original, Random rnd, boolean text) {
        byte[] b = original.clone();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(b.length);
            String chars = " 0123456789abcdef\"{}[],:-.x\u0001";
            b[at] = text ? (byte) chars.charAt(rnd.nextInt(chars.length())) : (byte) (b[at] ^ (1 << rnd.nextInt(8)));
        }
        if (rnd.nextInt(4) == 0) b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
        return b;
    }

    private static String damageGraph(String text, Random rnd) {
        StringBuilder sb = new StringBuilder(text);
        String[] inserts = {"../", "/", "\\u0000", "\\n", "\\u0007", "..", "\"", "{", "1e308", "-1", "/etc/passwd", "\\\\"};
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(sb.length());
            if (rnd.nextBoolean()) {
                // aim at the output name half the time: that is where escapes matter
                int name = sb.indexOf("shots/out.png");
                if (name >= 0 && rnd.nextBoolean()) at = name + rnd.nextInt("shots/out.png".length());
                sb.insert(at, inserts[rnd.nextInt(inserts.length)]);
            } else {
                String chars = " 0123456789,:\"{}[]";
                sb.setCharAt(at, chars.charAt(rnd.nextInt(chars.length())));
            }
        }
        return sb.toString();
    }
}
