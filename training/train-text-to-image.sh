#!/usr/bin/env bash
# Retrains the project's own text-to-image model (docs/text-to-image.md) with DJL on the CPU:
# pulls and verifies the Twemoji dataset package, trains, and writes
#   assets/models/twemoji-flow/{weights.safetensors,vocab.txt}   the weights and vocabulary (committed)
#   assets/models/twemoji-flow.json                        their catalogue entry (sha256 of each file)
#   docs/text-to-image/{loss.csv,loss.png,samples.png}     the training report's figures
# Three phases: 4,500 steps from scratch on all images; 2,000 steps resumed from those weights at a
# lower learning rate with skin-tone variations drawn 20% of the time (they are half the images);
# 11,000 more steps the same way. The committed weights (1.2) differ in one respect: their first two
# phases are the 1.1 weights, trained before the FiLM layers and the name-only captions existed;
# the third phase grew the FiLM layers in at their neutral start (docs/text-to-image.md). Extra
# options go to every phase (e.g. --minutes M caps each phase's wall time). Threads: CINEGRAPH_TRAIN_THREADS (default: all cores).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
./cinegraph --version >/dev/null   # builds every module (training/ too) and the dependency folder on first use
threads="${CINEGRAPH_TRAIN_THREADS:-$(nproc)}"
train() {
  java -Dai.djl.pytorch.num_threads="$threads" -cp "training/target/classes:app/target/classes:app/target/lib/*" \
    org.cinegraph.models.textimage.TrainTextToImage "$@"
}
train --steps 4500 --batch 32 --lr 0.001 --seed 7 "$@"
train --resume true --steps 2000 --batch 32 --lr 0.0004 --seed 8 --variations 0.2 "$@"
train --resume true --steps 11000 --batch 32 --lr 0.0005 --seed 9 --variations 0.2 "$@"
