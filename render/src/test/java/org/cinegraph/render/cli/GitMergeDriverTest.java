package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Conflict;
import org.cinegraph.graph.Conflict.Kind;
import org.cinegraph.graph.Conflict.Side;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cinegraph.render.cli.GraphMergeCliTest.REGISTRY;
import static org.cinegraph.render.cli.GraphMergeCliTest.base;
import static org.cinegraph.render.cli.GraphMergeCliTest.set;

/**
 * Real `git merge` runs of divergent branches in a temporary repository, with the drivers
 * registered by `cinegraph git-setup` and run by git as separate processes (this build's
 * classes behind a launcher script in a folder with a space in its name).
 */
class GitMergeDriverTest {
    static final String FILE = "shots/shot.cgraph";

    @TempDir
    Path dir;
    Path repo;
    Path launcher;
    Map<String, String> env;

    record Result(int code, String out) {
    }

    @BeforeEach
    void setUp() throws Exception {
        String globalConfig = Files.createFile(dir.resolve("gitconfig")).toString();
        env = new HashMap<>(Map.of("GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", globalConfig, "HOME", dir.toString(),
                "GIT_AUTHOR_NAME", "Ann", "GIT_AUTHOR_EMAIL", "ann@studio", "GIT_COMMITTER_NAME", "Ann", "GIT_COMMITTER_EMAIL", "ann@studio"));
        env.putAll(Map.of("CINEGRAPH_CACHE_DIR", dir.resolve("cache").toString(), "CINEGRAPH_HISTORY_DIR", dir.resolve("history").toString(),
                "CINEGRAPH_MODELS", dir.resolve("models").toString()));
        launcher = Files.createDirectories(dir.resolve("tools dir")).resolve("cinegraph");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' " + CliMain.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        repo = Files.createDirectories(dir.resolve("repo"));
        git("init", "-q", "-b", "main");
        commit(base(), "base");
        Result setup = run(List.of(launcher.toString(), "git-setup", "--command", "'" + launcher + "'"));
        assertThat(setup.code()).as(setup.out()).isZero();
        git("add", ".gitattributes");
        git("commit", "-q", "-m", "cinegraph drivers");
    }

