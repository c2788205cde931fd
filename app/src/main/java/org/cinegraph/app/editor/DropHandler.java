package org.cinegraph.app.editor;

import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.TransferMode;
import org.cinegraph.app.task.BackgroundTask;
import org.cinegraph.app.task.TaskRunner;
import org.cinegraph.format.GraphFile;
import org.cinegraph.media.Provenance;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Files dropped on the window: a .cgraph opens; a single render of Cinegraph's (its graph
 * embedded) reopens the graph that made it; other images and videos become Load Image / Load
 * Video nodes where they were dropped. Reading a render's graph may run ffprobe, so it happens
 * off the FX thread.
 */
public final class DropHandler {
    private static final List<String> RENDERED = List.of(".mp4", ".mov", ".m4v", ".png");

    private final EditorModel model;
    private final CanvasView canvas;
    private final DocumentController documents;
    private final TaskRunner tasks;

    DropHandler(EditorModel model, CanvasView canvas, DocumentController documents, TaskRunner tasks) {
        this.tasks = tasks;
        this.model = model;
        this.canvas = canvas;
        this.documents = documents;
    }

    /** Accepts file drops anywhere in the scene; media lands under the drop point on the canvas. */
    void install(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().stream().anyMatch(f -> accepts(f.toPath()))) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<Path> files = e.getDragboard().getFiles().stream().map(File::toPath).toList();
            Point2D local = canvas.screenToLocal(e.getScreenX(), e.getScreenY());
            Point2D at = local == null ? canvas.toWorld(0, 0) : canvas.toWorld(local.getX(), local.getY());
            boolean accepted = files.stream().anyMatch(DropHandler::accepts);
            e.setDropCompleted(accepted);
            e.consume();
            if (accepted) tasks.onUiThread(() -> dropped(files, at)); // after the platform's drag and drop has ended
        });
    }

    private static boolean accepts(Path f) {
        return opensAGraph(f) || EditorModel.loaderFor(f).isPresent();
    }

    /** A .cgraph, or a rendered file that may carry the graph that made it. */
    static boolean opensAGraph(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(GraphFile.EXTENSION) || RENDERED.stream().anyMatch(n::endsWith);
    }

    /** Files dropped at a world point of the canvas. */
    public void dropped(List<Path> files, Point2D at) {
        Optional<Path> graph = files.stream().filter(f -> f.getFileName().toString().endsWith(GraphFile.EXTENSION)).findFirst();
        if (graph.isPresent()) {
            documents.open(graph.get());
            return;
        }
        List<Path> media = files.stream().filter(f -> EditorModel.loaderFor(f).isPresent()).toList();
        if (media.size() != 1 || !opensAGraph(media.get(0))) {
            model.addMediaNodes(media, at.getX(), at.getY());
            return;
        }
        Path file = media.get(0);
        tasks.run(BackgroundTask.of("drop", () -> {
            try {
                return Provenance.read(file);
            } catch (RuntimeException e) {
                return Optional.<String>empty(); // unreadable metadata: it is still a picture to load
            }
        }).onSuccess(found -> {
            if (found.isPresent()) documents.openGraphText(found.get(), file.getFileName().toString());
            else model.addMediaNodes(media, at.getX(), at.getY());
        }));
    }
}
