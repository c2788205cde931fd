#!/usr/bin/env bash
# Cinegraph benchmark (not a test): prints figures to report, nothing passes or fails.
#  1. decode -> grade -> encode of a 10 s 1920x1080 H.264 clip (240 frames, libopenh264 8 Mbit/s),
#     against the ffmpeg binary inside JavaCV's FFmpeg jar (the same FFmpeg build and encoders
#     Cinegraph links) doing the same work: "ffmpeg-rgb" grades in RGB like Cinegraph (the same
#     contrast/gamma curve as a lutrgb table, the same saturation as a colour matrix), "ffmpeg-yuv"
#     grades the luma plane and saturation in Y'CbCr (ffmpeg's cheapest way, not RGB-correct);
#     "ffmpeg-rgb-sliced" is ffmpeg-rgb with Cinegraph's encoder settings (bitrate mode, 4 slices).
#  2. the same chain at 10 bits: a ProRes 4444 (yuv444p10) source -> grade -> ProRes 4444, 96 frames.
#  3. the storyboard example: a cold render (empty cache) against a re-render after changing only
#     the final grade (a downstream parameter).
#  4. section 1's chain against ffmpeg-rgb on a 60 s clip (1440 frames: the 10 s source six times),
#     where the fixed start of a JVM weighs less than on 240 frames.
# Runs of the two sides are interleaved, RUNS times (default 3), under the same nice level; the
# medians are printed with the spread (min-max). CPU = user + sys of the whole process tree.
# Usage: bench/run.sh [RUNS] [SECTIONS, e.g. 14; default 123; 4 only when asked]   (takes several minutes on 2 cores; the ffmpeg binary needs
#        Debian's libpulse0, libva2 and libva-drm2: apt-get install libpulse0 libva2 libva-drm2)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-3}"
sections="${2:-123}"
want() { [[ "$sections" == *"$1"* ]]; }
work="$root/bench/work"
mkdir -p "$work"
export CINEGRAPH_CACHE_DIR="$work/cache"
cg="$root/cinegraph"
"$cg" --version >/dev/null   # builds on first use, outside the timings

# JavaCV's own ffmpeg: the binary shipped in the FFmpeg jar Maven resolved for this build
ffver="$(sed -n 's:.*<ffmpeg.version>\(.*\)</ffmpeg.version>.*:\1:p' pom.xml)"
jar="$(find "${HOME}/.m2/repository/org/bytedeco/ffmpeg/$ffver" -name "ffmpeg-$ffver-linux-x86_64.jar" | head -1)"
ffdir="$work/ffmpeg-javacv"
if [ ! -x "$ffdir/ffmpeg" ]; then
  rm -rf "$ffdir.tmp" && mkdir -p "$ffdir.tmp"
  (cd "$ffdir.tmp" && unzip -q -o "$jar" 'org/bytedeco/ffmpeg/linux-x86_64/*')
  mv "$ffdir.tmp/org/bytedeco/ffmpeg/linux-x86_64" "$ffdir" && rm -rf "$ffdir.tmp"
  chmod +x "$ffdir/ffmpeg" "$ffdir/ffprobe"
fi
ff=(env LD_LIBRARY_PATH="$ffdir" "$ffdir/ffmpeg")
if ! "${ff[@]}" -hide_banner -version >/dev/null 2>&1; then
  echo "JavaCV's ffmpeg cannot start here: $(LD_LIBRARY_PATH="$ffdir" ldd "$ffdir/ffmpeg" | grep 'not found' | tr '\n' ' ')" >&2
  echo "install its system libraries: apt-get install libpulse0 libva2 libva-drm2" >&2
  exit 2
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== ffmpeg: $("${ff[@]}" -hide_banner -version | head -1) (from $(basename "$jar"))"

# timed NAME CMD...: appends "wall cpu" to $work/times-NAME
timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$work/t.$$" nice -n 19 "$@" >/dev/null 2>"$work/last-$name.log" || { echo "$name failed:"; tail -5 "$work/last-$name.log"; exit 1; }
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/t.$$" >> "$work/times-$name"
}
# summary NAME: median wall, spread, median CPU
summary() {
  python3 - "$work/times-$1" "$1" <<'PY'
import sys, statistics
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
w = [r[0] for r in rows]; c = [r[1] for r in rows]
print(f"{sys.argv[2]:>14}: wall median {statistics.median(w):6.2f} s (spread {min(w):.2f}-{max(w):.2f}), CPU median {statistics.median(c):6.2f} s (spread {min(c):.2f}-{max(c):.2f}), n={len(w)}")
PY
}
ratio() {
  python3 - "$work/times-$1" "$work/times-$2" "$1" "$2" <<'PY'
import sys, statistics
def med(p, i): return statistics.median(float(l.split()[i]) for l in open(p) if l.strip())
print(f"{sys.argv[3]} / {sys.argv[4]}: wall {med(sys.argv[1],0)/med(sys.argv[2],0):.2f}x, CPU {med(sys.argv[1],1)/med(sys.argv[2],1):.2f}x")
PY
}

if [ ! -f "$work/source-1080p.mp4" ]; then
  "$cg" render bench/source-1080p.cgraph --out "$work" --no-cache 2>/dev/null >/dev/null
fi
# the same contrast 1.2 (pivot 0.435), gamma 1.1 and saturation 1.3 as the graph's Colour Grade
curve="clip(maxval*pow(max(0\,0.435+(val/maxval-0.435)*1.2)\,1/1.1)\,0\,maxval)"
sat="colorchannelmixer=rr=1.23622:rg=-0.21456:rb=-0.02166:gr=-0.06378:gg=1.08544:gb=-0.02166:br=-0.06378:bg=-0.21456:bb=1.27834"
rgbgrade="format=gbrp,lutrgb=r='$curve':g='$curve':b='$curve',$sat,format=yuv420p"

