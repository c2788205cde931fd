package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.format.GraphFile;
import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.media.VideoFileClip;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.render.sweep.ContactSheet;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** render --sweep with real nodes: files named by their values, a contact sheet checked by its pixels, one history entry. */
class SweepCliTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.standard();
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                REGISTRY, new RenderSettings(dir.resolve("cache"), 1L << 30, 2), new CancelToken(), ModelLibrary.fromEnvironment(),
                new RenderHistory(dir.resolve("history"))).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    private Path graph(boolean clip) throws Exception {
        Graph g = clip
                ? Graph.of(List.of(node("solid1", "generate.solid", Map.of("width", 64L, "height", 48L, "colour", "#808080")),
                        node("hold1", "clip.from-still", Map.of("duration", 0.5, "fps", 24.0)), node("grade1", "colour.grade", Map.of()),
                        node("save1", "output.video", Map.of("filename", "plate.mp4"))),
                List.of(Link.of("solid1", "image", "hold1", "image"), Link.of("hold1", "clip", "grade1", "image"), Link.of("grade1", "image", "save1", "clip")))
                : Graph.of(List.of(node("solid1", "generate.solid", Map.of("width", 64L, "height", 48L, "colour", "#808080")),
                        node("grade1", "colour.grade", Map.of()), node("save1", "output.image", Map.of("filename", "plate.png"))),
                List.of(Link.of("solid1", "image", "grade1", "image"), Link.of("grade1", "image", "save1", "image")));
        Path f = dir.resolve(clip ? "clip.cgraph" : "still.cgraph");
        GraphFile.write(g, f, REGISTRY);
        return f;
    }

    private static int[] centre(Frame f, Rectangle r) {
        int p = f.pixel(r.x + r.width / 2, r.y + r.height / 2);
        return new int[]{p >> 16 & 0xFF, p >> 8 & 0xFF, p & 0xFF};
    }

    private static int bright(Frame f, Rectangle r) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) for (int x = r.x; x < r.x + r.width; x++) if ((f.pixel(x, y) & 0xFF) > 150) n++;
        return n;
    }

    @Test
    void aTwoParameterSweepOfStillsMakesALabelledGrid() throws Exception {
        Path out = dir.resolve("out");
        Run r = run("render", graph(false).toString(), "--out", out.toString(),
                "--sweep", "solid1.colour=#FF0000,#0000FF", "--sweep", "grade1.exposure=-1:1:1");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> files = r.out().lines().toList();
        assertThat(files).hasSize(7).first().isEqualTo(out.resolve("plate_contact-sheet.png").toString());
        assertThat(files).contains(out.resolve("plate_colour=FF0000_exposure=-1.png").toString(), out.resolve("plate_colour=0000FF_exposure=1.png").toString());

        Frame sheet = ImageFiles.read(out.resolve("plate_contact-sheet.png"));
        ContactSheet.Layout l = ContactSheet.layout(6, 3, 64, 48);
        assertThat(sheet.width()).isEqualTo(l.width());
        assertThat(sheet.height()).isEqualTo(l.height());
        assertThat(l.rows()).isEqualTo(2);
        String[] names = {"colour=FF0000_exposure=-1", "colour=FF0000_exposure=0", "colour=FF0000_exposure=1",
                "colour=0000FF_exposure=-1", "colour=0000FF_exposure=0", "colour=0000FF_exposure=1"};
        for (int i = 0; i < 6; i++) {
            Frame cell = ImageFiles.read(out.resolve("plate_" + names[i] + ".png"));
            int[] want = centre(cell, new Rectangle(0, 0, 64, 48));
            int[] got = centre(sheet, l.boxes().get(i));
            for (int c = 0; c < 3; c++) assertThat(Math.abs(got[c] - want[c])).as("cell %d channel %d", i, c).isLessThanOrEqualTo(2);
            assertThat(bright(sheet, l.labels().get(i))).as("label %d has text", i).isGreaterThan(20);
        }
        // red row then blue row, exposure rising to the right
        assertThat(centre(sheet, l.boxes().get(0))[0]).isGreaterThan(centre(sheet, l.boxes().get(0))[2]);
        assertThat(centre(sheet, l.boxes().get(3))[2]).isGreaterThan(centre(sheet, l.boxes().get(3))[0]);
        assertThat(centre(sheet, l.boxes().get(0))[0]).isLessThan(centre(sheet, l.boxes().get(1))[0]);
        assertThat(bright(sheet, new Rectangle(0, 0, sheet.width(), 30))).as("title").isGreaterThan(50);
        assertThat(bright(sheet, new Rectangle(l.boxes().get(0).x, l.labels().get(0).y + 22, 64, 8))).as("gap between rows is empty").isZero();

        // each file carries its own graph; the history has the sweep once
        Graph blue = GraphFile.parse(org.cinegraph.media.Provenance.read(out.resolve("plate_colour=0000FF_exposure=1.png")).orElseThrow(), "png", REGISTRY).graph();
        assertThat(blue.requireNode("grade1").params()).containsEntry("exposure", 1.0);
        assertThat(blue.requireNode("solid1").params()).containsEntry("colour", "#0000FF");
        JsonNode history = new ObjectMapper().readTree(run("history", "--json").out());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("sweep").asText()).isEqualTo("solid1.colour=#FF0000,#0000FF x grade1.exposure=-1:1:1 (6 renders)");
        assertThat(history.get(0).get("outputs")).hasSize(7);
    }

    @Test
    void aSweepOfClipsMakesAGridVideo() throws Exception {
        Path out = dir.resolve("out");
        Run r = run("render", graph(true).toString(), "--out", out.toString(), "--sweep", "grade1.exposure=-2,0,2");
        assertThat(r.code()).as(r.err()).isZero();
        ContactSheet.Layout l = ContactSheet.layout(3, 2, 64, 48);
        try (VideoFileClip sheet = new VideoFileClip(out.resolve("plate_contact-sheet.mp4"))) {
            assertThat(sheet.frameCount()).isEqualTo(12);
            assertThat(sheet.width()).isEqualTo(l.width());
            Frame f = sheet.frame(5);
            int[] dark = centre(f, l.boxes().get(0));
            int[] mid = centre(f, l.boxes().get(1));
            int[] light = centre(f, l.boxes().get(2));
            assertThat(dark[1]).isLessThan(mid[1] - 30);
            assertThat(light[1]).isGreaterThan(mid[1] + 30);
            try (VideoFileClip one = new VideoFileClip(out.resolve("plate_exposure=0.mp4"))) {
                assertThat(Math.abs(centre(one.frame(5), new Rectangle(0, 0, 64, 48))[1] - mid[1])).isLessThanOrEqualTo(12);
            }
            assertThat(bright(f, l.labels().get(2))).isGreaterThan(20);
        }
    }

    @Test
    void badSweepsAreOneLine() throws Exception {
        Path g = graph(false);
        Run r = run("render", g.toString(), "--out", dir.resolve("o").toString(), "--sweep", "grade1.exposure=0,40");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("cinegraph: --sweep: parameter 'exposure' is 40, outside its range -10 to 10");
        Run bad = run("render", g.toString(), "--sweep", "ghost1.x=1");
        assertThat(bad.err().strip()).isEqualTo("cinegraph: --sweep: no node 'ghost1' in the graph");
        Run set = run("render", g.toString(), "--set", "grade1.exposure=99");
        assertThat(set.code()).isEqualTo(2);
        assertThat(set.err().strip()).isEqualTo("cinegraph: --set: node grade1: parameter 'exposure' is 99, outside its range -10 to 10");
    }
}
