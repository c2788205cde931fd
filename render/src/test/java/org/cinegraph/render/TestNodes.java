package org.cinegraph.render;

import org.cinegraph.media.Clip;
import org.cinegraph.media.Frame;
import org.cinegraph.media.Rational;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Small node types that count their work, for executor tests. */
final class TestNodes {
    static final Map<String, AtomicInteger> EVALS = new ConcurrentHashMap<>();
    static final Map<Integer, AtomicInteger> FRAMES = new ConcurrentHashMap<>();
    static volatile CountDownLatch slowStarted = new CountDownLatch(1);

    static void reset() {
        EVALS.clear();
        FRAMES.clear();
        slowStarted = new CountDownLatch(1);
    }

    static int evals(String nodeId) {
        return EVALS.getOrDefault(nodeId, new AtomicInteger()).get();
    }

    private static void count(NodeContext ctx) {
        EVALS.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
    }

    static NodeRegistry registry() {
        return new NodeRegistry(List.of(new Value(), new Add(), new WriteNumber(), new Slow(), new Fail(), new Frames(), new WriteFrames(), new Brighten(), new BigClip()));
    }

    static final class Value implements NodeType {
        public NodeSpec spec() {
            return NodeSpec.builder("test.value", 1).param(ParamSpec.number("value", 1, -1e9, 1e9, "")).output("out", DataType.NUMBER, "").build();
        }

        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
            count(ctx);
            return Map.of("out", in.number("value"));
        }
    }

    static final class Add implements NodeType {
        public NodeSpec spec() {
            return NodeSpec.builder("test.add", 1).input("a", DataType.NUMBER, "").optionalInput("b", DataType.NUMBER, "")
                    .param(ParamSpec.number("offset", 0, -1e9, 1e9, "")).output("out", DataType.NUMBER, "").build();
        }

        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
            count(ctx);
            double b = in.has("b") ? in.inputNumber("b") : 0;
            return Map.of("out", in.inputNumber("a") + b + in.number("offset"));
        }
    }

    /** Writes its number to a text file, atomically. */
    static final class WriteNumber implements NodeType {
        public NodeSpec spec() {
            return NodeSpec.builder("test.write", 1).input("value", DataType.NUMBER, "").param(ParamSpec.outputName("filename", "value.txt", ""))
                    .output("file", DataType.FILE, "").writesFiles().build();
        }

        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
            count(ctx);
            Path p = ctx.resolveOutput(in.text("filename"));
            Path tmp = Files.createTempFile(p.getParent(), ".tmp-", ".txt");
            Files.writeString(tmp, Double.toString(in.inputNumber("value")));
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Map.of("file", p);
        }
    }

    /** Spins until cancelled (checking cooperatively), then gives up. */
    static final class Slow implements NodeType {
        public NodeSpec spec() {
            return NodeSpec.builder("test.slow", 1).input("a", DataType.NUMBER, "").output("out", DataType.NUMBER, "").build();
        }

        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
            count(ctx);
            slowStarted.countDown();
            for (int i = 0; i < 1000; i++) {
                ctx.checkCancelled();
                ctx.progress(i / 1000.0);
                Thread.sleep(10);
            }
            return Map.of("out", in.inputNumber("a"));
        }
    }

    static final class Fail implements NodeType {
        public NodeSpec spec() {
            return NodeSpec.builder("test.fail", 1).input("a", DataType.NUMBER, "").output("out", DataType.NUMBER, "").build();
        }

        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
            count(ctx);
            throw new NodeException("file 'broken.png' is corrupt");
        }
    }

    /** A lazy 100-frame clip whose frame i is grey level i; frame `failAt` fails. */
    static final class Frames implements NodeType {
        public NodeSpec spec() {
            return NodeSpec.builder("test.frames", 1).param(ParamSpec.integer("failAt", -1, -1, 1000, ""))
                    .output("clip", DataType.CLIP, "").build();
        }

        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
            count(ctx);
            long failAt = in.integer("failAt");
            return Map.of("clip", Clip.of(4, 4, Rational.of(25), 100, i -> {
                FRAMES.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
                if (i == failAt) throw new IllegalStateException("decoder error at frame " + i);
                return Frame.filled(4, 4, 0xFF000000 | (i << 16) | (i << 8) | i);
            }));
        }
    }

    /** A long HD clip made on demand; all its frames together far exceed the test heap. */
    static final class BigClip implements NodeType {
        public NodeSpec spec() {
            return NodeSpec.builder("test.big-clip", 1).param(ParamSpec.integer("frames", 3000, 1, 100000, ""))
                    .output("clip", DataType.CLIP, "").build();
        }

        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
            return Map.of("clip", Clip.of(1280, 720, Rational.of(24), in.intParam("frames"),
                    i -> Frame.filled(1280, 720, 0xFF000000 | ((i & 0xFF) << 16))));
        }
    }

    /** An image operation (per frame on clips): adds 1 to every channel. */
    static final class Brighten implements NodeType {
        public NodeSpec spec() {
            return NodeSpec.builder("test.brighten", 1).input("image", DataType.IMAGE, "").output("image", DataType.IMAGE, "").perFrame().build();
        }

        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) {
            Frame f = in.image("image");
            int[] px = f.pixels().clone();
            for (int i = 0; i < px.length; i++) px[i] = px[i] + 0x010101;
            return Map.of("image", new Frame(f.width(), f.height(), px));
        }
    }

    /** Writes the red value of each frame in the requested range, one per line. */
    static final class WriteFrames implements NodeType {
        public NodeSpec spec() {
            return NodeSpec.builder("test.write-frames", 1).input("clip", DataType.CLIP, "").param(ParamSpec.text("filename", "frames.txt", ""))
                    .output("file", DataType.FILE, "").writesFiles().build();
        }

        public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
            count(ctx);
            Clip c = in.clip("clip");
            int first = ctx.frameRange().map(r -> r.first()).orElse(0);
            int last = ctx.frameRange().map(r -> Math.min(r.last(), c.frameCount() - 1)).orElse(c.frameCount() - 1);
            StringBuilder sb = new StringBuilder();
            ctx.progressFrames(0, last - first + 1);
            for (int i = first; i <= last; i++) {
                ctx.checkCancelled();
                sb.append((c.frame(i).pixel(0, 0) >> 16) & 0xFF).append('\n');
                ctx.progressFrames(i - first + 1, last - first + 1);
            }
            Path p = ctx.resolveOutput(in.text("filename"));
            Files.writeString(p, sb.toString());
            return Map.of("file", p);
        }
    }

    private TestNodes() {
    }
}
