#!/usr/bin/env bash
# Cinegraph benchmark (not a test): prints figures to report, nothing passes or fails.
#  1. decode -> grade -> encode of a 10 s 1920x1080 H.264 clip (240 frames): Cinegraph's frames
#     per second, and the ffmpeg command line doing the same work in the same run when ffmpeg is
#     installed (same encoder, libopenh264, when ffmpeg has it).
#  2. the storyboard example: a cold render (empty cache) against a re-render after changing only
#     the final grade (a downstream parameter).
# Usage: bench/run.sh        (takes a few minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$root/bench/work"
mkdir -p "$work"
export CINEGRAPH_CACHE_DIR="$work/cache"
cg="$root/cinegraph"
"$cg" --version >/dev/null   # builds on first use, outside the timings

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
fmt() { printf '%.2f' "$1"; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

t0=$(now); "$cg" --version >/dev/null; t1=$(now)
startup=$(secs "$t0" "$t1")
echo "JVM start + CLI (cinegraph --version): $(fmt "$startup") s"

if [ ! -f "$work/source-1080p.mp4" ]; then
  "$cg" render bench/source-1080p.cgraph --out "$work" --no-cache 2>/dev/null >/dev/null
fi
frames=240

echo
echo "== 1. decode -> grade -> encode, 1920x1080, $frames frames"
rm -rf "$work/cache"
t0=$(now); "$cg" render bench/decode-grade-encode.cgraph --out "$work/out" --no-cache 2>/dev/null >/dev/null; t1=$(now)
cg_s=$(secs "$t0" "$t1")
echo "cinegraph: $(fmt "$cg_s") s wall, $(fmt "$(echo "$frames / $cg_s" | bc -l)") fps (incl. JVM start); $(fmt "$(echo "$frames / ($cg_s - $startup)" | bc -l)") fps without it"

if command -v ffmpeg >/dev/null; then
  enc="libopenh264"
  ffmpeg -hide_banner -encoders 2>/dev/null | grep -q libopenh264 || enc="libx264 -preset veryfast"
  # eq: contrast/saturation/gamma, the same kind of per-pixel grade
  t0=$(now)
  ffmpeg -v error -y -i "$work/source-1080p.mp4" -vf "eq=contrast=1.2:saturation=1.3:gamma=1.1,format=yuv420p" \
    -c:v $enc -b:v 8M "$work/ffmpeg-graded.mp4"
  t1=$(now)
  ff_s=$(secs "$t0" "$t1")
  echo "ffmpeg ($enc): $(fmt "$ff_s") s wall, $(fmt "$(echo "$frames / $ff_s" | bc -l)") fps"
  echo "ratio cinegraph/ffmpeg time: $(fmt "$(echo "$cg_s / $ff_s" | bc -l)")"
else
  echo "ffmpeg: not installed (apt-get install ffmpeg), comparison skipped"
fi

echo
echo "== 2. storyboard example: cold render vs re-render after a downstream change"
rm -rf "$work/cache" "$work/story"
t0=$(now); "$cg" render assets/examples/storyboard.cgraph --out "$work/story" 2>/dev/null >/dev/null; t1=$(now)
cold=$(secs "$t0" "$t1")
t0=$(now); "$cg" render assets/examples/storyboard.cgraph --out "$work/story" 2>/dev/null >/dev/null; t1=$(now)
same=$(secs "$t0" "$t1")
t0=$(now); "$cg" render assets/examples/storyboard.cgraph --out "$work/story" --set grade1.saturation=0.8 2>"$work/story-change.log" >/dev/null; t1=$(now)
changed=$(secs "$t0" "$t1")
echo "cold: $(fmt "$cold") s; unchanged re-render: $(fmt "$same") s; after changing grade1.saturation: $(fmt "$changed") s"
echo "nodes served from cache after the change: $(grep -c 'cache hit' "$work/story-change.log" || true) of $(grep -cE '^(done|cached) ' "$work/story-change.log" || true)"
