package org.cinegraph.render.sweep;

import org.cinegraph.format.GraphFile;
import org.cinegraph.format.RequiredModels;
import org.cinegraph.media.MediaException;
import org.cinegraph.media.VideoEncoder;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderException;
import org.cinegraph.render.RenderJob;
import org.cinegraph.render.RenderListener;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.history.HistoryEntry;
import org.cinegraph.spi.ServiceCall;
import org.cinegraph.spi.NodeRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders every combination of a sweep through the one render path: each is the base
 * {@link RenderJob} with that combination's parameter overrides and a file-name suffix, so the
 * files land side by side ("shot_exposure=0.5_seed=3.png") and the shared cache computes the
 * upstream work the combinations share once. Then one contact sheet per output (a PNG for
 * stills, an MP4 for clips) beside the files, and one history entry for the whole sweep.
 * A combination that fails does not stop the others; a cancel stops the sweep where it is.
 */
public final class SweepRunner {
    private static final java.util.regex.Pattern VIDEO = java.util.regex.Pattern.compile("\\.(mp4|m4v|mov|mkv|webm|avi)$");

    private SweepRunner() {
    }

    /** What the runner tells its caller as it goes. */
    public interface Listener {
        /** Combination {@code c} (0-based) of {@code total} starts; its node events go to the returned listener. */
        RenderListener starting(Sweep.Combination c, int total);

        Listener NONE = (c, total) -> RenderListener.NONE;
    }

    /** One combination's outcome: the files it wrote, or why it failed. */
    public record Cell(Sweep.Combination combination, List<Path> files, Optional<String> failure) {
        public Cell {
            files = List.copyOf(files);
        }
    }

    /** One contact sheet: the output it shows (its file name without the suffix), where it is, its layout. */
    public record Sheet(String output, Path file, ContactSheet.Layout layout) {
    }

    public record Result(Sweep sweep, List<Cell> cells, List<Sheet> sheets, boolean cancelled, Optional<HistoryEntry> recorded,
                         List<String> warnings) {
        public Result {
            cells = List.copyOf(cells);
            sheets = List.copyOf(sheets);
            warnings = List.copyOf(warnings);
        }

        public boolean failed() {
            return cells.stream().anyMatch(c -> c.failure().isPresent());
        }

        /** Every file: contact sheets first, then each combination's. */
        public List<Path> files() {
            List<Path> out = new ArrayList<>();
            sheets.forEach(s -> out.add(s.file()));
            cells.forEach(c -> out.addAll(c.files()));
            return out;
        }
    }

