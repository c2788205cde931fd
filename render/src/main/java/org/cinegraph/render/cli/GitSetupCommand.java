package org.cinegraph.render.cli;

import org.cinegraph.graph.merge.GitSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "git-setup", mixinStandardHelpOptions = true,
        description = {"Register Cinegraph's merge and diff drivers for *.cgraph in this git repository.",
                "Writes a line in .gitattributes (commit it) and the drivers in the repository's git config (once per",
                "clone); running it again changes nothing."})
final class GitSetupCommand implements Callable<Integer> {
    /** Set by the ./cinegraph script of a checkout; an installed app has jpackage's app path. */
    static final String LAUNCHER_PROPERTY = "cinegraph.launcher";

    private final CliContext ctx;

    @Option(names = "--command", paramLabel = "CMD", description = "the command git should run (default: the launcher running now)")
    String command;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "a folder in the repository (default: the current one)")
    Path dir = Path.of(".");

    GitSetupCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String launcher = System.getProperty(LAUNCHER_PROPERTY, System.getProperty("jpackage.app-path"));
        Optional<String> cmd = command != null ? Optional.of(command) : GitSetup.command(launcher, System.getenv("PATH"));
        if (cmd.isEmpty()) {
            ctx.err.println("cinegraph: cannot tell which command runs Cinegraph here; pass it with --command");
            return Cli.BAD_INPUT;
        }
        try {
            GitSetup.Outcome o = new GitSetup(Map.of()).register(dir, cmd.get());
            if (o.changes().isEmpty()) {
                ctx.out.println(o.workTree() + ": the Cinegraph merge and diff drivers are already set up");
                return Cli.OK;
            }
            ctx.out.println(o.workTree() + ": Cinegraph's merge and diff drivers for *.cgraph:");
            o.changes().forEach(c -> ctx.out.println("  " + c));
            ctx.out.println("Commit .gitattributes so teammates' clones use them; each clone runs `cinegraph git-setup` once.");
            return Cli.OK;
        } catch (GitSetup.GitSetupException e) {
            ctx.err.println("cinegraph: git-setup: " + e.getMessage());
            return Cli.BAD_INPUT;
        } catch (IOException e) {
            ctx.err.println("cinegraph: git-setup: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
    }
}
