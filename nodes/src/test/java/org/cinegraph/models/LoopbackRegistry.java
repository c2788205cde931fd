package org.cinegraph.models;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A package registry on loopback speaking the npm registry's documented protocol (version
 * metadata with the tarball address and its sha512 integrity, then the tarball) for one package,
 * optionally slowly ({@code millisPer64k} between 64 KiB chunks) so tests can cancel or kill a
 * pull halfway. Point a library at it with {@code new NpmRegistry(url())}, or a CLI process with
 * {@code npm_config_registry}.
 */
public final class LoopbackRegistry implements AutoCloseable {
    private final HttpServer http;
    private volatile long millisPer64k;

    public LoopbackRegistry(String pkg, String version, byte[] tarball, long millisPer64k) throws IOException {
        this.millisPer64k = millisPer64k;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String name = URLEncoder.encode(pkg, StandardCharsets.UTF_8);
        String tgzPath = "/" + name + "/-/package-" + version + ".tgz";
        http.createContext("/" + name + "/" + version, x -> {
            byte[] body = ("{\"name\":\"" + pkg + "\",\"version\":\"" + version + "\",\"dist\":{\"tarball\":\"" + url() + tgzPath.substring(1)
                    + "\",\"integrity\":\"" + sha512(tarball) + "\"}}").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        http.createContext(tgzPath, x -> {
            x.sendResponseHeaders(200, tarball.length);
            try (OutputStream o = x.getResponseBody()) {
                for (int i = 0; i < tarball.length; i += 1 << 16) {
                    o.write(tarball, i, Math.min(1 << 16, tarball.length - i));
                    o.flush();
                    if (this.millisPer64k > 0) Thread.sleep(this.millisPer64k);
                }
            } catch (IOException | InterruptedException ignored) {
                // the client went away (cancelled or killed): fine
            }
        });
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-registry");
            t.setDaemon(true);
            return t;
        }));
        http.start();
    }

    /** From now on, waits this long between 64 KiB chunks of the tarball (0: as fast as it goes). */
    public void setDelay(long millisPer64k) {
        this.millisPer64k = millisPer64k;
    }

    /** The registry's base address, ending in a slash. */
    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
    }

    private static String sha512(byte[] b) {
        try {
            return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
