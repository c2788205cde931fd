package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.ModelRuntime;
import org.cinegraph.models.ManifestNodeSource;
import org.cinegraph.models.UpscaleEsrgan;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.Executor;
import org.cinegraph.render.NodeState;
import org.cinegraph.render.RenderCache;
import org.cinegraph.render.RenderListener;
import org.cinegraph.render.RenderRequest;
import org.cinegraph.render.RenderResult;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Model nodes through the executor and the file format, and the `models` commands, with the TorchScript fixtures. */
class ModelsCliTest {
    private static final Path FIXTURES = Path.of("../nodes/src/test/resources/models");
    @TempDir
    Path dir;

    private Path library(String... names) throws IOException {
        Path lib = dir.resolve("lib");
        for (String n : names) {
            Files.createDirectories(lib.resolve(n));
            try (Stream<Path> s = Files.list(FIXTURES.resolve(n))) {
                for (Path f : s.toList()) Files.copy(f, lib.resolve(n).resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return lib;
    }

    private static NodeRegistry registry(ModelLibrary lib) {
        List<NodeType> types = new ArrayList<>(NodeRegistry.standard().all().stream().filter(t -> !t.spec().id().startsWith("model.")).toList());
        types.addAll(new ManifestNodeSource(lib).types());
        return new NodeRegistry(types);
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(NodeRegistry registry, ModelLibrary lib, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                registry, new RenderSettings(dir.resolve("cache"), 1L << 30, 2), new CancelToken(), lib,
                new org.cinegraph.render.history.RenderHistory(dir.resolve("history"))).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    /** solid -> model.gain -> PNG */
    private static Graph gainGraph(double amount) {
        return Graph.of(List.of(
                node("solid1", "generate.solid", Map.of("width", 16L, "height", 8L, "colour", "#806040")),
                node("gain1", "model.gain", Map.of("amount", amount)),
                node("save1", "output.image", Map.of("filename", "out.png"))), List.of(
                Link.of("solid1", "image", "gain1", "image"),
                Link.of("gain1", "image", "save1", "image")));
    }

    @Test
    void modelNodeRendersThroughTheExecutorAndNewWeightsInvalidateTheCache() throws Exception {
        ModelLibrary lib = new ModelLibrary(library("gain"));
        NodeRegistry registry = registry(lib);
        Executor ex = new Executor(registry, new RenderCache(dir.resolve("cache"), 1L << 30, 1L << 26), 2);
        RenderResult r = ex.render(RenderRequest.of(gainGraph(0.5), dir, dir.resolve("out")), "g", RenderListener.NONE, new CancelToken());
        assertThat(r.failed()).as(r.failures().toString()).isFalse();
        Frame f = ImageFiles.read(dir.resolve("out/out.png"));
        assertThat(f.pixel(3, 3)).isEqualTo(0xFF403020);
        assertThat(ex.render(RenderRequest.of(gainGraph(0.5), dir, dir.resolve("out")), "g", RenderListener.NONE, new CancelToken())
                .report("gain1").state()).isEqualTo(NodeState.CACHED);

        // Same name, different files (the manifest's digest changes): the node runs again.
        Path mf = lib.userDir().resolve("gain/manifest.json");
        ModelManifest m = ModelManifest.read(mf);
        Files.writeString(lib.userDir().resolve("gain/notes.txt"), "calibrated again");
        List<ModelManifest.FileEntry> files = new ArrayList<>(m.files());
        files.add(new ModelManifest.FileEntry("notes.txt", ModelLibrary.sha256(lib.userDir().resolve("gain/notes.txt")), 16));
        Files.writeString(mf, new ModelManifest(m.name(), m.version(), m.task(), m.format(), m.architecture(), m.description(), m.entry(), files,
                m.inputs(), m.outputs(), m.parameters(), m.licence(), m.source()).toJson());
        NodeRegistry changed = registry(lib);
        RenderResult again = new Executor(changed, new RenderCache(dir.resolve("cache"), 1L << 30, 1L << 26), 2)
                .render(RenderRequest.of(gainGraph(0.5), dir, dir.resolve("out")), "g", RenderListener.NONE, new CancelToken());
        assertThat(again.report("gain1").state()).isEqualTo(NodeState.DONE);
        assertThat(again.report("gain1").reason()).contains("weights of model gain changed");
    }

    @Test
    void tamperedWeightsAreRefusedAtFirstUseAndNothingIsCachedFromThem() throws Exception {
        ModelLibrary lib = new ModelLibrary(library("gain"));
        NodeRegistry registry = registry(lib);
        Path file = dir.resolve("g.cgraph");
        GraphFile.write(gainGraph(0.5), file, registry);
        Path weights = lib.userDir().resolve("gain/model.pt");
        byte[] good = Files.readAllBytes(weights);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x01;   // same size, one bit
        Files.write(weights, bad);

        Run v = run(registry, lib, "validate", file.toString());
        assertThat(v.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(v.out()).contains("model.pt has sha256").contains("reinstall it with");
        Run r = run(registry, lib, "render", file.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isNotEqualTo(Cli.OK);
        assertThat(r.err()).contains("gain1").contains("model.pt has sha256").doesNotContain("\tat ");
        assertThat(dir.resolve("o/out.png")).doesNotExist();

        // Intact weights again: the node computes (nothing was cached under the good weights' key) and is right.
        Files.write(weights, good);
        RenderResult again = new Executor(registry, new RenderCache(dir.resolve("cache"), 1L << 30, 1L << 26), 2)
                .render(RenderRequest.of(gainGraph(0.5), dir, dir.resolve("out")), "g", RenderListener.NONE, new CancelToken());
        assertThat(again.report("gain1").state()).isEqualTo(NodeState.DONE);
        assertThat(ImageFiles.read(dir.resolve("out/out.png")).pixel(3, 3)).isEqualTo(0xFF403020);
        // A stamp remembers the hash, so the next process does not hash the weights again.
        assertThat(Files.readString(lib.userDir().resolve(".verified"))).contains(weights.toAbsolutePath().normalize().toString());
    }

    @Test
    void verifyingARefusedModelSaysWhyNotThatItIsMissing() throws Exception {
        ModelLibrary lib = new ModelLibrary(library("gain"));
        Files.createDirectories(lib.userDir().resolve("evil"));
        Files.writeString(lib.userDir().resolve("evil/manifest.json"), Files.readString(lib.userDir().resolve("gain/manifest.json")));
        Run v = run(registry(lib), lib, "models", "verify", "evil");
        assertThat(v.code()).isEqualTo(Cli.FAILED);
        assertThat(v.err()).contains("evil").contains("refused").contains("manifest names model 'gain'").doesNotContain("not installed").doesNotContain("pull");
        Run none = run(registry(lib), lib, "models", "verify", "nothing-here");
        assertThat(none.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(none.err()).contains("not installed").doesNotContain("models pull");
    }

    @Test
    void graphFileListsItsModelsAndValidateSaysWhatToPull() throws Exception {
        ModelLibrary lib = new ModelLibrary(library("gain"));
        NodeRegistry registry = registry(lib);
        Path file = dir.resolve("g.cgraph");
        GraphFile.write(gainGraph(1.0), file, registry);
        String digest = ModelManifest.read(lib.userDir().resolve("gain/manifest.json")).digest();
        assertThat(Files.readString(file)).contains("{\"name\": \"gain\", \"sha256\": \"" + digest + "\"}");
        LoadedGraph loaded = GraphFile.read(file, registry);
        assertThat(loaded.declaredModels()).singleElement().satisfies(m -> assertThat(m.sha256()).isEqualTo(digest));
        assertThat(run(registry, lib, "validate", file.toString()).code()).isEqualTo(Cli.OK);

        // Elsewhere, without the model: its node type is unknown, and validate names the model.
        ModelLibrary empty = new ModelLibrary(dir.resolve("empty"));
        Run v = run(registry(empty), empty, "validate", file.toString());
        assertThat(v.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(v.out()).contains("model gain").contains("not installed");
        Run r = run(registry(empty), empty, "render", file.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(r.err()).contains("node type 'model.gain'").contains("model gain (sha256");

        // Re-saved without the model: requires.models is empty, the placeholder's type still names it.
        Path resaved = dir.resolve("resaved.cgraph");
        GraphFile.write(GraphFile.read(file, registry(empty)).graph(), resaved, registry(empty));
        assertThat(Files.readString(resaved)).contains("\"models\": []");
        Run v3 = run(registry(empty), empty, "validate", resaved.toString());
        assertThat(v3.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(v3.out()).contains("node gain1: node type model.gain comes from model gain, which is not installed");

        // A catalogue model the file needs: the message is the pull command.
        String slim = ModelLibrary.catalogue().get("esrgan-slim").digest();
        Files.writeString(file, Files.readString(file).replace("\"models\": [", "\"models\": [{\"name\": \"esrgan-slim\", \"sha256\": \"" + slim + "\"}, "));
        Run v2 = run(registry, lib, "validate", file.toString());
        assertThat(v2.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(v2.out()).contains("./cinegraph models pull esrgan-slim");
    }

    @Test
    void modelsCommandsAndExitCodes() throws Exception {
        ModelLibrary lib = new ModelLibrary(library("gain", "swap-channels"))
                .withFetcher((pkg, version, into) -> {
                    throw new ModelException("npm pack " + pkg + "@" + version + " failed: offline");
                });
        NodeRegistry registry = registry(lib);

        Run list = run(registry, lib, "models", "list");
        assertThat(list.code()).isEqualTo(Cli.OK);
        assertThat(list.out()).contains("gain").contains("installed (local, not in the catalogue)")
                .containsPattern("esrgan-slim +1\\.0\\.0 +tfjs-layers .* available");

        assertThat(run(registry, lib, "models", "verify").code()).isEqualTo(Cli.OK);
        assertThat(run(registry, lib, "models", "verify", "gain").out()).contains("gain: ok (1 files)");
        assertThat(run(registry, lib, "models", "verify", "nope").code()).isEqualTo(Cli.BAD_INPUT);
        Files.write(lib.userDir().resolve("gain/model.pt"), new byte[]{0}, java.nio.file.StandardOpenOption.APPEND);
        Run bad = run(registry, lib, "models", "verify");
        assertThat(bad.code()).isEqualTo(Cli.FAILED);
        assertThat(bad.out()).contains("gain: damaged; reinstall with ./cinegraph models pull gain").contains("swap-channels: ok");

        assertThat(run(registry, lib, "models", "pull", "no-such-model").code()).isEqualTo(Cli.BAD_INPUT);
        Run pull = run(registry, lib, "models", "pull", "esrgan-slim");
        assertThat(pull.code()).isEqualTo(Cli.FAILED);
        assertThat(pull.err()).contains("offline");
        assertThat(run(registry, lib, "models").code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(run(registry, lib, "models", "frobnicate").code()).isEqualTo(Cli.BAD_INPUT);
    }

    /** A real fetch with npm (network), the small esrgan-slim package. */
    @Test
    void pullsAndVerifiesACatalogueModel() {
        ModelLibrary lib = new ModelLibrary(dir.resolve("fresh"));
        NodeRegistry registry = registry(lib);
        Run pull = run(registry, lib, "models", "pull", "esrgan-slim");
        assertThat(pull.code()).as(pull.err()).isEqualTo(Cli.OK);
        assertThat(pull.out()).contains("esrgan-slim 1.0.0: installed and verified");
        assertThat(run(registry, lib, "models", "verify", "esrgan-slim").code()).isEqualTo(Cli.OK);
        assertThat(run(registry, lib, "models", "list").out()).containsPattern("esrgan-slim .* installed");
    }

    @Test
    void modelsBesideTheGraphAreFoundAndBecomeNodes() throws Exception {
        Path lib = library("gain");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.move(lib, project.resolve("models"));
        Path file = project.resolve("g.cgraph");
        ModelLibrary projectLib = new ModelLibrary(dir.resolve("user")).withProjectDir(project.resolve("models"));
        GraphFile.write(gainGraph(0.5), file, registry(projectLib));

        // The CLI has only the (empty) user library: models/ beside the graph supplies the node.
        ModelLibrary user = new ModelLibrary(dir.resolve("user"));
        NodeRegistry plain = registry(user);
        assertThat(plain.find("model.gain")).isEmpty();
        assertThat(run(plain, user, "validate", file.toString()).code()).isEqualTo(Cli.OK);
        Run r = run(plain, user, "render", file.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Cli.OK);
        assertThat(ImageFiles.read(dir.resolve("o/out.png")).pixel(0, 0)).isEqualTo(0xFF403020);
    }

    @Test
    void renderTakesADevice() throws Exception {
        ModelLibrary lib = new ModelLibrary(library("gain"));
        NodeRegistry registry = registry(lib);
        Path file = dir.resolve("g.cgraph");
        GraphFile.write(gainGraph(2.0), file, registry);
        try {
            assertThat(run(registry, lib, "render", file.toString(), "--device", "tpu").code()).isEqualTo(Cli.BAD_INPUT);
            Run r = run(registry, lib, "render", file.toString(), "--device", "cpu", "--out", dir.resolve("o").toString());
            assertThat(r.code()).as(r.err()).isEqualTo(Cli.OK);
            assertThat(ModelRuntime.shared().device().isGpu()).isFalse();
            assertThat(ImageFiles.read(dir.resolve("o/out.png")).pixel(0, 0)).isEqualTo(0xFFFFC080);
        } finally {
            ModelRuntime.configureShared(null, null);
        }
    }

    /**
     * gradient -> Upscale (ESRGAN) -> PNG from the command line, with esrgan-slim installed the way
     * `models pull` installs it (a real npm fetch, as in {@link #pullsAndVerifiesACatalogueModel}).
     */
    @Test
    void upscaleNodeRendersFromTheCli() throws Exception {
        ModelLibrary lib = new ModelLibrary(dir.resolve("esrgan"));
        lib.pull("esrgan-slim");
        ModelLibrary empty = new ModelLibrary(dir.resolve("none"));
        Graph g = Graph.of(List.of(
                node("grad1", "generate.gradient", Map.of("width", 40L, "height", 24L, "start_colour", "#203040", "end_colour", "#E0C0A0")),
                node("up1", UpscaleEsrgan.TYPE, Map.of("variant", "slim", "scale", "2", "tile", 16L)),
                node("save1", "output.image", Map.of("filename", "up.png"))), List.of(
                Link.of("grad1", "image", "up1", "image"),
                Link.of("up1", "image", "save1", "image")));
        Path file = dir.resolve("up.cgraph");
        GraphFile.write(g, file, upscaleRegistry(lib));
        String digest = lib.require("esrgan-slim", null).manifest().digest();
        assertThat(Files.readString(file)).contains("{\"name\": \"esrgan-slim\", \"sha256\": \"" + digest + "\"}");

        Run missing = run(upscaleRegistry(empty), empty, "validate", file.toString());
        assertThat(missing.code()).isEqualTo(Cli.BAD_INPUT);
        assertThat(missing.out() + missing.err()).contains("esrgan-slim").contains("./cinegraph models pull esrgan-slim");
        Run failed = run(upscaleRegistry(empty), empty, "render", file.toString(), "--out", dir.resolve("o").toString());
        assertThat(failed.code()).isNotEqualTo(Cli.OK);
        assertThat(failed.err()).contains("./cinegraph models pull esrgan-slim");

        assertThat(run(upscaleRegistry(lib), lib, "validate", file.toString()).code()).isEqualTo(Cli.OK);
        Run r = run(upscaleRegistry(lib), lib, "render", file.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Cli.OK);
        Frame up = ImageFiles.read(dir.resolve("o/up.png"));
        assertThat(up.width()).isEqualTo(80);
        assertThat(up.height()).isEqualTo(48);
    }

    /** The standard registry with the upscaler reading {@code lib} (the built-in reads the user library). */
    private static NodeRegistry upscaleRegistry(ModelLibrary lib) {
        List<NodeType> types = new ArrayList<>(registry(lib).all().stream().filter(t -> !t.spec().id().equals(UpscaleEsrgan.TYPE)).toList());
        types.add(new UpscaleEsrgan(() -> lib, ModelRuntime::shared));
        return new NodeRegistry(types);
    }
}
