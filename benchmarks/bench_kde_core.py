"""Benchmark of core.kde.kernel_density (not a test).

Cases (uniform random points over a 5 km x 5 km area, quartic, 150 m radius, 5 m pixel):

* ``1m``   1 000 000 points: wall time and peak Python-heap memory (tracemalloc) and peak RSS.
* ``24m``  24 000 000 points, chunked binning (2 M per chunk): wall time and peak RSS.
* ``qgis`` optional side-by-side with QGIS Heatmap (``qgis:heatmapkerneldensityestimation``,
  raw output) on a smaller point set (needs the QGIS Python bindings; ``--qgis-points``):
  wall times, and the cell-by-cell difference after the constant scale (QGIS raw quartic is
  ``w (1 - d^2/h^2)^2``, i.e. ours x pi h^2 / 3). QGIS 3.22 evaluates each kernel with its
  y offset mirrored inside the point's pixel (qgskde.cpp: block row ``yp`` is read top-down
  but its centroid is computed bottom-up), so the difference is up to ~2 % of the peak for
  points inside cells and 0 for points on pixel corners.

Each case runs in its own subprocess so that peak RSS figures do not mix.

    .venv/bin/python benchmarks/bench_kde_core.py            # 1m and 24m
    .venv/bin/python benchmarks/bench_kde_core.py --case qgis --qgis-points 100000
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

AREA_M = 5000.0
X0, Y0 = 585_000.0, 6_138_000.0  # Odense, EPSG:25832
RADIUS_M = 150.0
PIXEL_M = 5.0


def _import_kde():
    pkg_parent = Path(tempfile.mkdtemp(prefix="trampesti-bench-"))
    (pkg_parent / "trampesti").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(pkg_parent))
    from trampesti.core import kde

    return kde


def _points(n: int, seed: int = 0):
    import numpy as np

    rng = np.random.default_rng(seed)
    x = X0 + rng.uniform(0, AREA_M, n)
    y = Y0 + rng.uniform(0, AREA_M, n)
    w = rng.uniform(1.0, 10.0, n)  # dwell seconds
    return x, y, w


def _rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def case_core(n: int, trace: bool, oversample=None) -> dict:
    import numpy as np

    kde = _import_kde()
    x, y, w = _points(n)
    grid = kde.Grid.for_points(x, y, PIXEL_M, pad_m=RADIUS_M)
    s = oversample if oversample is not None else kde.choose_oversample(RADIUS_M, grid)
    rss_inputs = _rss_peak_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    d = kde.kernel_density(x, y, w, grid, RADIUS_M, "quartic", method="binned", oversample=s)
    wall, cpu_call = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    kde.kernel_density(x, y, w, grid, RADIUS_M, "quartic", method="binned", oversample=s)
    wall_again = time.perf_counter() - t0
    traced = None
    if trace:  # a second, traced run: tracemalloc slows numpy down, so it is not timed
        tracemalloc.start()
        kde.kernel_density(x, y, w, grid, RADIUS_M, "quartic", method="binned", oversample=s)
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    vol_err = abs(kde.volume(d, grid) / w.sum() - 1.0)
    return {
        "points": n,
        "grid": f"{grid.n_cols} x {grid.n_rows}",
        "oversample": s,
        "error_bound_rel_peak": kde.binning_error_bound(RADIUS_M, PIXEL_M, "quartic", s),
        "wall_s": round(wall, 3),
        "wall_s_second_call": round(wall_again, 3),
        "cpu_s_first_call": round(cpu_call, 3),  # all threads; < wall when the machine is loaded
        "load_avg_1min": round(os.getloadavg()[0], 2),
        "peak_traced_mb_in_kde": None if traced is None else round(traced, 1),
        "input_arrays_mb": round(3 * n * 8 / 2**20, 1),
        "rss_before_kde_mb": round(rss_inputs, 1),
        "peak_rss_mb": round(_rss_peak_mb(), 1),
        "volume_rel_error": float(vol_err),
        "finite": bool(np.isfinite(d).all()),
    }


def case_qgis(n: int) -> dict:
    """Same points through QGIS Heatmap and through kernel_density on the same grid."""
    import numpy as np

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", tempfile.mkdtemp(prefix="trampesti-qgis-profile-"))
    from osgeo import gdal
    from qgis.core import (
        QgsApplication,
        QgsFeature,
        QgsField,
        QgsGeometry,
        QgsPointXY,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QVariant

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    import processing
    from processing.core.Processing import Processing

    Processing.initialize()
    kde = _import_kde()
    x, y, w = _points(n)
    grid = kde.Grid.for_points(x, y, PIXEL_M, pad_m=RADIUS_M)
    layer = QgsVectorLayer("Point?crs=EPSG:25832", "pts", "memory")
    pr = layer.dataProvider()
    pr.addAttributes([QgsField("w", QVariant.Double)])
    layer.updateFields()
    feats = []
    for xi, yi, wi in zip(x.tolist(), y.tolist(), w.tolist()):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(xi, yi)))
        f.setAttributes([wi])
        feats.append(f)
    pr.addFeatures(feats)
    layer.updateExtents()
    out = os.path.join(tempfile.mkdtemp(), "heat.tif")
    params = {
        "INPUT": layer,
        "RADIUS": RADIUS_M,
        "RADIUS_FIELD": None,
        "PIXEL_SIZE": PIXEL_M,
        "WEIGHT_FIELD": "w",
        "KERNEL": 0,  # quartic
        "DECAY": 0,
        "OUTPUT_VALUE": 0,  # raw
        "OUTPUT": out,
    }
    t0 = time.perf_counter()
    processing.run("qgis:heatmapkerneldensityestimation", params, context=QgsProcessingContext(),
                   feedback=QgsProcessingFeedback())
    wall_qgis = time.perf_counter() - t0
    ds = gdal.Open(out)
    band = ds.GetRasterBand(1)
    heat = band.ReadAsArray().astype(np.float64)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        heat[heat == nodata] = np.nan
    gt = ds.GetGeoTransform()
    t0 = time.perf_counter()
    ours = kde.kernel_density(x, y, w, grid, RADIUS_M, "quartic")
    wall_ours = time.perf_counter() - t0
    # our density on QGIS's own (unsnapped) grid, for a cell-by-cell comparison
    grid_q = kde.Grid.from_geotransform(gt, ds.RasterXSize, ds.RasterYSize)
    ours_q = kde.kernel_density(x, y, w, grid_q, RADIUS_M, "quartic")
    ok = np.isfinite(heat) & (ours_q > 1e-6 * ours_q.max())
    scale = float(np.nansum(heat[ok]) / ours_q[ok].sum())
    rel = np.abs(heat[ok] - scale * ours_q[ok]) / (scale * ours_q.max())
    return {
        "points": n,
        "qgis_wall_s": round(wall_qgis, 3),
        "trampesti_wall_s": round(wall_ours, 3),
        "qgis_raster": f"{ds.RasterXSize} x {ds.RasterYSize}",
        "qgis_geotransform": [round(v, 3) for v in gt],
        "trampesti_geotransform": list(grid.geotransform()),
        "qgis_over_trampesti_scale": scale,
        "max_abs_diff_rel_peak_after_scale": float(rel.max()),
        "p99_abs_diff_rel_peak": float(np.percentile(rel, 99)),
        "corr": float(np.corrcoef(heat[ok], ours_q[ok])[0, 1]),
        "trampesti_volume_over_weight": kde.volume(ours, grid) / float(w.sum()),
    }


def _run_sub(args: list) -> dict:
    res = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        return {"error": res.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--case", choices=["1m", "1m-s1", "24m", "qgis", "all"], default="all")
    ap.add_argument("--qgis-points", type=int, default=100_000)
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.inner:
        if a.case == "1m":
            r = case_core(1_000_000, trace=True)
        elif a.case == "1m-s1":
            r = case_core(1_000_000, trace=True, oversample=1)
        elif a.case == "24m":
            r = case_core(24_000_000, trace=False)
        else:
            r = case_qgis(a.qgis_points)
        print(json.dumps(r))
        return
    cases = ["1m", "1m-s1", "24m"] if a.case == "all" else [a.case]
    for c in cases:
        extra = ["--qgis-points", str(a.qgis_points)] if c == "qgis" else []
        r = _run_sub(["--inner", "--case", c, *extra])
        print(f"[{c}]")
        for k, v in r.items():
            print(f"  {k:24s} {v}")


if __name__ == "__main__":
    main()
