package org.cinegraph.render.farm;

import org.cinegraph.files.AtomicFiles;
import org.cinegraph.spi.FrameRange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A farm render on Slurm through its own commands: batch scripts in {@code WORK/slurm}, then
 * {@code sbatch} for the prepare job, an array job for the chunks ({@code --dependency=afterok}
 * on prepare) and the assemble job (afterok on the whole array); {@code scontrol}/{@code sacct}
 * for status and {@code scancel} to cancel (Slurm sends SIGTERM, which each task turns into a
 * clean stop). What Slurm says when it refuses comes back as one line.
 */
public final class Slurm {
    /** How the jobs ask for resources. */
    public record Options(String partition, int gpusPerTask, String jobName) {
    }

    /** The three submitted jobs. */
    public record Submitted(String prepare, String chunks, String assemble, int chunkCount) {
        public List<String> ids() {
            return List.of(prepare, chunks, assemble);
        }
    }

    /** One job or array task as Slurm reports it. */
    public record TaskState(String id, String name, String state, String exitCode, String reason) {
        boolean finished() {
            return !state.equals("PENDING") && !state.equals("RUNNING") && !state.equals("CONFIGURING") && !state.equals("COMPLETING")
                    && !state.equals("REQUEUED") && !state.equals("RESIZING") && !state.equals("SUSPENDED");
        }
    }

    private Slurm() {
    }

    /**
     * Writes the batch scripts and submits them.
     *
     * @throws FarmException with sbatch's own reason (no such partition, no controller, ...)
     */
    public static Submitted submit(FarmTasks tasks, Options o) throws FarmException {
        Path dir = tasks.work().resolve("slurm");
        Path logs = tasks.work().resolve("logs");
        List<FrameRange> chunks = tasks.chunks();
        StringBuilder ranges = new StringBuilder();
        for (FrameRange r : chunks) ranges.append(ranges.length() == 0 ? "" : " ").append(r);
        try {
            Files.createDirectories(dir);
            Files.createDirectories(logs);
            Path prepare = script(dir.resolve("prepare.sh"), tasks, o, "prepare", o.gpusPerTask(), "", logs.resolve("prepare-%j.log"),
                    "exec " + FarmTasks.shell(tasks.prepare()));
            Path chunk = script(dir.resolve("chunks.sh"), tasks, o, "chunks", o.gpusPerTask(), "#SBATCH --array=0-" + (chunks.size() - 1) + "\n",
                    logs.resolve("chunk-%A_%a.log"),
                    "ranges=(" + ranges + ")\nexec " + FarmTasks.shell(tasks.chunk("__RANGE__")).replace("__RANGE__", "\"${ranges[$SLURM_ARRAY_TASK_ID]}\""));
            Path assemble = script(dir.resolve("assemble.sh"), tasks, o, "assemble", 0, "", logs.resolve("assemble-%j.log"),
                    "exec " + FarmTasks.shell(tasks.assemble()));
            String p = sbatch(prepare, null, "prepare");
            String c = sbatch(chunk, p, "chunks");
            String a = sbatch(assemble, c, "assemble");
            Submitted s = new Submitted(p, c, a, chunks.size());
            AtomicFiles.writeString(dir.resolve("jobs"), String.join(" ", s.ids()) + "\n");
            return s;
        } catch (IOException e) {
            throw new FarmException("cannot write the Slurm scripts in " + dir + ": " + e.getMessage());
        }
    }

