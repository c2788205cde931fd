package org.cinegraph.render.cli;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.GraphFormatException;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.Problem;
import org.cinegraph.render.ModelCheck;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What every subcommand works with: the output streams, the process's {@link Renderer} (node
 * types, model library, cache, history) and the cancellation token Ctrl-C and SIGTERM trip.
 */
final class CliContext {
    final PrintStream out;
    final PrintStream err;
    final CancelToken cancel;
    final Renderer renderer;

    CliContext(PrintStream out, PrintStream err, CancelToken cancel, Renderer renderer) {
        // messages and listings quote names from graph files and arguments: a NUL or a bell in one is shown escaped, never raw
        this.out = new PrintStream(new ControlEscaper(out), true, java.nio.charset.StandardCharsets.UTF_8);
        this.err = new PrintStream(new ControlEscaper(err), true, java.nio.charset.StandardCharsets.UTF_8);
        this.cancel = cancel;
        this.renderer = renderer;
    }

    NodeRegistry registry() {
        return renderer.registry();
    }

    ModelLibrary library() {
        return renderer.library();
    }

    RenderHistory history() {
        return renderer.history().orElseThrow();
    }

    /** The node types a graph file can use: the installed ones plus its project folder's models. */
    NodeRegistry registryFor(Path graphFile) {
        return renderer.registryFor(graphFile);
    }

    /** Opens a graph file; on failure prints why (file, line:column, node) and returns empty. */
    Optional<LoadedGraph> load(Path file, NodeRegistry reg) {
        try {
            return Optional.of(GraphFile.read(file, reg));
        } catch (GraphFormatException e) {
            err.println("cinegraph: " + e.getMessage());
        } catch (NoSuchFileException e) {
            err.println("cinegraph: " + file + ": no such file");
        } catch (IOException e) {
            err.println("cinegraph: " + file + ": cannot read: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Missing or mismatching models of a graph, with the command that installs them. */
    List<Problem> modelProblems(LoadedGraph loaded, Path file, NodeRegistry reg) {
        return ModelCheck.forGraph(loaded, reg, library().forGraph(file));
    }

    /** Prints problems of a graph file, one line each: "FILE: node ID: message". */
    void printProblems(Path file, List<Problem> problems, PrintStream to) {
        for (Problem p : problems) to.println(file + ": " + p);
    }

}
