#!/usr/bin/env bash
# Editor canvas benchmark: frame times of pan and zoom on 200 / 1,000 / 5,000-node graphs in
# software rendering (headless Monocle, prism.order=sw) and the open time of the 5,000-node file.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
mvn -B -q -o -pl app -am test-compile -DskipTests >/dev/null 2>&1 || mvn -B -q -pl app -am test-compile -DskipTests
mvn -B -q -o -pl app dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
cp="app/target/test-classes:app/target/classes:$(cat app/target/bench.cp)"
exec java -Xmx2g -cp "$cp" -Dprism.order=sw -Dprism.text=t2k -Dglass.platform=Monocle -Dmonocle.platform=Headless \
  -Dheadless.geometry=1920x1200-32 -Djava.awt.headless=true org.cinegraph.app.editor.CanvasBench
