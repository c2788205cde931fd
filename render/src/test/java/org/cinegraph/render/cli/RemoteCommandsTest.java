package org.cinegraph.render.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.esrgan.TestPackages;
import org.cinegraph.models.remote.Credentials;
import org.cinegraph.models.remote.RemoteNodeSource;
import org.cinegraph.render.CancelToken;
import org.cinegraph.render.RenderSettings;
import org.cinegraph.render.history.RenderHistory;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** cinegraph models import and cinegraph credentials. */
class RemoteCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> docs = new java.util.HashMap<>();
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Three real models from Replicate's public catalogue: an upscaler, a music model (audio out), a video model. */
    @BeforeAll
    static void models() throws Exception {
        Path json = TestPackages.unpacked("all-the-public-replicate-models", "1.352.0", "package/models.json").resolve("models.json");
        List<String> want = List.of("nightmareai/real-esrgan", "meta/musicgen", "minimax/video-01");
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(json), 1 << 16); var p = JSON.getFactory().createParser(in)) {
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                JsonNode m = JSON.readTree(p);
                String id = m.path("owner").asText() + "/" + m.path("name").asText();
                if (want.contains(id)) docs.put(id, m);
            }
        }
        assertThat(docs).hasSize(3);
    }

    private Cli cli(ModelLibrary lib) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), NodeRegistry.standard(),
                new RenderSettings(dir.resolve("cache"), 1L << 30, 1), new CancelToken(), lib, new RenderHistory(dir.resolve("history")));
    }

    private String text(ByteArrayOutputStream b) {
        String s = b.toString(StandardCharsets.UTF_8);
        b.reset();
        return s;
    }

    @Test
    void importsAReplicateModelIntoTheLibraryAsANode() throws Exception {
        Path schema = dir.resolve("esrgan.json");
        Files.writeString(schema, docs.get("nightmareai/real-esrgan").toString());
        ModelLibrary lib = new ModelLibrary(dir.resolve("models"));
        assertThat(cli(lib).run(List.of("models", "import", "replicate", "nightmareai/real-esrgan", "--schema", schema.toString()))).as(text(err)).isEqualTo(Cli.OK);
        Path manifest = dir.resolve("models/replicate-nightmareai-real-esrgan/manifest.json");
        assertThat(text(out)).startsWith("imported replicate-nightmareai-real-esrgan -> " + manifest + " (node remote.replicate-nightmareai-real-esrgan, in Models > Remote)")
                .contains("no price known");
        assertThat(new RemoteNodeSource(lib, () -> null).types()).anyMatch(t -> t.spec().id().equals("remote.replicate-nightmareai-real-esrgan"));
        assertThat(cli(lib).run(List.of("models", "list"))).isEqualTo(Cli.OK);
        assertThat(text(out)).contains("replicate-nightmareai-real-esrgan").contains("remote (Replicate nightmareai/real-esrgan:f121d640bd28, imported)");

        Path file = dir.resolve("video.json");
        Files.writeString(dir.resolve("video-doc.json"), docs.get("minimax/video-01").toString());
        assertThat(cli(lib).run(List.of("models", "import", "replicate", "minimax/video-01", "--schema", dir.resolve("video-doc.json").toString(),
                "--name", "my-video", "--out", file.toString()))).isEqualTo(Cli.OK);
        assertThat(JSON.readTree(file.toFile()).path("remote").path("outputs").get(0).path("type").asText()).isEqualTo("video");
        assertThat(JSON.readTree(file.toFile()).path("name").asText()).isEqualTo("my-video");
    }

    @Test
    void refusalsAndBadFilesSayWhy() throws Exception {
        ModelLibrary lib = new ModelLibrary(dir.resolve("models"));
        Path music = dir.resolve("music.json");
        Files.writeString(music, docs.get("meta/musicgen").toString());
        assertThat(cli(lib).run(List.of("models", "import", "replicate", "meta/musicgen", "--schema", music.toString()))).isEqualTo(Cli.FAILED);
        assertThat(text(err)).startsWith("cinegraph: meta/musicgen refused: ").contains("audio");
        assertThat(cli(lib).run(List.of("models", "import", "replicate", "a/b", "--schema", dir.resolve("missing.json").toString()))).isEqualTo(Cli.BAD_INPUT);
        assertThat(text(err)).contains("missing.json: no such file");
        Files.writeString(dir.resolve("bad.json"), "{ not json");
        assertThat(cli(lib).run(List.of("models", "import", "fal", "fal-ai/x", "--openapi", dir.resolve("bad.json").toString()))).isEqualTo(Cli.BAD_INPUT);
        assertThat(text(err)).contains("bad.json: not a JSON document");
        assertThat(cli(lib).run(List.of("models", "import", "replicate", "a/b"))).isEqualTo(Cli.BAD_INPUT);
        assertThat(text(err)).contains("--schema FILE (the model's JSON from the Replicate API, GET /v1/models/a/b");
        assertThat(cli(lib).run(List.of("models", "import", "replicate", "--all", music.toString()))).isEqualTo(Cli.BAD_INPUT);
        assertThat(text(err)).contains("--all needs --dry-run");
        assertThat(lib.userDir()).doesNotExist();
    }

    @Test
    void aCatalogueDryRunListsEveryModelAndTotals() throws Exception {
        ArrayNode all = JSON.createArrayNode();
        docs.values().forEach(all::add);
        Path catalogue = dir.resolve("catalogue.json");
        Files.writeString(catalogue, all.toString());
        ModelLibrary lib = new ModelLibrary(dir.resolve("models"));
        assertThat(cli(lib).run(List.of("models", "import", "replicate", "--all", catalogue.toString(), "--dry-run"))).isEqualTo(Cli.OK);
        String o = text(out);
        assertThat(o).contains("imported  nightmareai/real-esrgan as replicate-nightmareai-real-esrgan")
                .contains("imported  minimax/video-01 as replicate-minimax-video-01")
                .contains("refused   meta/musicgen: ")
                .contains("3 models: 2 would import, 1 refused");
        assertThat(lib.userDir()).doesNotExist();
    }

    @Test
    void remoteModelsNeedNoInstallAndADifferentMappingIsOnlyAWarning() {
        ModelLibrary lib = new ModelLibrary(dir.resolve("models"));
        String digest = ModelLibrary.catalogued("fal-flux-schnell").digest();
        assertThat(org.cinegraph.render.ModelCheck.check(List.of(new org.cinegraph.spi.ModelRef("fal-flux-schnell", digest)), lib)).isEmpty();
        var p = org.cinegraph.render.ModelCheck.check(List.of(new org.cinegraph.spi.ModelRef("fal-flux-schnell", "0".repeat(64))), lib);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.isError()).isFalse();
            assertThat(x.message()).contains("remote model fal-flux-schnell here calls fal fal-ai/flux/schnell with a different mapping");
        });
    }

    @Test
    void credentialsAreStoredOwnerOnlyAndNeverPrinted() throws Exception {
        Path file = dir.resolve("config/credentials");
        Credentials c = new Credentials(Map.of(), file);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        String key = "fal-SECRET-credentials-test";
        assertThat(new CredentialsCommand(o, e, new ByteArrayInputStream((key + "\n").getBytes(StandardCharsets.UTF_8)), c).set("fal")).isEqualTo(Cli.OK);
        assertThat(text(out)).isEqualTo("fal: key stored in " + file + " (readable by you only)\n");
        assertThat(Files.readString(file)).contains("FAL_KEY=" + key);
        assertThat(new CredentialsCommand(o, e, InputStream.nullInputStream(), new Credentials(Map.of("REPLICATE_API_TOKEN", "r8"), file)).list()).isEqualTo(Cli.OK);
        String listing = text(out);
        assertThat(listing).isEqualTo("fal: key from file " + file + "\nreplicate: key from environment variable REPLICATE_API_TOKEN\n");
        assertThat(listing + text(err)).doesNotContain(key);
        assertThat(new CredentialsCommand(o, e, InputStream.nullInputStream(), c).set("fal")).isEqualTo(Cli.BAD_INPUT);
        assertThat(text(err)).contains("no key given; nothing stored");
    }

    @Test
    void addsALoraFileForARemoteModelAndRefusesWhatCannotBeOne() throws Exception {
        ModelLibrary lib = new ModelLibrary(dir.resolve("models"));
        Path file = dir.resolve("style.safetensors");
        java.util.Map<String, org.cinegraph.models.Safetensors.Tensor> t = new java.util.LinkedHashMap<>();
        t.put("transformer.blocks.0.attn.to_q.lora_A.weight", new org.cinegraph.models.Safetensors.Tensor(new long[] {8, 16}, new float[128]));
        t.put("transformer.blocks.0.attn.to_q.lora_B.weight", new org.cinegraph.models.Safetensors.Tensor(new long[] {16, 8}, new float[128]));
        try (java.io.OutputStream o = Files.newOutputStream(file)) {
            org.cinegraph.models.Safetensors.write(o, t, Map.of());
        }
        assertThat(cli(lib).run(List.of("models", "add-lora", file.toString(), "--name", "style", "--for", "fal-flux-lora"))).as(text(err)).isEqualTo(Cli.OK);
        assertThat(text(out)).startsWith("style: LoRA for fal-flux-lora (rank 8, 1 layers) installed and verified in")
                .contains("uploaded to the provider when a render uses it");
        ModelLibrary.Installed i = lib.find("style").orElseThrow();
        assertThat(i.manifest().lora().base()).isEqualTo("fal-flux-lora");
        assertThat(i.manifest().lora().url()).isNull();
        assertThat(lib.verify(i)).isEmpty();

        assertThat(cli(lib).run(List.of("models", "add-lora", file.toString(), "--name", "style", "--for", "fal-flux-lora"))).isEqualTo(Cli.BAD_INPUT);
        assertThat(text(err)).contains("already installed");
        assertThat(cli(lib).run(List.of("models", "add-lora", file.toString(), "--name", "other", "--for", "twemoji-flow"))).isEqualTo(Cli.BAD_INPUT);
        assertThat(text(err).strip()).isEqualTo("cinegraph: model twemoji-flow takes no LoRAs; --for names a remote model with a loras input, "
                + "e.g. fal-flux-lora (LoRAs of twemoji-flow come from cinegraph train lora)");
        Path notLora = dir.resolve("plain.safetensors");
        try (java.io.OutputStream o = Files.newOutputStream(notLora)) {
            org.cinegraph.models.Safetensors.write(o, Map.of("w", new org.cinegraph.models.Safetensors.Tensor(new long[] {2}, new float[2])), Map.of());
        }
        assertThat(cli(lib).run(List.of("models", "add-lora", notLora.toString(), "--name", "plain", "--for", "fal-flux-lora"))).isEqualTo(Cli.FAILED);
        assertThat(text(err).strip()).isEqualTo("cinegraph: cannot add LoRA plain: " + notLora + ": holds no LoRA tensors (no lora_A / lora_down weights)");
        assertThat(lib.find("plain")).isEmpty();
    }
}
