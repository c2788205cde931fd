package org.cinegraph.render.farm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.spi.FrameRange;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The exported job descriptions have the structure OpenCue's cjsl DTD and OpenJD's 2023-09 template schema ask for. */
class FarmExportTest {
    private static final FarmTasks TASKS = new FarmTasks(List.of("/opt/cinegraph/cinegraph"), Path.of("/show/sb/story board.cgraph"), "ab".repeat(32),
            Path.of("/show/sb/renders/.farm/sb-1"), Path.of("/show/sb/renders"), new FrameRange(0, 239), 72, List.of("grade1.gain=1.2"),
            Map.of("CINEGRAPH_CACHE_DIR", "/shared/cache"));

    private static List<String> children(Element e) {
        List<String> names = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c) names.add(c.getTagName());
        return names;
    }

    private static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c && c.getTagName().equals(name)) return c;
        throw new AssertionError("no <" + name + "> in <" + e.getTagName() + ">");
    }

    @Test
    void openCueSpecFollowsTheCjslDtd() throws Exception {
        String xml = FarmExport.openCue(TASKS, new FarmExport.CueOwner("show1", "sb", "ana"), "cinegraph-story board", 1);
        assertThat(xml).contains("<!DOCTYPE spec PUBLIC \"SPI Cue  Specification Language\"").contains("cjsl-1.13.dtd");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Element spec = d.getDocumentElement();
        assertThat(spec.getTagName()).isEqualTo("spec");
        // (facility?, dept?, show, shot, user, email?, uid?, job*, depends*)
        assertThat(children(spec)).containsExactly("show", "shot", "user", "job", "depends");
        Element job = child(spec, "job");
        assertThat(job.getAttribute("name")).isEqualTo("cinegraph-story_board").matches("[A-Za-z0-9._-]+");   // an NMTOKEN
        // (paused?, priority?, maxretries?, maxcores?, maxgpus?, autoeat?, localbook?, os?, env*, layers?)
        assertThat(children(job)).containsExactly("paused", "maxretries", "autoeat", "env", "layers");
        assertThat(child(child(job, "env"), "key").getAttribute("name")).isEqualTo("CINEGRAPH_CACHE_DIR");
        List<Element> layers = new ArrayList<>();
        for (Node n = child(job, "layers").getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element e) layers.add(e);
        assertThat(layers).extracting(e -> e.getAttribute("name") + ":" + e.getAttribute("type"))
                .containsExactly("prepare:Render", "render:Render", "assemble:Post");
        for (Element l : layers) {
            // (cmd, range, chunk, cores?, threadable?, memory?, gpus?, ..., env*, services?)
            List<String> c = children(l);
            assertThat(c.subList(0, 3)).containsExactly("cmd", "range", "chunk");
            assertThat(c).endsWith("services");
        }
        Element render = layers.get(1);
        assertThat(child(render, "range").getTextContent()).isEqualTo("0-239");
        assertThat(child(render, "chunk").getTextContent()).isEqualTo("72");
        assertThat(child(render, "gpus").getTextContent()).isEqualTo("1");
        assertThat(child(render, "cmd").getTextContent())
                .isEqualTo("/opt/cinegraph/cinegraph farm chunk '/show/sb/story board.cgraph' --work /show/sb/renders/.farm/sb-1 --frames"
                        + " '#FRAME_START#-#FRAME_END#' --of 0-239 --graph-sha256 " + "ab".repeat(32) + " --set grade1.gain=1.2");
        assertThat(children(layers.get(2))).doesNotContain("gpus");
        Element depend = child(child(spec, "depends"), "depend");
        assertThat(depend.getAttribute("type")).isEqualTo("LAYER_ON_LAYER");
        // (depjob, deplayer?, depframe?, onjob, onlayer?, onframe?)
        assertThat(children(depend)).containsExactly("depjob", "deplayer", "onjob", "onlayer");
        assertThat(child(depend, "deplayer").getTextContent()).isEqualTo("render");
        assertThat(child(depend, "onlayer").getTextContent()).isEqualTo("prepare");
        assertThat(child(depend, "depjob").getTextContent()).isEqualTo(job.getAttribute("name"));
    }

    @Test
    void openJdTemplateHasChunkedRenderStepAndDependencies() throws Exception {
        JsonNode t = new ObjectMapper().readTree(FarmExport.openJd(TASKS, "cinegraph-sb", 2));
        assertThat(t.path("specificationVersion").asText()).isEqualTo("jobtemplate-2023-09");
        assertThat(t.path("extensions").get(0).asText()).isEqualTo("TASK_CHUNKING");
        List<String> params = new ArrayList<>();
        t.path("parameterDefinitions").forEach(p -> params.add(p.path("name").asText() + ":" + p.path("type").asText()));
        assertThat(t.path("parameterDefinitions").get(4).path("maxValue").asInt()).isEqualTo(150);
        assertThat(params).containsExactly("GraphFile:PATH", "OutputDir:PATH", "WorkDir:PATH", "Frames:STRING", "ChunkSize:INT", "CinegraphCommand:STRING");
        JsonNode steps = t.path("steps");
        assertThat(steps).extracting(s -> s.path("name").asText()).containsExactly("prepare", "render", "assemble");
        assertThat(steps.get(0).has("dependencies")).isFalse();
        assertThat(steps.get(1).path("dependencies").get(0).path("dependsOn").asText()).isEqualTo("prepare");
        assertThat(steps.get(2).path("dependencies").get(0).path("dependsOn").asText()).isEqualTo("render");
        JsonNode frame = steps.get(1).path("parameterSpace").path("taskParameterDefinitions").get(0);
        assertThat(frame.path("name").asText()).isEqualTo("Frame");
        assertThat(frame.path("type").asText()).isEqualTo("CHUNK[INT]");
        assertThat(frame.path("range").asText()).isEqualTo("{{Param.Frames}}");
        assertThat(frame.path("chunks").path("defaultTaskCount").asText()).isEqualTo("{{Param.ChunkSize}}");
        assertThat(frame.path("chunks").path("rangeConstraint").asText()).isEqualTo("CONTIGUOUS");
        JsonNode run = steps.get(1).path("script").path("actions").path("onRun");
        assertThat(run.path("command").asText()).isEqualTo("{{Param.CinegraphCommand}}");
        List<String> args = new ArrayList<>();
        run.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsSequence("farm", "chunk", "{{Param.GraphFile}}", "--work", "{{Param.WorkDir}}", "--frames", "{{Task.Param.Frame}}",
                "--of", "{{Param.Frames}}");
        // GPUs where models run (prepare, render), none for the assembly
        assertThat(steps.get(1).path("hostRequirements").path("amounts").get(0).path("name").asText()).isEqualTo("amount.worker.gpu");
        assertThat(steps.get(1).path("hostRequirements").path("amounts").get(0).path("min").asInt()).isEqualTo(2);
        assertThat(steps.get(2).has("hostRequirements")).isFalse();
        assertThat(steps.get(0).path("stepEnvironments").get(0).path("variables").path("CINEGRAPH_CACHE_DIR").asText()).isEqualTo("/shared/cache");
    }

    @Test
    void chunksAreWholeKeyFrameIntervals() {
        assertThat(ChunkedRender.roundUp(60, 24)).isEqualTo(72);
        assertThat(ChunkedRender.split(0, 239, 60, 24)).extracting(Object::toString).containsExactly("0-71", "72-143", "144-215", "216-239");
        assertThat(ChunkedRender.split(10, 20, 100, 24)).extracting(Object::toString).containsExactly("10-20");
    }
}
