#!/usr/bin/env bash
# Starts the editor on the storyboard example under a virtual X server and saves docs/editor.png.
# Needs: apt-get install -y xvfb imagemagick x11-apps xdotool
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="${1:-$root/docs/editor.png}"
for tool in Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool is missing (apt-get install -y xvfb imagemagick x11-apps xdotool)" >&2; exit 2; }
done

display=":${SCREENSHOT_DISPLAY:-97}"
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY="$display"
sleep 1

# software rendering: a virtual X server has no GPU; a private recovery folder keeps the user's out of it
CINEGRAPH_JAVA_OPTS="-Dprism.order=sw -Dcinegraph.recovery.dir=$(mktemp -d)" "$root/cinegraph" &
app=$!

for _ in $(seq 1 120); do
  win="$(xdotool search --name 'Cinegraph' 2>/dev/null | head -1 || true)"
  [ -n "$win" ] && break
  sleep 1
done
[ -n "${win:-}" ] || { echo "screenshot.sh: the editor window did not appear" >&2; exit 1; }
xdotool windowmove "$win" 0 0 windowsize "$win" 1440 900 || true
sleep 4
# select the "Dissolve 1-2" node (at its place in the saved view) so the inspector shows its parameters
xdotool mousemove 1030 428 click 1 || true
sleep 1
xdotool key f || true   # fit the whole graph (the canvas has the focus now)
sleep 2
import -window root "$out.tmp.png"
convert "$out.tmp.png" -colors 256 "PNG8:$out"
rm -f "$out.tmp.png"
echo "$out ($(du -k "$out" | cut -f1) KB)"
