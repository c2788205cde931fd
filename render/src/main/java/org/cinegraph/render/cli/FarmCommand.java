package org.cinegraph.render.cli;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.format.LoadedGraph;
import org.cinegraph.graph.ParamRef;
import org.cinegraph.graph.Problem;
import org.cinegraph.render.NodeReport;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderJob;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.farm.ChunkedRender;
import org.cinegraph.render.farm.FarmException;
import org.cinegraph.render.farm.FarmExport;
import org.cinegraph.render.farm.FarmTasks;
import org.cinegraph.render.farm.Slurm;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.NodeRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cinegraph farm}: a render split into chunks on a farm. The steps every engine runs
 * (prepare, chunk, assemble: {@link ChunkedRender}), Slurm submission, status and cancel, and
 * job descriptions for OpenCue and OpenJD (Deadline Cloud).
 */
@Command(name = "farm", mixinStandardHelpOptions = true,
        subcommands = {FarmCommand.Prepare.class, FarmCommand.Chunk.class, FarmCommand.Assemble.class, FarmCommand.Submit.class,
                FarmCommand.Status.class, FarmCommand.Cancel.class, FarmCommand.Export.class},
        description = {"Render a graph on a farm: split into chunks, submitted to Slurm or exported for OpenCue and OpenJD (Deadline Cloud).",
                "Every task shares the work folder and CINEGRAPH_CACHE_DIR, which must be on a shared POSIX file system."})
final class FarmCommand {
    private FarmCommand() {
    }

    /** The graph and how it is rendered, as every farm subcommand takes them. */
    static final class GraphOptions {
        @Parameters(index = "0", paramLabel = "GRAPH", description = "the .cgraph file")
        Path graphFile;

        @Option(names = "--set", paramLabel = "NODE.PARAM=VALUE", description = "change a parameter for this render only (repeatable)")
        List<String> sets = new ArrayList<>();
    }

    /** The options of a step that runs on the farm. */
    static final class StepOptions {
        @Option(names = "--work", required = true, paramLabel = "DIR", description = "the farm render's work folder (shared by its tasks)")
        Path work;

        @Option(names = "--of", required = true, paramLabel = "A-B", converter = Converters.Frames.class,
                description = "all frames of the farm render (first-last)")
        FrameRange all;

        @Option(names = "--graph-sha256", paramLabel = "HEX", description = "refuse to run when the graph file is not this one (edited since submission)")
        String sha256;
    }

