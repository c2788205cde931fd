package org.cinegraph.render.cli;

import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.textimage.LoraTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code cinegraph train lora}: trains a LoRA of the project's text-to-image model on a folder of
 * images (see {@link LoraTrainer}), with progress and an ETA on stderr. Ctrl-C or SIGTERM stops it
 * with a checkpoint that {@code --resume} continues from; the finished LoRA is installed in the
 * model library, verified, ready for a Load LoRA node.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train adapters of the models Cinegraph runs locally.")
final class TrainCommand {
    private final CliContext ctx;

    TrainCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Command(name = "lora", mixinStandardHelpOptions = true,
            description = {"Train a LoRA of a text-to-image model on a folder of images with one caption, on the CPU,",
                    "and install it in the model library. Caption words the model does not know become its trigger words.",
                    "Ctrl-C keeps a checkpoint: run the same command with --resume to continue."})
    int lora(@Option(names = "--base", defaultValue = "twemoji-flow", description = "Model to adapt (default: ${DEFAULT-VALUE})") String base,
             @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder of .png/.jpg images of the motif") Path images,
             @Option(names = "--caption", required = true, description = "What the images show, e.g. \"a zorb\"") String caption,
             @Option(names = "--out", required = true, paramLabel = "NAME", description = "Name of the LoRA in the model library") String out,
             @Option(names = "--rank", defaultValue = "4", description = "Rank of the adapters (default: ${DEFAULT-VALUE})") int rank,
             @Option(names = "--alpha", description = "Scale numerator: the update is alpha/rank times up.down (default: the rank)") Double alpha,
             @Option(names = "--steps", defaultValue = "400", description = "Training steps (default: ${DEFAULT-VALUE})") int steps,
             @Option(names = "--batch", defaultValue = "8", description = "Images per step (default: ${DEFAULT-VALUE})") int batch,
             @Option(names = "--lr", defaultValue = "0.003", description = "Learning rate (default: ${DEFAULT-VALUE})") float lr,
             @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial adapters and the batches (default: ${DEFAULT-VALUE})") long seed,
             @Option(names = "--resume", description = "Continue the stopped training of NAME from its checkpoint") boolean resume) {
        LoraTrainer.Options o;
        try {
            o = new LoraTrainer.Options(base, images, caption, out, rank, alpha == null ? rank : alpha, steps, batch, lr, seed, resume);
        } catch (IllegalArgumentException e) {
            ctx.err.println("cinegraph: train lora: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
        Progress progress = new Progress();
        try {
            LoraTrainer.Result r = LoraTrainer.train(ctx.library(), o, progress, ctx.cancel::isCancelled);
            if (r.cancelled()) {
                ctx.err.printf(Locale.ROOT, "cinegraph: training stopped after step %d of %d; checkpoint in %s; continue with the same command and --resume%n",
                        r.step(), steps, r.checkpoint());
                return Cli.CANCELLED;
            }
            ModelManifest m = r.installed().manifest();
            ctx.out.printf(Locale.ROOT, "installed LoRA %s in %s (sha256 verified; digest %s)%n", m.name(), r.installed().dir(), m.digest());
            ctx.out.printf(Locale.ROOT, "trigger words: %s; use it with a Load LoRA node (lora: %s) feeding Text to Image%n",
                    String.join(" ", m.lora().triggerWords()), m.name());
            return Cli.OK;
        } catch (ModelException e) {
            ctx.err.println("cinegraph: train lora: " + e.getMessage());
            return Cli.BAD_INPUT;
        } catch (IOException e) {
            ctx.err.println("cinegraph: train lora: " + e.getMessage());
            return Cli.BAD_INPUT;
        }
    }

    /** A line about every 5% of the steps and at least every 15 seconds: step, loss (mean since the last line), ETA. */
    private final class Progress implements LoraTrainer.Listener {
        private long lastLine = System.nanoTime();
        private double sum;
        private int count;

        @Override
        public void step(int step, int steps, float loss, double secondsLeft) {
            sum += loss;
            count++;
            boolean due = step == steps || step % Math.max(1, steps / 20) == 0 || System.nanoTime() - lastLine > 15e9;
            if (!due) return;
            ctx.err.printf(Locale.ROOT, "step %d/%d  loss %.4f  ETA %s%n", step, steps, sum / count, eta(secondsLeft));
            sum = 0;
            count = 0;
            lastLine = System.nanoTime();
        }

        @Override
        public void message(String line) {
            ctx.err.println("cinegraph: " + line);
        }
    }

    static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
