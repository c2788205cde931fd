#!/usr/bin/env bash
# Renders the showcase example (assets/examples/showcase.cgraph) and saves six evenly spaced frames
# of its MP4, side by side, as docs/showcase-strip.png (the strip shown in the README).
# Needs ffmpeg (apt-get install -y ffmpeg) and the models it uses:
#   ./cinegraph models pull esrgan-slim && ./cinegraph models pull rife-v4.6
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="${1:-$root/docs/showcase-strip.png}"
for tool in ffmpeg ffprobe; do
  command -v "$tool" >/dev/null || { echo "frame-strip.sh: $tool is missing (apt-get install -y ffmpeg)" >&2; exit 2; }
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/cinegraph" render "$root/assets/examples/showcase.cgraph" --out "$tmp" >/dev/null
video="$tmp/showcase.mp4"
frames="$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$video")"
step=$(( (frames - 1) / 5 ))
ffmpeg -v error -i "$video" -vf "select='not(mod(n\,$step))',scale=320:-1,tile=6x1:padding=4:color=white" \
  -frames:v 1 -y "$tmp/strip.png"
mv "$tmp/strip.png" "$out"
echo "$out ($frames frames, every ${step}th shown)"
