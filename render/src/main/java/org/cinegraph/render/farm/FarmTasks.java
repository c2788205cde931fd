package org.cinegraph.render.farm;

import org.cinegraph.spi.FrameRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The three commands of a farm render, as every engine runs them (Slurm scripts, OpenCue layers,
 * OpenJD steps): {@code farm prepare}, {@code farm chunk --frames A-B} and {@code farm assemble},
 * each with the graph file, the work and output folders, the whole frame range, the
 * {@code --set} overrides and the graph's sha256 (a task refuses to run a graph edited since
 * submission, so chunks never mix two versions).
 *
 * @param launcher the command that runs Cinegraph on the farm's machines (argv)
 * @param env      variables every task needs (the shared cache folder, the history folder)
 */
public record FarmTasks(List<String> launcher, Path graph, String graphSha256, Path work, Path out, FrameRange frames, int chunk,
                        List<String> sets, Map<String, String> env) {
    public FarmTasks {
        launcher = List.copyOf(launcher);
        graph = graph.toAbsolutePath().normalize();
        work = work.toAbsolutePath().normalize();
        out = out.toAbsolutePath().normalize();
        sets = List.copyOf(sets);
        env = Map.copyOf(env);
    }

    /** The chunks the frame range is cut into. */
    public List<FrameRange> chunks() {
        return ChunkedRender.split(frames.first(), frames.last(), chunk, 1);
    }

    public List<String> prepare() {
        return step("prepare", List.of("--out", out.toString()));
    }

    /** The chunk command for {@code range}, a literal "A-B" or an engine's placeholder for it. */
    public List<String> chunk(String range) {
        return step("chunk", List.of("--frames", range));
    }

    public List<String> assemble() {
        return step("assemble", List.of("--out", out.toString()));
    }

    private List<String> step(String name, List<String> extra) {
        List<String> a = new ArrayList<>(launcher);
        a.add("farm");
        a.add(name);
        a.add(graph.toString());
        a.add("--work");
        a.add(work.toString());
        a.addAll(extra);
        a.add("--of");
        a.add(frames.toString());
        a.add("--graph-sha256");
        a.add(graphSha256);
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a;
    }

    /** The sha256 of a file's bytes, in hex. */
    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One argv as a POSIX shell words, each quoted only when it needs it. */
    public static String shell(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (b.length() > 0) b.append(' ');
            b.append(quote(a));
        }
        return b.toString();
    }

    public static String quote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=@%+,-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
