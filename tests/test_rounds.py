"""Rounds: change between two rounds, hotspot overlap, old sites' service, and the study store.

The planted scenario: eight participants in a metric CRS (EPSG:25832, Odense). In round 1 six
of them spend ~70 % of their fixes around place A and ~30 % around place B, 400 m east; the
other two are only at A. Round 2 is round 1 mirrored about the midpoint of A and B (same people,
same dwell times): the group's main place moved from A to B. The grid is symmetric about that
midpoint, so the density of round 2 at A equals round 1's at B exactly: change(A) = d1(B) - d1(A)
= -change(B) is an independent reference. A control round 2 has the same design as round 1 with
fresh random positions (no shift).
"""
from __future__ import annotations

import json
import math
import os
import re
import subprocess
import uuid
from pathlib import Path

import numpy as np
import pytest

from trampesti.core import compare
from trampesti.core.exceptions import ParameterError

from .conftest import REPO

CRS = "EPSG:25832"
A = (590000.0, 6140000.0)
B = (590400.0, 6140000.0)
MID_X = 0.5 * (A[0] + B[0])
EXTENT = f"{MID_X - 700},{MID_X + 700},{A[1] - 500},{A[1] + 500} [{CRS}]"
BANDWIDTH_M = 150.0
PIXEL_M = 10.0
N_FIX = 400
PEOPLE = [f"P{i:02d}" for i in range(1, 9)]
ONLY_A = {"P07", "P08"}
T0 = 1_410_000_000.0  # 2014-09-06 UTC


# ------------------------------------------------------------------------------------------
# core/compare.py on hand-made arrays
# ------------------------------------------------------------------------------------------
def test_change_keeps_every_suppressed_cell_suppressed():
    before = np.array([[1.0, np.nan, 2.0], [np.nan, 0.0, 5.0]])
    after = np.array([[3.0, 4.0, np.nan], [np.nan, 1.5, 1.0]])
    c = compare.density_change(before, after)
    assert np.isnan(c[0, 1]) and np.isnan(c[0, 2]) and np.isnan(c[1, 0])
    assert c[0, 0] == 2.0 and c[1, 1] == 1.5 and c[1, 2] == -4.0
    s = compare.summarise_change(before, after, c, cell_area_m2=100.0)  # 0.01 ha cells
    assert s.cells_published == 3 and s.cells_suppressed == 2  # (0,1) and (0,2) had presence
    assert s.gain_person_hours == pytest.approx(0.035) and s.loss_person_hours == pytest.approx(0.04)
    assert s.max_gain == 2.0 and s.max_loss == -4.0


def test_different_grids_are_refused_with_a_clear_message():
    gt = (590000.0, 10.0, 0.0, 6140000.0, 0.0, -10.0)
    with pytest.raises(ParameterError, match="different grids.*10 x 20 cells against 10 x 21"):
        compare.density_change(np.zeros((10, 20)), np.zeros((10, 21)), gt, gt)
    with pytest.raises(ParameterError, match="origin x 590000 against 590005.*GRID"):
        compare.density_change(np.zeros((10, 20)), np.zeros((10, 20)), gt, (590005.0,) + gt[1:])
    with pytest.raises(ParameterError, match="pixel width"):
        compare.check_same_grid((10, 20), gt, (10, 20), (590000.0, 20.0, 0.0, 6140000.0, 0.0, -20.0))
    compare.check_same_grid((10, 20), gt, (10, 20), tuple(v + 1e-9 for v in gt))  # rounding noise is fine


def test_jaccard_of_masks_and_areas():
    m1 = np.zeros((10, 10), bool)
    m2 = np.zeros((10, 10), bool)
    m1[0:4, 0:4] = True  # 16 cells
    m2[2:6, 2:6] = True  # 16 cells, 4 shared
    assert compare.jaccard(m1, m2) == pytest.approx(4 / 28)
    assert compare.jaccard(m1, m1) == 1.0
    assert compare.jaccard(m1, np.zeros_like(m1)) == 0.0
    assert math.isnan(compare.jaccard(np.zeros_like(m1), np.zeros_like(m1)))
    assert compare.jaccard_from_areas(16.0, 16.0, 4.0) == pytest.approx(4 / 28)


