package org.cinegraph.app.editor;

import javafx.stage.Stage;
import org.cinegraph.graph.PortRef;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** File workflow of the window: save/reopen, unsaved-changes question, recovery, missing node types, clipboard. */
@ExtendWith(ApplicationExtension.class)
class EditorFilesTest {
    @TempDir
    Path tmp;
    EditorWindow w;
    Stage stage;
    ScriptedDialogs dialogs = new ScriptedDialogs();
    NodeRegistry reg = NodeRegistry.standard();

    @Start
    void start(Stage s) {
        stage = s;
        w = newWindow(s);
        s.show();
    }

    private EditorWindow newWindow(Stage s) {
        return new EditorWindow(s, Renderer.fromEnvironment(reg), dialogs, new Recovery(tmp.resolve("recovery"), reg),
                new RecentFiles(Preferences.userRoot().node("org/cinegraph/editor-test")), null);
    }

    private <T> T fx(Callable<T> c) throws Exception {
        T v = WaitForAsyncUtils.asyncFx(c).get();
        WaitForAsyncUtils.waitForFxEvents();
        return v;
    }

    private Path example() throws Exception {
        Path src = Path.of("..", "assets", "examples", "storyboard.cgraph");
        Path f = tmp.resolve("storyboard.cgraph");
        Files.copy(src, f);
        return f;
    }

    @Test
    void saveAndReopenGiveTheSameBytes() throws Exception {
        Path f = example();
        byte[] original = Files.readAllBytes(f);
        assertThat(fx(() -> w.documents().open(f))).isTrue();
        assertThat(stage.getTitle()).isEqualTo("storyboard.cgraph \u2014 Cinegraph");
        fx(() -> w.model().execute(w.model().commands().setTitle("clouds1", "Renamed")));
        assertThat(stage.getTitle()).startsWith("*storyboard.cgraph");
        fx(() -> w.model().execute(w.model().commands().setTitle("clouds1", "Shot 1 clouds")));
        assertThat(fx(w.documents()::save)).isTrue();
        assertThat(Files.readAllBytes(f)).isEqualTo(original);
        var graph = w.model().graph();
        assertThat(fx(() -> w.documents().open(f))).isTrue();
        assertThat(w.model().graph()).isEqualTo(graph);
        assertThat(fx(() -> w.documents().saveTo(tmp.resolve("copy.cgraph")))).isTrue();
        assertThat(Files.readAllBytes(tmp.resolve("copy.cgraph"))).isEqualTo(original);
    }