if want 1; then
echo
echo "== 1. decode -> grade -> encode, 1920x1080 H.264 -> H.264 (libopenh264, 8 Mbit/s), 240 frames; $runs interleaved runs"
rm -f "$work"/times-*
for i in $(seq "$runs"); do
  timed cinegraph "$cg" render bench/decode-grade-encode.cgraph --out "$work/out" --no-cache
  timed ffmpeg-rgb "${ff[@]}" -v error -y -i "$work/source-1080p.mp4" \
    -vf "$rgbgrade" -c:v libopenh264 -b:v 8M -g 24 "$work/ffmpeg-rgb.mp4"
  timed ffmpeg-yuv "${ff[@]}" -v error -y -i "$work/source-1080p.mp4" \
    -vf "lutyuv=y='$curve',hue=s=1.3" -c:v libopenh264 -b:v 8M -g 24 "$work/ffmpeg-yuv.mp4"
  # the RGB grade again with Cinegraph's encoder settings (VideoFormat.H264_MP4): bitrate rate
  # control and four slices, which let OpenH264 use more than one core
  timed ffmpeg-rgb-sliced "${ff[@]}" -v error -y -i "$work/source-1080p.mp4" \
    -vf "$rgbgrade" -c:v libopenh264 -b:v 8M -g 24 \
    -rc_mode bitrate -allow_skip_frames 0 -slices 4 "$work/ffmpeg-rgb-sliced.mp4"
done
summary cinegraph; summary ffmpeg-rgb; summary ffmpeg-yuv; summary ffmpeg-rgb-sliced
ratio cinegraph ffmpeg-rgb; ratio cinegraph ffmpeg-yuv; ratio cinegraph ffmpeg-rgb-sliced
t0=$(date +%s.%N); "$cg" --version >/dev/null; t1=$(date +%s.%N)
echo "(cinegraph includes JVM start: $(echo "$t1 - $t0" | bc -l | xargs printf '%.2f') s for 'cinegraph --version' just now)"
fi

if want 2; then
echo
echo "== 2. 10-bit: ProRes 4444 (yuv444p10) -> grade -> ProRes 4444, 1920x1080, 96 frames; $runs interleaved runs"
if [ ! -f "$work/source-4444.mov" ]; then
  "${ff[@]}" -v error -y -i "$work/source-1080p.mp4" -frames:v 96 -c:v prores_ks -profile:v 4444 -pix_fmt yuv444p10le "$work/source-4444.mov"
fi
rm -f "$work"/times-*
for i in $(seq "$runs"); do
  timed cinegraph-10bit "$cg" render bench/prores4444-grade.cgraph --out "$work/out" --no-cache
  timed ffmpeg-10bit "${ff[@]}" -v error -y -i "$work/source-4444.mov" \
    -vf "format=gbrp10le,lutrgb=r='$curve':g='$curve':b='$curve',$sat,format=yuv444p10le" -c:v prores_ks -profile:v 4444 "$work/ffmpeg-4444.mov"
done
summary cinegraph-10bit; summary ffmpeg-10bit
ratio cinegraph-10bit ffmpeg-10bit
fi

if want 3; then
echo
echo "== 3. storyboard example: cold render vs re-render after a downstream change"
rm -rf "$work/cache" "$work/story"
t0=$(date +%s.%N); "$cg" render assets/examples/storyboard.cgraph --out "$work/story" 2>/dev/null >/dev/null; t1=$(date +%s.%N)
cold=$(echo "$t1 - $t0" | bc -l)
t0=$(date +%s.%N); "$cg" render assets/examples/storyboard.cgraph --out "$work/story" 2>/dev/null >/dev/null; t1=$(date +%s.%N)
same=$(echo "$t1 - $t0" | bc -l)
t0=$(date +%s.%N); "$cg" render assets/examples/storyboard.cgraph --out "$work/story" --set grade1.saturation=0.8 2>"$work/story-change.log" >/dev/null; t1=$(date +%s.%N)
changed=$(echo "$t1 - $t0" | bc -l)
printf 'cold: %.2f s; unchanged re-render: %.2f s; after changing grade1.saturation: %.2f s\n' "$cold" "$same" "$changed"
echo "nodes served from cache after the change: $(grep -c 'cache hit' "$work/story-change.log" || true) of $(grep -cE '^(done|cached) ' "$work/story-change.log" || true)"
fi
if want 4; then
echo
echo "== 4. section 1 on a 60 s clip (1440 frames), against ffmpeg-rgb; $runs interleaved runs"
if [ ! -f "$work/source-60s.mp4" ]; then
  "${ff[@]}" -v error -y -stream_loop 5 -i "$work/source-1080p.mp4" -c copy "$work/source-60s.mp4"
fi
rm -f "$work"/times-*
for i in $(seq "$runs"); do
  timed cinegraph-60s "$cg" render bench/decode-grade-encode.cgraph --out "$work/out" --no-cache --set load1.file=work/source-60s.mp4
  timed ffmpeg-rgb-60s "${ff[@]}" -v error -y -i "$work/source-60s.mp4" -vf "$rgbgrade" -c:v libopenh264 -b:v 8M -g 24 "$work/ffmpeg-rgb-60s.mp4"
done
summary cinegraph-60s; summary ffmpeg-rgb-60s
ratio cinegraph-60s ffmpeg-rgb-60s
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
