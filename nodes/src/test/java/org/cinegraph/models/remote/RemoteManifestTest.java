package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;
import org.cinegraph.spi.Widget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The remote section of model manifests: checks, identity, node specs and request fields. */
class RemoteManifestTest {
    @TempDir
    Path dir;

    @Test
    void theCatalogueHasARemoteNodePerCuratedModelUnderModelsRemote() {
        List<NodeType> types = List.copyOf(new RemoteNodeSource(new ModelLibrary(dir), () -> null).types());
        assertThat(types).hasSize(14);
        for (NodeType t : types) {
            NodeSpec s = t.spec();
            assertThat(s.id()).startsWith("remote.");
            assertThat(s.category()).isEqualTo("Models > Remote");
            assertThat(s.displayName()).matches(".* \\((fal|Replicate)\\)");
            assertThat(s.param("timeout")).isPresent();
            assertThat(s.param("take")).hasValueSatisfying(p -> assertThat(p.defaultValue()).isEqualTo(1L));
            if (!((RemoteNode) t).manifest().task().equals("images-to-lora")) {
                assertThat(((RemoteNode) t).estimate(defaults(s)).amount()).as(s.id()).isPositive();
            }
        }
        Set<String> digests = types.stream().map(t -> ((RemoteNode) t).manifest().digest()).collect(Collectors.toSet());
        assertThat(digests).hasSize(14);
        NodeSpec kling = types.stream().filter(t -> t.spec().id().equals("remote.fal-kling-2.1-i2v")).findFirst().orElseThrow().spec();
        assertThat(kling.input("image").orElseThrow().type()).isEqualTo(DataType.IMAGE);
        assertThat(kling.outputPort("video").orElseThrow().type()).isEqualTo(DataType.CLIP);
        assertThat(kling.description()).contains("Generate again");
    }

    static Map<String, Object> defaults(NodeSpec s) {
        Map<String, Object> p = new HashMap<>();
        for (ParamSpec ps : s.params()) p.put(ps.name(), ps.defaultValue());
        return p;
    }

    private static String manifest(String remote) {
        return "{\"name\": \"m\", \"version\": \"1\", \"format\": \"remote\", \"remote\": " + remote + "}";
    }

    private static final String GOOD = "{\"provider\": \"fal\", \"endpoint\": \"fal-ai/x\", \"outputs\": [{\"name\": \"image\", \"field\": \"images\", \"type\": \"image\"}]";

    @Test
    void badRemoteSectionsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ModelManifest.parse(manifest("{\"provider\": \"acme\", \"endpoint\": \"a/b\", \"outputs\": []}"), "m.json"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("remote 'provider' must be fal or replicate (got acme)")
                .hasMessageContaining("remote 'outputs' is empty");
        assertThatThrownBy(() -> ModelManifest.parse(manifest(GOOD + ", \"parameters\": [{\"name\": \"timeout\", \"field\": \"timeout\", \"type\": \"integer\"}]}"), "m.json"))
                .hasMessageContaining("the name is reserved for the node's own timeout");
        assertThatThrownBy(() -> ModelManifest.parse(manifest(GOOD + ", \"parameters\": [{\"name\": \"a\", \"field\": \"p\", \"type\": \"text\"}, {\"name\": \"b\", \"field\": \"p\", \"type\": \"text\"}]}"), "m.json"))
                .hasMessageContaining("field p is mapped twice");
        assertThatThrownBy(() -> ModelManifest.parse(manifest("{\"provider\": \"replicate\", \"endpoint\": \"a/b/c\", \"version\": \"abc\", \"outputs\": [{\"name\": \"x\", \"field\": \"\", \"type\": \"audio\"}]}"), "m.json"))
                .hasMessageContaining("is not a Replicate model (owner/name)").hasMessageContaining("64 hex digits").hasMessageContaining("'type' must be one of");
        assertThatThrownBy(() -> ModelManifest.parse("{\"name\": \"m\", \"version\": \"1\", \"format\": \"remote\"}", "m.json"))
                .hasMessageContaining("format remote needs a 'remote' section");
        assertThatThrownBy(() -> ModelManifest.parse(manifest(GOOD + "}").replace("\"format\": \"remote\",", "\"format\": \"remote\", \"files\": [{\"path\": \"w.pt\", \"sha256\": \"" + "0".repeat(64) + "\", \"size\": 1}],"), "m.json"))
                .hasMessageContaining("a remote model has no 'files'");
    }