    /** Loads the graph and builds the job; prints why not and returns empty. */
    private static Optional<RenderJob> job(CliContext ctx, GraphOptions g, String sha256, Path out) {
        if (sha256 != null) {
            try {
                if (!FarmTasks.sha256(g.graphFile).equalsIgnoreCase(sha256)) {
                    ctx.err.println("cinegraph: " + g.graphFile + " changed since the farm render was submitted; submit it again");
                    return Optional.empty();
                }
            } catch (IOException e) {
                ctx.err.println("cinegraph: " + g.graphFile + ": cannot read: " + e.getMessage());
                return Optional.empty();
            }
        }
        NodeRegistry registry = ctx.registryFor(g.graphFile);
        Optional<LoadedGraph> loaded = ctx.load(g.graphFile, registry);
        if (loaded.isEmpty()) return Optional.empty();
        boolean bad = false;
        for (Problem p : loaded.get().warnings()) {
            ctx.err.println(g.graphFile + ": " + p);
            bad |= p.isError();
        }
        if (bad) {
            ctx.printProblems(g.graphFile, ctx.modelProblems(loaded.get(), g.graphFile, registry), ctx.err);
            return Optional.empty();
        }
        Map<ParamRef, Object> params = new LinkedHashMap<>();
        for (String s : g.sets) {
            int eq = s.indexOf('=');
            try {
                if (eq < 0) throw new IllegalArgumentException("no '='");
                params.put(ParamRef.parse(s.substring(0, eq)), s.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                ctx.err.println("cinegraph: --set wants NODE.PARAM=VALUE, not '" + s + "'");
                return Optional.empty();
            }
        }
        RenderJob job = RenderJob.of(loaded.get().graph(), g.graphFile).withParams(params);
        if (out != null) job = job.withOutDir(out);
        return Optional.of(job);
    }

    /** Exit code of a step's render, after saying what went wrong. */
    private static int outcome(CliContext ctx, Renderer.Outcome o, String what) {
        if (o == null) return Cli.OK;
        if (o.result().cancelled()) {
            ctx.err.println("cinegraph: " + what + " cancelled; no partial output was kept");
            return Cli.CANCELLED;
        }
        if (o.result().failed()) {
            for (NodeReport r : o.result().failures()) ctx.err.println("cinegraph: node " + r.nodeId() + " failed: " + r.reason());
            return Cli.FAILED;
        }
        return Cli.OK;
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Farm step 1: compute everything that is not per frame (stills, generated images, model and remote results) into the shared cache.")
    static final class Prepare implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        @Mixin GraphOptions graph;
        @Mixin StepOptions step;
        @Option(names = "--out", paramLabel = "DIR", description = "output folder of the farm render") Path out;

        Prepare(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Optional<RenderJob> job = job(ctx, graph, step.sha256, out);
            if (job.isEmpty()) return Cli.BAD_INPUT;
            try {
                ProgressPrinter progress = new ProgressPrinter(ctx.err, false, false);
                Renderer.Outcome o = new ChunkedRender(ctx.renderer).prepare(job.get(), progress, ctx.cancel);
                progress.finish();
                return outcome(ctx, o, "prepare");
            } catch (RenderException e) {
                ctx.printProblems(graph.graphFile, e.problems(), ctx.err);
                return Cli.BAD_INPUT;
            }
        }
    }

    @Command(name = "chunk", mixinStandardHelpOptions = true,
            description = "Farm step 2: render frames A-B (the render command's --frames) into the chunk's folder under the work folder;"
                    + " the first chunk also writes still outputs.")
    static final class Chunk implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        @Mixin GraphOptions graph;
        @Mixin StepOptions step;
        @Option(names = "--frames", required = true, paramLabel = "A-B", converter = Converters.Frames.class, description = "this chunk's frames")
        FrameRange range;

        Chunk(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Optional<RenderJob> job = job(ctx, graph, step.sha256, null);
            if (job.isEmpty()) return Cli.BAD_INPUT;
            if (range.first() < step.all.first() || range.last() > step.all.last()) {
                ctx.err.println("cinegraph: chunk " + range + " is outside the farm render's frames " + step.all);
                return Cli.BAD_INPUT;
            }
            try {
                ProgressPrinter progress = new ProgressPrinter(ctx.err, false, false);
                Renderer.Outcome o = new ChunkedRender(ctx.renderer).chunk(job.get(), range, range.first() == step.all.first(), step.work,
                        progress, ctx.cancel);
                progress.finish();
                int code = outcome(ctx, o, "chunk " + range);
                if (code == Cli.OK) o.result().files().forEach(ctx.out::println);
                return code;
            } catch (RenderException e) {
                ctx.printProblems(graph.graphFile, e.problems(), ctx.err);
                return Cli.BAD_INPUT;
            }
        }
    }

