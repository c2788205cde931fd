package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.models.LoraStack;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.Safetensors;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LoRAs at the providers, against the loopback fake: training from a zip of images, and passing a stack as {path, scale}. */
class RemoteLoraTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    FakeProviders server;
    ModelLibrary lib;
    final AtomicInteger zipped = new AtomicInteger();

    /** A LoRA file as diffusers writes Flux ones: lora_A [rank, in] and lora_B [out, rank] per layer. */
    static byte[] fluxLoraFile() {
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
        t.put("transformer.single_transformer_blocks.0.attn.to_q.lora_A.weight", new Safetensors.Tensor(new long[] {4, 8}, new float[32]));
        t.put("transformer.single_transformer_blocks.0.attn.to_q.lora_B.weight", new Safetensors.Tensor(new long[] {8, 4}, new float[32]));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            Safetensors.write(b, t, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    @BeforeEach
    void start() throws Exception {
        lib = new ModelLibrary(dir.resolve("models"));
        server = new FakeProviders(RemoteNodeTest.FAL_KEY, RemoteNodeTest.REPLICATE_TOKEN);
        server.model("fal-ai/flux-lora-fast-training", in -> {
            try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(server.fetchInput(in.path("images_data_url").asText())))) {
                while (z.getNextEntry() != null) {
                    if (FakeModels.decode(z.readAllBytes()) != null) zipped.incrementAndGet();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ObjectNode out = JSON.createObjectNode();
            out.putObject("diffusers_lora_file").put("url", server.host("lora.safetensors", fluxLoraFile(), "application/octet-stream"))
                    .put("content_type", "application/octet-stream");
            return out;
        });
        server.model("fal-ai/flux-lora", FakeModels.falTextToImage(server, 16));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    RemoteNode node(String model) {
        RemoteConfig config = server.config();
        return new RemoteNode(ModelLibrary.catalogued(model), () -> config, () -> lib);
    }

    TestContext ctx(String store) {
        return new TestContext(dir).withFileStore(dir.resolve(store));
    }

    @Test
    void theTrainerTakesAZipOfImagesAndItsLoraLandsInTheLibraryAndFeedsTheGenerator() throws Exception {
        List<Frame> frames = List.of(FakeModels.picture("a", 1, 32, 32), FakeModels.picture("b", 2, 32, 32), FakeModels.picture("c", 3, 32, 32));
        Clip images = Clip.of(32, 32, Rational.of(1), frames.size(), frames::get);
        Map<String, Object> out = RemoteNodeTest.run(node("fal-flux-lora-trainer"), Map.of("images", images), Map.of("trigger_word", "zorb"), ctx("train"));
        assertThat(zipped.get()).isEqualTo(3);
        assertThat(JSON.readTree(server.last("POST", "/fal/fal-ai/flux-lora-fast-training").orElseThrow().body()).path("trigger_word").asText()).isEqualTo("zorb");

        LoraStack stack = (LoraStack) out.get("lora");
        assertThat(stack.entries()).hasSize(1);
        LoraStack.Entry e = stack.entries().get(0);
        ModelLibrary.Installed installed = lib.find(e.name()).orElseThrow();
        ModelManifest m = installed.manifest();
        assertThat(m.isLora()).isTrue();
        assertThat(m.lora().url()).contains("/files/lora.safetensors");
        assertThat(m.lora().rank()).isEqualTo(4);
        assertThat(m.lora().targets()).containsExactly("transformer.single_transformer_blocks.0.attn.to_q");
        assertThat(m.lora().base()).isEqualTo("fal-flux-lora-trainer");
        assertThat(lib.verify(installed)).isEmpty();
        assertThat(Files.readAllBytes(installed.file("lora.safetensors"))).isEqualTo(fluxLoraFile());

        // the same stack at 0.8 goes to the generator as {path, scale}
        LoraStack scaled = LoraStack.EMPTY.plus(new LoraStack.Entry(e.name(), e.digest(), 0.8, installed));
        RemoteNodeTest.run(node("fal-flux-lora"), Map.of("loras", scaled), Map.of("prompt", "a zorb"), ctx("gen"));
        JsonNode loras = JSON.readTree(server.last("POST", "/fal/fal-ai/flux-lora").orElseThrow().body()).path("loras");
        assertThat(loras.size()).isEqualTo(1);
        assertThat(loras.get(0).path("path").asText()).isEqualTo(m.lora().url());
        assertThat(loras.get(0).path("scale").asDouble()).isEqualTo(0.8);
    }

    /** A LoRA installed here without a URL, made for {@code base}. */
    private LoraStack local(String name, String base, double strength) throws Exception {
        Path staged = lib.stagingFolder(name);
        Files.write(staged.resolve("lora.safetensors"), fluxLoraFile());
        ModelManifest.FileEntry f = new ModelManifest.FileEntry("lora.safetensors", ModelLibrary.sha256(staged.resolve("lora.safetensors")),
                Files.size(staged.resolve("lora.safetensors")));
        ModelManifest m = new ModelManifest(name, "1", "lora", "lora", null, null, "lora.safetensors", List.of(f), List.of(), List.of(), List.of(),
                null, null, null, null, new ModelManifest.LoraSection(base, "a".repeat(64), 4, 4, List.of("x"), List.of(), List.of(), 10, null));
        ModelLibrary.Installed installed = lib.install(m, staged);
        return LoraStack.EMPTY.plus(new LoraStack.Entry(name, m.digest(), strength, installed));
    }

    @Test
    void aLoraThatExistsOnlyHereIsUploadedToTheProvidersStorage() throws Exception {
        RemoteNodeTest.run(node("fal-flux-lora"), Map.of("loras", local("local-lora", "fal-flux-lora", 0.7)), Map.of("prompt", "x"), ctx("local"));
        assertThat(server.requestCount("/falrest/storage/upload/initiate")).isEqualTo(1);
        JsonNode loras = JSON.readTree(server.last("POST", "/fal/fal-ai/flux-lora").orElseThrow().body()).path("loras");
        assertThat(loras.size()).isEqualTo(1);
        assertThat(loras.get(0).path("scale").asDouble()).isEqualTo(0.7);
        // the provider fetches the very file from where the upload put it
        assertThat(server.fetchInput(loras.get(0).path("path").asText())).isEqualTo(fluxLoraFile());

        // at strength 0 it is simply left out, and nothing is uploaded
        RemoteNodeTest.run(node("fal-flux-lora"), Map.of("loras", local("local-off", "fal-flux-lora", 0)), Map.of("prompt", "x"), ctx("off"));
        assertThat(JSON.readTree(server.last("POST", "/fal/fal-ai/flux-lora").orElseThrow().body()).path("loras").size()).isZero();
        assertThat(server.requestCount("/falrest/storage/upload/initiate")).isEqualTo(1);
    }

    @Test
    void aLoraOfTheLocalTextToImageModelIsRefusedByName() throws Exception {
        int before = server.submits.get();
        assertThatThrownBy(() -> RemoteNodeTest.run(node("fal-flux-lora"), Map.of("loras", local("zorb", "twemoji-flow", 1)), Map.of("prompt", "x"), ctx("t2i")))
                .hasMessageContaining("LoRA 'zorb' adapts twemoji-flow, a model that runs on this computer; a remote endpoint cannot apply it");
        assertThat(server.submits.get()).isEqualTo(before);
        assertThat(server.requestCount("/falrest/storage/upload/initiate")).isZero();
    }
}