def test_served_share_from_points_and_its_k_anonymity():
    site = np.array([[0.0, 0.0]])
    # P1..P3 near the site (1 h each), P4 far (3 h)
    x = np.array([10.0, -50.0, 0.0, 1000.0])
    y = np.array([0.0, 100.0, 299.0, 0.0])
    w = np.array([1.0, 1.0, 1.0, 3.0])
    p = np.array(["P1", "P2", "P3", "P4"])
    s = compare.served_from_points(x, y, w, p, site, 300.0, k_min=3)
    assert s.share_presence == pytest.approx(0.5) and s.person_hours_served == 3.0
    assert s.participants_served == 3 and s.share_participants == pytest.approx(0.75)
    # only two participants within reach at k_min 3: withheld
    s2 = compare.served_from_points(x, y, w, p, site, 120.0, k_min=3)
    assert math.isnan(s2.share_presence) and math.isnan(s2.participants_served)
    # nobody within reach: an empty group identifies nobody, published as 0
    s0 = compare.served_from_points(x, y, w, p, site, 5.0, k_min=3)
    assert s0.share_presence == 0.0 and s0.participants_served == 0
    # a round of fewer than k_min participants publishes nothing
    sk = compare.served_from_points(x[:2], y[:2], w[:2], p[:2], site, 300.0, k_min=3)
    assert math.isnan(sk.person_hours_total)


def test_served_share_from_density_counts_cells_by_centre():
    gt = (0.0, 10.0, 0.0, 100.0, 0.0, -10.0)
    d = np.full((10, 10), 1.0)
    d[0, 0] = np.nan
    s = compare.served_from_density(d, gt, np.array([[55.0, 45.0]]), 5.0)  # only cell (5, 5) centre within 5 m
    assert s.share_presence == pytest.approx(1 / 99)
    assert s.person_hours_served == pytest.approx(1.0 * 100 / 10000)
    assert math.isnan(s.participants_served)


# ------------------------------------------------------------------------------------------
# The planted two-round scenario through processing.run
# ------------------------------------------------------------------------------------------
def _simulate(seed: int, mirror: bool):
    rng = np.random.default_rng(seed)
    xs, ys, ps, ws = [], [], [], []
    for person in PEOPLE:
        share_a = 1.0 if person in ONLY_A else 0.7
        at_a = rng.random(N_FIX) < share_a
        cx = np.where(at_a, A[0], B[0])
        cy = np.where(at_a, A[1], B[1])
        xs.append(cx + rng.normal(0, 25, N_FIX))
        ys.append(cy + rng.normal(0, 25, N_FIX))
        ps.append(np.full(N_FIX, person))
        ws.append(rng.uniform(30, 90, N_FIX))
    x, y = np.concatenate(xs), np.concatenate(ys)
    if mirror:
        x = 2 * MID_X - x
    return x, y, np.concatenate(ps), np.concatenate(ws)


def _write_fixes(path: Path, x, y, pid, dwell, label: str) -> str:
    from qgis.core import (QgsCoordinateTransformContext, QgsFeature, QgsGeometry, QgsPointXY, QgsVectorFileWriter,
                           QgsVectorLayer)

    from trampesti.processing.layers import qdatetime_utc

    lyr = QgsVectorLayer(f"Point?crs={CRS}&field=participant:string&field=round:string&field=time_utc:datetime"
                         "&field=dwell_s:double&field=segment:integer", "fixes", "memory")
    feats = []
    for i in range(x.size):
        f = QgsFeature(lyr.fields())
        f.setAttributes([str(pid[i]), label, qdatetime_utc(T0 + 60.0 * i), float(dwell[i]), 0])
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x[i]), float(y[i]))))
        feats.append(f)
    assert lyr.dataProvider().addFeatures(feats)
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = "fixes"
    err = QgsVectorFileWriter.writeAsVectorFormatV3(lyr, str(path), QgsCoordinateTransformContext(), opts)
    assert err[0] == QgsVectorFileWriter.WriterError.NoError, err
    return str(path)


def _read_tif(path):
    from osgeo import gdal

    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray().astype(np.float64)
    nd = band.GetNoDataValue()
    if nd is not None:
        a[a == nd] = np.nan
    info = {"dtype": band.DataType, "description": band.GetDescription(), "units": band.GetUnitType()}
    return a, ds.GetGeoTransform(), info


