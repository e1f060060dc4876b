"""The packaged zip (``make package``) installs and works outside the source tree.

1. ``scripts/desktop_check.sh`` installs the zip into a clean QGIS profile and starts the real
   QGIS desktop under Xvfb: provider in the Processing toolbox, the toolbar button opens the
   dock (and the dock imports a folder through its background task), full-window screenshot.
2. The unzipped plugin loads in a headless QGIS on Debian's ``/usr/bin/python3`` with every
   system copy of gpxpy / pynmea2 / fitdecode blocked: the copies bundled in ``ext_libs/`` are
   the ones imported, and ``trampesti:importtrackers`` reads real GPX (and FIT) files.

Both use the zip in ``dist/`` (the shell script rebuilds it when missing or older than a
plugin source file). Together they take about 20-30 s.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, SHARED_DATA

SYSTEM_PYTHON = "/usr/bin/python3"
DESKTOP_TIMEOUT_S = 150
REQUIRED_ALGS = ("importtrackers", "kerneldensity", "hotspots")
BUNDLED = tuple(
    line.split("==")[0].strip() for line in (REPO / "requirements.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#"))

# Track points per file as counted by the independent analysis in shared/data/MANIFEST.md.
GPX_POINTS = {
    "304_to_UL_2019-02-18_0745.gpx": 2144,
    "Mojstrovka.gpx": 184,
    "around-visnjan-with-car.gpx": 104,
    "cerknicko-without-times.gpx": 296,
    "garmin_xt_strk.gpx": 958,
    "globalsat_gh625XT.gpx": 174,
    "korita-zbevnica.gpx": 871,
    "track-with-less-sec-time.gpx": 2,
}


def _version() -> str:
    for line in (REPO / "metadata.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("version="):
            return line.split("=", 1)[1].strip()
    raise AssertionError("metadata.txt has no version=")


def _clean_env(tmp: Path) -> dict:
    """An environment without the venv, user site or the caller's QGIS profile/platform."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "QT_QPA_PLATFORM", "QGIS_CUSTOM_CONFIG_PATH")}
    runtime = tmp / "xdg-runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(PYTHONNOUSERSITE="1", XDG_RUNTIME_DIR=str(runtime))
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(REPO / ".venv")))
    return env


