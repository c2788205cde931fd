package org.cinegraph.builtin.time;

import org.cinegraph.media.Audio;
import org.cinegraph.media.Clip;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plays clips one after another. */
public final class Concatenate implements NodeType {
    private static final List<String> INPUTS = List.of("a", "b", "c", "d");

    private static final NodeSpec SPEC = NodeSpec.builder("clip.concat", 1)
            .category("Time").name("Concatenate")
            .description("Joins clips end to end: a, then b, then c and d when connected. Sizes must match; the rate is a's.")
            .input("a", DataType.CLIP, "First clip; sets size and frame rate")
            .input("b", DataType.CLIP, "Second clip")
            .optionalInput("c", DataType.CLIP, "Third clip")
            .optionalInput("d", DataType.CLIP, "Fourth clip")
            .output("clip", DataType.CLIP, "The joined clip")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        List<Clip> parts = new ArrayList<>();
        Clip first = in.clip("a");
        for (String name : INPUTS) {
            if (!in.has(name)) continue;
            Clip c = in.clip(name);
            Timing.requireSameSize("Concatenate", "a", first, name, c);
            if (!c.fps().equals(first.fps())) {
                ctx.log("Concatenate: clip '" + name + "' runs at " + c.fps() + " fps and plays frame for frame at a's " + first.fps() + " fps");
            }
            parts.add(c);
        }
        // starts[k] = index of the first output frame taken from parts[k].
        int[] starts = new int[parts.size() + 1];
        for (int k = 0; k < parts.size(); k++) starts[k + 1] = Math.addExact(starts[k], parts.get(k).frameCount());
        Clip out = Clip.of(first.width(), first.height(), first.fps(), starts[parts.size()], i -> {
            int k = 0;
            while (i >= starts[k + 1]) k++;
            return parts.get(k).frame(i - starts[k]);
        });
        if (parts.stream().anyMatch(Clip::hasAudio)) {
            // each part's sound for as long as its frames play at a's rate; a silent part is silence
            List<Audio> sound = new ArrayList<>();
            for (int k = 0; k < parts.size(); k++) {
                long len = Audio.sampleAt(starts[k + 1], first.fps()) - Audio.sampleAt(starts[k], first.fps());
                Audio a = parts.get(k).audio().orElse(null);
                sound.add(a == null ? Audio.silence(len) : a.slice(0, len));
            }
            out = out.withAudio(Audio.concat(sound));
        }
        return Map.of("clip", out);
    }
}
