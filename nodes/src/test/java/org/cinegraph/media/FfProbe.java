package org.cinegraph.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's ffprobe, an independent reader of what the encoders wrote (stream tags, profiles,
 * colour properties). .ci/run installs it.
 */
public final class FfProbe {
    private FfProbe() {
    }

    /** The first stream of {@code type} ("v" or "a") as ffprobe's JSON. */
    public static JsonNode stream(Path file, String type) throws Exception {
        JsonNode streams = run(file, "-select_streams", type, "-show_streams").get("streams");
        if (streams == null || streams.isEmpty()) throw new AssertionError("ffprobe found no " + type + " stream in " + file);
        return streams.get(0);
    }

    /** The container's tags. */
    public static JsonNode format(Path file) throws Exception {
        return run(file, "-show_format").get("format");
    }

    private static JsonNode run(Path file, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ffprobe", "-v", "error", "-of", "json"));
        cmd.addAll(List.of(args));
        cmd.add(file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("ffprobe failed on " + file + ": " + new String(out, StandardCharsets.UTF_8));
        }
        return new ObjectMapper().readTree(out);
    }
}
