#!/usr/bin/env bash
# Installs the packaged plugin zip into a clean, throw-away QGIS profile and starts the real
# QGIS desktop under Xvfb with scripts/desktop_check.py, which checks that the provider is in
# the Processing toolbox and that the Trampesti dock opens, takes a screenshot of the whole
# window and writes a JSON result. Exits non-zero if anything failed or QGIS hung.
#
#   bash scripts/desktop_check.sh [--rebuild] [--zip FILE] [--result FILE] [--screenshot FILE]
#                                 [--data FOLDER] [--keep]
#
#   --rebuild      always run scripts/package.sh first (default: only when the zip is missing
#                  or older than a plugin source file)
#   --zip          the plugin zip to install (default dist/trampesti-<version>.zip)
#   --result       where the JSON goes (default out/desktop_check.json)
#   --screenshot   default docs/screenshots/qgis_desktop.png
#   --data         a folder of tracker files imported through the dock before the screenshot
#                  (default ../shared/data/gpx when it exists; --data "" imports nothing)
#   --keep         keep the temporary profile folder (path printed)
# Environment: TRAMPESTI_DESKTOP_TIMEOUT_S (default 120) = wall-clock limit for QGIS.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. "$repo/scripts/qgis_desktop.sh"
version=$(sed -n 's/^version=//p' metadata.txt)
zip="dist/trampesti-$version.zip"
result=""
screenshot="$repo/docs/screenshots/qgis_desktop.png"
data="$(cd "$repo/.." && pwd)/shared/data/gpx"
[ -d "$data" ] || data=""
rebuild=0
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild) rebuild=1 ;;
    --zip) zip="$2"; shift ;;
    --result) result="$2"; shift ;;
    --screenshot) screenshot="$2"; shift ;;
    --data) data="$2"; shift ;;
    --keep) keep=1 ;;
    *) echo "desktop_check: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
timeout_s=${TRAMPESTI_DESKTOP_TIMEOUT_S:-120}

for tool in qgis xvfb-run unzip timeout; do
  command -v "$tool" >/dev/null 2>&1 || { echo "desktop_check: '$tool' is not installed" >&2; exit 3; }
done

# -- 1. the package ------------------------------------------------------------------------
stale() {  # is any plugin source file newer than the zip?
  [ -n "$(find . -path ./.git -prune -o -path ./.venv -prune -o -path ./build -prune \
           -o -path ./dist -prune -o -path ./out -prune -o -path ./tests -prune \
           -o -path ./docs -prune -o -path ./scripts -prune -o -path ./benchmarks -prune \
           -o -path ./demo -prune -o -path ./.pytest_cache -prune \
           -o -type f \( -name '*.py' -o -name '*.txt' -o -name '*.svg' -o -name '*.qrc' \
                         -o -name '*.ts' -o -name '*.qml' -o -name '*.ui' \) \
              -newer "$zip" -print -quit)" ]
}
if [ "$rebuild" = 1 ] || [ ! -f "$zip" ] || { [ "$zip" = "dist/trampesti-$version.zip" ] && stale; }; then
  echo "desktop_check: building the package"
  bash scripts/package.sh
fi
[ -f "$zip" ] || { echo "desktop_check: no plugin zip at $zip" >&2; exit 4; }
zip=$(cd "$(dirname "$zip")" && pwd)/$(basename "$zip")

# -- 2. a clean profile with the plugin unzipped and enabled ----------------------------------
tmp=$(mktemp -d /tmp/trampesti-desktop-XXXXXX)
cleanup() { [ "$keep" = 1 ] && echo "desktop_check: kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT
profile=$(qgis_test_profile "$tmp" "$zip" en_US)
[ -f "$profile/python/plugins/trampesti/__init__.py" ] \
  || { echo "desktop_check: the zip has no trampesti/ folder with __init__.py" >&2; exit 5; }

[ -n "$result" ] || result="$repo/out/desktop_check.json"
mkdir -p "$(dirname "$result")" "$(dirname "$screenshot")"
rm -f "$result"
log="$tmp/qgis.log"

# -- 3. the real desktop under Xvfb -----------------------------------------------------------
# A real X display, not Qt's offscreen platform; no user session needed (own XDG dirs, also
# as root). The QGIS3.ini above turns off version check, news feed and plugin update checks.
start=$(date +%s)
set +e
run_qgis_desktop "$tmp" "$timeout_s" "$repo/scripts/desktop_check.py" "$log" \
  TRAMPESTI_CHECK_RESULT="$result" TRAMPESTI_CHECK_SCREENSHOT="$screenshot" \
  TRAMPESTI_CHECK_DATA="$data" TRAMPESTI_CHECK_PLUGIN_DIR="$profile/python/plugins/trampesti"
rc=$?
set -e
elapsed=$(( $(date +%s) - start ))

fail() {
  echo "desktop_check: FAILED — $1 (QGIS exit code $rc after ${elapsed}s); last lines of the QGIS log:" >&2
  tail -n 40 "$log" >&2 || true
  exit 1
}
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then fail "QGIS did not finish within ${timeout_s}s"; fi
[ -s "$result" ] || fail "no result file was written"
/usr/bin/python3 - "$result" <<'PY' || fail "the check reported problems (see $result)"
import json, sys
r = json.load(open(sys.argv[1]))
print(json.dumps({k: r[k] for k in ("ok", "provider_found", "algorithms", "dock_visible",
                                    "toolbox_visible", "screenshot", "errors") if k in r}, indent=1))
sys.exit(0 if r.get("ok") else 1)
PY
echo "desktop_check: OK in ${elapsed}s (QGIS exit code $rc); result $result; screenshot $screenshot"
