#!/usr/bin/env bash
# Screenshots of the Trampesti dock, in Danish, in the real QGIS desktop under Xvfb.
# Simulates a demo round into /tmp, installs the packaged plugin into a clean profile with
# locale da_DK and runs scripts/dock_screenshots.py, which drives the dock through the round
# and saves docs/screenshots/dock_<n>_<step>.png (plus the report's first PDF page as
# docs/screenshots/dock_report_pdf.png when pdftoppm is installed).
#
#   bash scripts/dock_screenshots.sh [--keep]
# Environment: TRAMPESTI_SHOTS_TIMEOUT_S (default 180) = wall-clock limit for QGIS.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. "$repo/scripts/qgis_desktop.sh"
keep=0
[ "${1:-}" = "--keep" ] && keep=1
timeout_s=${TRAMPESTI_SHOTS_TIMEOUT_S:-180}
for tool in qgis xvfb-run unzip timeout; do
  command -v "$tool" >/dev/null 2>&1 || { echo "dock_screenshots: '$tool' is not installed" >&2; exit 3; }
done

bash scripts/package.sh >/dev/null
version=$(sed -n 's/^version=//p' metadata.txt)
zip="$repo/dist/trampesti-$version.zip"

tmp=$(mktemp -d /tmp/trampesti-shots-XXXXXX)
cleanup() { [ "$keep" = 1 ] && echo "dock_screenshots: kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT
.venv/bin/python demo/simulate.py "$tmp/round" --participants 12 --hours 24 >/dev/null

profile=$(qgis_test_profile "$tmp" "$zip" da_DK)
[ -f "$profile/python/plugins/trampesti/i18n/trampesti_da.qm" ] \
  || { echo "dock_screenshots: the package has no i18n/trampesti_da.qm" >&2; exit 5; }

shots="$repo/docs/screenshots"
mkdir -p "$shots"
result="$tmp/result.json"
set +e
run_qgis_desktop "$tmp" "$timeout_s" "$repo/scripts/dock_screenshots.py" "$tmp/qgis.log" \
  LANG=da_DK.UTF-8 LC_ALL=C.UTF-8 \
  TRAMPESTI_SHOT_DATA="$tmp/round" TRAMPESTI_SHOT_DIR="$shots" TRAMPESTI_SHOT_OUT="$tmp/out" \
  TRAMPESTI_SHOT_RESULT="$result"
rc=$?
set -e
[ -s "$result" ] || { echo "dock_screenshots: no result (QGIS exit $rc)"; tail -n 30 "$tmp/qgis.log"; exit 1; }
/usr/bin/python3 - "$result" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(json.dumps({k: r.get(k) for k in ("ok", "steps", "report", "errors", "elapsed_s")}, indent=1, default=str))
sys.exit(0 if r.get("ok") else 1)
PY
pdf=$(ls "$tmp"/out/report_*.pdf 2>/dev/null | head -1 || true)
if [ -n "$pdf" ] && command -v pdftoppm >/dev/null 2>&1; then
  pdftoppm -png -r 60 "$pdf" "$tmp/pdfpage"
  cp "$tmp/pdfpage-1.png" "$shots/dock_report_pdf.png"
  [ -f "$tmp/pdfpage-2.png" ] && cp "$tmp/pdfpage-2.png" "$shots/dock_report_pdf_2.png"
fi
echo "dock_screenshots: saved $(ls "$shots"/dock_*.png | wc -l) screenshots in $shots"
