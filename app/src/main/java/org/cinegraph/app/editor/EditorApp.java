package org.cinegraph.app.editor;

import javafx.application.Application;
import javafx.stage.Stage;
import org.cinegraph.render.Renderer;

import java.nio.file.Path;
import java.util.List;

/** The JavaFX application of the editor; started by {@link org.cinegraph.app.Launcher}, never as the main class. */
public final class EditorApp extends Application {
    private static final System.Logger LOG = System.getLogger(EditorApp.class.getName());

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        Path file = args.isEmpty() ? null : Path.of(args.get(0));
        Renderer renderer = Renderer.shared();
        EditorWindow w = new EditorWindow(stage, renderer, new FxDialogs(stage), Recovery.standard(renderer.registry()), EditorSettings.standard(),
                FileOpener.system());
        // the last line of defence: anything still thrown on the FX thread is logged and said in one
        // line, instead of a trace on the console and a window left half-updated without a word
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {
            LOG.log(System.Logger.Level.ERROR, "uncaught on the UI thread", e);
            w.model().setStatus("Internal error (logged): " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        });
        stage.show();
        w.documents().openAtStart(file);
    }
}