    @Test
    void theDigestIsWhatIsCalledNotHowItIsDescribed() throws Exception {
        ModelManifest a = ModelManifest.parse(manifest(GOOD + ", \"price\": {\"amount\": 0.01, \"currency\": \"USD\", \"unit\": \"call\"}, \"title\": \"A\"}"), "a");
        ModelManifest b = ModelManifest.parse(manifest(GOOD + ", \"price\": {\"amount\": 0.02, \"currency\": \"USD\", \"unit\": \"call\"}, \"title\": \"B\"}"), "b");
        ModelManifest c = ModelManifest.parse(manifest(GOOD + ", \"fixed\": {\"output_format\": \"png\"}}"), "c");
        ModelManifest d = ModelManifest.parse(manifest(GOOD.replace("fal-ai/x", "fal-ai/y") + "}"), "d");
        assertThat(a.digest()).isEqualTo(b.digest()).isNotEqualTo(c.digest()).isNotEqualTo(d.digest());
        assertThat(ModelManifest.parse(a.toJson(), "again")).isEqualTo(a);
    }

    @Test
    void remoteModelsNeedNoInstallAndADifferentMappingIsOnlyAWarning() {
        ModelLibrary lib = new ModelLibrary(dir);
        assertThat(RemoteNodeSource.manifests(lib, new java.util.ArrayList<>())).containsKeys("fal-flux-schnell", "replicate-video-01");
        assertThatThrownBy(() -> lib.pull("fal-flux-schnell")).hasMessageContaining("runs at fal: there is nothing to download; set FAL_KEY");
        assertThat(lib.status(new java.util.ArrayList<>())).containsEntry("fal-flux-schnell", "remote (fal fal-ai/flux/schnell)");
    }

    @Test
    void optionalFieldsWithoutDefaultsAreBlankAndNotSent() throws Exception {
        RemoteModel r = ModelManifest.parse(manifest(GOOD + ", \"parameters\": ["
                + "{\"name\": \"width\", \"field\": \"width\", \"type\": \"integer\", \"min\": 256, \"max\": 1440},"
                + "{\"name\": \"steps\", \"field\": \"num_inference_steps\", \"type\": \"integer\", \"default\": 4},"
                + "{\"name\": \"scale\", \"field\": \"scale\", \"type\": \"choice\", \"choices\": [\"2\", \"4\"], \"default\": \"2\", \"as\": \"integer\"},"
                + "{\"name\": \"lora_2\", \"field\": \"loras[1].path\", \"type\": \"text\"},"
                + "{\"name\": \"face\", \"field\": \"face\", \"type\": \"boolean\"}]}"), "m").remote();
        NodeSpec spec = RemoteSpecs.specOf(ModelManifest.parse(manifest(GOOD + "}"), "x"));
        assertThat(spec.params()).extracting(ParamSpec::name).containsExactly("timeout", "take");
        NodeSpec s = RemoteSpecs.specOf(new ModelManifest("m", "1", null, "remote", null, null, null, List.of(), List.of(), List.of(), List.of(), null, null, null, r));
        ParamSpec width = s.param("width").orElseThrow();
        assertThat(width.type()).isEqualTo(DataType.TEXT);
        assertThat(width.defaultValue()).isEqualTo("");
        assertThat(width.description()).contains("256 to 1440").contains("Blank: the provider's default");
        assertThat(s.param("face").orElseThrow().choices()).containsExactly("", "true", "false");
        assertThat(s.param("face").orElseThrow().widget()).isEqualTo(Widget.DROPDOWN);
        Map<String, Object> p = defaults(s);
        JsonNode blank = RemoteSpecs.requestFields(r, p, "n");
        assertThat(blank.toString()).isEqualTo("{\"num_inference_steps\":4,\"scale\":2}");
        p.put("width", "1024");
        p.put("lora_2", "https://example.invalid/style.safetensors");
        p.put("face", "true");
        var set = RemoteSpecs.requestFields(r, p, "n");
        JsonPaths.compact(set);
        assertThat(set.toString()).isEqualTo("{\"width\":1024,\"num_inference_steps\":4,\"scale\":2,\"loras\":[{\"path\":\"https://example.invalid/style.safetensors\"}],\"face\":true}");
        p.put("width", "2000");
        assertThatThrownBy(() -> RemoteSpecs.requestFields(r, p, "node n")).hasMessage("node n: parameter 'width' is 2000, outside (256 to 1440)");
        p.put("width", "wide");
        assertThatThrownBy(() -> RemoteSpecs.requestFields(r, p, "node n")).hasMessage("node n: parameter 'width' must be a whole number, not 'wide'");
    }
}
