package org.cinegraph.builtin.io;

import org.cinegraph.media.AudioFile;
import org.cinegraph.media.MediaException;
import org.cinegraph.spi.DataType;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeException;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.ParamSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** A sound file as lazy audio: samples are decoded when something downstream reads them. */
public final class LoadAudio implements NodeType {
    private static final NodeSpec SPEC = NodeSpec.builder("audio.load", 1)
            .category("Input").name("Load Audio")
            .description("Reads a sound file (WAV, MP3, AAC, FLAC, Opus, or the audio track of a video) for Save Video's "
                    + "audio input. Decoded on demand and resampled to 48 kHz stereo.")
            .param(ParamSpec.file("file", "Sound file, relative to the graph file"))
            .output("audio", DataType.AUDIO, "The sound")
            .build();

    @Override
    public NodeSpec spec() {
        return SPEC;
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws NodeException {
        Path file = ctx.resolveInput(IoSupport.requireFileParam(in.text("file"), "sound file"));
        AudioFile audio = new AudioFile(file);
        ctx.closeAtEnd(audio);
        try {
            // probe now so a bad file fails here, attributed to this node
            ctx.log(String.format(Locale.ROOT, "%s: %.2f s of audio", file.getFileName(), audio.durationSeconds()));
        } catch (MediaException e) {
            throw new NodeException(e.getMessage(), e);
        }
        return Map.of("audio", audio);
    }
}
