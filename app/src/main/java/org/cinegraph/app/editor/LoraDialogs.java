package org.cinegraph.app.editor;

import org.cinegraph.models.textimage.LoraTrainer;

import java.nio.file.Path;
import java.util.Optional;

/** The Train LoRA question: what to train; tests script the answer. */
public interface LoraDialogs {
    /** The training to run, or empty when cancelled. */
    Optional<LoraTrainer.Options> askLoraTraining(Path initialDir);
}
