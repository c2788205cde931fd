package org.cinegraph.media;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** ImageMagick's convert from Debian (.ci/run installs it): makes the test inputs a camera or another tool would. */
public final class Magick {
    private Magick() {
    }

    public static void convert(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("convert");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("convert " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }
}