    private static Path script(Path file, FarmTasks t, Options o, String step, int gpus, String extra, Path log, String body) throws IOException {
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("#SBATCH --job-name=").append(o.jobName()).append('-').append(step).append('\n');
        b.append("#SBATCH --output=").append(log).append('\n');
        b.append("#SBATCH --ntasks=1\n");
        if (o.partition() != null) b.append("#SBATCH --partition=").append(o.partition()).append('\n');
        if (gpus > 0) b.append("#SBATCH --gpus-per-task=").append(gpus).append('\n');
        b.append(extra);
        b.append("# Cinegraph farm render, step ").append(step).append(": written by `cinegraph farm submit`\n");
        b.append("set -euo pipefail\n");
        for (Map.Entry<String, String> e : t.env().entrySet()) b.append("export ").append(e.getKey()).append('=').append(FarmTasks.quote(e.getValue())).append('\n');
        b.append(body).append('\n');
        AtomicFiles.writeString(file, b.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static String sbatch(Path script, String after, String what) throws FarmException {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        if (after != null) cmd.add("--dependency=afterok:" + after);
        cmd.add(script.toString());
        Result r = run(cmd);
        if (r.code() != 0) throw new FarmException("sbatch refused the " + what + " job: " + r.reason());
        String id = r.out().strip().split(";")[0];
        if (!id.matches("\\d+")) throw new FarmException("sbatch gave no job id for the " + what + " job (it said: " + r.out().strip() + ")");
        return id;
    }

    /**
     * The state of each job (array tasks one by one): from the controller while it remembers
     * them, else from accounting when the site keeps it.
     */
    public static List<TaskState> status(List<String> ids) throws FarmException {
        List<TaskState> out = new ArrayList<>();
        for (String id : ids) {
            Result r = run(List.of("scontrol", "-o", "show", "job", id));
            if (r.code() == 0) {
                for (String line : r.out().split("\n")) {
                    if (line.isBlank()) continue;
                    Map<String, String> f = fields(line);
                    String task = f.containsKey("ArrayTaskId") ? f.get("ArrayJobId") + "_" + f.get("ArrayTaskId") : f.getOrDefault("JobId", id);
                    out.add(new TaskState(task, f.getOrDefault("JobName", ""), f.getOrDefault("JobState", "UNKNOWN"),
                            f.getOrDefault("ExitCode", ""), f.getOrDefault("Reason", "None")));
                }
                continue;
            }
            Result acct = run(List.of("sacct", "-n", "-P", "-X", "-j", id, "-o", "JobID,JobName,State,ExitCode"));
            if (acct.code() == 0 && !acct.out().isBlank()) {
                for (String line : acct.out().split("\n")) {
                    String[] p = line.split("\\|", -1);
                    if (p.length >= 4) out.add(new TaskState(p[0], p[1], p[2].split(" ")[0], p[3], "None"));
                }
                continue;
            }
            throw new FarmException("Slurm does not know job " + id + ": " + r.reason()
                    + " (finished jobs are forgotten after MinJobAge unless the site keeps accounting)");
        }
        return out;
    }

    /** Cancels the jobs (Slurm sends SIGTERM to running tasks; pending ones never start). */
    public static void cancel(List<String> ids) throws FarmException {
        List<String> cmd = new ArrayList<>(List.of("scancel"));
        cmd.addAll(ids);
        Result r = run(cmd);
        if (r.code() != 0) throw new FarmException("scancel refused: " + r.reason());
    }

    /** Whether every job is over. */
    public static boolean finished(List<TaskState> states) {
        return states.stream().allMatch(TaskState::finished);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String tok : line.trim().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq > 0) f.putIfAbsent(tok.substring(0, eq), tok.substring(eq + 1));
        }
        return f;
    }

    record Result(int code, String out, String err) {
        /** The tool's own reason, one line: its last error line without the "sbatch: error:" prefix. */
        String reason() {
            String text = err.isBlank() ? out : err;
            String last = "";
            for (String l : text.split("\n")) if (!l.isBlank()) last = l.strip();
            last = last.replaceFirst("^(sbatch|scontrol|scancel|sacct|squeue|slurm_load_jobs):? (error: )?", "").replaceFirst("^error: ", "");
            return last.isEmpty() ? "exit code " + code : last;
        }
    }

    static Result run(List<String> cmd) throws FarmException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new FarmException(cmd.get(0) + " is not available here: Slurm's client commands must be on the PATH of the machine"
                    + " that submits (" + e.getMessage().replaceFirst("^.*error=\\d+, ", "") + ")");
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new FarmException(cmd.get(0) + " did not answer within a minute (is slurmctld reachable?)");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new FarmException(cmd.get(0) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FarmException(cmd.get(0) + " was interrupted");
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
