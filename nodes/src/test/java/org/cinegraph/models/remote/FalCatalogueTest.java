package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.esrgan.TestPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fal's published endpoint types (src/types/endpoints.d.ts of npm @fal-ai/client 1.10.1): every
 * curated fal manifest maps fields that exist, with matching types, choices and defaults, covers
 * every required field, and reads its outputs where the endpoint puts them; and the OpenAPI
 * importer takes every endpoint (as an OpenAPI document in fal's layout) without crashing.
 */
class FalCatalogueTest {
    private static FalEndpointTypes types;

    @BeforeAll
    static void read() throws Exception {
        types = FalEndpointTypes.read(TestPackages.unpacked("@fal-ai/client", "1.10.1", "package/src/types/endpoints.d.ts")
                .resolve("src/types/endpoints.d.ts"));
    }

    @Test
    void theTypesFileIsReadWhole() {
        assertThat(types.endpoints.size()).isGreaterThan(1000);
        assertThat(types.fieldsOf(types.endpoints.get("fal-ai/flux/schnell").input())).containsKeys("prompt", "image_size", "seed");
    }

    @Test
    void curatedFalManifestsMatchThePublishedTypes() {
        List<ModelManifest> curated = ModelLibrary.catalogue().values().stream().filter(m -> m.isRemote() && m.remote().isFal()).toList();
        assertThat(curated).hasSizeGreaterThanOrEqualTo(9);
        for (ModelManifest m : curated) {
            RemoteModel r = m.remote();
            FalEndpointTypes.Endpoint e = types.endpoints.get(r.endpoint());
            assertThat(e).as(m.name() + ": endpoint " + r.endpoint() + " exists").isNotNull();
            // an input type shared with another endpoint (an alias) carries that endpoint's defaults
            boolean ownDefaults = !types.aliases.containsKey(e.input());
            List<String> mapped = new ArrayList<>(r.fixed().keySet());
            for (RemoteModel.Param p : r.parameters()) {
                String where = m.name() + " parameter " + p.name() + " (" + p.field() + ")";
                FalEndpointTypes.Field f = types.fieldAt(e.input(), p.field()).orElse(null);
                assertThat(f).as(where + " exists").isNotNull();
                assertThat(f.isFile()).as(where + " is not a file").isFalse();
                switch (p.type()) {
                    case "choice" -> assertThat(f.literals()).as(where + " choices").containsExactlyInAnyOrderElementsOf(p.choiceList());
                    case "number", "integer", "seed" -> assertThat(f.type()).as(where).isEqualTo("number");
                    case "boolean" -> assertThat(f.type()).as(where).isEqualTo("boolean");
                    default -> assertThat(f.type()).as(where).isEqualTo("string");
                }
                if (ownDefaults && f.defaultValue() != null && p.defaultValue() != null) {
                    assertThat(normal(p.defaultValue().toString())).as(where + " default").isEqualTo(normal(f.defaultValue()));
                }
                mapped.add(p.field().replaceAll("[.\\[].*$", ""));
            }
            for (RemoteModel.Port port : r.inputs()) {
                FalEndpointTypes.Field f = types.fieldAt(e.input(), port.field()).orElse(null);
                assertThat(f).as(m.name() + " input " + port.name()).isNotNull();
                if (port.type().equals("loras")) {
                    // a LoRA stack goes as the endpoint's list of {path, scale}
                    assertThat(f.element()).as(m.name() + " input " + port.name() + " is a list").isPresent();
                    assertThat(types.fieldsOf(f.element().get())).as(m.name() + " input " + port.name() + " takes {path, scale}").containsKeys("path", "scale");
                } else {
                    assertThat(f.isFile()).as(m.name() + " input " + port.name() + " is a file field").isTrue();
                }
                assertThat(port.isRequired() || f.optional()).as(m.name() + " input " + port.name() + " is required when the endpoint requires it").isTrue();
                mapped.add(port.field());
            }
            for (Map.Entry<String, Object> fx : r.fixed().entrySet()) {
                FalEndpointTypes.Field f = types.fieldAt(e.input(), fx.getKey()).orElse(null);
                assertThat(f).as(m.name() + " fixed " + fx.getKey()).isNotNull();
                if (!f.literals().isEmpty()) assertThat(f.literals()).contains(fx.getValue().toString());
            }
            for (FalEndpointTypes.Field f : types.fieldsOf(e.input()).values()) {
                if (!f.optional()) assertThat(mapped).as(m.name() + " maps required field " + f.name()).contains(f.name());
            }
            for (RemoteModel.Port port : r.outputs()) {
                FalEndpointTypes.Field f = types.fieldAt(e.output(), port.field()).orElse(null);
                assertThat(f).as(m.name() + " output " + port.name() + " at " + port.field()).isNotNull();
                String file = f.element().orElse(f.type().strip());
                assertThat(types.fieldsOf(file)).as(m.name() + " output " + port.name() + " holds files with a url").containsKey("url");
                if (port.type().equals("images")) assertThat(f.element()).as(m.name() + " batch output is a list").isPresent();
            }
            // trainers are billed per run by fal with no per-unit price in its published types; none is recorded rather than a guess
            if (!m.task().equals("images-to-lora")) assertThat(r.price()).as(m.name() + " price").isNotNull();
            assertThat(r.terms()).isEqualTo("https://fal.ai/terms");
        }
    }

    private static String normal(String v) {
        String s = v.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        try {
            double d = Double.parseDouble(s);
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /**
     * Endpoints whose required inputs are text, numbers, choices and image or video files (by
     * field name), and whose output has an image, images or video field.
     */
    private static boolean usable(FalEndpointTypes.Endpoint e) {
        for (FalEndpointTypes.Field f : types.fieldsOf(e.input()).values()) {
            if (f.optional()) continue;
            String n = f.name().toLowerCase(Locale.ROOT);
            if (f.isFile() || n.endsWith("_url") || n.endsWith("_urls")) {
                if (!(n.contains("image") || n.contains("video") || n.contains("mask") || n.contains("frame"))) return false;
            } else if (!(Set.of("string", "number", "boolean").contains(f.type().strip()) || !f.literals().isEmpty())) {
                return false;
            }
        }
        Map<String, FalEndpointTypes.Field> out = types.fieldsOf(e.output());
        return out.containsKey("images") || out.containsKey("image") || out.containsKey("video");
    }

    @Test
    void theImporterTakesEveryEndpointAndNineInTenUsableOnes() {
        int all = 0;
        int imported = 0;
        int usable = 0;
        int usableImported = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        long t0 = System.nanoTime();
        for (FalEndpointTypes.Endpoint e : types.endpoints.values()) {
            JsonNode doc = FalOpenApi.document(types, e.id());
            RemoteImporter.Result r = RemoteImporter.fal(e.id(), doc, null);
            all++;
            boolean u = usable(e);
            if (u) usable++;
            if (r.imported()) {
                imported++;
                if (u) usableImported++;
                assertThat(r.manifest().remote().provider()).isEqualTo("fal");
                assertThat(new RemoteNode(r.manifest(), () -> null).spec().displayName()).endsWith("(fal)");
            } else {
                assertThat(r.refusal()).isNotBlank();
                if (u) reasons.merge(RemoteImporter.category(r.refusal()), 1, Integer::sum);
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        double rate = (double) usableImported / usable;
        System.out.printf(Locale.ROOT, "fal endpoints: %d, %d imported; %d with image/video/text I/O, %d of those imported (%.1f%%) in %d ms%n",
                all, imported, usable, usableImported, 100 * rate, ms);
        reasons.forEach((k, v) -> System.out.println("  usable but refused " + v + ": " + k));
        assertThat(usable).isGreaterThan(500);
        assertThat(rate).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void importingACuratedEndpointMapsTheSameFields() {
        for (String name : List.of("fal-flux-schnell", "fal-kling-2.1-i2v", "fal-hailuo-02-i2v", "fal-esrgan", "fal-birefnet", "fal-flux-kontext")) {
            RemoteModel curated = ModelLibrary.catalogued(name).remote();
            RemoteImporter.Result r = RemoteImporter.fal(curated.endpoint(), FalOpenApi.document(types, curated.endpoint()), null);
            assertThat(r.imported()).as(name + ": " + r.refusal()).isTrue();
            RemoteModel imported = r.manifest().remote();
            List<String> want = new ArrayList<>();
            curated.parameters().forEach(p -> want.add(p.field()));
            curated.inputs().forEach(p -> want.add(p.field()));
            List<String> got = new ArrayList<>();
            imported.parameters().forEach(p -> got.add(p.field()));
            imported.inputs().forEach(p -> got.add(p.field()));
            assertThat(got).as(name + " maps the curated fields").containsAll(want);
            assertThat(imported.outputs().stream().map(RemoteModel.Port::type).toList()).as(name)
                    .containsAll(curated.outputs().stream().map(RemoteModel.Port::type).toList());
            assertThat(imported.inputs().stream().map(RemoteModel.Port::type).toList()).as(name)
                    .isEqualTo(curated.inputs().stream().map(RemoteModel.Port::type).toList());
        }
    }
}