def _png_size(path: Path) -> tuple:
    """(width, height) from the PNG header; fails unless the file is a PNG."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def package_zip() -> Path:
    """dist/trampesti-<version>.zip, built by scripts/package.sh when missing."""
    zip_path = REPO / "dist" / f"trampesti-{_version()}.zip"
    if not zip_path.exists():
        subprocess.run(["bash", str(REPO / "scripts" / "package.sh")], cwd=REPO, check=True,
                       capture_output=True, timeout=120)
    assert zip_path.is_file()
    return zip_path


# -- 1. the real desktop ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def desktop_result(tmp_path_factory):
    for tool in ("xvfb-run", "qgis"):
        if shutil.which(tool) is None:
            pytest.skip(f"'{tool}' is not installed: the desktop check needs the QGIS desktop under Xvfb")
    tmp = tmp_path_factory.mktemp("desktop")
    result, shot = tmp / "result.json", tmp / "qgis_desktop.png"
    gpx_dir = SHARED_DATA / "gpx"
    proc = subprocess.run(
        ["bash", str(REPO / "scripts" / "desktop_check.sh"), "--result", str(result),
         "--screenshot", str(shot), "--data", str(gpx_dir) if gpx_dir.is_dir() else ""],
        cwd=REPO, env=_clean_env(tmp), capture_output=True, text=True, timeout=DESKTOP_TIMEOUT_S)
    report = json.loads(result.read_text(encoding="utf-8")) if result.exists() else {}
    return proc, report, shot


def test_desktop_check_script_passes(desktop_result):
    proc, report, _ = desktop_result
    assert proc.returncode == 0, f"desktop_check.sh failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    assert report.get("ok") is True and report["errors"] == []
    assert report["window_size"] == [1600, 1000]


def test_desktop_loads_the_installed_zip_with_bundled_libs(desktop_result):
    _, report, _ = desktop_result
    assert report["plugin_loaded"] is True
    assert "/profiles/test/python/plugins/trampesti/" in report["plugin_file"]
    for name in BUNDLED:
        assert "/profiles/test/python/plugins/trampesti/ext_libs/" in report["dependencies"][name], name
    assert report["python_errors"] == []


def test_desktop_toolbox_shows_the_provider(desktop_result):
    _, report, _ = desktop_result
    assert report["provider_found"] is True
    for alg in REQUIRED_ALGS:
        assert f"trampesti:{alg}" in report["algorithms"]
    assert len(report["toolbox_algorithms"]) == len(report["algorithms"])
    assert "Import tracker files" in report["toolbox_algorithms"]
    assert report["toolbox_visible"] is True


def test_desktop_toolbar_button_opens_the_dock(desktop_result):
    _, report, _ = desktop_result
    assert report["toolbar_action_found"] and report["toolbar_action_in_plugin_toolbar"]
    assert report["dock_found"] is True
    assert report["dock_after_trigger"]["on_screen"] is True  # as the button opens it, before any layout
    assert report["dock_visible"] is True
    if "import" not in report:
        return  # no shared test data: the dock was only opened
    # The dock imported the folder through its background task: one report row per file.
    assert report["import"]["rows"] == len(GPX_POINTS)
    assert any(name.startswith("Fixes") for name in report["import"]["layers"])


def test_desktop_screenshot_is_a_real_png(desktop_result):
    _, report, shot = desktop_result
    assert shot.is_file()
    assert _png_size(shot) == (1600, 1000)
    assert shot.stat().st_size > 50_000  # a drawn window: a blank 1600x1000 PNG is ≈ 7 kB, this one ≈ 320 kB


# -- 2. headless, on the system Python, with only the bundled libraries -------------------------
_CHILD = r'''
import importlib.abc, importlib.machinery, json, os, sys

plugins_dir, gpx_dir, fit_file, out_path = sys.argv[1:5]
ext_libs = os.path.realpath(os.path.join(plugins_dir, "trampesti", "ext_libs"))
BLOCKED = set(json.loads(sys.argv[5]))


class OnlyBundledCopies(importlib.abc.MetaPathFinder):
    """gpxpy/pynmea2/fitdecode may come only from the plugin's ext_libs (never site-packages)."""

    def find_spec(self, name, path=None, target=None):
        if name not in BLOCKED:
            return None  # submodules follow their package's __path__ (inside ext_libs)
        entries = [p for p in sys.path if p and os.path.realpath(p).startswith(ext_libs)]
        spec = importlib.machinery.PathFinder.find_spec(name, entries) if entries else None
        if spec is None:
            raise ModuleNotFoundError(f"{name} blocked: only the plugin's ext_libs copy is allowed", name=name)
        return spec


sys.meta_path.insert(0, OnlyBundledCopies())
out = {"executable": sys.executable, "before_plugin": {}}
for name in sorted(BLOCKED):
    try:
        out["before_plugin"][name] = __import__(name).__file__
    except ImportError:
        out["before_plugin"][name] = None

from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProcessingUtils, QgsProject

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
sys.path.insert(0, "/usr/share/qgis/python/plugins")
sys.path.insert(0, plugins_dir)
import processing
from processing.core.Processing import Processing

Processing.initialize()
import trampesti


class Iface:
    def mainWindow(self):
        return None


plugin = trampesti.classFactory(Iface())
plugin.initProcessing()
out["plugin_file"] = trampesti.__file__
out["algorithms"] = sorted(a.id() for a in QgsApplication.processingRegistry().providerById("trampesti").algorithms())


def run(path):
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    res = processing.run("trampesti:importtrackers", {"INPUT": path, "OUTPUT": "TEMPORARY_OUTPUT",
                         "REPORT": "TEMPORARY_OUTPUT"}, context=context, feedback=QgsProcessingFeedback())
    layer = lambda v: v if hasattr(v, "getFeatures") else QgsProcessingUtils.mapLayerFromString(v, context)
    fixes, report = layer(res["OUTPUT"]), layer(res["REPORT"])
    rows = [{k: (f[k] if not hasattr(f[k], "isNull") else None) for k in ("file", "format", "fixes_read",
             "fixes_kept", "rejected", "status")} for f in report.getFeatures()]
    return {"FIXES": int(res["FIXES"]), "FILES": int(res["FILES"]), "FILES_FAILED": int(res["FILES_FAILED"]),
            "fix_features": fixes.featureCount(), "rows": rows}


out["gpx"] = run(gpx_dir)
if fit_file:
    out["fit"] = run(fit_file)
