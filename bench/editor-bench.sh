#!/usr/bin/env bash
# Editor canvas benchmark: frame times of pan and zoom on 200 / 1,000 / 5,000-node graphs in
# software rendering (headless Monocle, prism.order=sw) and the open time of the 5,000-node file;
# then pan and zoom at 1,000 / 5,000 nodes with previews in nodes, and the viewer's time from
# selecting a node to its picture on screen. Renders into a temporary cache; preferences stay in
# memory.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
# one reactor build: the class path names render/ and nodes/ target/classes, never older jars
mvn -B -q -o -pl app -am test-compile dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.cp >/dev/null
cp="app/target/test-classes:app/target/classes:$(cat app/target/bench.cp)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export CINEGRAPH_CACHE_DIR="$scratch/cache" CINEGRAPH_HISTORY_DIR="$scratch/history"
java -Xmx3g -cp "$cp" -Dprism.order=sw -Dprism.text=t2k -Dglass.platform=Monocle -Dmonocle.platform=Headless \
  -Dheadless.geometry=1920x1200-32 -Djava.awt.headless=true \
  -Djava.util.prefs.PreferencesFactory=org.cinegraph.app.MemoryPreferencesFactory \
  -Dcinegraph.models="$scratch/models" org.cinegraph.app.editor.CanvasBench
