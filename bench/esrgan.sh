#!/usr/bin/env bash
# ESRGAN throughput benchmark (not a test; prints figures, nothing passes or fails):
# Cinegraph's DJL network (EsrganBenchmark) and the same forward in Debian's python3-torch
# (bench/esrgan_torch.py) on the same input and weights, one after the other in the same run.
# Then, for slim x4, the node graph against the direct network call (UpscaleGraphBenchmark).
# Usage: bench/esrgan.sh [variant=slim] [scale=4] [size=256] [runs=3]
# Needs: mvn, npm (fetches @upscalerjs/esrgan-VARIANT@1.0.0 into ~/.cache/cinegraph-test once),
# /usr/bin/python3 with torch and numpy (Debian: apt-get install python3-torch).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
variant="${1:-slim}" scale="${2:-4}" size="${3:-256}" runs="${4:-3}"
mvn -B -q -o -pl nodes,render -am test-compile
cpfile="$root/nodes/target/bench.classpath"
mvn -B -q -o -pl nodes dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="$root/nodes/target/classes:$root/nodes/target/test-classes:$(cat "$cpfile")"

echo "== Cinegraph (DJL) =="
java -cp "$cp" org.cinegraph.models.esrgan.EsrganBenchmark "$variant" "$scale" "$size" "$runs" | tee "$root/nodes/target/bench-java.txt"
echo "== Cinegraph (DJL), tiles of 128 =="
java -cp "$cp" org.cinegraph.models.esrgan.EsrganBenchmark "$variant" "$scale" "$size" "$runs" 128 | grep RESULT
models="${CINEGRAPH_TEST_CACHE:-$HOME/.cache/cinegraph-test}/upscalerjs-esrgan-$variant-1.0.0/package/models/x$scale"
echo "== python3-torch =="
threads=$(nproc)
/usr/bin/python3 bench/esrgan_torch.py "$models" "$size" "$runs" "$threads" | tee "$root/nodes/target/bench-torch.txt"
echo "== python3-torch, upsampling folded into SR as in Cinegraph =="
/usr/bin/python3 bench/esrgan_torch.py "$models" "$size" "$runs" "$threads" fold | tee "$root/nodes/target/bench-torch-fold.txt"
java_s=$(grep RESULT "$root/nodes/target/bench-java.txt" | sed -E 's/.*best ([0-9.]+) s.*/\1/')
torch_s=$(grep RESULT "$root/nodes/target/bench-torch.txt" | sed -E 's/.*best ([0-9.]+) s.*/\1/')
fold_s=$(grep RESULT "$root/nodes/target/bench-torch-fold.txt" | sed -E 's/.*best ([0-9.]+) s.*/\1/')
echo "== DJL time / torch time per frame: $(echo "$java_s / $torch_s" | bc -l | cut -c1-5) (torch as written),"\
  "$(echo "$java_s / $fold_s" | bc -l | cut -c1-5) (torch with the same folding)"
echo "   load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared machines make these noisy)"
if [ "$variant" = slim ] && [ "$scale" = 4 ]; then
  # The graph benchmark reads esrgan-slim from a model library: install it there from the cached package.
  lib="$root/render/target/bench-models"
  if [ ! -f "$lib/esrgan-slim/manifest.json" ]; then
    mkdir -p "$lib"
    CINEGRAPH_MODELS="$lib" "$root/cinegraph" models pull esrgan-slim >/dev/null
  fi
  echo "== Node graph vs direct network call, same process (UpscaleGraphBenchmark) =="
  java -cp "$root/render/target/classes:$root/render/target/test-classes:$cp" org.cinegraph.render.UpscaleGraphBenchmark "$size" "$((runs + 2))" "$lib" | grep -v '^run '
fi