out["loaded_during_runs"] = {name: getattr(sys.modules.get(name), "__file__", None) for name in sorted(BLOCKED)}
out["modules"] = {}
for name in sorted(BLOCKED):
    out["modules"][name] = __import__(name).__file__
json.dump(out, open(out_path, "w"), indent=1)
QgsApplication.exitQgis()
'''


@pytest.fixture(scope="module")
def headless_result(package_zip, shared_data, tmp_path_factory):
    if not Path(SYSTEM_PYTHON).exists():
        pytest.skip(f"{SYSTEM_PYTHON} (Debian's Python with QGIS) is not installed")
    gpx_dir = shared_data / "gpx"
    if not gpx_dir.is_dir():
        pytest.skip(f"no GPX test files at {gpx_dir}")
    fit_file = shared_data / "fit" / "garmin-oregon-700.fit"
    tmp = tmp_path_factory.mktemp("headless")
    plugins_dir = tmp / "profiles" / "profiles" / "test" / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    with zipfile.ZipFile(package_zip) as zf:
        zf.extractall(plugins_dir)
    env = _clean_env(tmp)
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp / "profiles"))
    out = tmp / "out.json"
    proc = subprocess.run(
        [SYSTEM_PYTHON, "-c", _CHILD, str(plugins_dir), str(gpx_dir), str(fit_file) if fit_file.exists() else "",
         str(out), json.dumps(list(BUNDLED))],
        cwd=tempfile.gettempdir(), env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and out.exists(), f"child failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return json.loads(out.read_text(encoding="utf-8")), plugins_dir


def test_unzipped_plugin_uses_only_bundled_libraries(headless_result):
    out, plugins_dir = headless_result
    ext_libs = os.path.realpath(plugins_dir / "trampesti" / "ext_libs")
    assert out["executable"] == SYSTEM_PYTHON
    assert os.path.realpath(out["plugin_file"]).startswith(os.path.realpath(plugins_dir / "trampesti"))
    # Before the plugin put ext_libs on sys.path nothing could import them: the blocker works.
    assert out["before_plugin"] == {name: None for name in BUNDLED}
    for name in BUNDLED:
        assert os.path.realpath(out["modules"][name]).startswith(ext_libs + os.sep), (name, out["modules"][name])
    for alg in REQUIRED_ALGS:
        assert f"trampesti:{alg}" in out["algorithms"]


def test_unzipped_plugin_imports_real_gpx_folder(headless_result, shared_data):
    out, _ = headless_result
    gpx = out["gpx"]
    files = sorted(p.name for p in (shared_data / "gpx").iterdir() if p.suffix.lower() == ".gpx")
    assert gpx["FILES"] == len(files)
    assert sorted(r["file"] for r in gpx["rows"]) == files  # one report row per file
    assert gpx["FIXES"] > 0
    assert gpx["fix_features"] == gpx["FIXES"] == sum(r["fixes_kept"] for r in gpx["rows"])
    by_file = {r["file"]: r for r in gpx["rows"]}
    for name, points in GPX_POINTS.items():
        if name in by_file:
            row = by_file[name]
            assert row["fixes_read"] == points, name
            assert row["fixes_read"] == row["fixes_kept"] + row["rejected"], name
            assert row["format"] == "gpx"
    # Mojstrovka's clock is stuck at 1901 (MANIFEST): nothing usable; the Strava ride is complete.
    assert by_file["Mojstrovka.gpx"]["fixes_kept"] == 0 and by_file["Mojstrovka.gpx"]["status"] == "failed"
    assert by_file["304_to_UL_2019-02-18_0745.gpx"]["fixes_kept"] == 2144


def test_unzipped_plugin_reads_fit_with_bundled_fitdecode(headless_result):
    out, plugins_dir = headless_result
    ext_libs = os.path.realpath(plugins_dir / "trampesti" / "ext_libs")
    if "fit" not in out:
        pytest.skip("garmin-oregon-700.fit is not in the shared test data")
    fit = out["fit"]
    assert fit["FILES"] == 1 and fit["rows"][0]["format"] == "fit"
    # MANIFEST: 999 records, 2 of them without a position.
    assert fit["rows"][0]["fixes_read"] == 999
    assert 990 <= fit["FIXES"] <= 997
    # The FIT reader really went through the bundled fitdecode.
    assert os.path.realpath(out["loaded_during_runs"]["fitdecode"]).startswith(ext_libs + os.sep)
