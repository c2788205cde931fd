#!/usr/bin/env bash
# Builds Cinegraph's self-contained app image (a jlink runtime with only the modules the app
# needs, plus its jars and the native libraries for this OS) and, on Linux, a .deb package.
#   installer/build.sh            -> installer/target/Cinegraph/ and installer/target/cinegraph_<version>_amd64.deb
#   installer/build.sh --image    -> the app image only
# Needs a JDK 17+ with jpackage/jlink/jmods; the .deb also needs dpkg-deb and fakeroot.
# The recipes for Windows (.msi) and macOS (.dmg/.pkg) are in installer/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/installer/target"
image_only=false
[ "${1:-}" = "--image" ] && image_only=true

version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)
version=${version%-SNAPSHOT}
[[ "$version" =~ ^[0-9]+(\.[0-9]+)*$ ]] || version=0.1.0
echo "cinegraph installer: version $version" >&2

# 1. Build the jars (tests are the CI's job) and stage what goes into the image.
rm -rf "$root/app/target/lib"
(cd "$root" && mvn -B -q -DskipTests package)
rm -rf "$out"
mkdir -p "$out/input"
cp "$root"/app/target/lib/*.jar "$out/input/"
cp "$root"/app/target/cinegraph-app-*.jar "$out/input/cinegraph-app.jar"
# The ONNX Runtime jar carries natives for five platforms (137 MB, mostly macOS debug symbols):
# keep only this platform's, so the image grows by ~21 MB instead.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) keep=ai/onnxruntime/native/linux-x64 ;;
  Linux-aarch64) keep=ai/onnxruntime/native/linux-aarch64 ;;
  Darwin-arm64) keep=ai/onnxruntime/native/osx-aarch64 ;;
  Darwin-x86_64) keep=ai/onnxruntime/native/osx-x64 ;;
  *) keep=ai/onnxruntime/native/win-x64 ;;
esac
for ort in "$out"/input/onnxruntime-*.jar; do
  [ -f "$ort" ] || continue
  drop=$(unzip -Z1 "$ort" 'ai/onnxruntime/native/*' | grep -v "^$keep/" | grep -v '/$' || true)
  [ -z "$drop" ] || printf '%s\n' "$drop" | xargs zip -q -d "$ort" >/dev/null
done
# Example graphs travel with the app so `Cinegraph` opens one and farms can test a render.
mkdir -p "$out/input/examples/library"
cp "$root"/assets/examples/*.cgraph "$out/input/examples/"
cp "$root"/assets/examples/library/*.cgraph "$out/input/examples/library/"

# 2. A runtime with only the modules the code uses (jdeps), plus what is reached reflectively.
modules=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 \
  --class-path "$out/input/*" "$out/input/cinegraph-app.jar" "$out"/input/cinegraph-*.jar 2>/dev/null)
modules="$modules,java.logging,java.prefs,java.xml,java.naming,jdk.zipfs,jdk.jsobject,jdk.xml.dom,java.scripting,jdk.crypto.ec"
echo "cinegraph installer: runtime modules $modules" >&2
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/runtime"

# 3. The app image: launcher `Cinegraph` (editor with no arguments, the CLI with them).
jpackage --type app-image --name Cinegraph --app-version "$version" \
  --vendor "Cinegraph" --description "Node-graph editor and renderer for generative image and video work" \
  --input "$out/input" --main-jar cinegraph-app.jar --main-class org.cinegraph.app.Launcher \
  --runtime-image "$out/runtime" --icon "$root/assets/icons/cinegraph.png" \
  --java-options "-Xss4m" --dest "$out"
echo "cinegraph installer: app image $out/Cinegraph ($(du -sh "$out/Cinegraph" | cut -f1))" >&2
$image_only && exit 0

# 4. The .deb: desktop entry, .cgraph file association with its own MIME type and icon,
#    `cinegraph` on the PATH, and the system libraries JavaFX and FFmpeg load.
if [ "$(uname -s)" = "Linux" ]; then
  cat > "$out/cgraph-association.properties" <<PROPS
extension=cgraph
mime-type=application/x-cinegraph
description=Cinegraph node graph
icon=$root/assets/icons/cgraph-file.png
PROPS
  jpackage --type deb --app-image "$out/Cinegraph" --name Cinegraph --app-version "$version" \
    --vendor "Cinegraph" --description "Node-graph editor and renderer for generative image and video work" \
    --linux-package-name cinegraph --linux-app-category video --linux-menu-group "AudioVideo;Video;Graphics" \
    --linux-shortcut --linux-deb-maintainer "cinegraph@localhost" \
    --linux-package-deps "libgtk-3-0, libgl1, libasound2, libxtst6, libxxf86vm1, libfreetype6, libfontconfig1, fonts-dejavu-core" \
    --file-associations "$out/cgraph-association.properties" \
    --resource-dir "$root/installer/linux/resources" \
    --dest "$out"
  echo "cinegraph installer: $(ls "$out"/*.deb) ($(du -sh "$out"/*.deb | cut -f1))" >&2
fi
