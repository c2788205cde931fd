package org.cinegraph.render.farm;

import org.cinegraph.media.Frame;
import org.cinegraph.media.VideoFileClip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the farm tests share: a launcher script for this class path, ffprobe's timestamps, frame comparison. */
final class FarmFixture {
    private FarmFixture() {
    }

    /** A script that runs the command line of this build in its own JVM, as a farm's machines would. */
    static Path launcher(Path dir, Path cache, Path history) throws IOException {
        Path script = dir.resolve("cinegraph-test");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\n"
                + "export CINEGRAPH_CACHE_DIR='" + cache + "'\n"
                + "export CINEGRAPH_HISTORY_DIR='" + history + "'\n"
                + "exec '" + java + "' -Xmx1g -Djava.awt.headless=true -cp '" + System.getProperty("java.class.path") + "' "
                + CliMain.class.getName() + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Presentation times of the video frames, as Debian's ffprobe (not the FFmpeg inside JavaCV) reads them. */
    static List<String> timestamps(Path video) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time",
                "-of", "csv=p=0", video.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffprobe failed on " + video + ": " + out);
        List<String> ts = new ArrayList<>();
        for (String l : out.split("\n")) if (!l.isBlank()) ts.add(l.strip());
        return ts;
    }

    /** The largest difference of any channel of any pixel between the two videos' decoded frames (they must have as many). */
    static int maxDifference(Path a, Path b) {
        try (VideoFileClip x = new VideoFileClip(a); VideoFileClip y = new VideoFileClip(b)) {
            if (x.frameCount() != y.frameCount()) throw new AssertionError(a + " has " + x.frameCount() + " frames, " + b + " " + y.frameCount());
            int worst = 0;
            for (int i = 0; i < x.frameCount(); i++) worst = Math.max(worst, maxDifference(x.frame(i), y.frame(i)));
            return worst;
        }
    }

    /** The first channel of a video's sound as Debian's ffmpeg decodes it (48 kHz floats). */
    static double[] sound(Path video) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", video.toString(), "-map", "0:a:0", "-ac", "1", "-ar", "48000", "-f", "f32le", "-")
                .start();
        byte[] raw = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffmpeg could not decode the sound of " + video);
        java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        double[] out = new double[f.remaining()];
        for (int i = 0; i < out.length; i++) out[i] = f.get(i);
        return out;
    }

    static double worst(double[] a, double[] b, int from, int to) {
        double w = 0;
        for (int i = from; i < Math.min(to, Math.min(a.length, b.length)); i++) w = Math.max(w, Math.abs(a[i] - b[i]));
        return w;
    }

    /** The shift (in samples, within +-range) that best lines b up with a over {@code length} samples from {@code at}. */
    static int lag(double[] a, double[] b, int at, int length, int range) {
        int best = 0;
        double bestErr = Double.MAX_VALUE;
        for (int s = -range; s <= range; s++) {
            double e = 0;
            for (int i = at; i < at + length; i++) {
                int j = i + s;
                if (j < 0 || j >= b.length || i >= a.length) { e = Double.MAX_VALUE; break; }
                e += (a[i] - b[j]) * (a[i] - b[j]);
            }
            if (e < bestErr) { bestErr = e; best = s; }
        }
        return best;
    }

    /** How close two videos' pictures are: the worst frame's PSNR (dB, RGB), the mean absolute difference, the largest. */
    record Closeness(double minPsnr, double meanAbs, int max) {
    }

    static Closeness closeness(Path a, Path b) {
        try (VideoFileClip x = new VideoFileClip(a); VideoFileClip y = new VideoFileClip(b)) {
            double minPsnr = Double.POSITIVE_INFINITY, sumAbs = 0;
            long n = 0;
            int max = 0;
            for (int i = 0; i < x.frameCount(); i++) {
                int[] p = x.frame(i).pixels(), q = y.frame(i).pixels();
                double se = 0;
                for (int k = 0; k < p.length; k++) {
                    for (int s = 0; s < 24; s += 8) {
                        int d = Math.abs(((p[k] >>> s) & 0xFF) - ((q[k] >>> s) & 0xFF));
                        se += d * d;
                        sumAbs += d;
                        max = Math.max(max, d);
                    }
                }
                n += 3L * p.length;
                double mse = se / (3.0 * p.length);
                minPsnr = Math.min(minPsnr, mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse));
            }
            return new Closeness(minPsnr, sumAbs / n, max);
        }
    }

    static int maxDifference(Frame f, Frame g) {
        int[] p = f.pixels(), q = g.pixels();
        int worst = 0;
        for (int i = 0; i < p.length; i++) {
            for (int s = 0; s < 32; s += 8) worst = Math.max(worst, Math.abs(((p[i] >>> s) & 0xFF) - ((q[i] >>> s) & 0xFF)));
        }
        return worst;
    }
}
