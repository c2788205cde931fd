#!/usr/bin/env bash
# Remote node overhead (not a test; prints figures, nothing passes or fails): RemoteNodeBenchmark
# against the loopback fake of fal's queue API, for a 1 MP PNG and a 2 s 720p MP4 result: the
# node (executor, cache, download, decode) against the same HTTP exchanges made by hand, in the
# same run. Target: under 50 ms over the raw calls (the transfer is in both).
# Usage: bench/remote.sh [runs=10]
# Needs: mvn. Nothing leaves 127.0.0.1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-10}"
# one reactor run, so render's dependency on the nodes test jar (the fake providers) resolves
mvn -B -q -o -pl nodes,render -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="$root/render/target/classes:$root/render/target/test-classes:$(cat "$root/render/target/bench.classpath")"
java -cp "$cp" org.cinegraph.render.RemoteNodeBenchmark "$runs"
