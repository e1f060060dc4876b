#!/usr/bin/env bash
# Builds dist/trampesti-<version>.zip: the plugin folder as QGIS expects it, with compiled
# resources and translations and the pure-Python runtime dependencies in ext_libs/.
# Files: everything git tracks or would track (not ignored), minus .gitattributes export-ignore.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version=//p' metadata.txt)
build=build/trampesti
rm -rf build && mkdir -p "$build" dist
git ls-files -co --exclude-standard -z \
  | git check-attr -z --stdin export-ignore \
  | python3 -c '
import sys
parts = sys.stdin.buffer.read().split(b"\0")
for i in range(0, len(parts) - 2, 3):
    path, value = parts[i].decode(), parts[i + 2].decode()
    if value != "set" and not path.startswith((".git", "build/", "dist/", "out/")):
        print(path)
' | while IFS= read -r f; do
  [ -f "$f" ] || continue
  mkdir -p "$build/$(dirname "$f")"; cp "$f" "$build/$f"
done
pyrcc5 -o "$build/resources_rc.py" resources.qrc
LRELEASE=$(command -v lrelease || echo /usr/lib/qt5/bin/lrelease)
for ts in i18n/*.ts; do [ -f "$ts" ] && "$LRELEASE" -silent "$ts" -qm "$build/${ts%.ts}.qm"; done
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --target "$build/ext_libs" -r requirements.txt 2>&1 \
  | grep -v "is ignored: it is neither a file nor a directory" || true
find "$build" -name '__pycache__' -prune -exec rm -rf {} + ; rm -rf "$build"/ext_libs/bin
(cd build && rm -f "../dist/trampesti-$version.zip" && zip -qr "../dist/trampesti-$version.zip" trampesti)
echo "package: dist/trampesti-$version.zip ($(du -h "dist/trampesti-$version.zip" | cut -f1))"
