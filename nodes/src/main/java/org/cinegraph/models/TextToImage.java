package org.cinegraph.models;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.models.textimage.FlowSampler;
import org.cinegraph.models.textimage.FlowUnet;
import org.cinegraph.models.textimage.Lora;
import org.cinegraph.models.textimage.TextToImageModel;
import org.cinegraph.models.textimage.Vocabulary;
import org.cinegraph.spi.CancelledException;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Text to Image with the small flow-matching model the project trained on Twemoji
 * (docs/text-to-image.md): 32x32 emoji-style images from words of emoji names, meant to be
 * upscaled downstream. The weights ship with the application and install themselves, verified
 * by sha256, on first use.
 */
public final class TextToImage implements NodeType {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TextToImage.class.getName());
    public static final String TYPE = "model.text-to-image";
    static final String MODEL = "twemoji-flow";
    private static final NodeSpec SPEC = NodeSpec.builder(TYPE, 1)
            .category("Models").name("Text to Image (Twemoji flow, trained by Cinegraph)")
            .description("Generates 32x32 emoji-style images from a prompt with the small flow-matching model this project trained on Twemoji "
                    + "(CC-BY 4.0). It knows the words of emoji names and keywords (\"red heart\", \"fire\", \"cat\", \"rocket\"); other words are "
                    + "ignored with a warning. Upscale the result (e.g. Upscale ESRGAN) for use in a shot.")
            .optionalInput("loras", DataType.LORA, "LoRAs to apply (from Load LoRA nodes), each at its strength")
            .param(ParamSpec.multiline("prompt", "red heart", "What to draw, in words from emoji names"))
            .param(ParamSpec.text("negative", "", "Words to steer away from (guidance pushes away from this prompt instead of the empty one)"))
            .param(ParamSpec.seed("seed", "Same seed gives the identical image; image i of a batch uses seed + i"))
            .param(ParamSpec.integer("steps", 30, 1, 200, "Integration steps from noise to image: more is smoother and slower"))
            .param(ParamSpec.number("guidance", 7, 1, 15, "Classifier-free guidance: 1 ignores it, higher follows the prompt more closely"))
            .param(ParamSpec.choice("sampler", "euler", List.of("euler", "heun"), "Euler: one network pass per step; Heun: two, sharper at few steps"))
            .param(ParamSpec.integer("batch", 1, 1, 16, "How many images (seeds seed .. seed + batch - 1)"))
            .output("image", DataType.IMAGE, "The first image (seed)")
            .output("images", DataType.CLIP, "All images of the batch as a clip, one per frame (1 fps)")
            .build();

    private final Supplier<ModelLibrary> library;
    private final Supplier<ModelRuntime> runtime;

    public TextToImage() {
        this(ModelLibrary::fromEnvironment, ModelRuntime::shared);
    }

    public TextToImage(Supplier<ModelLibrary> library, Supplier<ModelRuntime> runtime) {
        this.library = library;
        this.runtime = runtime;
    }

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public List<ModelRef> requiredModels(Map<String, Object> params) {
        return List.of(new ModelRef(MODEL, ModelLibrary.catalogued(MODEL).digest()));
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
        String prompt = in.text("prompt");
        String negative = in.text("negative");
        long seed = in.integer("seed");
        int steps = in.intParam("steps");
        float guidance = (float) in.number("guidance");
        FlowSampler.Method method = FlowSampler.Method.parse(in.text("sampler"));
        int batch = in.intParam("batch");
        ModelManifest want = ModelLibrary.catalogued(MODEL);
        ModelLibrary.Installed model = library.get().requireCatalogued(MODEL, ctx.nodeId());
        long bytes = want.files().stream().mapToLong(ModelManifest.FileEntry::size).sum();
        String key = MODEL + "@" + want.digest();
        ctx.checkCancelled();
        try (ModelRuntime.Session s = runtime.get().open(ctx.nodeId(), key, bytes,
                device -> HeldNetwork.model(key, device, m -> TextToImageModel.load(model.dir(), m)))) {
            TextToImageModel t2i = HeldNetwork.of(s, TextToImageModel.class);
            List<Lora.Applied> loras = loras(in.has("loras") ? (LoraStack) in.input("loras") : LoraStack.EMPTY, want, t2i, ctx.nodeId());
            Vocabulary vocab = t2i.vocabulary(loras);
            List<String> unknown = vocab.unknown(prompt);
            if (!unknown.isEmpty() && unknown.size() == Vocabulary.tokens(prompt).size()) {
                throw new NodeException("node " + ctx.nodeId() + ": the model knows none of the words in \"" + prompt.strip()
                        + "\" (it learned the words of emoji names, e.g. heart, fire, cat, smiling, face, rocket, tree, sun)");
            }
            if (!unknown.isEmpty()) LOG.warning("node " + ctx.nodeId() + ": words the model does not know are ignored: " + String.join(", ", unknown));
            List<Frame> frames;
            try {
                synchronized (t2i) {
                    frames = t2i.generate(s.manager(), loras, prompt, negative, seed, batch, steps, guidance, method, (i, n) -> {
                        ctx.progress((double) i / n);
                        ctx.checkCancelled();
                    });
                }
            } catch (CancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelException("node " + ctx.nodeId() + ": model " + MODEL + " failed: " + e.getMessage(), e);
            }
            List<Frame> all = List.copyOf(frames);
            Clip clip = Clip.of(FlowUnet.SIZE, FlowUnet.SIZE, Rational.of(1), all.size(), all::get);
            return Map.of("image", all.get(0), "images", clip);
        }
    }

    /**
     * The stack's LoRAs read from their folders (strength 0 ones are not even read: they leave the
     * model as it is); each must adapt exactly these weights.
     */
    static List<Lora.Applied> loras(LoraStack stack, ModelManifest base, TextToImageModel t2i, String node) throws ModelException {
        List<Lora.Applied> out = new java.util.ArrayList<>();
        for (LoraStack.Entry e : stack.entries()) {
            if (e.strength() == 0) continue;
            ModelManifest m = e.installed().manifest();
            ModelManifest.LoraSection l = m.lora();
            if (!l.base().equals(base.name()) || !l.baseDigest().equals(base.digest())) {
                throw new ModelException("node " + node + ": LoRA '" + e.name() + "' adapts " + l.base() + " (weights digest " + l.baseDigest()
                        + "), not the " + base.name() + " " + base.version() + " this node runs (" + base.digest() + ")");
            }
            try {
                out.add(new Lora.Applied(Lora.read(e.installed().file(Lora.WEIGHTS), l, t2i.vocabulary().size()), (float) e.strength()));
            } catch (java.io.IOException ex) {
                throw new ModelException("node " + node + ": LoRA '" + e.name() + "' cannot be read: " + ex.getMessage(), ex);
            }
        }
        return out;
    }
}
