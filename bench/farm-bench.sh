#!/usr/bin/env bash
# Farm scaling on one machine: the storyboard example (240 frames of 1280x720) cut into 4 chunks
# of 60 frames, each chunk a separate process as on a farm, run 1, 2 and 4 at a time. Reports the prepare step, the chunk phase and the assembly separately, and a
# plain local render of the same graph as the peer. Each configuration gets a fresh cache, so the
# Disk Cache node of the storyboard helps none of them.
#   bench/farm-bench.sh [CONCURRENCY...]      (default: 1 2 4)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
mvn -B -q -o -pl nodes,render -am test-compile dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.cp >/dev/null
cp="render/target/test-classes:render/target/classes:nodes/target/test-classes:nodes/target/classes:$(cat render/target/bench.cp)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
graph="$root/assets/examples/storyboard.cgraph"
sets=()
frames=0-239
cg() { java -Xmx1500m -Djava.awt.headless=true -cp "$cp" org.cinegraph.render.farm.CliMain "$@"; }
# a failing step says why before the script stops
trap 'echo "farm-bench: a step failed:"; tail -n 5 "$scratch"/*.log 2>/dev/null' ERR
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
export CINEGRAPH_HISTORY_DIR="$scratch/history"

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
export CINEGRAPH_CACHE_DIR="$scratch/cache-local"
t0=$(now)
cg render "$graph" ${sets[@]+"${sets[@]}"} --out "$scratch/local" >/dev/null 2>"$scratch/local.log"
t1=$(now)
echo "local render (one process, all cores): $(secs "$t0" "$t1") s"

for p in "${@:-1 2 4}"; do
  for n in $p; do
    export CINEGRAPH_CACHE_DIR="$scratch/cache-$n"
    work="$scratch/work-$n"
    common=(--work "$work" --of "$frames" ${sets[@]+"${sets[@]}"})
    t0=$(now)
    cg farm prepare "$graph" "${common[@]}" --out "$scratch/out-$n" >/dev/null 2>"$scratch/prepare-$n.log"
    t1=$(now)
    seq 0 60 239 | xargs -P "$n" -I{} sh -c 'a={}; exec "$0" "$@" --frames "$a-$((a + 59))" >/dev/null 2>"'"$scratch"'/chunk-$a.log"' \
      java -Xmx1500m -Djava.awt.headless=true -cp "$cp" org.cinegraph.render.farm.CliMain farm chunk "$graph" "${common[@]}"
    t2=$(now)
    cg farm assemble "$graph" "${common[@]}" --out "$scratch/out-$n" >/dev/null 2>"$scratch/assemble-$n.log"
    t3=$(now)
    size=$(stat -c %s "$scratch/out-$n/storyboard.mp4")
    echo "$n at a time: prepare $(secs "$t0" "$t1") s, 4 chunks $(secs "$t1" "$t2") s, assemble $(secs "$t2" "$t3") s" \
      "($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB; $(grep -o 'joined in [0-9.]* s' "$scratch/assemble-$n.log"))"
  done
done

# The assembly alone, on bigger pieces: four 10 s 1080p H.264 pieces at 40 Mbit/s made by Debian's
# ffmpeg (x264, a key frame every second), joined by stream copy five times.
for i in 0 1 2 3; do
  ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=24:duration=10" -c:v libx264 -preset ultrafast -b:v 40M -g 24 \
    -pix_fmt yuv420p "$scratch/piece$i.mp4"
done
java -cp "$cp" org.cinegraph.media.SegmentJoinBench "$scratch/joined.mp4" "$scratch"/piece{0,1,2,3}.mp4
java -cp "$cp" org.cinegraph.media.SegmentJoinBench "$scratch/joined2.mp4" "$scratch"/piece{0,1}.mp4