def _cell(gt, xy):
    return int((gt[3] - xy[1]) // -gt[5]), int((xy[0] - gt[0]) // gt[1])


def _rows(layer):
    from qgis.core import NULL

    names = [f.name() for f in layer.fields()]
    return [{n: (None if v == NULL else v) for n, v in zip(names, f.attributes())} for f in layer.getFeatures()]


@pytest.fixture(scope="module")
def rounds(qgis_app, tmp_path_factory):
    """Fixes, density and hotspots of round 1, the shifted round 2 and an unshifted control."""
    import processing

    d = tmp_path_factory.mktemp("rounds")
    data = {"r1": _simulate(11, False), "r2": _simulate(11, True), "ctl": _simulate(12, False)}
    out = {"dir": d, "xy": data}
    for label, (x, y, pid, w) in data.items():
        fixes = _write_fixes(d / f"fixes_{label}.gpkg", x, y, pid, w, label)
        params = {"INPUT": fixes, "BANDWIDTH_M": BANDWIDTH_M, "PIXEL_SIZE_M": PIXEL_M, "K_MIN": 3,
                  "OUTPUT": str(d / f"density_{label}.tif")}
        if label == "r1":
            params["EXTENT"] = EXTENT
        else:
            params["GRID"] = out["r1"]["density"]
        dens = processing.run("trampesti:kerneldensity", params)["OUTPUT"]
        hot = processing.run("trampesti:hotspots", {"INPUT": dens, "LEVELS": "50,90", "FIXES": fixes, "K_MIN": 3,
                                                    "OUTPUT": str(d / f"hotspots_{label}.gpkg")})["OUTPUT"]
        out[label] = {"fixes": fixes, "density": dens, "hotspots": hot}
    sites = d / "sites.geojson"
    sites.write_text('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},'
                     '"features":[{"type":"Feature","properties":{"rank":1},"geometry":{"type":"Point",'
                     f'"coordinates":[{A[0]},{A[1]}]}}}}]}}')
    out["sites"] = str(sites)
    return out


def _compare(rounds, after: str, **extra):
    import processing

    params = {"BEFORE": rounds["r1"]["density"], "AFTER": rounds[after]["density"],
              "BEFORE_HOTSPOTS": rounds["r1"]["hotspots"], "AFTER_HOTSPOTS": rounds[after]["hotspots"],
              "SITES": rounds["sites"], "SERVICE_RADIUS_M": 300, "K_MIN": 3,
              "OUTPUT": str(rounds["dir"] / f"change_{after}_{len(extra)}.tif"), "REPORT": "memory:report"}
    params.update(extra)
    res = processing.run("trampesti:compareround", params)
    table = {(r["metric"], r["level"]): r for r in _rows(res["REPORT"])}
    return res, table


def test_shift_of_the_main_place_shows_as_loss_at_a_and_gain_at_b(rounds):
    res, table = _compare(rounds, "r2")
    change, gt, band = _read_tif(res["OUTPUT"])
    d1, gt1, _ = _read_tif(rounds["r1"]["density"])
    d2, _, _ = _read_tif(rounds["r2"]["density"])
    assert gt == gt1 and change.shape == d1.shape
    assert band["dtype"] == 6  # GDT_Float32
    assert band["description"] == "change in density of presence (after - before)"
    assert band["units"] == "person-hours per hectare"
    ra, ca = _cell(gt, A)
    rb, cb = _cell(gt, B)
    nc = d1.shape[1]
    # planted truth: round 2 is round 1 mirrored about the midpoint of A and B, and so is the grid
    assert np.array_equal(np.isfinite(d2), np.isfinite(d1[:, ::-1]))
    assert np.nanmax(np.abs(d2 - d1[:, ::-1])) <= 1e-3 * np.nanmax(d1)
    assert change[ra, ca] < 0 < change[rb, cb]
    assert change[ra, ca] == pytest.approx(d1[ra, nc - 1 - ca] - d1[ra, ca], rel=1e-3)
    assert change[rb, cb] == pytest.approx(d1[rb, nc - 1 - cb] - d1[rb, cb], rel=1e-3)
    assert change[ra, nc - 1 - ca] == pytest.approx(-change[ra, ca], rel=1e-3)  # the mirror cell of A's
    # A held ~70 % of round 1's presence and B ~30 %: the loss at A is a large part of A's density
    assert 0.3 < -change[ra, ca] / d1[ra, ca] < 0.8
    # k-anonymity: published exactly where both rounds were published
    assert np.array_equal(np.isfinite(change), np.isfinite(d1) & np.isfinite(d2))
    assert np.any(np.isfinite(d1) & ~np.isfinite(d2))  # some cells really are withheld
    assert table[("change_cells_published", None)]["change"] == np.isfinite(change).sum()
    assert table[("person_hours_published", None)]["after"] == pytest.approx(np.nansum(d2) * 100 / 1e4, rel=1e-5)
    pytest.shared_figures = {"change_A": float(change[ra, ca]), "change_B": float(change[rb, cb]),
                             "d1_A": float(d1[ra, ca]), "d1_B": float(d1[rb, cb])}
    print("max mirror deviation", np.nanmax(np.abs(d2 - d1[:, ::-1])) / np.nanmax(d1))
    print("change at A", change[ra, ca], "at B", change[rb, cb], "d1(A)", d1[ra, ca], "d1(B)", d1[rb, cb])


def test_hotspot_overlap_is_near_zero_after_the_shift_and_near_one_without(rounds):
    _, shifted = _compare(rounds, "r2")
    _, control = _compare(rounds, "ctl")
    j_shift = shifted[("hotspot_jaccard", 50.0)]["change"]
    j_ctl = control[("hotspot_jaccard", 50.0)]["change"]
    print("Jaccard 50 %: shifted", j_shift, "control", j_ctl,
          "| 90 %: shifted", shifted[("hotspot_jaccard", 90.0)]["change"], "control",
          control[("hotspot_jaccard", 90.0)]["change"])
    assert j_shift < 0.05
    assert j_ctl > 0.8
    # the 50 % hotspot's centre moved by the planted 400 m, the control's barely
    assert shifted[("hotspot_centroid_shift_m", 50.0)]["change"] == pytest.approx(400.0, abs=15.0)
    assert control[("hotspot_centroid_shift_m", 50.0)]["change"] < 15.0
    # the polygon areas agree with the raster masks (compareround without polygons)
    _, masks = _compare(rounds, "r2", BEFORE_HOTSPOTS=None, AFTER_HOTSPOTS=None, LEVELS="50,90")
    for lv in (50.0, 90.0):
        assert masks[("hotspot_area_m2", lv)]["before"] == pytest.approx(shifted[("hotspot_area_m2", lv)]["before"],
                                                                         rel=1e-6)
        assert masks[("hotspot_jaccard", lv)]["change"] == pytest.approx(shifted[("hotspot_jaccard", lv)]["change"],
                                                                         abs=1e-6)


def test_old_sites_serve_less_of_the_group_after_the_shift(rounds):
    res, table = _compare(rounds, "r2", BEFORE_FIXES=rounds["r1"]["fixes"], AFTER_FIXES=rounds["r2"]["fixes"],
                          REPORT_HTML=str(rounds["dir"] / "compare.html"))
    # independent reference straight from the planted fixes
    ref = {}
    for label in ("r1", "r2"):
        x, y, pid, w = rounds["xy"][label]
        near = np.hypot(x - A[0], y - A[1]) <= 300.0
        ref[label] = (w[near].sum() / w.sum(), len(set(pid[near])))
    row = table[("served_share_presence", None)]
    assert row["before"] == pytest.approx(ref["r1"][0], rel=1e-6)
    assert row["after"] == pytest.approx(ref["r2"][0], rel=1e-6)
    assert row["after"] < row["before"] - 0.3
    part = table[("served_participants", None)]
    assert (part["before"], part["after"]) == (ref["r1"][1], ref["r2"][1]) == (8, 6)
    assert table[("served_share_participants", None)]["after"] == pytest.approx(6 / 8)
    # from the density rasters alone the share drops too (kernel spread blurs it a little)
    _, dens = _compare(rounds, "r2")
    drow = dens[("served_share_presence", None)]
    assert drow["after"] < drow["before"] - 0.3
    assert abs(drow["before"] - ref["r1"][0]) < 0.1
    html = Path(res["REPORT_HTML"]).read_text(encoding="utf-8")
    assert "served_share_presence" in html and "hotspot_jaccard" in html
    print("served share before", row["before"], "after", row["after"], "density-based", drow["before"], drow["after"])


def test_compare_refuses_rasters_on_different_grids(rounds, qgis_app):
    import processing
    from qgis.core import QgsProcessingException

    other = str(rounds["dir"] / "other_grid.tif")
    processing.run("trampesti:kerneldensity", {
        "INPUT": rounds["r2"]["fixes"], "BANDWIDTH_M": BANDWIDTH_M, "PIXEL_SIZE_M": PIXEL_M, "K_MIN": 3,
        "EXTENT": f"{MID_X - 600},{MID_X + 700},{A[1] - 500},{A[1] + 500} [{CRS}]", "OUTPUT": other})
    with pytest.raises(QgsProcessingException, match="different grids"):
        processing.run("trampesti:compareround", {"BEFORE": rounds["r1"]["density"], "AFTER": other,
                                                  "OUTPUT": str(rounds["dir"] / "bad.tif"), "REPORT": "memory:"})


def test_change_style_is_diverging_and_transparent_at_zero(rounds):
    from qgis.core import QgsRasterLayer

    from trampesti.processing.alg_compareround import style_change

    res, _ = _compare(rounds, "r2")
    lyr = QgsRasterLayer(res["OUTPUT"], "change")
    style_change(lyr)
    items = lyr.renderer().shader().rasterShaderFunction().colorRampItemList()
    values = [i.value for i in items]
    assert values[0] == pytest.approx(-values[-1]) and values[0] < 0
    zero = [i for i in items if i.value == 0.0][0]
    assert zero.color.alpha() == 0
    first, last = items[0].color, items[-1].color
    assert first.blue() > first.red() and last.red() > last.blue()


# ------------------------------------------------------------------------------------------
# Study store
# ------------------------------------------------------------------------------------------
def _save(store_params: dict, rounds, label: str, **extra):
    import processing

    params = {"ROUND": label, "FIXES": rounds[label]["fixes"], "HOTSPOTS": rounds[label]["hotspots"],
              "SITES": rounds["sites"], "DENSITY": rounds[label]["density"],
              "SETTINGS": '{"bandwidth_m": 150, "pixel_size_m": 10, "k_min": 3, "levels": "50,90"}'}
    params.update(store_params)
    params.update(extra)
    return processing.run("trampesti:saveround", params)


def _check_round_trip(store, rounds, label: str):
    from qgis.core import QgsVectorLayer

    info = store.round_info(label)
    assert info.settings == {"bandwidth_m": 150, "pixel_size_m": 10, "k_min": 3, "levels": "50,90"}
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", info.created_utc)
    src_fixes = QgsVectorLayer(rounds[label]["fixes"], "src", "ogr")
    src_hot = QgsVectorLayer(rounds[label]["hotspots"], "src", "ogr")
    assert info.layers == {"fixes": src_fixes.featureCount(), "hotspots": src_hot.featureCount(), "sites": 1}
    fixes = store.layer("fixes", label)
    assert fixes.featureCount() == src_fixes.featureCount() == len(PEOPLE) * N_FIX
    got = sorted((f["participant"], f["time_utc"].toMSecsSinceEpoch(), round(f["dwell_s"], 9),
                  round(f.geometry().asPoint().x(), 3), round(f.geometry().asPoint().y(), 3), f["round"])
                 for f in fixes.getFeatures())
    want = sorted((f["participant"], f["time_utc"].toMSecsSinceEpoch(), round(f["dwell_s"], 9),
                   round(f.geometry().asPoint().x(), 3), round(f.geometry().asPoint().y(), 3), label)
                  for f in src_fixes.getFeatures())
    assert got == want
    hot = store.layer("hotspots", label)
    assert sorted((f["level_pct"], round(f.geometry().area(), 3), f["n_participants"]) for f in hot.getFeatures()) \
        == sorted((f["level_pct"], round(f.geometry().area(), 3), f["n_participants"]) for f in src_hot.getFeatures())
    assert store.layer("sites", label).featureCount() == 1
    dens = store.density(label, str(rounds["dir"] / f"back_{store.kind}_{label}.tif"))
    a, gt, _ = _read_tif(dens)
    b, gtb, _ = _read_tif(rounds[label]["density"])
    assert gt == gtb and np.array_equal(np.isnan(a), np.isnan(b)) and np.array_equal(a[~np.isnan(a)], b[~np.isnan(b)])


def test_geopackage_store_round_trips_two_rounds(rounds, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    from trampesti.processing.store import GeoPackageStore

    study = tmp_path / "study.gpkg"
    store_params = {"STORE_KIND": 0, "STORE_FILE": str(study)}
    res = _save(store_params, rounds, "r1")
    assert res["N_FEATURES"] == QgsVectorLayer_count(rounds["r1"]["fixes"]) + QgsVectorLayer_count(
        rounds["r1"]["hotspots"]) + 1
    _save(store_params, rounds, "r2")
    store = GeoPackageStore(str(study))
    assert [r.round_label for r in store.rounds()] == ["r1", "r2"]
    for label in ("r1", "r2"):
        _check_round_trip(store, rounds, label)
    assert store.open_table("fixes").featureCount() == 2 * len(PEOPLE) * N_FIX
    # a label already stored is refused, and replaced with OVERWRITE (not doubled)
    with pytest.raises(QgsProcessingException, match="already in the study store"):
        _save(store_params, rounds, "r1")
    _save(store_params, rounds, "r1", OVERWRITE=True)
    store = GeoPackageStore(str(study))
    assert sorted(r.round_label for r in store.rounds()) == ["r1", "r2"]
    assert store.open_table("fixes").featureCount() == 2 * len(PEOPLE) * N_FIX
    _check_round_trip(store, rounds, "r1")
    # the stored rasters compare like the originals
    from trampesti.processing.store import raster_layer

    before, after = raster_layer(store.density("r1"), "r1"), raster_layer(store.density("r2"), "r2")
    assert before.isValid() and after.isValid()
    res = processing.run("trampesti:compareround", {
        "BEFORE": before, "AFTER": after, "OUTPUT": str(tmp_path / "c.tif"), "REPORT": "memory:"})
    assert res["CELLS_PUBLISHED"] > 0
    # and trampesti:loadround opens a round as layers
    from qgis.core import QgsProcessingContext, QgsProcessingUtils, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    res = processing.run("trampesti:loadround", {"ROUND": "r2", "STORE_KIND": 0, "STORE_FILE": str(study)},
                         context=context)
    assert set(res["ROUNDS"].split(",")) == {"r1", "r2"}
    assert json.loads(res["SETTINGS"])["bandwidth_m"] == 150
    fixes = res["FIXES"]
    fixes = fixes if not isinstance(fixes, str) else QgsProcessingUtils.mapLayerFromString(fixes, context)
    assert fixes.featureCount() == len(PEOPLE) * N_FIX and {f["round"] for f in fixes.getFeatures()} == {"r2"}
    dens = res["DENSITY"]
    dens = dens if not isinstance(dens, str) else QgsProcessingUtils.mapLayerFromString(dens, context)
    assert dens.isValid() and (dens.width(), dens.height()) == (140, 100)
    assert "TRIPS" not in res or res["TRIPS"] is None


def QgsVectorLayer_count(path: str) -> int:  # noqa: N802
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(path, "n", "ogr").featureCount()


def test_store_refuses_raw_fixes_and_drops_credential_settings(rounds, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsVectorLayer

    raw = QgsVectorLayer(f"Point?crs={CRS}&field=participant:string&field=source:string", "raw", "memory")
    with pytest.raises(QgsProcessingException, match="Anonymise"):
        processing.run("trampesti:saveround", {"ROUND": "x", "FIXES": raw, "STORE_KIND": 0,
                                               "STORE_FILE": str(tmp_path / "s.gpkg")})
    from trampesti.processing.store import GeoPackageStore

    store = GeoPackageStore(str(tmp_path / "s2.gpkg"))
    info = store.save_round("r1", {"sites": QgsVectorLayer(rounds["sites"], "s", "ogr")},
                            settings={"k_min": 3, "db": {"password": "hunter2", "host": "x"}, "authcfg": "abc"})
    assert store.round_info("r1").settings == info.settings == {"k_min": 3, "db": {"host": "x"}}


# ------------------------------------------------------------------------------------------
# PostGIS store against a real server, credentials through the QGIS authentication manager
# ------------------------------------------------------------------------------------------
def _pg_env():
    script = REPO / "scripts" / "setup_postgis.sh"
    env_file = Path(os.environ.get("TRAMPESTI_PG_DIR", "/tmp/trampesti-pg")) / "env"
    try:
        out = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"setup_postgis.sh could not run: {exc}"
    if out.returncode != 0 or not env_file.is_file():
        return None, f"setup_postgis.sh failed (rc {out.returncode}): {out.stderr.strip()[-400:]}"
    env = dict(line.strip().split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    return env, out.stdout + out.stderr


@pytest.fixture(scope="module")
def postgis(qgis_app):
    """A PostGIS connection saved in the QGIS profile with its credentials in an authcfg."""
    env, log = _pg_env()
    if env is None:
        pytest.skip(f"no PostgreSQL/PostGIS server could be started: {log}")
    assert env["TRAMPESTI_PG_PASSWORD"] not in log  # the setup script never prints the password
    from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri, QgsProviderRegistry

    am = QgsApplication.authManager()
    assert am.authenticationDatabasePath().startswith(os.environ["QGIS_CUSTOM_CONFIG_PATH"])  # temp profile
    if not am.masterPasswordIsSet():
        assert am.setMasterPassword("trampesti-test-master", True)
    cfg = QgsAuthMethodConfig("Basic")
    cfg.setName("trampesti-test-postgis")
    cfg.setConfig("username", env["TRAMPESTI_PG_USER"])
    cfg.setConfig("password", env["TRAMPESTI_PG_PASSWORD"])
    ok, cfg = am.storeAuthenticationConfig(cfg)
    assert ok and cfg.id()
    uri = QgsDataSourceUri()
    uri.setConnection(env["TRAMPESTI_PG_HOST"], env["TRAMPESTI_PG_PORT"], env["TRAMPESTI_PG_DB"], "", "",
                      QgsDataSourceUri.SslMode.SslDisable, cfg.id())
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    conn = md.createConnection(uri.uri(False), {})
    md.saveConnection(conn, "trampesti_test")
    schema = f"test_{uuid.uuid4().hex[:10]}"
    yield {"env": env, "uri": uri, "schema": schema, "conn": conn, "authcfg": cfg.id()}
    conn.executeSql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    md.deleteConnection("trampesti_test")
    am.removeAuthenticationConfig(cfg.id())


def test_postgis_store_round_trips_a_round_through_an_authcfg(rounds, postgis):
    from trampesti.processing.store import PostgisStore

    store_params = {"STORE_KIND": 1, "CONNECTION": "trampesti_test", "SCHEMA": postgis["schema"]}
    res = _save(store_params, rounds, "r1")
    assert postgis["env"]["TRAMPESTI_PG_PASSWORD"] not in res["STORE"]
    assert f"authcfg={postgis['authcfg']}" in res["STORE"]
    _save(store_params, rounds, "r2")
    store = PostgisStore(postgis["uri"], postgis["schema"])
    assert [r.round_label for r in store.rounds()] == ["r1", "r2"]
    for label in ("r1", "r2"):
        _check_round_trip(store, rounds, label)
    assert store.open_table("fixes").featureCount() == 2 * len(PEOPLE) * N_FIX
    # the tables really are PostGIS tables in the schema
    rows = postgis["conn"].executeSql(
        f"SELECT f_table_name, srid FROM geometry_columns WHERE f_table_schema = '{postgis['schema']}' "
        "ORDER BY f_table_name")
    assert [tuple(r) for r in rows] == [("fixes", 25832), ("hotspots", 25832), ("sites", 25832)]
    import processing

    res = processing.run("trampesti:loadround", dict({"ROUND": "r1"}, **store_params))
    fixes, dens = res["FIXES"], res["DENSITY"]
    assert fixes.providerType() == "postgres" and fixes.featureCount() == len(PEOPLE) * N_FIX
    assert f"authcfg={postgis['authcfg']}" in fixes.source()
    assert postgis["env"]["TRAMPESTI_PG_PASSWORD"] not in fixes.source()
    assert dens.isValid() and (dens.width(), dens.height()) == (140, 100)


def test_postgis_password_is_written_nowhere(rounds, postgis, tmp_path):
    """Project, model, HTML report, Processing log and the profile hold no password; URIs neither."""
    import processing
    from qgis.core import (QgsApplication, QgsDataSourceUri, QgsProcessingContext, QgsProcessingFeedback,
                           QgsProcessingModelAlgorithm, QgsProcessingModelChildAlgorithm,
                           QgsProcessingModelChildParameterSource, QgsProject)

    from trampesti.processing.store import PostgisStore, StoreError

    password = postgis["env"]["TRAMPESTI_PG_PASSWORD"]
    messages = []
    QgsApplication.messageLog().messageReceived.connect(lambda msg, tag, level: messages.append(f"{tag}: {msg}"))
    feedback = QgsProcessingFeedback()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    store_params = {"STORE_KIND": 1, "CONNECTION": "trampesti_test", "SCHEMA": postgis["schema"]}
    processing.run("trampesti:saveround", dict({"ROUND": "pw", "SITES": rounds["sites"],
                                                "DENSITY": rounds["r1"]["density"], "OVERWRITE": True},
                                               **store_params), context=context, feedback=feedback)
    store = PostgisStore(postgis["uri"], postgis["schema"])
    layer = store.layer("sites", "pw")
    assert layer.isValid() and layer.featureCount() == 1
    for text in (layer.source(), layer.dataProvider().dataSourceUri(), layer.publicSource(), store.describe()):
        assert password not in text
        assert f"authcfg={postgis['authcfg']}" in text or "authcfg" in store.describe()
    assert QgsDataSourceUri(layer.source()).password() == ""
    # a project holding the stored layer
    project = QgsProject()
    project.addMapLayer(layer)
    assert project.write(str(tmp_path / "study.qgs"))
    # a model that saves a round to the connection
    model = QgsProcessingModelAlgorithm("save", "trampesti")
    child = QgsProcessingModelChildAlgorithm("trampesti:saveround")
    child.setChildId("save")
    child.addParameterSources("CONNECTION", [QgsProcessingModelChildParameterSource.fromStaticValue("trampesti_test")])
    child.addParameterSources("STORE_KIND", [QgsProcessingModelChildParameterSource.fromStaticValue(1)])
    model.addChildAlgorithm(child)
    assert model.toFile(str(tmp_path / "save.model3"))
    # a report of the stored round
    res = processing.run("trampesti:compareround", {
        "BEFORE": store.density("pw"), "AFTER": rounds["r2"]["density"], "SITES": layer, "OUTPUT":
        str(tmp_path / "c.tif"), "REPORT": "memory:", "REPORT_HTML": str(tmp_path / "report.html")})
    (tmp_path / "processing.log").write_text(feedback.textLog() + "\n" + "\n".join(messages), encoding="utf-8")
    assert "authcfg" in (tmp_path / "study.qgs").read_text(encoding="utf-8")
    from qgis.core import QgsSettings

    QgsSettings().sync()  # the saved connection is on disk in the profile
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    profile = [p for p in Path(os.environ["QGIS_CUSTOM_CONFIG_PATH"]).rglob("*") if p.is_file()]
    assert any(b"trampesti_test" in p.read_bytes() and postgis["authcfg"].encode() in p.read_bytes()
               for p in profile), "the saved connection (with its authcfg) is not in the profile"
    files += profile
    assert len(files) >= 6
    needle = password.encode()
    leaks = [str(p) for p in files if needle in p.read_bytes()]
    assert leaks == []
    assert Path(res["REPORT_HTML"]).is_file()
    # a connection that carries a password is refused outright
    bad = QgsDataSourceUri(postgis["uri"].uri(False))
    bad.setAuthConfigId("")
    bad.setUsername(postgis["env"]["TRAMPESTI_PG_USER"])
    bad.setPassword(password)
    with pytest.raises(StoreError, match="authentication configuration"):
        PostgisStore(bad, postgis["schema"])
