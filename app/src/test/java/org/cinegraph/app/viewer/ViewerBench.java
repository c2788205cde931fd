package org.cinegraph.app.viewer;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.NodeRegistry;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Viewer figures (not a test): sustained playback of a cached 1920x1080 clip at 24 and 30 fps
 * through the real {@link ViewerPanel} (frame copied into the WritableImage and drawn on the
 * canvas, software pipeline), time to the first frame after scrubbing to a frame not cached,
 * and the memory the frame cache holds. Run with bench/viewer-bench.sh.
 */
public final class ViewerBench {
    private static final int W = 1920, H = 1080, FRAMES = 48, SECONDS = 6;

    public static void main(String[] args) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        Platform.setImplicitExit(false); // each run gets its own stage; closing one must not stop JavaFX
        System.out.printf(Locale.ROOT, "viewer 1280x720 window, clip %dx%d, prism.order=%s, glass=%s, %d cores%n", W, H,
                System.getProperty("prism.order"), System.getProperty("glass.platform", "default"), Runtime.getRuntime().availableProcessors());
        for (int fps : new int[] {24, 30}) playback(fps);
        scrub();
        Platform.exit();
    }

    /** Frame i: a moving gradient with a bar, about the work of a simple per-pixel node. */
    private static Clip clip(int frames, int fps) {
        return Clip.of(W, H, new Rational(fps, 1), frames, i -> {
            int[] px = new int[W * H];
            for (int y = 0; y < H; y++) {
                int row = y * W;
                for (int x = 0; x < W; x++) px[row + x] = 0xFF000000 | ((x + i * 8) & 0xFF) << 16 | (y & 0xFF) << 8 | (i * 5 & 0xFF);
            }
            return new Frame(W, H, px);
        });
    }

    private static final class Harness {
        final ViewerModel model = new ViewerModel(org.cinegraph.render.Renderer.fromEnvironment(NodeRegistry.standard()), new org.cinegraph.app.task.FxTaskRunner());
        final ViewerPanel panel = new ViewerPanel(model);
        final Stage stage = new Stage();

        Harness() {
            stage.setScene(new Scene(panel, 1280, 720));
            stage.show();
        }
    }

    private static <T> T onFx(Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(s.get()));
        return f.get();
    }

    private static void playback(int fps) throws Exception {
        Clip clip = clip(FRAMES, fps);
        Harness h = onFx(Harness::new);
        onFx(() -> {
            h.model.a().showClip(clip, "bench", null, 0);
            h.model.timeline().setContent(FRAMES, fps);
            return null;
        });
        for (int i = 0; i < FRAMES; i++) h.model.a().cache().get(i);
        AtomicInteger shown = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicLong lastIndex = new AtomicLong(-1);
        onFx(() -> {
            h.model.a().shownIndexProperty().addListener((o, was, now) -> {
                if (!h.model.timeline().isPlaying()) return;
                shown.incrementAndGet();
                long prev = lastIndex.getAndSet(now.intValue());
                if (prev >= 0 && now.intValue() > prev + 1) skipped.addAndGet((int) (now.intValue() - prev - 1));
            });
            h.model.timeline().play(System.nanoTime());
            return null;
        });
        long t0 = System.nanoTime();
        Thread.sleep(SECONDS * 1000L);
        double secs = (System.nanoTime() - t0) / 1e9;
        int n = shown.get();
        onFx(() -> {
            h.model.timeline().stop();
            return null;
        });
        long bytes = h.model.a().cache().bytes();
        System.out.printf(Locale.ROOT, "play cached clip at %d fps: %.1f frames shown per second over %.0f s (%d frames skipped to keep time); cache holds %d frames, %.0f MB%n",
                fps, n / secs, secs, skipped.get(), h.model.a().cache().cached().cardinality(), bytes / 1048576.0);
        onFx(() -> {
            h.model.close();
            h.stage.close();
            return null;
        });
    }

    private static void scrub() throws Exception {
        int frames = 600;
        Clip clip = clip(frames, 24);
        Harness h = onFx(Harness::new);
        onFx(() -> {
            h.model.a().showClip(clip, "bench", null, 0);
            h.model.timeline().setContent(frames, 24);
            return null;
        });
        h.model.a().cache().get(0);
        Thread.sleep(1500); // let read-ahead settle near frame 0
        double sum = 0;
        int runs = 5;
        for (int r = 0; r < runs; r++) {
            int target = 200 + r * 80;
            CompletableFuture<Long> shownAt = new CompletableFuture<>();
            long t0 = onFx(() -> {
                h.model.a().shownIndexProperty().addListener((o, was, now) -> {
                    if (now.intValue() == target) shownAt.complete(System.nanoTime());
                });
                long t = System.nanoTime();
                h.model.timeline().seek(target);
                return t;
            });
            sum += (shownAt.get(30, java.util.concurrent.TimeUnit.SECONDS) - t0) / 1e6;
        }
        System.out.printf(Locale.ROOT, "scrub to an uncached frame: %.0f ms to the frame on screen (mean of %d; computing one frame alone: %.0f ms)%n",
                sum / runs, runs, timeOneFrame(clip));
        Thread.sleep(2000);
        System.out.printf(Locale.ROOT, "frame cache after scrubbing: %d frames, %.0f MB (budget %d MB, read-ahead %d frames)%n",
                h.model.a().cache().cached().cardinality(), h.model.a().cache().bytes() / 1048576.0,
                ViewerSource.CACHE_BYTES >> 20, h.model.a().cache().readAheadWindow());
        onFx(() -> {
            h.model.close();
            h.stage.close();
            return null;
        });
    }

    private static double timeOneFrame(Clip clip) {
        clip.frame(1);
        long t0 = System.nanoTime();
        clip.frame(2);
        return (System.nanoTime() - t0) / 1e6;
    }
}
