package org.cinegraph.graph.merge;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** git-setup against a real git: the attributes line, the repository's config, idempotence, refusals, the command git runs. */
class GitSetupTest {
    @TempDir
    Path dir;
    /** Nothing from the machine's or the user's git config, and nothing written there (an empty file, not /dev/null). */
    Map<String, String> isolated;

    @BeforeEach
    void isolate() throws IOException {
        isolated = Map.of("GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", Files.createFile(dir.resolve("gitconfig")).toString());
    }

    String git(Path dir, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(concat(List.of("git", "-C", dir.toString()), args)).redirectErrorStream(true);
        pb.environment().putAll(isolated);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> l = new java.util.ArrayList<>(a);
        l.addAll(List.of(b));
        return l;
    }

    @Test
    void registersBothDriversOnceAndRefusesOutsideARepository() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("shots"));
        git(repo, "init", "-q");
        GitSetup setup = new GitSetup(isolated);
        GitSetup.Outcome first = setup.register(repo.resolve("shots"), "/opt/cinegraph/bin/cinegraph");
        assertThat(first.workTree().toRealPath()).isEqualTo(repo.toRealPath());
        assertThat(first.changes()).hasSize(6);
        assertThat(Files.readString(repo.resolve(".gitattributes"))).isEqualTo("*.cgraph merge=cinegraph diff=cinegraph\n");
        assertThat(git(repo, "config", "--local", "--get", "merge.cinegraph.driver").strip())
                .isEqualTo("/opt/cinegraph/bin/cinegraph merge %O %A %B -o %A --name %P");
        assertThat(git(repo, "config", "--local", "--get", "diff.cinegraph.textconv").strip()).isEqualTo("/opt/cinegraph/bin/cinegraph diff --textconv --");
        assertThat(git(repo, "config", "--local", "--get", "diff.cinegraph.command").strip()).isEqualTo("/opt/cinegraph/bin/cinegraph diff --git-external --");
        assertThat(git(repo, "check-attr", "merge", "diff", "--", "shots/a.cgraph"))
                .isEqualTo("shots/a.cgraph: merge: cinegraph\nshots/a.cgraph: diff: cinegraph\n");

        assertThat(setup.register(repo, "/opt/cinegraph/bin/cinegraph").changes()).isEmpty();
        // A new launcher path replaces the old commands, and only those.
        assertThat(setup.register(repo, "cinegraph").changes()).hasSize(3);

        Path outside = Files.createDirectories(dir.resolve("plain"));
        assertThatThrownBy(() -> setup.register(outside, "cinegraph")).isInstanceOf(GitSetup.GitSetupException.class)
                .hasMessage(outside + " is not inside a git work tree (run it in a clone, or git init first)");
    }

    @Test
    void anExistingAttributesLineKeepsItsOtherAttributes() throws IOException {
        Path f = dir.resolve(".gitattributes");
        Files.writeString(f, "# media\n*.mp4 filter=lfs\n*.cgraph text eol=lf -diff merge=union\n");
        assertThat(GitSetup.attributes(f)).isTrue();
        assertThat(Files.readString(f)).isEqualTo("# media\n*.mp4 filter=lfs\n*.cgraph text eol=lf merge=cinegraph diff=cinegraph\n");
        assertThat(GitSetup.attributes(f)).isFalse();
        Path none = dir.resolve("sub/.gitattributes");
        Files.createDirectories(none.getParent());
        Files.writeString(none, "*.png binary");
        assertThat(GitSetup.attributes(none)).isTrue();
        assertThat(Files.readString(none)).isEqualTo("*.png binary\n*.cgraph merge=cinegraph diff=cinegraph\n");
    }

    @Test
    void gitRunsTheLauncherByPathOrByNameWhenThePathFindsTheSameOne() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path app = Files.createDirectories(dir.resolve("opt app/bin")).resolve("Cinegraph");
        Files.writeString(app, "#!/bin/sh\n");
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(GitSetup.command(app.toString(), bin.toString())).contains("'" + app + "'");
        Files.createSymbolicLink(bin.resolve("cinegraph"), app);
        assertThat(GitSetup.command(app.toString(), "/nonexistent:" + bin)).contains("cinegraph");
        assertThat(GitSetup.command(null, bin.toString())).contains("cinegraph");
        assertThat(GitSetup.command(null, "/nonexistent")).isEmpty();
        assertThat(GitSetup.shellWord("/home/ann/it's here/cinegraph")).isEqualTo("'/home/ann/it'\\''s here/cinegraph'");
        assertThat(GitSetup.shellWord("/work/cinegraph/cinegraph")).isEqualTo("/work/cinegraph/cinegraph");
    }
}
