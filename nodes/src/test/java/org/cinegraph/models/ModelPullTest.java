package org.cinegraph.models;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pulls that fail halfway (connection dropped, disk full, cancelled) install nothing and leave no
 * staging folder; a folder left by a killed pull is removed by the next one; the registry download
 * reports bytes, total and ETA and checks the registry's sha512. The registry is a local server on
 * loopback speaking the npm registry's documented protocol (package metadata, then the tarball).
 */
class ModelPullTest {
    private static final Path GAIN = ModelFixtures.SOURCE.resolve("gain");
    @TempDir
    Path dir;

    private static ModelManifest gain() throws Exception {
        ModelManifest m = ModelManifest.read(GAIN.resolve("manifest.json"));
        return new ModelManifest(m.name(), m.version(), m.task(), m.format(), m.architecture(), m.description(), m.entry(), m.files(),
                m.inputs(), m.outputs(), m.parameters(), m.licence(), new ModelManifest.Source("fixture-pkg", "1.0.0", "weights"));
    }

    private byte[] tarball() throws Exception {
        Map<String, byte[]> pkg = new LinkedHashMap<>();
        pkg.put("package/package.json", TestTar.bytes("{}"));
        pkg.put("package/weights/model.pt", TestTar.read(GAIN.resolve("model.pt")));
        byte[] noise = new byte[1 << 20]; // incompressible, so the tarball comes in many chunks
        new java.util.Random(1).nextBytes(noise);
        pkg.put("package/padding.bin", noise);
        return Files.readAllBytes(TestTar.write(dir.resolve("pkg.tgz"), pkg));
    }

    /** The library folder holds nothing: no model, no staging folder, no lock. */
    private static void assertNothingLeft(Path lib) throws IOException {
        try (Stream<Path> s = Files.list(lib)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).isEmpty();
        }
    }

    /** Serves metadata and the tarball; {@code cutAfter} > 0 drops the connection after that many bytes. */
    private HttpServer registry(byte[] tgz, int cutAfter, String integrity) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = http.getAddress().getPort();
        http.createContext("/fixture-pkg/1.0.0", x -> {
            byte[] body = ("{\"name\":\"fixture-pkg\",\"version\":\"1.0.0\",\"dist\":{\"tarball\":\"http://127.0.0.1:" + port
                    + "/fixture-pkg/-/fixture-pkg-1.0.0.tgz\",\"integrity\":\"" + integrity + "\"}}").getBytes();
            x.sendResponseHeaders(200, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        http.createContext("/fixture-pkg/-/", x -> {
            x.sendResponseHeaders(200, tgz.length);
            try (OutputStream o = x.getResponseBody()) {
                int n = cutAfter > 0 ? cutAfter : tgz.length;
                for (int i = 0; i < n; i += 8192) o.write(tgz, i, Math.min(8192, n - i));
                if (cutAfter > 0) x.close();
            } catch (IOException ignored) {
                // the client went away (cancel): fine
            }
        });
        http.start();
        return http;
    }

    private static String sha512(byte[] b) throws Exception {
        return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(b));
    }

    @Test
    void registryDownloadReportsProgressAndInstallsVerified() throws Exception {
        byte[] tgz = tarball();
        HttpServer http = registry(tgz, 0, sha512(tgz));
        try {
            Path lib = dir.resolve("lib");
            ModelLibrary library = new ModelLibrary(lib).withFetcher(new NpmRegistry("http://127.0.0.1:" + http.getAddress().getPort() + "/"));
            List<PullProgress> events = new ArrayList<>();
            ModelLibrary.Installed m = library.pull(gain(), events::add, () -> false);
            assertThat(library.verify(m)).isEmpty();
            List<PullProgress> down = events.stream().filter(e -> e.phase() == PullProgress.Phase.DOWNLOADING).toList();
            assertThat(down.size()).isGreaterThan(10);
            assertThat(down.get(down.size() - 1).bytes()).isEqualTo(tgz.length);
            assertThat(down).allSatisfy(e -> assertThat(e.total()).isEqualTo(tgz.length));
            assertThat(events.get(events.size() - 1).phase()).isEqualTo(PullProgress.Phase.INSTALLED);
            assertThat(new PullProgress("x", PullProgress.Phase.DOWNLOADING, 1 << 20, 4 << 20, 2000).etaSeconds()).isEqualTo(6);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void droppedConnectionOrBadChecksumInstallsNothing() throws Exception {
        byte[] tgz = tarball();
        Path lib = dir.resolve("lib");
        HttpServer cut = registry(tgz, tgz.length / 2, sha512(tgz));
        try {
            ModelLibrary library = new ModelLibrary(lib).withFetcher(new NpmRegistry("http://127.0.0.1:" + cut.getAddress().getPort()));
            assertThatThrownBy(() -> library.pull(gain())).isInstanceOf(ModelException.class).hasMessageContaining("fixture-pkg@1.0.0");
            assertNothingLeft(lib);
        } finally {
            cut.stop(0);
        }
        HttpServer tampered = registry(tgz, 0, sha512(new byte[] {1}));
        try {
            ModelLibrary library = new ModelLibrary(lib).withFetcher(new NpmRegistry("http://127.0.0.1:" + tampered.getAddress().getPort()));
            assertThatThrownBy(() -> library.pull(gain())).hasMessageContaining("integrity");
            assertNothingLeft(lib);
        } finally {
            tampered.stop(0);
        }
    }

    @Test
    void cancelledHalfwayInstallsNothingAndKeepsAnEarlierInstall() throws Exception {
        byte[] tgz = tarball();
        HttpServer http = registry(tgz, 0, sha512(tgz));
        try {
            Path lib = dir.resolve("lib");
            ModelLibrary library = new ModelLibrary(lib).withFetcher(new NpmRegistry("http://127.0.0.1:" + http.getAddress().getPort()));
            AtomicBoolean cancel = new AtomicBoolean();
            assertThatThrownBy(() -> library.pull(gain(), p -> cancel.set(p.bytes() > tgz.length / 2), cancel::get))
                    .satisfies(e -> assertThat(ModelLibrary.isCancelled((ModelException) e)).isTrue()).hasMessageContaining("nothing was installed");
            assertNothingLeft(lib);
            library.pull(gain());
            cancel.set(false);
            assertThatThrownBy(() -> library.pull(gain(), p -> cancel.set(p.bytes() > 1000), cancel::get)).isInstanceOf(ModelException.class);
            assertThat(library.verify(library.find("gain").orElseThrow())).isEmpty();
        } finally {
            http.stop(0);
        }
    }

    @Test
    void diskFullHalfwayInstallsNothingAndAKilledPullsLeftoversGoNextTime() throws Exception {
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib.resolve(".gain.pull-123/download"));
        Files.writeString(lib.resolve(".gain.pull-123/download/package.tgz"), "half a package from a pull killed with SIGKILL");
        ModelLibrary full = new ModelLibrary(lib).withFetcher((pkg, version, into) -> {
            try {
                Files.write(into.resolve("package.tgz"), new byte[1000]);
            } catch (IOException e) {
                throw new ModelException(e.getMessage(), e);
            }
            throw new ModelException("cannot write " + into.resolve("package.tgz") + ": No space left on device");
        });
        assertThatThrownBy(() -> full.pull(gain())).hasMessageContaining("No space left on device");
        assertNothingLeft(lib);
    }
}
