package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.cinegraph.format.GraphFile;
import org.cinegraph.format.GraphFormatException;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.merge.GraphDiff;
import org.cinegraph.graph.merge.GraphText;
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

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Say what changed from graph A to graph B: nodes added, removed, moved; parameters old -> new; links; groups.",
                "Exit 0 when they are the same, 1 when they differ, 2 on bad input.",
                "--textconv and --git-external are the forms git runs once `cinegraph git-setup` has registered them."})
final class DiffCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--json", description = "the changes as one JSON object")
    boolean json;

    @Option(names = "--textconv", description = "print one graph as readable lines (git's textconv: git log -p, git show, git blame)")
    boolean textconv;

    @Option(names = "--git-external", description = "git's external diff arguments: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE")
    boolean gitExternal;

    @Parameters(paramLabel = "FILE", arity = "1..7", description = "A.cgraph B.cgraph")
    List<String> files;

    DiffCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (textconv) return textconv();
        if (gitExternal) return gitExternal();
        if (files.size() != 2) {
            ctx.err.println("cinegraph: diff takes two graph files, A and B");
            return Cli.BAD_INPUT;
        }
        Optional<Graph> a = load(Path.of(files.get(0)));
        Optional<Graph> b = load(Path.of(files.get(1)));
        if (a.isEmpty() || b.isEmpty()) return Cli.BAD_INPUT;
        GraphDiff d = GraphDiff.between(a.get(), b.get());
        if (json) {
            try {
                ctx.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(d.json()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            ctx.out.print(d.text());
        }
        return d.isEmpty() ? Cli.OK : Cli.FAILED;
    }

    private Optional<Graph> load(Path file) {
        return ctx.load(file, ctx.registryFor(file)).map(l -> l.graph());
    }

    /** Never fails: git stops the whole diff when a textconv does, so an unreadable graph shows as its raw text. */
    private int textconv() {
        if (files.size() != 1) {
            ctx.err.println("cinegraph: diff --textconv takes one graph file");
            return Cli.BAD_INPUT;
        }
        Path file = Path.of(files.get(0));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            ctx.err.println("cinegraph: " + file + ": cannot read: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        try {
            ctx.out.print(GraphText.of(GraphFile.parse(text, file.toString(), ctx.registry()).graph()));
        } catch (GraphFormatException e) {
            ctx.out.println("(cinegraph: not a readable graph, shown as text: " + e.getMessage() + ")");
            ctx.out.print(text);
        }
        return Cli.OK;
    }

    /**
     * git's external diff: seven arguments, or just the path for an unmerged file. Always exits
     * 0 (git 2.39 stops the whole diff on any other code) and says in its output what it could
     * not read.
     */
    private int gitExternal() {
        if (files.size() != 7 && files.size() != 1) {
            ctx.err.println("cinegraph: diff --git-external takes the 7 arguments git passes (or 1 for an unmerged path)");
            return Cli.BAD_INPUT;
        }
        String path = files.get(0);
        ctx.out.println("cinegraph diff a/" + path + " b/" + path);
        if (files.size() == 1) {
            ctx.out.println("unmerged: resolve the merge first (its conflicts block lists what is left)");
            return Cli.OK;
        }
        try {
            Graph a = orEmpty(files.get(1), path);
            Graph b = orEmpty(files.get(4), path);
            ctx.out.print(GraphDiff.between(a, b).text());
        } catch (GraphFormatException e) {
            ctx.out.println("not a readable graph: " + e.getMessage() + " (git diff --no-ext-diff shows the text)");
        } catch (IOException e) {
            ctx.out.println("cannot read: " + e.getMessage());
        }
        return Cli.OK;
    }

    /** git passes /dev/null for the missing side of an added or deleted file. */
    private Graph orEmpty(String file, String name) throws IOException, GraphFormatException {
        if (file.equals("/dev/null")) return Graph.EMPTY;
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        return GraphFile.parse(text, name, ctx.registryFor(Path.of(name))).graph();
    }
}
