#!/usr/bin/env bash
# Smoke test of the packaging: builds the app image and .deb (installer/build.sh), runs the
# image's launcher with --version, renders an example graph headless from the image, and checks
# the .deb's metadata (name, version, dependencies, desktop entry and .cgraph association).
# Prints the sizes to report. Exits non-zero on the first failed check.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/installer/target"
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

[ "${1:-}" = "--no-build" ] || "$root/installer/build.sh"
app="$out/Cinegraph/bin/Cinegraph"
[ -x "$app" ] || fail "no launcher at $app"

v=$("$app" --version) || fail "launcher --version exited $?"
echo "smoke: $v"
[[ "$v" == cinegraph\ * ]] || fail "unexpected version line '$v'"

# git-setup registers the packaged launcher itself (jpackage tells the app its path) as git's drivers.
gitrepo=$(mktemp -d)
git -C "$gitrepo" init -q
touch "$gitrepo/.empty-gitconfig"
(cd "$gitrepo" && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$gitrepo/.empty-gitconfig" "$app" git-setup >/dev/null) || fail "git-setup exited $?"
driver=$(git -C "$gitrepo" config --local --get merge.cinegraph.driver)
rm -rf "$gitrepo"
[[ "$driver" == "$app merge %O %A %B -o %A --name %P" || "$driver" == "cinegraph merge "* ]] || fail "git-setup registered '$driver'"
echo "smoke: git-setup registers $driver"

# A packaged app writes nothing inside its install folder: point HOME at a scratch folder and
# check the image is unchanged after a render.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
before=$(cd "$out/Cinegraph" && find . -type f -newer "$app" | wc -l)
HOME="$scratch/home" XDG_CACHE_HOME="$scratch/home/.cache" \
  "$app" render "$out/Cinegraph/lib/app/examples/storyboard.cgraph" --out "$scratch/renders" --frames 0-23 >"$scratch/files" \
  || fail "headless render from the image exited $?"
grep -q 'storyboard.mp4$' "$scratch/files" || fail "render did not report storyboard.mp4"
[ -s "$scratch/renders/storyboard.mp4" ] || fail "no MP4 written"
after=$(cd "$out/Cinegraph" && find . -type f -newer "$app" | wc -l)
[ "$before" = "$after" ] || fail "the render wrote inside the app image"
[ -d "$scratch/home/.cache/cinegraph" ] || fail "render cache not in XDG_CACHE_HOME"
echo "smoke: headless render from the image OK ($(du -h "$scratch/renders/storyboard.mp4" | cut -f1) MP4, cache under XDG_CACHE_HOME)"

deb=$(ls "$out"/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb built"
pkg=$(dpkg-deb -f "$deb" Package); ver=$(dpkg-deb -f "$deb" Version); deps=$(dpkg-deb -f "$deb" Depends)
echo "smoke: deb $pkg $ver; Depends: $deps"
[ "$pkg" = "cinegraph" ] || fail "package name $pkg"
for d in libgtk-3-0 libgl1 libasound2 fonts-dejavu-core; do [[ "$deps" == *"$d"* ]] || fail "Depends lacks $d"; done
contents=$(dpkg-deb -c "$deb")
grep -q 'opt/cinegraph/bin/Cinegraph' <<<"$contents" || fail "launcher missing from .deb"
grep -q '\.desktop$' <<<"$contents" || fail "desktop entry missing"
grep -q 'cinegraph.*\.xml$' <<<"$contents" || fail "MIME type definition missing"
tmp="$scratch/deb"; dpkg-deb -x "$deb" "$tmp"; dpkg-deb -e "$deb" "$tmp/DEBIAN"
desktop=$(find "$tmp" -type f -name '*.desktop' | head -1)
grep -q 'MimeType=.*application/x-cinegraph' "$desktop" || fail "desktop entry does not claim application/x-cinegraph"
grep -q 'Exec=.* open %f' "$desktop" || fail "desktop entry does not pass the double-clicked file"
grep -q 'pattern="\*\.cgraph"' "$(find "$tmp" -type f -name '*MimeInfo.xml' | head -1)" || fail "MIME type does not match *.cgraph"
grep -q '/usr/bin/cinegraph' "$tmp/DEBIAN/postinst" || fail "postinst does not put cinegraph on the PATH"
for script in postinst prerm; do sh -n "$tmp/DEBIAN/$script" || fail "$script is not valid shell"; done
echo "smoke: .deb metadata OK (desktop entry, application/x-cinegraph for *.cgraph, /usr/bin/cinegraph)"
echo "smoke: sizes: app image $(du -sh "$out/Cinegraph" | cut -f1), .deb $(du -h "$deb" | cut -f1)"
