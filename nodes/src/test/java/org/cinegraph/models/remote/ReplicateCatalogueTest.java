package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.esrgan.TestPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicate's public catalogue (npm all-the-public-replicate-models 1.352.0: 3,808 models with
 * their OpenAPI schemas), read once: the importer takes every model without crashing and imports
 * at least 90% of those whose inputs and outputs are images, video, text and numbers (judged from
 * each model's own example run, independently of the importer), and the curated Replicate
 * manifests match the schemas Replicate publishes for them.
 */
class ReplicateCatalogueTest {
    private static final Set<String> IMAGE_OR_VIDEO = Set.of("png", "jpg", "jpeg", "webp", "gif", "bmp", "mp4", "mov", "webm");
    private static final Map<String, RemoteImporter.Result> results = new LinkedHashMap<>();
    private static final Map<String, JsonNode> docs = new HashMap<>();
    private static final List<String> eligible = new ArrayList<>();
    private static RemoteImporter.Summary summary;
    private static long millis;

    @BeforeAll
    static void importEverything() throws Exception {
        Path json = TestPackages.unpacked("all-the-public-replicate-models", "1.352.0", "package/models.json").resolve("models.json");
        Set<String> keep = new java.util.HashSet<>();
        for (ModelManifest m : ModelLibrary.catalogue().values()) {
            if (m.isRemote() && !m.remote().isFal()) keep.add(m.remote().endpoint());
        }
        keep.add("nightmareai/real-esrgan");
        long t0 = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(json), 1 << 16)) {
            summary = RemoteImporter.replicateAll(in, (doc, r) -> {
                results.put(r.id(), r);
                if (keep.contains(r.id())) docs.put(r.id(), doc);
                if (eligible(doc.path("default_example"))) eligible.add(r.id());
            });
        }
        millis = (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * Whether a model's example run shows image, video, text or number inputs and outputs only:
     * every URL it takes or gives is an image or a video, and an output without URLs is text or a
     * number. Models without an example are left out of the count.
     */
    static boolean eligible(JsonNode example) {
        JsonNode out = example.path("output");
        if (out.isMissingNode() || out.isNull()) return false;
        List<String> outUrls = new ArrayList<>();
        urls(out, outUrls);
        if (outUrls.isEmpty()) {
            boolean scalar = out.isTextual() || out.isNumber() || (out.isArray() && allText(out));
            if (!scalar) return false;
        } else if (!outUrls.stream().allMatch(ReplicateCatalogueTest::imageOrVideo)) {
            return false;
        }
        List<String> inUrls = new ArrayList<>();
        urls(example.path("input"), inUrls);
        return inUrls.stream().allMatch(ReplicateCatalogueTest::imageOrVideo);
    }

    private static boolean allText(JsonNode a) {
        for (JsonNode e : a) if (!e.isTextual()) return false;
        return true;
    }

    private static void urls(JsonNode n, List<String> out) {
        if (n.isTextual() && (n.asText().startsWith("http") || n.asText().startsWith("data:"))) out.add(n.asText());
        else if (n.isContainerNode()) n.elements().forEachRemaining(e -> urls(e, out));
    }

    private static boolean imageOrVideo(String url) {
        if (url.startsWith("data:")) return url.startsWith("data:image/") || url.startsWith("data:video/");
        String path = url.replaceAll("[?#].*$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.contains(".") && IMAGE_OR_VIDEO.contains(last.substring(last.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
    }

    @Test
    void everyModelGetsAnAnswerAndNineInTenUsableOnesImport() {
        assertThat(summary.models()).isEqualTo(3808);
        assertThat(results).hasSize(3808);
        long importedEligible = eligible.stream().filter(id -> results.get(id).imported()).count();
        double rate = (double) importedEligible / eligible.size();
        Map<String, Integer> reasons = new TreeMap<>(summary.refusals());
        System.out.printf(Locale.ROOT, "replicate catalogue: %d models, %d imported (%.1f%%) in %d ms; %d with image/video/text/number I/O, %d of those imported (%.1f%%)%n",
                summary.models(), summary.imported(), 100.0 * summary.imported() / summary.models(), millis, eligible.size(), importedEligible, 100 * rate);
        reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.println("  refused " + e.getValue() + ": " + e.getKey()));
        assertThat(eligible.size()).isGreaterThan(3000);
        assertThat(rate).isGreaterThanOrEqualTo(0.90);
        for (RemoteImporter.Result r : results.values()) {
            if (!r.imported()) assertThat(r.refusal()).isNotBlank().doesNotContain("\n");
        }
    }

    @Test
    void importedManifestsSurviveTheFileFormatAndBecomeNodes() throws Exception {
        int n = 0;
        for (RemoteImporter.Result r : results.values()) {
            if (!r.imported() || n++ % 40 != 0) continue;
            ModelManifest back = ModelManifest.parse(r.manifest().toJson(), r.id());
            assertThat(back).isEqualTo(r.manifest());
            assertThat(back.digest()).isEqualTo(r.manifest().digest());
            RemoteNode node = new RemoteNode(back, () -> null);
            assertThat(node.spec().category()).isEqualTo("Models > Remote");
            assertThat(node.spec().displayName()).endsWith("(Replicate)");
        }
        assertThat(n).isGreaterThan(3000);
    }

    @Test
    void refusalsNameTheReason() {
        // a music model: audio out
        assertThat(results.values().stream().filter(r -> !r.imported()).map(RemoteImporter.Result::refusal))
                .anyMatch(s -> s.contains("is audio, which Cinegraph has no port type for"))
                .anyMatch(s -> s.contains("a secret, which graph files must not hold"));
    }

    @Test
    void curatedReplicateManifestsMatchThePublishedSchemas() {
        List<ModelManifest> curated = ModelLibrary.catalogue().values().stream().filter(m -> m.isRemote() && !m.remote().isFal()).toList();
        assertThat(curated).hasSize(4);
        for (ModelManifest m : curated) {
            RemoteModel r = m.remote();
            JsonNode doc = docs.get(r.endpoint());
            assertThat(doc).as(r.endpoint() + " in the catalogue").isNotNull();
            if (r.version() != null) assertThat(r.version()).as(m.name() + " version").isEqualTo(doc.path("latest_version").path("id").asText());
            JsonNode schemas = doc.path("latest_version").path("openapi_schema").path("components").path("schemas");
            JsonNode props = schemas.path("Input").path("properties");
            List<String> required = new ArrayList<>();
            schemas.path("Input").path("required").forEach(x -> required.add(x.asText()));
            List<String> mapped = new ArrayList<>(r.fixed().keySet());
            for (RemoteModel.Param p : r.parameters()) {
                String where = m.name() + " parameter " + p.name();
                JsonNode s = props.path(p.field());
                assertThat(s.isObject()).as(where + ": field " + p.field() + " exists").isTrue();
                JsonNode resolved = s.has("allOf") ? RemoteImporter.resolve(doc.path("latest_version").path("openapi_schema"), s.path("allOf").get(0)) : s;
                String type = resolved.path("type").asText();
                switch (p.type()) {
                    case "choice" -> {
                        List<String> values = new ArrayList<>();
                        resolved.path("enum").forEach(v -> values.add(v.asText()));
                        assertThat(p.choiceList()).as(where + " choices").containsExactlyInAnyOrderElementsOf(values);
                    }
                    case "integer", "seed" -> assertThat(type).as(where).isEqualTo("integer");
                    case "number" -> assertThat(type).as(where).isIn("number", "integer");
                    case "boolean" -> assertThat(type).as(where).isEqualTo("boolean");
                    default -> assertThat(type).as(where).isEqualTo("string");
                }
                if (s.has("default")) assertThat(String.valueOf(p.defaultValue())).as(where + " default").isEqualTo(numberText(s.path("default")));
                else assertThat(p.defaultValue()).as(where + " has no default in the schema").isNull();
                if (s.has("minimum")) assertThat(p.min()).as(where + " minimum").isEqualTo(s.path("minimum").asDouble());
                if (s.has("maximum")) assertThat(p.max()).as(where + " maximum").isEqualTo(s.path("maximum").asDouble());
                mapped.add(p.field());
            }
            for (RemoteModel.Port port : r.inputs()) {
                assertThat(props.path(port.field()).path("format").asText()).as(m.name() + " input " + port.name() + " is a URI field").isEqualTo("uri");
                mapped.add(port.field());
            }
            for (String f : r.fixed().keySet()) {
                JsonNode s = props.path(f);
                JsonNode resolved = s.has("allOf") ? RemoteImporter.resolve(doc.path("latest_version").path("openapi_schema"), s.path("allOf").get(0)) : s;
                List<String> values = new ArrayList<>();
                resolved.path("enum").forEach(v -> values.add(v.asText()));
                assertThat(values).as(m.name() + " fixed " + f).contains(String.valueOf(r.fixed().get(f)));
            }
            assertThat(mapped).as(m.name() + " maps every required field").containsAll(required);
            JsonNode out = schemas.path("Output");
            for (RemoteModel.Port port : r.outputs()) {
                assertThat(port.field()).isEmpty();
                boolean list = out.path("type").asText().equals("array");
                assertThat(list ? out.path("items").path("format").asText() : out.path("format").asText()).as(m.name() + " output is URIs").isEqualTo("uri");
                String example = list ? doc.path("default_example").path("output").get(0).asText() : doc.path("default_example").path("output").asText();
                String kind = port.type().equals("video") ? "video" : "image";
                assertThat(MediaHints.fromUrl(example).orElseThrow().name().toLowerCase(Locale.ROOT)).as(m.name() + " example output kind").isEqualTo(kind);
            }
            assertThat(r.price()).as(m.name() + " price").isNotNull();
            assertThat(m.licence()).as(m.name() + " licence").isNotBlank();
        }
    }

    private static String numberText(JsonNode v) {
        if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && !v.isIntegralNumber()) return Long.toString(v.asLong());
        return v.isNumber() && !v.isIntegralNumber() ? Double.toString(v.asDouble()) : v.asText();
    }

    @Test
    void importingAModelGivesTheSameMappingAsItsCuratedManifest() {
        for (String name : List.of("replicate-flux-schnell", "replicate-sdxl-lightning", "replicate-real-esrgan", "replicate-video-01")) {
            RemoteModel curated = ModelLibrary.catalogued(name).remote();
            RemoteImporter.Result r = RemoteImporter.replicate(curated.endpoint(), docs.get(curated.endpoint()), null);
            assertThat(r.imported()).as(name + ": " + r.refusal()).isTrue();
            RemoteModel imported = r.manifest().remote();
            Map<String, String> want = new TreeMap<>();
            curated.parameters().forEach(p -> want.put(p.field(), p.type().replace("multiline", "text") + " " + p.defaultValue() + " " + p.min() + " " + p.max() + " " + p.choiceList()));
            Map<String, String> got = new TreeMap<>();
            imported.parameters().forEach(p -> got.put(p.field(), p.type().replace("multiline", "text") + " " + p.defaultValue() + " " + p.min() + " " + p.max() + " " + p.choiceList()));
            curated.fixed().keySet().forEach(got::remove);
            assertThat(got).as(name).isEqualTo(want);
            assertThat(imported.inputs().stream().map(RemoteModel.Port::field).toList()).isEqualTo(curated.inputs().stream().map(RemoteModel.Port::field).toList());
            assertThat(imported.outputs().stream().map(RemoteModel.Port::type).toList()).isEqualTo(curated.outputs().stream().map(RemoteModel.Port::type).toList());
            // the importer's rule: a seed makes a model deterministic (curated upscalers are marked so by judgement)
            assertThat(imported.isDeterministic()).isEqualTo(curated.parameters().stream().anyMatch(p -> p.type().equals("seed")));
        }
    }

    @Test
    void aBareSchemaNeedsHintsOrAnOutputKind() throws Exception {
        JsonNode esrgan = docs.get("nightmareai/real-esrgan");
        JsonNode schema = esrgan.path("latest_version").path("openapi_schema");
        RemoteImporter.Result byName = RemoteImporter.replicate("nightmareai/real-esrgan", schema, null);
        assertThat(byName.imported()).isTrue();
        assertThat(byName.manifest().remote().version()).isNull();
        assertThat(byName.notes()).anyMatch(n -> n.contains("no version id"));
        RemoteImporter.Result vague = RemoteImporter.replicate("someone/thing", schema, null);
        assertThat(vague.refusal()).isEqualTo("output is a file of unknown kind (pass the kind: image or video)");
        RemoteImporter.Result told = RemoteImporter.replicate("someone/thing", schema, "video");
        assertThat(told.manifest().remote().outputs()).singleElement().satisfies(p -> assertThat(p.type()).isEqualTo("video"));
        assertThat(told.manifest().name()).isEqualTo("replicate-someone-thing");
    }
}