    @Command(name = "assemble", mixinStandardHelpOptions = true,
            description = "Farm step 3: join the chunks' video segments without re-encoding, gather sequences and stills into the output folder,"
                    + " record the render in the history. Prints the files.")
    static final class Assemble implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        @Mixin GraphOptions graph;
        @Mixin StepOptions step;
        @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: renders/ beside the graph)") Path out;
        @Option(names = "--keep-chunks", description = "keep the chunk folders after a successful assembly") boolean keep;

        Assemble(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Optional<RenderJob> job = job(ctx, graph, step.sha256, out);
            if (job.isEmpty()) return Cli.BAD_INPUT;
            Instant started = submittedAt(step.work).orElse(Instant.now());
            try {
                long t0 = System.nanoTime();
                ChunkedRender.Assembled a = new ChunkedRender(ctx.renderer).assemble(job.get(), step.work, step.all, started, ctx.cancel);
                a.files().forEach(ctx.out::println);
                ctx.err.printf(Locale.ROOT, "cinegraph: assembled %d output(s), %.1f MB of video joined in %.2f s%n", a.files().size(),
                        a.joinedBytes() / 1e6, (System.nanoTime() - t0) / 1e9);
                a.historyWarning().ifPresent(w -> ctx.err.println("cinegraph: warning: " + w));
                AtomicFiles.writeString(step.work.resolve("assembled"), String.join("\n", a.files().stream().map(Path::toString).toList()) + "\n");
                if (!keep) AtomicFiles.deleteTree(step.work.resolve("chunks"));
                return Cli.OK;
            } catch (RenderException e) {
                e.problems().forEach(p -> ctx.err.println("cinegraph: " + p.message()));
                return Cli.FAILED;
            } catch (java.util.concurrent.CancellationException e) {
                ctx.err.println("cinegraph: assembly cancelled; the file being joined was not kept, the chunks are still there");
                return Cli.CANCELLED;
            } catch (IOException e) {
                ctx.err.println("cinegraph: cannot write " + step.work.resolve("assembled") + ": " + e.getMessage());
                return Cli.FAILED;
            }
        }
    }

    /** When the farm render was submitted (the work folder's farm file), so the history says how long it took. */
    private static Optional<Instant> submittedAt(Path work) {
        try {
            return Optional.of(Files.getLastModifiedTime(work.resolve("submitted")).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Options shared by submit and export: how the render is cut and where it goes. */
    static final class PlanOptions {
        @Option(names = "--chunk", paramLabel = "FRAMES", description = "frames per chunk (rounded up to whole key-frame intervals; default: 4 intervals, about 4 s)")
        Integer chunk;

        @Option(names = "--frames", paramLabel = "A-B", converter = Converters.Frames.class, description = "render only these frames")
        FrameRange frames;

        @Option(names = {"--out", "-o"}, paramLabel = "DIR", description = "output folder (default: renders/ beside the graph)")
        Path out;

        @Option(names = "--work", paramLabel = "DIR", description = "work folder on the shared file system (default: OUT/.farm/NAME-TIME)")
        Path work;

        @Option(names = "--gpus-per-task", paramLabel = "N", description = "GPUs for the prepare and chunk tasks (graphs with model nodes)")
        int gpus;

        @Option(names = "--launcher", paramLabel = "CMD", description = "the cinegraph command on the farm's machines (default: the one running)")
        String launcher;
    }

    /** Everything an engine needs, or empty after saying why not. */
    private static Optional<FarmTasks> plan(CliContext ctx, GraphOptions g, PlanOptions o) {
        Optional<RenderJob> job = job(ctx, g, null, o.out);
        if (job.isEmpty()) return Optional.empty();
        String launcher = o.launcher != null ? o.launcher
                : System.getProperty(GitSetupCommand.LAUNCHER_PROPERTY, System.getProperty("jpackage.app-path"));
        if (launcher == null) {
            ctx.err.println("cinegraph: cannot tell which command runs Cinegraph on the farm; pass it with --launcher");
            return Optional.empty();
        }
        if (o.chunk != null && o.chunk < 1) {
            ctx.err.println("cinegraph: --chunk must be at least 1 frame, not " + o.chunk);
            return Optional.empty();
        }
        RenderJob j = o.frames == null ? job.get() : job.get().withFrames(o.frames);
        ChunkedRender.Shape shape;
        try {
            shape = new ChunkedRender(ctx.renderer).shape(j, ctx.cancel);
        } catch (RenderException e) {
            e.problems().forEach(p -> ctx.err.println(g.graphFile + ": " + p));
            return Optional.empty();
        }
        int first = o.frames == null ? 0 : o.frames.first();
        if (first >= shape.frames()) {
            ctx.err.println("cinegraph: --frames " + o.frames + " starts after the last frame " + (shape.frames() - 1));
            return Optional.empty();
        }
        FrameRange all = new FrameRange(first, shape.frames() - 1);
        int asked = o.chunk != null ? o.chunk : 4 * shape.keyInterval();
        int chunk = ChunkedRender.roundUp(asked, shape.keyInterval());
        if (chunk != asked) {
            ctx.err.println("cinegraph: chunks of " + chunk + " frames (" + asked + " rounded up to whole key-frame intervals of " + shape.keyInterval()
                    + ", so the joined video has the key frames of a local render)");
        }
        String name = g.graphFile.getFileName().toString().replaceFirst("\\.cgraph$", "");
        Path out = j.outDir();
        Path work = o.work != null ? o.work
                : out.resolve(".farm").resolve(name + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(LocalDateTime.now()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CINEGRAPH_CACHE_DIR", RenderSettings.fromEnvironment().cacheDir().toAbsolutePath().toString());
        ctx.renderer.history().map(RenderHistory::dir).ifPresent(d -> env.put("CINEGRAPH_HISTORY_DIR", d.toAbsolutePath().toString()));
        try {
            Files.createDirectories(work);
            AtomicFiles.writeString(work.resolve("submitted"), g.graphFile.toAbsolutePath() + "\n");
            // a launcher that is a file is one word, spaces and all; else a command line ("java -jar ...")
            List<String> argv = Files.isRegularFile(Path.of(launcher.trim())) ? List.of(launcher.trim()) : Arrays.asList(launcher.trim().split("\\s+"));
            return Optional.of(new FarmTasks(argv, g.graphFile, FarmTasks.sha256(g.graphFile), work, out, all,
                    chunk, g.sets, env));
        } catch (IOException e) {
            ctx.err.println("cinegraph: cannot create the work folder " + work + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submit a farm render: the prepare job, an array job of chunks after it, the assemble job after them. Prints the job ids.")
    static final class Submit implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        @Mixin GraphOptions graph;
        @Mixin PlanOptions plan;
        @Option(names = "--engine", paramLabel = "slurm", defaultValue = "slurm", description = "the farm engine (slurm; OpenCue and OpenJD: see farm export)")
        String engine;
        @Option(names = "--partition", paramLabel = "P", description = "Slurm partition") String partition;
        @Option(names = "--wait", description = "wait until the render is assembled (or fails), showing progress") boolean await;

        Submit(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if (!engine.equals("slurm")) {
                ctx.err.println("cinegraph: farm submit knows the slurm engine; for OpenCue or Deadline Cloud use `cinegraph farm export --format opencue|openjd`");
                return Cli.BAD_INPUT;
            }
            Optional<FarmTasks> tasks = plan(ctx, graph, plan);
            if (tasks.isEmpty()) return Cli.BAD_INPUT;
            String name = "cinegraph-" + FarmExport.openCueToken(graph.graphFile.getFileName().toString().replaceFirst("\\.cgraph$", ""));
            Slurm.Submitted s;
            try {
                s = Slurm.submit(tasks.get(), new Slurm.Options(partition, plan.gpus, name));
            } catch (FarmException e) {
                ctx.err.println("cinegraph: " + e.getMessage());
                return Cli.FAILED;
            }
            ctx.out.println("prepare " + s.prepare());
            ctx.out.println("chunks " + s.chunks() + " (" + s.chunkCount() + " tasks of frames " + tasks.get().frames() + ")");
            ctx.out.println("assemble " + s.assemble());
            ctx.out.println("work " + tasks.get().work());
            if (!await) return Cli.OK;
            return waitFor(ctx, s.ids(), tasks.get().work());
        }
    }

    /** Polls until every job is over; OK when the assembly completed. */
    private static int waitFor(CliContext ctx, List<String> ids, Path work) {
        String last = "";
        while (true) {
            List<Slurm.TaskState> states;
            try {
                states = Slurm.status(ids);
            } catch (FarmException e) {
                // the controller forgot the jobs: the work folder says how it ended
                if (Files.isRegularFile(work.resolve("assembled"))) return Cli.OK;
                ctx.err.println("cinegraph: " + e.getMessage());
                return Cli.FAILED;
            }
            String line = summary(states);
            if (!line.equals(last)) ctx.err.println("cinegraph: " + line);
            last = line;
            if (Slurm.finished(states)) {
                boolean ok = states.stream().allMatch(t -> t.state().equals("COMPLETED"));
                if (!ok) {
                    for (Slurm.TaskState t : states) {
                        if (!t.state().equals("COMPLETED")) ctx.err.println("cinegraph: " + t.id() + " " + t.name() + " " + t.state() + " (" + t.reason() + ")");
                    }
                    ctx.err.println("cinegraph: the farm render did not finish; logs are in " + work.resolve("logs"));
                    return Cli.FAILED;
                }
                try {
                    Files.readAllLines(work.resolve("assembled")).forEach(ctx.out::println);
                } catch (IOException e) {
                    // the jobs completed; the list of files is a convenience
                }
                return Cli.OK;
            }
            if (ctx.cancel.isCancelled()) {
                ctx.err.println("cinegraph: stopped waiting; the jobs keep running (cinegraph farm cancel " + work + ")");
                return Cli.CANCELLED;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Cli.CANCELLED;
            }
        }
    }

    private static String summary(List<Slurm.TaskState> states) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Slurm.TaskState t : states) counts.merge(t.name().replaceFirst("^.*-", "") + " " + t.state().toLowerCase(Locale.ROOT), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        counts.forEach((k, n) -> parts.add(n > 1 ? k + " x" + n : k));
        return String.join(", ", parts);
    }

    /** Job ids from the arguments: Slurm job ids, or a farm render's work folder. */
    private static List<String> ids(CliContext ctx, String id) {
        Path jobs = Path.of(id).resolve("slurm").resolve("jobs");
        if (Files.isRegularFile(jobs)) {
            try {
                return Arrays.asList(Files.readString(jobs).trim().split("\\s+"));
            } catch (IOException e) {
                ctx.err.println("cinegraph: cannot read " + jobs + ": " + e.getMessage());
                return List.of();
            }
        }
        if (!id.matches("\\d+(_\\d+)?(,\\d+(_\\d+)?)*")) {
            ctx.err.println("cinegraph: '" + id + "' is neither a Slurm job id nor a farm work folder (with slurm/jobs)");
            return List.of();
        }
        return Arrays.asList(id.split(","));
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The state of a farm render's jobs (scontrol while Slurm remembers them, then sacct where the site keeps accounting).")
    static final class Status implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        @Parameters(paramLabel = "ID", description = "job ids (comma separated) or the render's work folder") String id;

        Status(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<String> ids = ids(ctx, id);
            if (ids.isEmpty()) return Cli.BAD_INPUT;
            Path work = Path.of(id);
            if (Files.isDirectory(work)) {
                // what the shared folder says, whatever Slurm still remembers
                if (Files.isRegularFile(work.resolve("assembled"))) ctx.out.println("assembled (files listed in " + work.resolve("assembled") + ")");
                else ctx.out.println("chunks finished: " + ChunkedRender.finishedCount(work));
            }
            try {
                for (Slurm.TaskState t : Slurm.status(ids)) {
                    ctx.out.printf(Locale.ROOT, "%-12s %-34s %-10s %s%n", t.id(), t.name(), t.state(),
                            t.reason().equals("None") ? "exit " + t.exitCode() : t.reason());
                }
                return Cli.OK;
            } catch (FarmException e) {
                ctx.err.println("cinegraph: " + e.getMessage());
                return Cli.FAILED;
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a farm render's jobs (scancel: running tasks get SIGTERM and stop cleanly).")
    static final class Cancel implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        @Parameters(paramLabel = "ID", description = "job ids (comma separated) or the render's work folder") String id;

        Cancel(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<String> ids = ids(ctx, id);
            if (ids.isEmpty()) return Cli.BAD_INPUT;
            try {
                Slurm.cancel(ids);
                ctx.out.println("cancelled " + String.join(" ", ids));
                return Cli.OK;
            } catch (FarmException e) {
                ctx.err.println("cinegraph: " + e.getMessage());
                return Cli.FAILED;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the farm render as an OpenCue job spec (XML, for pycue's launchSpec or cuesubmit) or an OpenJD job template"
                    + " (Deadline Cloud). Prints the file.")
    static final class Export implements java.util.concurrent.Callable<Integer> {
        private final CliContext ctx;
        @Mixin GraphOptions graph;
        @Mixin PlanOptions plan;
        @Option(names = "--format", required = true, paramLabel = "opencue|openjd", description = "opencue or openjd") String format;
        @Option(names = "--file", paramLabel = "FILE", description = "where to write it (default: WORK/job.xml or WORK/template.json)") Path file;
        @Option(names = "--show", defaultValue = "cinegraph", description = "OpenCue show (default: ${DEFAULT-VALUE})") String show;
        @Option(names = "--shot", defaultValue = "default", description = "OpenCue shot (default: ${DEFAULT-VALUE})") String shot;
        @Option(names = "--user", description = "OpenCue user (default: $USER)") String user;

        Export(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if (!format.equals("opencue") && !format.equals("openjd")) {
                ctx.err.println("cinegraph: --format must be opencue or openjd, not '" + format + "'");
                return Cli.BAD_INPUT;
            }
            Optional<FarmTasks> tasks = plan(ctx, graph, plan);
            if (tasks.isEmpty()) return Cli.BAD_INPUT;
            String name = "cinegraph-" + FarmExport.openCueToken(graph.graphFile.getFileName().toString().replaceFirst("\\.cgraph$", ""));
            String text;
            Path target;
            if (format.equals("opencue")) {
                String who = user != null ? user : Optional.ofNullable(System.getenv("USER")).orElse(System.getProperty("user.name"));
                text = FarmExport.openCue(tasks.get(), new FarmExport.CueOwner(show, shot, who), name, plan.gpus);
                target = file != null ? file : tasks.get().work().resolve("job.xml");
            } else {
                if (tasks.get().chunk() > FarmExport.MAX_OPENJD_CHUNK) {
                    ctx.err.println("cinegraph: Deadline Cloud takes at most " + FarmExport.MAX_OPENJD_CHUNK + " frames per chunk, and these chunks have "
                            + tasks.get().chunk() + "; choose a smaller --chunk");
                    return Cli.BAD_INPUT;
                }
                text = FarmExport.openJd(tasks.get(), name, plan.gpus);
                target = file != null ? file : tasks.get().work().resolve("template.json");
            }
            try {
                AtomicFiles.writeString(target, text);
            } catch (IOException e) {
                ctx.err.println("cinegraph: cannot write " + target + ": " + e.getMessage());
                return Cli.FAILED;
            }
            ctx.out.println(target.toAbsolutePath());
            return Cli.OK;
        }
    }
}
