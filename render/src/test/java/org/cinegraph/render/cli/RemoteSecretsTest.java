package org.cinegraph.render.cli;

import org.cinegraph.models.remote.FakeProviders;
import org.cinegraph.models.remote.FakeModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders with recognisable fake keys through every path a key could leak by (validate, estimate,
 * render with --json, a cached re-render, a provider error that echoes the key, history listings)
 * and then searches every artefact for them: graph files, rendered outputs and their embedded
 * provenance, the render history, the render cache, captured stdout and stderr, and every log
 * record at every level.
 */
class RemoteSecretsTest {
    @TempDir
    Path dir;
    RemoteFixture f;
    final List<String> logs = new ArrayList<>();
    final StringBuilder streams = new StringBuilder();
    private Handler capture;

    @BeforeEach
    void setUp() throws Exception {
        f = new RemoteFixture(dir);
        f.server.model("black-forest-labs/flux-schnell", FakeModels.replicateTextToImage(f.server, 48, 32));
        capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder b = new StringBuilder(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) for (Object p : r.getParameters()) b.append(' ').append(p);
                if (r.getThrown() != null) {
                    StringWriter w = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(w));
                    b.append(w);
                }
                synchronized (logs) {
                    logs.add(b.toString());
                }
            }

            @Override public void flush() { }
            @Override public void close() { }
        };
        capture.setLevel(Level.ALL);
        // The command line swaps the root logger's handlers during a render; these loggers keep theirs.
        for (Logger l : loggers) {
            l.setLevel(Level.ALL);
            l.addHandler(capture);
        }
    }

    /** Held strongly: the logging framework keeps loggers only weakly. */
    private final List<Logger> loggers = List.of(Logger.getLogger("cinegraph"), Logger.getLogger("org.cinegraph"));

    @AfterEach
    void tearDown() {
        for (Logger l : loggers) {
            l.removeHandler(capture);
            l.setLevel(null);
        }
        f.close();
    }

    private int run(String... args) {
        int rc = f.run(args);
        streams.append(f.out()).append(f.err());
        return rc;
    }

    @Test
    void keysAppearNowhereButTheAuthorizationHeader() throws Exception {
        Path replicateGraph = f.graph.resolveSibling("replicate.cgraph");
        Files.writeString(replicateGraph, """
                {"format": "cinegraph", "version": 1,
                 "nodes": [
                   {"id": "rep1", "type": "remote.replicate-flux-schnell", "typeVersion": 1, "position": {"x": 0, "y": 0}, "params": {"prompt": "a fox", "seed": 3}},
                   {"id": "save1", "type": "output.image", "typeVersion": 1, "position": {"x": 300, "y": 0}, "params": {"filename": "fox.png"}}],
                 "links": [{"from": "rep1.image", "to": "save1.image"}]}
                """, StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        assertThat(run("validate", f.graph.toString())).isEqualTo(Cli.OK);
        assertThat(run("render", f.graph.toString(), "--estimate", "--json")).isEqualTo(Cli.OK);
        assertThat(run("render", f.graph.toString(), "--out", out.toString(), "--json")).isEqualTo(Cli.OK);
        assertThat(run("render", f.graph.toString(), "--out", out.toString())).isEqualTo(Cli.OK);
        assertThat(run("render", replicateGraph.toString(), "--out", out.toString(), "--json")).isEqualTo(Cli.OK);
        assertThat(run("fmt", replicateGraph.toString())).isEqualTo(Cli.OK);
        f.server.script("fal-submit", FakeProviders.Canned.json(401, "{\"detail\":\"key " + RemoteFixture.FAL_KEY + " is not valid\"}"));
        assertThat(run("render", f.graph.toString(), "--out", out.toString(), "--set", "gen1.seed=9")).isEqualTo(Cli.FAILED);
        assertThat(run("history", "--json")).isEqualTo(Cli.OK);
        assertThat(run("history")).isEqualTo(Cli.OK);
        assertThat(f.server.submits.get()).isEqualTo(3);
        // the keys did travel, in the Authorization header and nowhere else in the requests
        assertThat(f.server.received).anyMatch(r -> ("Key " + RemoteFixture.FAL_KEY).equals(r.authorization()));
        assertThat(f.server.received).anyMatch(r -> ("Bearer " + RemoteFixture.REPLICATE_TOKEN).equals(r.authorization()));
        assertThat(f.server.received).noneMatch(r -> r.body().contains(RemoteFixture.FAL_KEY) || r.path().contains(RemoteFixture.FAL_KEY));

        assertThat(streams.toString()).contains("unauthorized").contains("****");
        assertThat(out.resolve("remote-storyboard.mp4")).exists();
        assertThat(out.resolve("fox.png")).exists();
        assertThat(logs).isNotEmpty();
        for (String key : List.of(RemoteFixture.FAL_KEY, RemoteFixture.REPLICATE_TOKEN)) {
            assertThat(streams.toString()).as("stdout and stderr").doesNotContain(key);
            synchronized (logs) {
                assertThat(logs).as("log records").noneMatch(l -> l.contains(key));
            }
            for (Path root : List.of(f.graph.getParent(), out, f.history, f.cache)) {
                assertThat(filesContaining(root, key)).as("files under " + root).isEmpty();
            }
        }
        assertThat(Files.walk(f.cache).filter(p -> p.toString().endsWith(".file")).count()).as("results kept in the cache").isGreaterThanOrEqualTo(4);
    }

    private static List<Path> filesContaining(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> hits = new ArrayList<>();
        if (!Files.exists(root)) return hits;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(p), needle) >= 0) hits.add(p);
            }
        }
        return hits;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

}
