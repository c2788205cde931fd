package org.cinegraph.graph.merge;

import org.cinegraph.files.AtomicFiles;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Registers Cinegraph as git's merge driver and diff driver for {@code *.cgraph} in one
 * repository: a line in the top-level .gitattributes (shared: commit it) and the drivers in the
 * repository's own config (.git/config, per clone: every teammate runs it once). Running it
 * again changes nothing.
 * <ul>
 *   <li>{@code merge.cinegraph.driver}: {@code CMD merge %O %A %B -o %A --name %P}, a three-way
 *       merge by node, parameter and link; exit 1 on conflicts, which git reports as a conflict
 *       while the file holds a valid graph with its conflicts block.</li>
 *   <li>{@code diff.cinegraph.command}: {@code CMD diff --git-external}, what {@code git diff}
 *       shows (the reviewer's summary: parameters old -> new, moves, links).</li>
 *   <li>{@code diff.cinegraph.textconv}: {@code CMD diff --textconv}, the readable line form that
 *       {@code git log -p}, {@code git show} and {@code git blame} diff (they do not run external
 *       diff commands without {@code --ext-diff}); {@code xfuncname} puts the node in hunk headers.</li>
 * </ul>
 * CMD is the launcher that ran the setup, by absolute path (git runs drivers from the top of the
 * work tree, and a checkout's ./cinegraph is not on the PATH), or just {@code cinegraph} when
 * that name on the PATH is the same launcher (an installed package).
 */
public final class GitSetup {
    public static final String DRIVER = "cinegraph";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./+:@%=-]+");

    private final Map<String, String> env;

    /** @param env extra environment for the git processes (tests isolate git's global config with it) */
    public GitSetup(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Setup refused: not in a work tree, git missing or failing. The message is one line for the user. */
    public static final class GitSetupException extends Exception {
        public GitSetupException(String message) {
            super(message);
        }
    }

    /** What was changed ("set merge.cinegraph.driver", "added *.cgraph to .gitattributes"); empty when all was in place. */
    public record Outcome(Path workTree, List<String> changes) {
    }

    /** The config entries for a command, in the order they are set. */
    public static Map<String, String> config(String command) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("merge." + DRIVER + ".name", "Cinegraph graph merge (by node, parameter and link)");
        m.put("merge." + DRIVER + ".driver", command + " merge %O %A %B -o %A --name %P");
        m.put("diff." + DRIVER + ".command", command + " diff --git-external --");
        m.put("diff." + DRIVER + ".textconv", command + " diff --textconv --");
        m.put("diff." + DRIVER + ".xfuncname", "^((node|group) .*)$");
        return m;
    }

    public Outcome register(Path dir, String command) throws GitSetupException, IOException {
        Git top = git(dir, "rev-parse", "--show-toplevel");
        if (top.code != 0) {
            throw new GitSetupException(dir.toAbsolutePath().normalize() + " is not inside a git work tree (run it in a clone, or git init first)");
        }
        Path workTree = Path.of(top.out.strip());
        List<String> changes = new ArrayList<>();
        if (attributes(workTree.resolve(".gitattributes"))) changes.add("added merge=" + DRIVER + " diff=" + DRIVER + " for *.cgraph to .gitattributes");
        for (Map.Entry<String, String> e : config(command).entrySet()) {
            Git current = git(workTree, "config", "--local", "--get", e.getKey());
            if (current.code == 0 && current.out.strip().equals(e.getValue())) continue;
            Git set = git(workTree, "config", "--local", e.getKey(), e.getValue());
            if (set.code != 0) throw new GitSetupException("git config " + e.getKey() + " failed: " + set.err.strip());
            changes.add("set " + e.getKey() + " = " + e.getValue());
        }
        return new Outcome(workTree, changes);
    }

    /** Ensures the *.cgraph line names both drivers, keeping its other attributes; true if the file changed. */
    static boolean attributes(Path file) throws IOException {
        String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        List<String> lines = new ArrayList<>(text.lines().toList());
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            String[] words = lines.get(i).trim().split("\\s+");
            if (!words[0].equals("*.cgraph")) continue;
            found = true;
            List<String> attrs = new ArrayList<>();
            for (int w = 1; w < words.length; w++) {
                String a = words[w].replaceFirst("^[-!]", "");
                if (!(a.equals("merge") || a.startsWith("merge=") || a.equals("diff") || a.startsWith("diff="))) attrs.add(words[w]);
            }
            attrs.add("merge=" + DRIVER);
            attrs.add("diff=" + DRIVER);
            lines.set(i, "*.cgraph " + String.join(" ", attrs));
        }
        if (!found) lines.add("*.cgraph merge=" + DRIVER + " diff=" + DRIVER);
        String updated = String.join("\n", lines) + "\n";
        if (updated.equals(text)) return false;
        AtomicFiles.writeString(file, updated);
        return true;
    }

    /**
     * The command git should run: the launcher that is running now ({@code launcher}, from the
     * checkout script or the packaged app), as {@code cinegraph} when the PATH finds that same
     * file under that name, else by absolute path; without a known launcher, {@code cinegraph}
     * if the PATH has one.
     */
    public static Optional<String> command(String launcher, String pathVariable) {
        Optional<Path> onPath = onPath("cinegraph", pathVariable);
        if (launcher == null || launcher.isBlank()) return onPath.map(p -> "cinegraph");
        Path l = Path.of(launcher).toAbsolutePath().normalize();
        if (onPath.isPresent() && sameFile(onPath.get(), l)) return Optional.of("cinegraph");
        return Optional.of(shellWord(l.toString()));
    }

    private static Optional<Path> onPath(String name, String pathVariable) {
        if (pathVariable == null) return Optional.empty();
        for (String d : pathVariable.split(File.pathSeparator)) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** A path as one word for the shell git runs drivers with. */
    public static String shellWord(String s) {
        return SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private record Git(int code, String out, String err) {
    }

    private Git git(Path dir, String... args) throws GitSetupException, IOException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GitSetupException("cannot run git (is it installed and on the PATH?): " + e.getMessage());
        }
        p.getOutputStream().close();
        // Small outputs: read both fully, one after the other, without deadlock risk at these sizes.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GitSetupException("git " + String.join(" ", args) + " did not finish within a minute");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GitSetupException("interrupted while running git");
        }
        return new Git(p.exitValue(), out, err);
    }
}