    /**
     * @param base the render every combination starts from (its own overrides apply first; it is
     *             not recorded by itself: the sweep is, once, when the renderer keeps a history)
     * @throws RenderException if the graph cannot run at all (the first combination's problems)
     */
    public static Result run(Renderer renderer, RenderJob base, Sweep sweep, Listener listener, CancelToken cancel) throws RenderException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Cell> cells = new ArrayList<>();
        List<Sweep.Combination> all = sweep.combinations();
        boolean cancelled = false;
        RenderException refused = null;
        List<ServiceCall> calls = new ArrayList<>();
        for (Sweep.Combination c : all) {
            if (cancel.isCancelled()) {
                cancelled = true;
                break;
            }
            RenderJob job = base.withParams(c.values()).withOutputSuffix(c.suffix()).withRecord(false);
            Renderer.Outcome o;
            try {
                o = renderer.render(job, listener.starting(c, all.size()), cancel);
            } catch (RenderException e) {
                // refused for this combination's values; if every one is refused, the graph cannot run (below)
                if (refused == null) refused = e;
                cells.add(new Cell(c, List.of(), Optional.of(e.getMessage())));
                continue;
            }
            if (o.result().cancelled()) {
                cancelled = true;
                break;
            }
            calls.addAll(o.result().serviceCalls());
            Optional<String> failure = o.result().failures().stream().findFirst().map(r -> "node " + r.nodeId() + " failed: " + r.reason());
            cells.add(new Cell(c, o.result().files(), failure));
        }
        if (refused != null && !cancelled && cells.size() == all.size() && cells.stream().allMatch(c -> c.files().isEmpty() && c.failure().isPresent())
                && cells.stream().noneMatch(c -> c.failure().get().startsWith("node "))) {
            throw refused;
        }
        List<String> warnings = new ArrayList<>();
        List<Sheet> sheets = cancelled ? List.of() : sheets(sweep, cells, base.outDir(), warnings);
        Optional<HistoryEntry> recorded = Optional.empty();
        if (!cancelled && base.record() && renderer.history().isPresent() && cells.stream().anyMatch(c -> c.failure().isEmpty())) {
            NodeRegistry types = base.graphFile().map(renderer::registryFor).orElse(renderer.registry());
            List<HistoryEntry.Model> models = RequiredModels.of(base.graph(), types).stream().map(m -> new HistoryEntry.Model(m.name(), m.sha256())).toList();
            List<Path> files = new ArrayList<>();
            sheets.forEach(s -> files.add(s.file()));
            cells.forEach(c -> files.addAll(c.files()));
            try {
                recorded = Optional.of(renderer.history().get().record(started, (System.nanoTime() - t0) / 1_000_000, base.graphFile(),
                        GraphFile.toJson(base.graph(), types), files, models, calls, Optional.of(sweep.describe())));
            } catch (IOException e) {
                warnings.add(e.getMessage());
            }
        }
        return new Result(sweep, cells, sheets, cancelled, recorded, warnings);
    }

    /** One sheet per output: the files of every combination with that output's name, in combination order. */
    private static List<Sheet> sheets(Sweep sweep, List<Cell> cells, Path outDir, List<String> warnings) {
        Map<String, Map<Integer, Path>> byOutput = new LinkedHashMap<>();
        for (Cell c : cells) {
            String suffix = c.combination().suffix();
            for (Path f : c.files()) {
                String name = f.getFileName().toString();
                int at = name.lastIndexOf(suffix);
                if (at < 0) continue; // a writer that does not name its file after its parameter
                byOutput.computeIfAbsent(name.substring(0, at) + name.substring(at + suffix.length()), k -> new LinkedHashMap<>())
                        .put(c.combination().index(), f);
            }
        }
        List<Sheet> out = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Path>> e : byOutput.entrySet()) {
            String output = e.getKey();
            List<ContactSheet.Cell> sheetCells = new ArrayList<>();
            for (Cell c : cells) sheetCells.add(new ContactSheet.Cell(c.combination().label(), Optional.ofNullable(e.getValue().get(c.combination().index()))));
            String lower = output.toLowerCase(Locale.ROOT);
            int dot = output.lastIndexOf('.');
            String stem = dot > 0 ? output.substring(0, dot) : output;
            String title = output + ": " + sweep.describe();
            try {
                Path any = e.getValue().values().iterator().next();
                if (Files.isDirectory(any)) {
                    warnings.add("no contact sheet for " + output + ": it is an image sequence; its frames are in the folders");
                } else if (lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
                    Path file = outDir.resolve(stem + "_contact-sheet.png");
                    out.add(new Sheet(output, file, ContactSheet.writeImage(title, sheetCells, sweep.columns(), file)));
                } else if (VIDEO.matcher(lower).find()) {
                    Path file = outDir.resolve(stem + "_contact-sheet.mp4");
                    out.add(new Sheet(output, file, ContactSheet.writeVideo(title, sheetCells, sweep.columns(), file, VideoEncoder.DEFAULT_BITRATE_KBPS)));
                } else {
                    warnings.add("no contact sheet for " + output + ": it is neither a picture nor a video");
                }
            } catch (MediaException ex) {
                warnings.add("no contact sheet for " + output + ": " + ex.getMessage());
            }
        }
        return out;
    }
}
