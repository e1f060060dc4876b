#!/usr/bin/env bash
# Installs what `make demo` / `make test` need on a fresh Debian 12 machine, then the venv.
# QGIS comes from Debian (python3-qgis, qgis) and runs on /usr/bin/python3; Python packages
# QGIS lacks go into .venv, made with --system-site-packages so QGIS stays importable.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
/usr/bin/python3 -c "import qgis.core" 2>/dev/null || need_apt+=(python3-qgis qgis qgis-providers)
/usr/bin/python3 -c "import scipy" 2>/dev/null || need_apt+=(python3-scipy)
/usr/bin/python3 -c "import venv, ensurepip" 2>/dev/null || need_apt+=(python3-venv)
command -v xvfb-run >/dev/null 2>&1 || need_apt+=(xvfb xauth)
command -v pyrcc5 >/dev/null 2>&1 || need_apt+=(pyqt5-dev-tools)
command -v lrelease >/dev/null 2>&1 || [ -x /usr/lib/qt5/bin/lrelease ] || need_apt+=(qttools5-dev-tools)
command -v zip >/dev/null 2>&1 || need_apt+=(zip)
command -v rsync >/dev/null 2>&1 || need_apt+=(rsync)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

stamp=.venv/.trampesti-requirements
if [ ! -x .venv/bin/python ] || ! cmp -s requirements-dev.txt "$stamp"; then
  echo "setup: preparing .venv (system site packages + requirements-dev.txt)"
  [ -x .venv/bin/python ] || /usr/bin/python3 -m venv --system-site-packages .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  cp requirements-dev.txt "$stamp"
fi
.venv/bin/python -c "import qgis.core, numpy, scipy, gpxpy, pynmea2, fitdecode, pytest" \
  || { echo "setup: the environment is incomplete (see messages above)"; exit 1; }
