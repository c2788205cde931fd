#!/usr/bin/env bash
# The showcase example (text to image -> ESRGAN x8 -> RIFE morph -> Ken Burns/title -> grade -> MP4)
# as a benchmark (not a test; prints figures): a cold render (empty cache), an unchanged re-render,
# and a re-render after changing only the final grade. Per-node times come from the render log.
# Needs the models once: ./cinegraph models pull esrgan-slim && ./cinegraph models pull rife-v4.6
# Usage: bench/showcase.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$root/bench/work"
mkdir -p "$work"
export CINEGRAPH_CACHE_DIR="$work/showcase-cache"
cg="$root/cinegraph"
"$cg" --version >/dev/null   # builds on first use, outside the timings
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc -l)"; }
graph=assets/examples/showcase.cgraph

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
rm -rf "$CINEGRAPH_CACHE_DIR" "$work/showcase"
t0=$(now); "$cg" render "$graph" --out "$work/showcase" 2>"$work/showcase-cold.log" >/dev/null; t1=$(now)
echo "cold render: $(secs "$t0" "$t1") s"
grep -E '^(done|cached) ' "$work/showcase-cold.log" | sed 's/^/  /' || true
t0=$(now); "$cg" render "$graph" --out "$work/showcase" 2>/dev/null >/dev/null; t1=$(now)
echo "unchanged re-render: $(secs "$t0" "$t1") s"
t0=$(now); "$cg" render "$graph" --out "$work/showcase" --set grade1.saturation=1.4 2>"$work/showcase-grade.log" >/dev/null; t1=$(now)
echo "after changing grade1.saturation: $(secs "$t0" "$t1") s"
echo "nodes served from cache after the change: $(grep -c 'cache hit' "$work/showcase-grade.log" || true) of $(grep -cE '^(done|cached) ' "$work/showcase-grade.log" || true)"
