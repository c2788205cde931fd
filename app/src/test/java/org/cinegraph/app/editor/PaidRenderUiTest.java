package org.cinegraph.app.editor;

import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.cinegraph.graph.Command;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Frame;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.Renderer;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.FileStore;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.PaidService;
import org.cinegraph.spi.ParamSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 in the editor: a render that calls paid models says what it will spend and asks first,
 * a cost limit refuses it before any call, a kept result is not paid for (or asked about) again,
 * and Generate Again (one undo step) makes the next render ask for a new result.
 */
@ExtendWith(ApplicationExtension.class)
class PaidRenderUiTest {
    /** A paid "model" for the test: a solid image priced at 0.04 USD a call, its result kept in the node's file store. */
    static final class PaidSolid implements NodeType, PaidService {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public NodeSpec spec() {
            return NodeSpec.builder("test.paid-solid", 1).category("Test").name("Paid Solid")
                    .param(ParamSpec.colour("colour", "#204060", "colour"))
                    .param(ParamSpec.take("take"))
                    .output("image", DataType.IMAGE, "the image").build();
        }

        @Override
        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
            calls.incrementAndGet();
            Path kept = Files.writeString(ctx.tempDir().resolve("result.txt"), "call " + calls.get());
            if (ctx.fileStore().isPresent()) ctx.fileStore().get().put("result.txt", kept);
            return Map.of("image", Frame.filled(32, 24, 0xFF204060));
        }

        @Override
        public Estimate estimate(Map<String, Object> params) {
            return new Estimate("testpay", "solid/v1", 0.04, "USD", "per call");
        }

        @Override
        public boolean hasStoredResult(Optional<FileStore> store) {
            return store.flatMap(s -> s.get("result.txt")).isPresent();
        }
    }

    @TempDir
    Path tmp;
    final PaidSolid paid = new PaidSolid();
    EditorWindow w;
    EditorSettings settings;
    final ScriptedDialogs dialogs = new ScriptedDialogs();

    @Start
    void start(Stage stage) {
        List<NodeType> types = new ArrayList<>(NodeRegistry.standard().all());
        types.add(paid);
        NodeRegistry reg = new NodeRegistry(types);
        settings = TestSettings.in(tmp);
        Renderer renderer = new Renderer(reg, new ModelLibrary(tmp.resolve("models")), new RenderSettings(tmp.resolve("cache"), 1L << 28, 2),
                new RenderHistory(tmp.resolve("history")));
        w = new EditorWindow(stage, renderer, dialogs, new Recovery(tmp.resolve("recovery"), reg), settings, RecordingOpener.ok());
        stage.show();
    }

    private void fx(Runnable r) {
        WaitForAsyncUtils.asyncFx(r);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private long asked() {
        return dialogs.shown.stream().filter(s -> s.startsWith("spend?")).count();
    }

    private void render(FxRobot robot) {
        robot.clickOn("#render-button");
        BackgroundWork.awaitIdle(w);
        WaitForAsyncUtils.waitForFxEvents();
        BackgroundWork.awaitIdle(w);
    }

    @Test
    void paidRendersArePricedConfirmedLimitedAndNeverPaidTwice(FxRobot robot) {
        Graph g = Graph.of(List.of(GraphNode.of("gen1", "test.paid-solid", 1, "gen1", 0, 0),
                        GraphNode.of("image1", "output.image", 1, "image1", 300, 0).withParams(Map.of("filename", "shot.png"))),
                List.of(Link.of("gen1", "image", "image1", "image")));
        fx(() -> w.model().execute(Command.of("test graph", x -> g)));
        Path out = tmp.resolve("renders");
        settings.setRenderFolder(out);

        // over the limit: refused before any call, nothing asked
        settings.setCostLimit(0.01);
        render(robot);
        assertThat(paid.calls.get()).isZero();
        assertThat(asked()).isZero();
        assertThat(w.statusBar().message()).contains("Not rendered").contains("0.04 USD is over the limit of 0.01");

        // declined: nothing called, nothing written
        settings.setCostLimit(null);
        dialogs.spend = false;
        render(robot);
        assertThat(asked()).isEqualTo(1);
        assertThat(dialogs.shown).anyMatch(s -> s.startsWith("spend? 0.04 USD: gen1: testpay solid/v1, 0.04 USD (per call)"));
        assertThat(paid.calls.get()).isZero();
        assertThat(out.resolve("shot.png")).doesNotExist();

        // confirmed: one call, the file written
        dialogs.spend = true;
        render(robot);
        assertThat(paid.calls.get()).isEqualTo(1);
        assertThat(out.resolve("shot.png")).exists();

        // the kept result is free: no question, no call
        render(robot);
        assertThat(asked()).isEqualTo(2);
        assertThat(paid.calls.get()).isEqualTo(1);

        // Generate Again: one undo step raising the take; the next render asks and pays once more
        fx(() -> w.model().select(List.of("gen1")));
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        MenuItem again = bar.getMenus().stream().flatMap(m -> m.getItems().stream()).filter(i -> "Generate Again".equals(i.getText())).findFirst().orElseThrow();
        assertThat(again.getAccelerator()).isNotNull();
        fx(again::fire);
        assertThat(w.model().graph().requireNode("gen1").params().get("take")).isEqualTo(2L);
        assertThat(w.model().document().undoName()).contains("Generate again");
        render(robot);
        assertThat(asked()).isEqualTo(3);
        assertThat(paid.calls.get()).isEqualTo(2);
    }
}
