"""`make demo` end to end: the CLI writes the four outputs, on the simulated round and on real files."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from .conftest import REPO


def _run_demo(*args, timeout=600):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(REPO / "demo" / "run_round.py"), *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=str(REPO))


def _check_outputs(out, n_files):
    for name in ("round.gpkg", "density.tif", "map.png", "report.html"):
        assert (out / name).is_file(), name
    png = (out / "map.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    con = sqlite3.connect(str(out / "round.gpkg"))
    tables = {r[0] for r in con.execute("select table_name from gpkg_contents")}
    assert {"fixes", "report", "hotspots"} <= tables
    n_report = con.execute("select count(*) from report").fetchone()[0]
    con.close()
    assert n_report == n_files
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<tr") >= n_files and "map.png" in html
    return html


def test_demo_on_the_simulated_round(tmp_path):
    out = tmp_path / "demo"
    res = _run_demo("--out", str(out))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    _check_outputs(out, 21)  # 20 participants and the planted broken file
    con = sqlite3.connect(str(out / "round.gpkg"))
    n_hot = con.execute("select count(*) from hotspots").fetchone()[0]
    levels = {r[0] for r in con.execute("select distinct level_pct from hotspots")}
    con.close()
    assert n_hot > 0 and levels == {50.0, 75.0, 90.0}
    # the round ends with ranked sites on the map and in the report
    con = sqlite3.connect(str(out / "round.gpkg"))
    ranks = sorted(r[0] for r in con.execute("select rank from sites"))
    tables = {r[0] for r in con.execute("select table_name from gpkg_contents")}
    con.close()
    assert ranks == [1, 2, 3]
    assert {"stays", "places", "flows", "sites", "privacy"} <= tables
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "toilet_dist_m" in html or "Toilet" in html
    assert (out / "privacy.html").is_file()


@pytest.mark.parametrize("sub,n_files", [("gpx", 8), ("nmea", 8), ("csv", 5)])
def test_demo_on_real_files(tmp_path, shared_data, sub, n_files):
    out = tmp_path / sub
    res = _run_demo("--input", str(shared_data / sub), "--out", str(out))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    html = _check_outputs(out, n_files)
    if sub in ("gpx", "nmea"):
        assert 'class="failed"' in html  # failed files have their row in the report
