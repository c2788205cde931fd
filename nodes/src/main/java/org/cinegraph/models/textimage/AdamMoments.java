package org.cinegraph.models.textimage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cinegraph.models.Safetensors;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Adam optimiser with its moments in the open, so that a LoRA checkpoint holds them and a
 * resumed training continues exactly as an uninterrupted one would (DJL's optimiser keeps its
 * moments private, so a resume used to restart them from zero).
 */
final class AdamMoments {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final String MEAN = "adam.mean:";
    private static final String VARIANCE = "adam.variance:";

    private final NDManager manager;
    private final Map<String, NDArray> mean = new LinkedHashMap<>();
    private final Map<String, NDArray> variance = new LinkedHashMap<>();

    /** Zero moments for every weight, so a checkpoint taken before the first step holds them too. */
    AdamMoments(NDManager manager, Map<String, NDArray> weights) {
        this.manager = manager;
        weights.forEach((k, w) -> {
            mean.put(k, manager.zeros(w.getShape()));
            variance.put(k, manager.zeros(w.getShape()));
        });
    }

    /**
     * One update of weight {@code name} by its gradient at 0-based {@code step} with learning rate
     * {@code lr}. Runs outside gradient recording; temporaries go to {@code scratch}.
     */
    void update(String name, NDArray weight, NDArray gradient, float lr, int step, NDManager scratch) {
        NDArray m = mean.get(name);
        NDArray v = variance.get(name);
        scratch.tempAttachAll(weight, m, v);
        m.muli(BETA1).addi(gradient.mul(1 - BETA1));
        v.muli(BETA2).addi(gradient.square().mul(1 - BETA2));
        int t = step + 1;
        float corrected = (float) (lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
        // through a detached view of the same storage: an in-place change of a weight that records
        // gradients is refused where the thread's gradient mode is on (PyTorch's default)
        weight.stopGradient().subi(m.div(v.sqrt().add(EPSILON)).mul(corrected));
    }

    /** The moments as checkpoint tensors (beside the weights, under their own prefixes). */
    void addTo(Map<String, Safetensors.Tensor> tensors) {
        mean.forEach((k, a) -> tensors.put(MEAN + k, FlowUnet.tensor(a)));
        variance.forEach((k, a) -> tensors.put(VARIANCE + k, FlowUnet.tensor(a)));
    }

    /** Takes the moments of every weight in {@code weights} back from a checkpoint's tensors. */
    void restore(Map<String, Safetensors.Tensor> tensors, Map<String, NDArray> weights, String source) throws IOException {
        for (Map.Entry<String, NDArray> w : weights.entrySet()) {
            Shape shape = w.getValue().getShape();
            NDArray m = moment(tensors, MEAN + w.getKey(), shape, source);
            NDArray v = moment(tensors, VARIANCE + w.getKey(), shape, source);
            close(mean.put(w.getKey(), m));
            close(variance.put(w.getKey(), v));
        }
    }

    private static void close(NDArray replaced) {
        if (replaced != null) replaced.close();
    }

    private NDArray moment(Map<String, Safetensors.Tensor> tensors, String name, Shape shape, String source) throws IOException {
        Safetensors.Tensor t = tensors.get(name);
        if (t == null || t.data().length != shape.size()) throw new IOException(source + ": checkpoint lacks " + name + " in its shape");
        return manager.create(t.data(), shape);
    }
}
