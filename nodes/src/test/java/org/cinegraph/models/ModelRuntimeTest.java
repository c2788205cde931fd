package org.cinegraph.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.media.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelRuntimeTest {
    @TempDir
    Path dir;

    private ModelLibrary library() {
        return new ModelLibrary(ModelFixtures.library(dir.resolve("lib"), "swap-channels", "gain"));
    }

    @Test
    void pytorchsConvolutionsAreRightInThisProcess() throws Exception {
        // where oneDNN's vector kernels give wrong sums, the build (as the launcher) caps them; without the cap this throws
        ConvolutionCheck.verify();
    }

    @Test
    void loadsTorchScriptOnCpuAndRunsIt() throws Exception {
        ModelLibrary lib = library();
        try (ModelRuntime rt = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 1L << 30)) {
            assertThat(rt.device().isGpu()).isFalse();
            assertThat(ModelRuntime.engineStartMillis()).isGreaterThanOrEqualTo(0);
            Frame red = Frame.filled(4, 3, 0xFFFF0000);
            try (ModelRuntime.Session s = rt.openTorchScript("swap1", lib.require("swap-channels", "swap1"))) {
                NDArray out = s.forward(new NDList(Tensors.fromFrame(s.manager(), red, 1f))).head();
                assertThat(out.getShape()).isEqualTo(new Shape(1, 3, 3, 4));
                assertThat(Tensors.toFrame(out, 1f).pixel(2, 1)).isEqualTo(0xFF0000FF);
            }
            assertThat(rt.loadedModels()).hasSize(1);
        }
    }

    @Test
    void frameTensorRoundTripIsExact() {
        Random rnd = new Random(7);
        int w = 37, h = 23;
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) px[i] = rnd.nextInt();
        Frame f = new Frame(w, h, px);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (float scale : new float[]{1f, 255f}) {
                NDArray rgb = Tensors.fromFrame(m, f, scale);
                assertThat(rgb.getShape()).isEqualTo(new Shape(1, 3, h, w));
                int p = px[5 * w + 9];
                assertThat(rgb.getFloat(0, 0, 5, 9)).isCloseTo(((p >> 16) & 255) * scale / 255f, within(1e-4f));
                assertThat(rgb.getFloat(0, 2, 5, 9)).isCloseTo((p & 255) * scale / 255f, within(1e-4f));
                NDArray rgba = rgb.concat(Tensors.alphaFromFrame(m, f, scale), 1);
                assertThat(Tensors.toFrame(rgba, scale).pixels()).isEqualTo(px);
                // Without alpha the frame comes back opaque with the same colours.
                int[] back = Tensors.toFrame(rgb, scale).pixels();
                for (int i = 0; i < px.length; i++) assertThat(back[i]).isEqualTo(px[i] | 0xFF000000);
            }
        }
    }

    @Test
    void unloadsLeastRecentlyUsedIdleModelWhenBudgetIsFull() throws Exception {
        ModelLibrary lib = library();
        ModelLibrary.Installed swap = lib.require("swap-channels", null);
        ModelLibrary.Installed gain = lib.require("gain", null);
        long budget = Math.max(swap.manifest().totalBytes(), gain.manifest().totalBytes()) + 100;
        try (ModelRuntime rt = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, budget)) {
            rt.openTorchScript("a", swap).close();
            assertThat(rt.loadedModels()).singleElement().asString().startsWith("swap-channels@");
            rt.openTorchScript("b", gain).close();
            assertThat(rt.loadedModels()).singleElement().asString().startsWith("gain@");
            assertThat(rt.usedBytes()).isEqualTo(gain.manifest().totalBytes());
            // A model in use is not unloaded: the next load fails with a budget message instead.
            try (ModelRuntime.Session held = rt.openTorchScript("b", gain)) {
                assertThatThrownBy(() -> rt.openTorchScript("c", swap))
                        .isInstanceOf(ModelException.class)
                        .hasMessageContaining("node c").hasMessageContaining("budget").hasMessageContaining("gain@");
                assertThat(held.model()).isNotNull();
            }
            rt.openTorchScript("c", swap).close();
            assertThat(rt.loadedModels()).singleElement().asString().startsWith("swap-channels@");
        }
    }

    @Test
    void loadBeyondBudgetNamesNodeAndBudget() throws Exception {
        ModelLibrary lib = library();
        try (ModelRuntime rt = new ModelRuntime(ModelRuntime.DeviceChoice.CPU, 1000)) {
            assertThatThrownBy(() -> rt.openTorchScript("upscale1", lib.require("swap-channels", "upscale1")))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("node upscale1")
                    .hasMessageContaining("swap-channels")
                    .hasMessageContaining("budget is 1000 bytes");
        }
    }

    @Test
    void pickleCheckpointIsNeverLoaded() throws IOException {
        Path pkl = dir.resolve("weights.pt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(pkl))) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(new byte[]{(byte) 0x80, 2, '.'});
            z.closeEntry();
        }
        assertThatThrownBy(() -> ModelRuntime.requireTorchScript(pkl))
                .isInstanceOf(ModelException.class).hasMessageContaining("pickle").hasMessageContaining("weights.pt");
    }

    @Test
    void parsesSizesAndDevices() {
        assertThat(ModelRuntime.parseSize("512M")).isEqualTo(512L << 20);
        assertThat(ModelRuntime.parseSize("2g")).isEqualTo(2L << 30);
        assertThat(ModelRuntime.DeviceChoice.parse("GPU")).isEqualTo(ModelRuntime.DeviceChoice.GPU);
        assertThatThrownBy(() -> ModelRuntime.DeviceChoice.parse("tpu")).hasMessageContaining("auto, cpu or gpu");
        assertThatThrownBy(() -> ModelRuntime.parseSize("lots")).hasMessageContaining("512M");
    }
}
