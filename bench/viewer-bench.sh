#!/usr/bin/env bash
# Viewer benchmark: sustained playback fps of a cached 1920x1080 clip at 24 and 30 fps, time to the
# first frame after scrubbing to an uncached frame, frame-cache memory. Software rendering
# (prism.order=sw) under Xvfb when it is installed (apt-get install -y xvfb), else headless Monocle.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
mvn -B -q -o -pl app -am test-compile -DskipTests >/dev/null 2>&1 || mvn -B -q -pl app -am test-compile -DskipTests
mvn -B -q -o -pl app dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
cp="app/target/test-classes:app/target/classes:$(cat app/target/bench.cp)"
main=org.cinegraph.app.viewer.ViewerBench
if command -v xvfb-run >/dev/null; then
  exec xvfb-run -a -s "-screen 0 1920x1200x24" java -Xmx3g -cp "$cp" -Dprism.order=sw -Dprism.text=t2k $main
fi
exec java -Xmx3g -cp "$cp" -Dprism.order=sw -Dprism.text=t2k -Dglass.platform=Monocle -Dmonocle.platform=Headless \
  -Dheadless.geometry=1920x1200-32 -Djava.awt.headless=true $main
