package org.cinegraph.models.textimage;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.models.Safetensors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The optimiser of LoRA training: its moments survive a checkpoint, so a resumed training equals an uninterrupted one. */
class AdamMomentsTest {
    private static final Shape SHAPE = new Shape(3, 4);

    @Test
    void aRestoredOptimiserContinuesExactlyAndAFreshOneDoesNot() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            // on a thread of its own, where PyTorch's gradient mode is on (its default): the in-place update must still work
            java.util.concurrent.FutureTask<float[]> fresh = new java.util.concurrent.FutureTask<>(() -> run(m, 10, -1, true));
            new Thread(fresh).start();
            float[] straight = fresh.get();
            assertThat(run(m, 10, 4, true)).containsExactly(straight);
            // restarting the moments from zero (what a resume did before) ends elsewhere
            assertThat(run(m, 10, 4, false)).isNotEqualTo(straight);
        }
    }

    @Test
    void aCheckpointWithoutMomentsIsRefusedNamingIt() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Map<String, NDArray> w = Map.of("w", m.zeros(SHAPE));
            assertThatThrownBy(() -> new AdamMoments(m, w).restore(Map.of(), w, "old/checkpoint.safetensors"))
                    .isInstanceOf(IOException.class).hasMessage("old/checkpoint.safetensors: checkpoint lacks adam.mean:w in its shape");
        }
    }

    /** Minimises a fixed quadratic for {@code steps} steps, checkpointing and restarting the optimiser after step {@code stopAt}. */
    private static float[] run(NDManager m, int steps, int stopAt, boolean restore) throws IOException {
        Random rnd = new Random(3);
        float[] target = new float[(int) SHAPE.size()];
        for (int i = 0; i < target.length; i++) target[i] = (float) rnd.nextGaussian();
        NDArray w = m.zeros(SHAPE);
        w.setRequiresGradient(true); // as the LoRA's weights do: updated in place all the same
        NDArray goal = m.create(target, SHAPE);
        AdamMoments adam = new AdamMoments(m, Map.of("w", w));
        for (int step = 0; step < steps; step++) {
            if (step == stopAt) {
                Map<String, Safetensors.Tensor> saved = new LinkedHashMap<>();
                adam.addTo(saved);
                adam = new AdamMoments(m, Map.of("w", w));
                if (restore) adam.restore(saved, Map.of("w", w), "checkpoint");
            }
            try (NDManager sm = m.newSubManager()) {
                NDArray g = w.stopGradient().sub(goal).mul(2);
                g.attach(sm);
                adam.update("w", w, g, 0.05f, step, sm);
            }
        }
        return w.toFloatArray();
    }
}
