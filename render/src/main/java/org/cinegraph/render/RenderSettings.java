package org.cinegraph.render;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the render cache lives and how big it may grow, from the environment:
 * CINEGRAPH_CACHE_DIR (default $XDG_CACHE_HOME/cinegraph or ~/.cache/cinegraph) and
 * CINEGRAPH_CACHE_SIZE (bytes, or with K/M/G suffix; default 5G).
 */
public record RenderSettings(Path cacheDir, long cacheBytes, int threads) {

    public static RenderSettings fromEnvironment() {
        return from(System.getenv(), System.getProperty("user.home"));
    }

    static RenderSettings from(Map<String, String> env, String home) {
        Path dir;
        if (notBlank(env.get("CINEGRAPH_CACHE_DIR"))) dir = Path.of(env.get("CINEGRAPH_CACHE_DIR"));
        else if (notBlank(env.get("XDG_CACHE_HOME"))) dir = Path.of(env.get("XDG_CACHE_HOME"), "cinegraph");
        else dir = Path.of(home, ".cache", "cinegraph");
        long size = notBlank(env.get("CINEGRAPH_CACHE_SIZE")) ? parseSize(env.get("CINEGRAPH_CACHE_SIZE")) : 5L << 30;
        return new RenderSettings(dir, size, Runtime.getRuntime().availableProcessors());
    }

    /** "512M", "5G", "1000000" to bytes. */
    public static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("B")) t = t.substring(0, t.length() - 1);
        if (t.endsWith("K")) mult = 1L << 10;
        else if (t.endsWith("M")) mult = 1L << 20;
        else if (t.endsWith("G")) mult = 1L << 30;
        else if (t.endsWith("T")) mult = 1L << 40;
        if (mult > 1) t = t.substring(0, t.length() - 1);
        try {
            return (long) (Double.parseDouble(t.trim()) * mult);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cache size must look like 500M or 5G, not '" + s + "'");
        }
    }

    /** A cache in the configured folder, with a quarter of the heap for frames held in memory. */
    public RenderCache openCache() {
        return new RenderCache(cacheDir.resolve("v1"), cacheBytes, Runtime.getRuntime().maxMemory() / 4);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
