package org.cinegraph.app;

import java.nio.file.Path;

/**
 * Keeps what the app writes in the user's folders (XDG base directories on Linux), never in the
 * install folder: native libraries that JavaCPP and DJL unpack go under the cache folder.
 */
final class UserDirs {
    private UserDirs() {
    }

    /** $XDG_CACHE_HOME/cinegraph, or ~/.cache/cinegraph. */
    static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("cinegraph");
    }

    /** Sets the native-library cache folders unless the user set them. */
    static void applyDefaults() {
        Path cache = cacheHome();
        setIfAbsent("org.bytedeco.javacpp.cachedir", cache.resolve("javacpp").toString());
        setIfAbsent("DJL_CACHE_DIR", cache.resolve("djl").toString());
        setIfAbsent("ENGINE_CACHE_DIR", cache.resolve("djl").toString());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
    }
}
