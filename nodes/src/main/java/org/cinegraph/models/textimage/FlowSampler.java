package org.cinegraph.models.textimage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Locale;
import java.util.Random;

/**
 * Integrates the learned flow from noise (t = 1) to an image (t = 0) with classifier-free guidance.
 * Image i of a batch starts from the noise of seed + i, so it equals a single image rendered with
 * that seed.
 */
public final class FlowSampler {
    public enum Method {
        /** One network evaluation per step. */
        EULER,
        /** Heun's second-order method: two evaluations per step (one on the last), sharper in few steps. */
        HEUN;

        public static Method parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sampler must be euler or heun, not '" + s + "'");
            }
        }
    }

    /** Called after each step; may throw to stop between steps (cancellation). */
    @FunctionalInterface
    public interface StepListener {
        void stepDone(int step, int steps);
    }

    private FlowSampler() {
    }

    /** Gaussian noise [count, 3, 32, 32]: row i from {@code new Random(seed + i)}, independent of the engine. */
    static NDArray noise(NDManager m, long seed, int count) {
        int n = 3 * FlowUnet.SIZE * FlowUnet.SIZE;
        float[] v = new float[count * n];
        for (int i = 0; i < count; i++) {
            Random r = new Random(seed + i);
            for (int j = 0; j < n; j++) v[i * n + j] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(count, 3, FlowUnet.SIZE, FlowUnet.SIZE));
    }

    /**
     * Images [B, 3, 32, 32] in -1..1.
     *
     * @param cond     prompt embeddings [B, 128]
     * @param uncond   embeddings guidance pushes away from (the empty or negative prompt) [B, 128]
     * @param guidance 1 = no guidance; higher follows the prompt more closely
     */
    public static NDArray sample(FlowUnet net, NDManager m, NDArray cond, NDArray uncond, float guidance, int steps,
                                 Method method, long seed, StepListener listener) {
        int b = (int) cond.getShape().get(0);
        NDArray x = noise(m, seed, b);
        NDArray both = NDArrays.concat(new NDList(cond, uncond), 0);
        for (int i = 0; i < steps; i++) {
            float t = 1f - (float) i / steps;
            float next = 1f - (float) (i + 1) / steps;
            try (NDManager step = m.newSubManager()) {
                x.attach(step);
                NDArray v = velocity(net, step, x, t, both, guidance);
                NDArray y = x.add(v.mul(next - t));
                if (method == Method.HEUN && next > 0) {
                    NDArray v2 = velocity(net, step, y, next, both, guidance);
                    y = x.add(v.add(v2).mul((next - t) / 2));
                }
                y.attach(m);
                x = y;
            }
            listener.stepDone(i + 1, steps);
        }
        return x;
    }

    private static NDArray velocity(FlowUnet net, NDManager m, NDArray x, float t, NDArray both, float guidance) {
        int b = (int) x.getShape().get(0);
        NDArray xx = NDArrays.concat(new NDList(x, x), 0);
        NDArray tt = m.full(new Shape(2L * b), t);
        NDArray v = net.forward(xx, tt, both);
        NDArray vc = v.get("0:" + b);
        NDArray vu = v.get(b + ":");
        return vu.add(vc.sub(vu).mul(guidance));
    }
}
