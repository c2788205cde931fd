package org.cinegraph.app.editor;

import javafx.application.Application;
import javafx.stage.Stage;
import org.cinegraph.render.Renderer;

import java.nio.file.Path;
import java.util.List;

/** The JavaFX application of the editor; started by {@link org.cinegraph.app.Launcher}, never as the main class. */
public final class EditorApp extends Application {
    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        Path file = args.isEmpty() ? null : Path.of(args.get(0));
        Renderer renderer = Renderer.shared();
        EditorWindow w = new EditorWindow(stage, renderer, new FxDialogs(stage), Recovery.standard(renderer.registry()), RecentFiles.standard(),
                getHostServices());
        stage.show();
        w.documents().openAtStart(file);
    }
}