    @Test
    void theShowcaseOpensWithEveryNodeKnownAndSavesByteIdentical() throws Exception {
        Path f = tmp.resolve("showcase.cgraph");
        Files.copy(Path.of("..", "assets", "examples", "showcase.cgraph"), f);
        assertThat(fx(() -> w.documents().open(f))).isTrue();
        var graph = w.model().graph();
        assertThat(graph.nodes()).hasSize(14).containsKeys("heart1", "smile1", "morph1", "save1");
        assertThat(graph.nodes().values()).allSatisfy(n -> assertThat(w.model().registry().find(n.type())).as(n.type()).isPresent());
        // checking its models installs the bundled text-to-image weights: into the build's library, never the user's
        assertThat(ModelLibrary.defaultUserDir()).startsWith(Path.of("target").toAbsolutePath());
        assertThat(ModelLibrary.defaultUserDir().resolve("twemoji-flow/manifest.json")).exists();
        assertThat(fx(() -> w.documents().saveTo(tmp.resolve("copy.cgraph")))).isTrue();
        assertThat(Files.readAllBytes(tmp.resolve("copy.cgraph"))).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void closingWithUnsavedChangesAsksAndCancelKeepsTheWork() throws Exception {
        fx(() -> w.model().addNode("generate.solid", 0, 0));
        dialogs.saveChoice = Dialogs.SaveChoice.CANCEL;
        assertThat(fx(w.documents()::closeDocument)).isFalse();
        assertThat(w.model().graph().nodes()).hasSize(1);
        dialogs.saveChoice = Dialogs.SaveChoice.SAVE;
        dialogs.saveAs = tmp.resolve("named");
        assertThat(fx(w.documents()::closeDocument)).isTrue();
        assertThat(tmp.resolve("named.cgraph")).exists();
        assertThat(dialogs.shown).contains("save? Untitled");
    }

    @Test
    void unsavedWorkIsOfferedBackFromTheRecoveryFile() throws Exception {
        Path f = example();
        fx(() -> w.documents().open(f));
        fx(() -> w.model().execute(w.model().commands().setTitle("clouds1", "Recovered title")));
        Recovery rec = new Recovery(tmp.resolve("recovery"), reg);
        rec.write(w.model().graph(), w.model().document().file().orElseThrow());
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        dialogs.restore = true;
        EditorWindow second = fx(() -> newWindow(new Stage()));
        fx(() -> {
            second.documents().openAtStart(f);
            return null;
        });
        assertThat(second.model().graph().requireNode("clouds1").title()).isEqualTo("Recovered title");
        assertThat(second.model().document().isDirty()).isTrue();
        fx(second.documents()::save);
        assertThat(rec.fileFor(f)).doesNotExist();
    }

    @Test
    void missingNodeTypesAreListedAndKeptAsPlaceholders() throws Exception {
        Path f = tmp.resolve("plugin.cgraph");
        Files.writeString(f, """
                {"format": "cinegraph", "version": 1,
                 "nodes": [
                   {"id": "up1", "type": "model.upscale-x4", "typeVersion": 2, "title": "Upscale", "position": {"x": 300.0, "y": 0.0}, "params": {"strength": 0.5}},
                   {"id": "solid1", "type": "generate.solid", "typeVersion": 1, "title": "Solid", "position": {"x": 0.0, "y": 0.0}, "params": {}}
                 ],
                 "links": [{"from": "solid1.image", "to": "up1.image"}]}
                """);
        assertThat(fx(() -> w.documents().open(f))).isTrue();
        assertThat(dialogs.shown).anySatisfy(s -> assertThat(s).contains("model.upscale-x4 (version 2) is not installed; used by up1").contains("placeholders"));
        // The node type comes from a model: the dialog also says which model and where it goes.
        assertThat(dialogs.shown).anySatisfy(s -> assertThat(s).contains("comes from model upscale-x4, which is not installed"));
        assertThat(w.model().graph().requireNode("up1").params()).containsEntry("strength", 0.5);
        assertThat(w.model().inputs(w.model().graph().requireNode("up1"))).extracting(p -> p.name()).containsExactly("image");
        assertThat(w.canvas().portPosition(new PortRef("up1", "image"), true)).isPresent();
        assertThat(fx(w.documents()::save)).isTrue();
        assertThat(Files.readString(f)).contains("\"model.upscale-x4\"").contains("\"strength\": 0.5").contains("\"to\": \"up1.image\"");
    }

    @Test
    void copyAndPasteThroughTheSystemClipboard() throws Exception {
        fx(() -> {
            w.model().addNode("generate.solid", 0, 0);
            w.edits().copy();
            w.edits().paste();
            return null;
        });
        assertThat(w.model().graph().nodes()).containsKeys("solid1", "solid2");
        fx(() -> {
            w.edits().undo();
            return null;
        });
        assertThat(w.model().graph().nodes()).containsOnlyKeys("solid1");
        assertThat(fx(() -> {
            w.model().select(List.of("solid1"));
            w.edits().cut();
            return w.model().graph().nodes().size();
        })).isZero();
    }

    @Test
    void unsavedWorkIsAutosavedAfterAFewIdleSecondsAndTheCopyGoesOnSave() throws Exception {
        Path f = tmp.resolve("auto.cgraph");
        fx(() -> {
            w.model().addNode("generate.solid", 0, 0);
            return w.documents().saveTo(f);
        });
        Recovery rec = new Recovery(tmp.resolve("recovery"), reg);
        fx(() -> w.model().addNode("generate.noise", 200, 0));
        assertThat(rec.fileFor(f)).doesNotExist();
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> Files.exists(rec.fileFor(f)));
        assertThat(Files.readString(rec.fileFor(f))).contains("noise1");
        fx(w.documents()::save);
        assertThat(rec.fileFor(f)).doesNotExist();
    }

    @Test
    void savingRecordsWhereTheUserLeftTheViewWithoutAnUndoStep() throws Exception {
        Path f = example();
        fx(() -> w.documents().open(f));
        fx(() -> {
            w.canvas().panBy(50, 0);
            return w.documents().save();
        });
        assertThat(Files.readString(f)).doesNotContain("\"view\": {\"centerX\": 600.0, \"centerY\": 300.0, \"zoom\": 0.8}");
        assertThat(w.model().document().canUndo()).isFalse();
        assertThat(w.model().document().isDirty()).isFalse();
    }
}
