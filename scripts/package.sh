#!/usr/bin/env bash
# Builds dist/trampesti-<version>.zip: the plugin folder as QGIS expects it, with compiled
# resources and translations and the pure-Python runtime dependencies in ext_libs/.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version=//p' metadata.txt)
build=build/trampesti
rm -rf build && mkdir -p "$build" dist
# tracked files minus what .gitattributes marks export-ignore (tests, benchmarks, CI, demo)
git archive --format=tar HEAD 2>/dev/null | tar -x -C "$build" || {
  echo "package: not a git checkout with commits; copying the working tree"
  rsync -a --exclude .git --exclude .venv --exclude build --exclude dist --exclude out \
    --exclude tests --exclude benchmarks --exclude .ci --exclude demo --exclude docs --exclude scripts ./ "$build/"
}
# uncommitted edits of tracked files are part of the build too
for f in $(git ls-files -m 2>/dev/null); do
  case "$f" in tests/*|benchmarks/*|.ci/*|demo/*|docs/*|scripts/*|Makefile|.git*) ;; *) mkdir -p "$build/$(dirname "$f")"; cp "$f" "$build/$f";; esac
done
pyrcc5 -o "$build/resources_rc.py" resources.qrc
LRELEASE=$(command -v lrelease || echo /usr/lib/qt5/bin/lrelease)
for ts in i18n/*.ts; do [ -f "$ts" ] && "$LRELEASE" -silent "$ts" -qm "$build/${ts%.ts}.qm"; done
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --target "$build/ext_libs" -r requirements.txt
find "$build/ext_libs" -name '__pycache__' -prune -exec rm -rf {} + ; rm -rf "$build"/ext_libs/bin
(cd build && rm -f "../dist/trampesti-$version.zip" && zip -qr "../dist/trampesti-$version.zip" trampesti)
echo "package: dist/trampesti-$version.zip ($(du -h "dist/trampesti-$version.zip" | cut -f1))"
