"""Whole-round benchmark: raw tracker files → ranked sites, wall time, fixes/s and peak RSS per stage.

Run:  cd /work/main && QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_round.py \
          [--week] [--data DIR] [--read-jobs 2] [--compare-sink 200000] [--keep]

Default case: 40 trackers × 24 h × 1 Hz = 3.456 M fixes; ``--week``: 40 × 7 days = 24.2 M.
The files are simulated with ``benchmarks/simulate_large.py`` into /tmp unless ``--data``
points at an existing output of it. Stages (in one process unless noted):

1. read files — ``core.readers.read_tracker_file`` per file + ``combine`` (what
   ``trampesti:importtrackers`` does), sequentially or with ``--read-jobs N`` worker processes
   (their rusage is reported separately: ``RUSAGE_CHILDREN``);
2. write fixes layer — ``processing.layers.write_fixes_gpkg`` (GeoPackage + R-tree);
   ``--compare-sink N`` also times ``write_fixes`` into a GeoPackage sink for the first N fixes;
3. read back — ``processing.layers.read_points`` on the GeoPackage layer (OGR Arrow bulk path);
4. kernel density — transform to UTM 32N, auto bandwidth, ``kde.kernel_density`` (10 m pixels,
   per participant), ``participants_within`` and ``kanon.suppress`` (as ``trampesti:kerneldensity``);
5. hotspots — ``hotspots.hotspot_regions`` at 50/75/90 %;
6. stays — ``core.stays.detect_stays`` (50 m, 10 min) if present;
7. sites — 100 m candidate grid, demand = stays (person-hours), ``sites.select_sites`` of 5 sites
   within 300 m, if ``core/sites.py`` is present.

Peak RSS per stage: ``VmHWM`` from /proc/self/status after resetting it (``clear_refs`` 5) at
the start of the stage; RSS at the end (``VmRSS``) shows what stays resident.
Goals (2-core machine): 3.5 M fixes raw → sites < 60 s; 24 M < 7 min and < 4 GB peak.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, List

import numpy as np

REPO = Path(__file__).resolve().parents[1]
_pkg = Path(tempfile.mkdtemp(prefix="trampesti-bench-"))
(_pkg / "trampesti").symlink_to(REPO, target_is_directory=True)
sys.path.insert(0, str(_pkg))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from trampesti.core.readers import ReaderOptions, combine, find_tracker_files, read_tracker_file  # noqa: E402


def _status_kb(key: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


ROWS: List[dict] = []


def stage(name: str, n_fixes: int, fn: Callable, *args, **kwargs):
    """Run ``fn`` as one stage; print wall time, fixes/s and peak RSS; return its result."""
    reset = _reset_peak()
    ch0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    c0 = time.process_time()
    out = fn(*args, **kwargs)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    ch1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = _status_kb("VmHWM") / 1024.0
    rss_mb = _status_kb("VmRSS") / 1024.0
    child_cpu = (ch1.ru_utime + ch1.ru_stime) - (ch0.ru_utime + ch0.ru_stime)
    row = {"stage": name, "wall_s": wall, "cpu_s": cpu, "fixes": n_fixes,
           "fixes_per_s": n_fixes / wall if wall > 0 else float("inf"),
           "peak_rss_mb": peak_mb if reset else float("nan"), "rss_end_mb": rss_mb,
           "children_cpu_s": child_cpu, "children_maxrss_mb": ch1.ru_maxrss / 1024.0 if child_cpu else 0.0}
    ROWS.append(row)
    extra = f"  children cpu {child_cpu:6.1f} s, max child RSS {row['children_maxrss_mb']:.0f} MB" if child_cpu else ""
    print(f"{name:<22} {wall:8.2f} s (cpu {cpu:7.2f} s)  {row['fixes_per_s'] / 1e6:6.2f} M fixes/s  peak RSS {peak_mb:6.0f} MB"
          f"  (end {rss_mb:6.0f} MB){extra}", flush=True)
    return out


# ------------------------------------------------------------------------------- stages
def _read_one(path: str):
    return read_tracker_file(path, ReaderOptions(participant_key="folder"))


def read_files(files: List[str], jobs: int):
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            results = list(ex.map(_read_one, files, chunksize=1))
    else:
        results = [_read_one(f) for f in files]
    failed = [r.file for r in results if r.status == "failed"]
    if failed:
        raise SystemExit(f"files failed: {failed[:3]}")
    return combine(results, 300.0, consume=True)  # as trampesti:importtrackers does


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--week", action="store_true", help="40 trackers × 7 days (24 M fixes)")
    ap.add_argument("--trackers", type=int, default=40)
    ap.add_argument("--days", type=int, default=None)
    ap.add_argument("--data", default="", help="an existing simulate_large.py output folder")
    ap.add_argument("--read-jobs", type=int, default=1)
    ap.add_argument("--compare-sink", type=int, default=0, help="also time write_fixes into a GPKG sink for N fixes")
    ap.add_argument("--pixel-m", type=float, default=10.0)
    ap.add_argument("--keep", action="store_true", help="keep the simulated files")
    ap.add_argument("--json", default="", help="write the stage table to this JSON file")
    a = ap.parse_args(argv)
    days = a.days or (7 if a.week else 1)

    data = a.data or f"/tmp/trampesti-large-{a.trackers}x{days}d"
    if not (Path(data) / "truth.json").is_file():
        from simulate_large import simulate_large

        t0 = time.perf_counter()
        truth = simulate_large(data, a.trackers, days, 1.0, 1, 2)
        print(f"simulated {truth['n_fixes_total']} fixes ({truth['bytes_total'] / 1e6:.0f} MB) in "
              f"{time.perf_counter() - t0:.1f} s (not part of the round)")
    truth = json.loads((Path(data) / "truth.json").read_text())
    files = find_tracker_files(str(Path(data) / "trackers"))
    n_total = int(truth["n_fixes_total"])
    print(f"{len(files)} files, {n_total} fixes, {truth['bytes_total'] / 1e6:.0f} MB; read jobs {a.read_jobs}")
    t_round = time.perf_counter()

    fx = stage("1 read files", n_total, read_files, files, a.read_jobs)
    n = len(fx)
    assert n == n_total, (n, n_total)

    from trampesti.processing.headless import start_qgis

    t_q = time.perf_counter()
    start_qgis()
    print(f"  (QGIS start {time.perf_counter() - t_q:.1f} s, not counted)")
    t_round += time.perf_counter() - t_q
    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsVectorFileWriter,
                           QgsVectorLayer, QgsWkbTypes)

    from trampesti.core import hotspots, kanon, kde
    from trampesti.processing import layers

    out_dir = tempfile.mkdtemp(prefix="trampesti-round-")
    gpkg = os.path.join(out_dir, "fixes.gpkg")
    stage("2 write fixes (gpkg)", n, layers.write_fixes_gpkg, gpkg, fx, "bench", True)
    if a.compare_sink:
        m = min(a.compare_sink, n)
        sub = fx.take(np.arange(m))
        p2 = os.path.join(out_dir, "sink.gpkg")
        opts = QgsVectorFileWriter.SaveVectorOptions()
        opts.driverName = "GPKG"

        def via_sink():
            w = QgsVectorFileWriter.create(p2, layers.fix_fields(True), QgsWkbTypes.Type.Point,
                                           QgsCoordinateReferenceSystem("EPSG:4326"),
                                           QgsCoordinateTransformContext(), opts)
            layers.write_fixes(w, sub, "bench", True)
            del w

        t_sink = time.perf_counter()
        stage(f"  (sink, {m} fixes)", m, via_sink)
        t_round += time.perf_counter() - t_sink  # a comparison, not part of the round
    del fx

    lyr = QgsVectorLayer(gpkg, "fixes", "ogr")
    assert lyr.isValid()
    x, y, cols = stage("3 read back (bulk)", n, layers.read_points, lyr,
                       ["participant", "time_utc", "dwell_s", "segment"])
    assert x.size == n

    def density():
        wgs = QgsCoordinateReferenceSystem("EPSG:4326")
        metric = layers.choose_metric_crs(wgs, x, y)
        xm, ym = layers.transform_xy(x, y, wgs, metric)
        w = np.nan_to_num(cols["dwell_s"], nan=0.0) / 3600.0
        pid = cols["participant"]
        bw = float(kde.auto_bandwidth_m(xm, ym, w))
        grid = kde.Grid.from_extent(float(xm.min()), float(ym.min()), float(xm.max()), float(ym.max()),
                                    a.pixel_m, bw + a.pixel_m)
        dens = kde.kernel_density(xm, ym, w, grid, bw, kernel="quartic", participant=pid, per_participant=True)
        npart = kde.participants_within(xm, ym, pid, grid, bw)
        pub = kanon.suppress(dens * 1e4, npart, 3)
        print(f"  bandwidth {bw:.1f} m, grid {grid.n_cols} × {grid.n_rows}")
        return xm, ym, w, pid, grid, pub

    xm, ym, w, pid, grid, dens = stage("4 kernel density", n, density)

    def hot():
        d = np.where(np.isfinite(dens), dens, 0.0)
        return hotspots.hotspot_regions(d, [50, 75, 90], grid, xm, ym, pid)

    regions = stage("5 hotspots", n, hot)
    print("  hotspot regions per level: " + ", ".join(f"{k:g}%: {len(v[1])}" for k, v in regions.items()))

    st = None
    try:
        from trampesti.core import stays as stays_mod
    except ImportError:
        stays_mod = None
    if stays_mod is not None and hasattr(stays_mod, "detect_stays"):
        t_s = cols["time_utc"]
        st = stage("6 stays", n, stays_mod.detect_stays, pid, t_s, xm, ym, 50.0, 600.0, 1800.0)
        print(f"  {len(st)} stays")
    else:
        print("6 stays               missing (core/stays.py not present)")

    try:
        from trampesti.core import sites as sites_mod
    except ImportError:
        sites_mod = None
    if sites_mod is not None and st is not None and len(st):
        def sites():
            cand = sites_mod.grid_candidates(float(xm.min()), float(ym.min()), float(xm.max()), float(ym.max()), 100.0)
            dxy = np.column_stack([st.x_m, st.y_m])
            return cand, sites_mod.select_sites(cand, dxy, st.duration_s / 3600.0, st.participant, 5, 300.0,
                                                min_spacing_m=300.0, k_min=3, time_limit_s=30.0)

        cand, sel = stage("7 sites", n, sites)
        print(f"  {cand.shape[0]} candidates, chosen {sel.site_index.tolist()} ({sel.method}, optimal={sel.optimal}), "
              f"{sel.total_person_hours_served:.0f} of {sel.total_person_hours:.0f} person-hours served")
    else:
        print("7 sites               missing (core/sites.py or stays not present)")

    total = time.perf_counter() - t_round
    cpu_total = sum(r["cpu_s"] + r["children_cpu_s"] for r in ROWS if not r["stage"].startswith(" "))
    peak = max(r["peak_rss_mb"] for r in ROWS)
    print(f"{'raw → sites':<22} {total:8.2f} s (cpu {cpu_total:7.2f} s)  {n / total / 1e6:6.2f} M fixes/s  "
          f"peak RSS {peak:.0f} MB (largest stage peak)")
    print(f"load average during the run: {os.getloadavg()} on {os.cpu_count()} cores (wall ≫ cpu means the "
          "machine was shared)")
    if a.json:
        Path(a.json).write_text(json.dumps({"rows": ROWS, "total_s": total, "fixes": n}, indent=1))
    shutil.rmtree(out_dir, ignore_errors=True)
    if not a.keep and not a.data:
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
