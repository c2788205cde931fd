package org.cinegraph.render.cli;

import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.esrgan.TestPackages;
import org.cinegraph.models.remote.FakeModels;
import org.cinegraph.models.remote.FakeProviders;
import org.cinegraph.models.remote.RemoteConfig;
import org.cinegraph.models.remote.RemoteNodeSource;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The remote storyboard example wired to the loopback fake providers: a temp project with the
 * example graph, esrgan-slim installed from the test package cache, a render cache and history of
 * its own, and a command line whose remote nodes reach the fake server with the given keys.
 */
final class RemoteFixture implements AutoCloseable {
    static final String FAL_KEY = "fal-SECRET-7f3c9a1e-d00d-4b1d-key";
    static final String REPLICATE_TOKEN = "r8_SECRET_51f0aa72c3d94e7b_token";
    final Path dir;
    final FakeProviders server;
    final Path graph;
    final Path cache;
    final Path history;
    final ModelLibrary library;
    private final String modelsBefore;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    RemoteFixture(Path dir) throws Exception {
        this.dir = dir;
        server = new FakeProviders(FAL_KEY, REPLICATE_TOKEN);
        server.model("fal-ai/flux/schnell", FakeModels.falTextToImage(server, 16));
        server.model("fal-ai/kling-video/v2.1/standard/image-to-video", FakeModels.falImageToVideo(server, 12, 12));
        library = TestPackages.library(dir.resolve("models"), "esrgan-slim");
        modelsBefore = System.getProperty("cinegraph.models");
        System.setProperty("cinegraph.models", dir.resolve("models").toString());
        Path project = Files.createDirectories(dir.resolve("project"));
        graph = project.resolve("remote-storyboard.cgraph");
        Files.copy(Path.of("../assets/examples/remote-storyboard.cgraph").toAbsolutePath().normalize(), graph);
        cache = dir.resolve("cache");
        history = dir.resolve("history");
    }

    /** The standard node types, with the remote ones reaching the fake server with these environment keys. */
    NodeRegistry registry(Map<String, String> keys) {
        RemoteConfig config = server.config(keys);
        List<NodeType> types = new ArrayList<>();
        NodeRegistry.standard().all().stream().filter(t -> !t.spec().id().startsWith("remote.")).forEach(types::add);
        types.addAll(new RemoteNodeSource(new ModelLibrary(dir.resolve("no-user-models")), () -> config).types());
        return new NodeRegistry(types);
    }

    /** Runs the command line as a fresh process would (new cache instance, new node types). */
    int run(Map<String, String> keys, String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), registry(keys),
                new RenderSettings(cache, 1L << 30, 2), new CancelToken(), library, new RenderHistory(history));
        return cli.run(List.of(args));
    }

    int run(String... args) {
        return run(Map.of("FAL_KEY", FAL_KEY, "REPLICATE_API_TOKEN", REPLICATE_TOKEN), args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
        if (modelsBefore == null) System.clearProperty("cinegraph.models");
        else System.setProperty("cinegraph.models", modelsBefore);
    }
}
