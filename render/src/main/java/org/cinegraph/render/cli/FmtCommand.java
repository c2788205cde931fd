package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.spi.NodeRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = "Rewrite graph files in canonical form, for teams keeping graphs in git.")
final class FmtCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--check", description = "change nothing; exit 1 if any file is not canonical")
    boolean check;

    @Parameters(paramLabel = "GRAPH", arity = "1..*", description = "the .cgraph files")
    List<Path> files;

    FmtCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean bad = false;
        boolean changed = false;
        for (Path f : files) {
            NodeRegistry registry = ctx.registryFor(f);
            Optional<LoadedGraph> loaded = ctx.load(f, registry);
            if (loaded.isEmpty()) {
                bad = true;
                continue;
            }
            try {
                String canonical = GraphFile.toJson(loaded.get().graph(), registry);
                if (canonical.equals(Files.readString(f, StandardCharsets.UTF_8))) continue;
                changed = true;
                if (check) {
                    ctx.out.println(f + ": not in canonical form");
                } else {
                    GraphFile.write(loaded.get().graph(), f, registry);
                    ctx.out.println(f + ": rewritten");
                }
            } catch (IOException e) {
                ctx.err.println("cinegraph: " + f + ": " + e.getMessage());
                bad = true;
            }
        }
        if (bad) return Cli.BAD_INPUT;
        return check && changed ? Cli.FAILED : Cli.OK;
    }
}