    Result run(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    String git(String... args) throws Exception {
        Result r = gitResult(args);
        assertThat(r.code()).as("git %s: %s", String.join(" ", args), r.out()).isZero();
        return r.out();
    }

    Result gitResult(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    void commit(Graph g, String message) throws Exception {
        Path f = repo.resolve(FILE);
        Files.createDirectories(f.getParent());
        GraphFile.write(g, f, REGISTRY);
        git("add", FILE);
        git("commit", "-q", "-m", message);
    }

    Graph branch(String name, String from, Graph g) throws Exception {
        git("checkout", "-q", "-b", name, from);
        commit(g, name);
        return g;
    }

    Graph merged() throws IOException, org.cinegraph.format.GraphFormatException {
        return GraphFile.read(repo.resolve(FILE), REGISTRY).graph();
    }

    /** The conflicts git's own line merge would report for the same three texts. */
    int lineMergeConflicts(Graph base, Graph ours, Graph theirs) throws Exception {
        Path b = dir.resolve("b.txt");
        Path o = dir.resolve("o.txt");
        Path t = dir.resolve("t.txt");
        Files.writeString(b, GraphFile.toJson(base, REGISTRY));
        Files.writeString(o, GraphFile.toJson(ours, REGISTRY));
        Files.writeString(t, GraphFile.toJson(theirs, REGISTRY));
        return gitResult("merge-file", "-p", "-q", o.toString(), b.toString(), t.toString()).code();
    }

    @Test
    void editsThatCollideAsLinesMergeCleanlyAsAGraph() throws Exception {
        Graph base = base();
        // Ann: exposure up, a blur between grade and save. Ben: the next parameter, and the plate moved.
        GraphNode blur = GraphNode.of("blur1", "filter.blur", 1, "Soften", 300, 100).withParams(Map.of("radius", 2.0));
        Graph ann = branch("ann", "main", set(base, "grade1", "exposure", 0.5).withNode(blur).withLinks(List.of(
                Link.of("solid1", "image", "grade1", "image"), Link.of("grade1", "image", "blur1", "image"), Link.of("blur1", "image", "save1", "image"))));
        Graph ben = branch("ben", "main", set(base, "grade1", "saturation", 1.3).withNode(base.requireNode("solid1").withPosition(-50, 20)));
        assertThat(lineMergeConflicts(base, ann, ben)).isPositive();

        git("checkout", "-q", "ann");
        Result m = gitResult("merge", "--no-edit", "ben");
        assertThat(m.code()).as(m.out()).isZero();
        assertThat(git("status", "--porcelain")).isEmpty();
        Graph expected = set(ann, "grade1", "saturation", 1.3).withNode(ann.requireNode("solid1").withPosition(-50, 20));
        assertThat(merged()).isEqualTo(expected);
        assertThat(merged().conflicts()).isEmpty();

        // Reviewing it: git diff runs the external driver, git log -p the textconv with the node in each hunk header.
        String diff = git("diff", "main", "HEAD", "--", FILE);
        assertThat(diff).isEqualTo("cinegraph diff a/" + FILE + " b/" + FILE + "\n"
                + "2 nodes changed, 1 added; 1 link added, 1 rewired\n"
                + "nodes added\n  + blur1  Soften (filter.blur v1) at (300, 100)\n      radius = 2.0\n"
                + "nodes changed\n  ~ grade1  Grade (colour.grade v1)\n      exposure: 0.0 -> 0.5\n      saturation: 1.0 -> 1.3\n"
                + "  ~ solid1  Plate (generate.solid v1)\n      moved (0, 0) -> (-50, 20)\n"
                + "links\n  + grade1.image -> blur1.image\n  ~ save1.image now from blur1.image (was grade1.image)\n");
        String log = git("log", "-p", "-1", "--format=%s", "ben");
        assertThat(log).contains(" node grade1  Grade (colour.grade v1)\n   at (200, 0)\n   exposure = 0.0\n-  saturation = 1.0\n+  saturation = 1.3\n",
                " node solid1  Plate (generate.solid v1)\n-  at (0, 0)\n+  at (-50, 20)\n");
        // A hunk that starts below a node's first line names the node it is in.
        assertThat(log).containsPattern("\n@@ -\\d+,\\d+ \\+\\d+,\\d+ @@ node save1  Save \\(output.image v1\\)\n");
    }

    @Test
    void trueConflictsStopTheMergeWithAValidGraphListingThem() throws Exception {
        Graph base = base();
        branch("ann", "main", set(set(base, "grade1", "exposure", 0.5), "save1", "filename", "ann.png"));
        branch("ben", "main", set(base, "grade1", "exposure", -0.5).withoutNodes(List.of("save1")));

        git("checkout", "-q", "ann");
        Result m = gitResult("merge", "--no-edit", "ben");
        assertThat(m.code()).isNotZero();
        assertThat(m.out()).contains("CONFLICT (content): Merge conflict in " + FILE,
                "cinegraph: " + FILE + ": 2 merge conflicts (the graph holds ours; its conflicts block lists each side):",
                "node grade1: merge conflict on parameter 'exposure': ours 0.5, theirs -0.5, base 0.0",
                "node save1: merge conflict: the node was deleted by theirs and edited by ours; it is kept as ours left it");
        assertThat(git("ls-files", "-u", "--", FILE).lines()).hasSize(3);

        String text = Files.readString(repo.resolve(FILE));
        assertThat(text).doesNotContain("<<<<<<<").contains("\"conflicts\": [");
        Graph g = merged();
        assertThat(g.conflicts()).containsExactly(
                Conflict.of(Kind.PARAM, "grade1", "exposure", Map.of(Side.BASE, 0.0, Side.OURS, 0.5, Side.THEIRS, -0.5)),
                Conflict.deleted(Kind.NODE_DELETED, "save1", Side.THEIRS));
        assertThat(g.requireNode("save1").params()).containsEntry("filename", "ann.png");
        assertThat(g.links()).contains(Link.of("grade1", "image", "save1", "image"));

        // Settled without the editor: their exposure, our save node; then git takes the file as any resolved one.
        Result theirs = run(List.of(launcher.toString(), "resolve", FILE, "--theirs", "grade1"));
        assertThat(theirs.code()).as(theirs.out()).isZero();
        assertThat(run(List.of(launcher.toString(), "resolve", FILE, "--ours")).out()).isEqualTo(FILE + ": took ours for 1 conflict; none left\n");
        git("add", FILE);
        git("commit", "-q", "--no-edit");
        assertThat(merged()).isEqualTo(set(set(base, "grade1", "exposure", -0.5), "save1", "filename", "ann.png"));
    }
}
