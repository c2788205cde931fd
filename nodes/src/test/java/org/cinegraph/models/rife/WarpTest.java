package org.cinegraph.models.rife;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** RIFE's backward warp against values worked out by hand (no weights needed). */
class WarpTest {
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** [1, 2, h, w]: channel 0 is 10y + x, channel 1 is 100 + 7y - 3x (distinct values everywhere). */
    private static NDArray ramp(NDManager m, int h, int w) {
        NDArray x = m.arange(0f, w).reshape(1, 1, 1, w);
        NDArray y = m.arange(0f, h).reshape(1, 1, h, 1);
        return y.mul(10f).add(x).concat(y.mul(7f).sub(x.mul(3f)).add(100f), 1);
    }

    private static NDArray flow(NDManager m, int h, int w, float fx, float fy) {
        return m.full(new Shape(1, 1, h, w), fx).concat(m.full(new Shape(1, 1, h, w), fy), 1);
    }

    @Test
    void zeroFlowReturnsTheImage() {
        try (NDManager m = manager.newSubManager()) {
            NDArray img = ramp(m, 9, 13);
            assertThat(Warp.backward(img, flow(m, 9, 13, 0f, 0f)).contentEquals(img)).isTrue();
        }
    }

    @Test
    void integerFlowShiftsExactlyAndClampsAtTheBorder() {
        int h = 9, w = 13;
        try (NDManager m = manager.newSubManager()) {
            NDArray img = ramp(m, h, w);
            // flow (+3, -2): output (x, y) = image (x + 3, y - 2), clamped into the image.
            NDArray out = Warp.backward(img, flow(m, h, w, 3f, -2f));
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sx = Math.min(x + 3, w - 1), sy = Math.max(y - 2, 0);
                        assertThat(out.getFloat(0, c, y, x)).as("c%d (%d, %d)", c, x, y).isEqualTo(img.getFloat(0, c, sy, sx));
                    }
                }
            }
            // interior spot checks against the formula: channel 0 at (4, 5) samples (7, 3) = 37
            assertThat(out.getFloat(0, 0, 5, 4)).isEqualTo(37f);
            // channel 1 at (2, 6) samples (5, 4) = 100 + 28 - 15 = 113
            assertThat(out.getFloat(0, 1, 6, 2)).isEqualTo(113f);
            // beyond the right edge: x = 12 samples x = 15 -> clamped to 12; y = 0 samples -2 -> 0: value 12
            assertThat(out.getFloat(0, 0, 0, 12)).isEqualTo(12f);
        }
    }

    @Test
    void fractionalFlowIsTheBilinearMixByHand() {
        try (NDManager m = manager.newSubManager()) {
            // image [[0, 4], [8, 16]], flow (0.25, 0.5) everywhere:
            // (0,0) samples (0.25, 0.5): top 0 + 0.25*4 = 1, bottom 8 + 0.25*8 = 10, mix 1 + 0.5*9 = 5.5
            // (1,0) samples (1.25, 0.5) -> x clamped to 1: top 4, bottom 16, mix 10
            // (0,1) samples (0.25, 1.5) -> y clamped to 1: 8 + 0.25*8 = 10
            // (1,1) samples (1.25, 1.5) -> clamped to (1, 1): 16
            NDArray img = m.create(new float[] {0, 4, 8, 16}, new Shape(1, 1, 2, 2));
            NDArray out = Warp.backward(img, flow(m, 2, 2, 0.25f, 0.5f));
            assertThat(out.toFloatArray()).containsExactly(5.5f, 10f, 10f, 16f);
        }
    }

    @Test
    void perPixelFlowAndNegativeFractions() {
        try (NDManager m = manager.newSubManager()) {
            // 1 x 3 row [2, 6, 20]; flows x = [-0.5, 0.75, -1.25], y = 0:
            // x=0 samples -0.5 -> clamped to 0: 2;  x=1 samples 1.75: 6 + 0.75*14 = 16.5;  x=2 samples 0.75: 2 + 0.75*4 = 5
            NDArray img = m.create(new float[] {2, 6, 20}, new Shape(1, 1, 1, 3));
            NDArray f = m.create(new float[] {-0.5f, 0.75f, -1.25f, 0, 0, 0}, new Shape(1, 2, 1, 3));
            float[] out = Warp.backward(img, f).toFloatArray();
            assertThat(out[0]).isEqualTo(2f);
            assertThat(out[1]).isCloseTo(16.5f, within(1e-5f));
            assertThat(out[2]).isCloseTo(5f, within(1e-5f));
        }
    }

    @Test
    void flowOfTheWrongShapeIsRefused() {
        try (NDManager m = manager.newSubManager()) {
            assertThatThrownBy(() -> Warp.backward(ramp(m, 4, 5), flow(m, 4, 6, 0f, 0f)))
                    .hasMessageContaining("does not fit image");
        }
    }
}
