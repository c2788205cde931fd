package org.cinegraph.render.cli;

import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Properties;

/**
 * The headless command line: one class per subcommand ({@link RenderCommand}, {@link ValidateCommand},
 * {@link FmtCommand}, {@link NodesCommand}, {@link ModelsCommand}, {@link HistoryCommand}, {@link DiffCommand},
 * {@link MergeCommand}, {@link ResolveCommand}, {@link GitSetupCommand}, {@link CredentialsCommand}, {@link LibraryCommand}, {@link FarmCommand}, {@link TrainCommand}), parsed by
 * picocli, which also writes the usage. Exit codes: 0 success, 1 render failed, 2 bad input (file,
 * graph, arguments), 130 cancelled.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int CANCELLED = 130;
    /** Cancelled by SIGTERM (a farm scheduler or service manager stopping the job). */
    public static final int TERMINATED = 143;

    private final CliContext ctx;

    public Cli(PrintStream out, PrintStream err, Renderer renderer, CancelToken cancel) {
        this.ctx = new CliContext(out, err, cancel, renderer);
    }

    public Cli(PrintStream out, PrintStream err, NodeRegistry registry, RenderSettings settings, CancelToken cancel) {
        this(out, err, registry, settings, cancel, ModelLibrary.fromEnvironment());
    }

    public Cli(PrintStream out, PrintStream err, NodeRegistry registry, RenderSettings settings, CancelToken cancel, ModelLibrary library) {
        this(out, err, registry, settings, cancel, library, RenderHistory.fromEnvironment());
    }

    public Cli(PrintStream out, PrintStream err, NodeRegistry registry, RenderSettings settings, CancelToken cancel, ModelLibrary library,
               RenderHistory history) {
        this(out, err, new Renderer(registry, library, settings, history), cancel);
    }

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Cli.class.getResourceAsStream("/org/cinegraph/render/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    @Command(name = "cinegraph", mixinStandardHelpOptions = true, versionProvider = Root.Version.class,
            subcommands = {RenderCommand.class, ValidateCommand.class, FmtCommand.class, NodesCommand.class, ModelsCommand.class,
                    HistoryCommand.class, DiffCommand.class, MergeCommand.class, ResolveCommand.class, GitSetupCommand.class,
                    CredentialsCommand.class, LibraryCommand.class, FarmCommand.class, TrainCommand.class, Root.VersionCommand.class, CommandLine.HelpCommand.class},
            synopsisSubcommandLabel = "COMMAND",
            description = {"Render and check node graphs for generative image and video work.", "",
                    "With no command: the editor on the storyboard example (needs a display);",
                    "open FILE.cgraph: the editor on that file."},
            footer = {"", "Exit codes: 0 ok, 1 render failed, 2 bad input, 130 cancelled (Ctrl-C), 143 terminated (SIGTERM)."})
    static final class Root {
        static final class Version implements CommandLine.IVersionProvider {
            @Override
            public String[] getVersion() {
                return new String[] {"cinegraph " + version()};
            }
        }

        @Command(name = "version", description = "Print the version.")
        static final class VersionCommand implements Runnable {
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public void run() {
                spec.commandLine().getOut().println("cinegraph " + version());
            }
        }
    }

    /** Runs one command line and returns its exit code; nothing is thrown, no stack trace is printed. */
    public int run(List<String> args) {
        CommandLine cl = commandLine();
        if (args.isEmpty()) {
            cl.usage(cl.getErr());
            return BAD_INPUT;
        }
        return cl.execute(args.toArray(String[]::new));
    }

    CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Root(), new WithContext(ctx));
        cl.setOut(new PrintWriter(ctx.out, true));
        cl.setErr(new PrintWriter(ctx.err, true));
        cl.setParameterExceptionHandler((ParameterException e, String[] a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("cinegraph: " + e.getMessage());
            e.getCommandLine().usage(err);
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            // a bug, not bad input: still one line, never a stack trace
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
            c.getErr().println("cinegraph: " + m);
            return FAILED;
        });
        return cl;
    }

    /** Makes subcommands with the context when they take one (picocli makes the rest itself). */
    private record WithContext(CliContext ctx) implements IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(ctx));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    /** Entry point used by the launcher: wires Ctrl-C and SIGTERM to cancellation and exits with the code. */
    public static int main(String[] args) {
        // One plain line per log record ("cinegraph: save1: wrote frames 0-239 ..."), not the JDK's two.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "cinegraph: %5$s%6$s%n");
        }
        CancelToken cancel = new CancelToken();
        SignalHandling.onInterrupt(cancel::cancel);
        int code = new Cli(System.out, System.err, Renderer.shared(), cancel).run(List.of(args));
        return code == CANCELLED && SignalHandling.terminated() ? TERMINATED : code;
    }
}
