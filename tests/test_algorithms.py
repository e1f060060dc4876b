"""The Processing algorithms, called as a planner's model or script calls them: processing.run."""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.usefixtures("qgis_app")


@pytest.fixture(scope="session")
def demo_round(tmp_path_factory):
    """The embedded simulated demo round (20 participants, 24 h) and its planted truth."""
    from trampesti.demo.simulate import simulate_round

    out = tmp_path_factory.mktemp("demo-round")
    simulate_round(out)
    return out, json.loads((out / "truth.json").read_text())


@pytest.fixture(scope="session")
def imported_demo(demo_round, qgis_app, tmp_path_factory):
    import processing

    out, truth = demo_round
    gpkg = tmp_path_factory.mktemp("imported") / "fixes.gpkg"
    res = processing.run("trampesti:importtrackers", {
        "INPUT": str(out / "trackers"), "ROUND": "2014-09", "OUTPUT": str(gpkg),
        "REPORT": "memory:report"})
    return res, truth, gpkg


def _rows(layer):
    names = [f.name() for f in layer.fields()]
    return [dict(zip(names, f.attributes())) for f in layer.getFeatures()]


def test_import_real_gpx_folder_one_report_row_per_file(run_alg, shared_data):
    from qgis.core import QgsWkbTypes

    folder = shared_data / "gpx"
    res = run_alg("trampesti:importtrackers", {"INPUT": str(folder), "OUTPUT": "memory:", "REPORT": "memory:"})
    from qgis.core import QgsProcessingContext  # noqa: F401

    fixes = res["OUTPUT"] if not isinstance(res["OUTPUT"], str) else None
    assert res["FILES"] == len(list(folder.glob("*.gpx"))) == 8
    report = res["REPORT"]
    rows = {r["file"]: r for r in _rows(report)}
    assert len(rows) == 8
    for r in rows.values():
        assert r["fixes_read"] == r["fixes_kept"] + r["rejected"]
    assert rows["Mojstrovka.gpx"]["status"] == "failed" and rows["Mojstrovka.gpx"]["message"]
    assert rows["korita-zbevnica.gpx"]["fixes_read"] == 871
    assert rows["korita-zbevnica.gpx"]["fixes_kept"] == 513
    assert "no_time=358" in rows["korita-zbevnica.gpx"]["reasons"]
    assert rows["304_to_UL_2019-02-18_0745.gpx"]["fixes_kept"] == 2144
    assert rows["304_to_UL_2019-02-18_0745.gpx"]["first_utc"].toString("yyyy-MM-ddTHH:mm:ss") == "2019-02-18T07:45:50"
    assert fixes is None or fixes.featureCount() == sum(r["fixes_kept"] for r in rows.values())
    if fixes is not None:
        assert fixes.crs().authid() == "EPSG:4326"
        assert fixes.wkbType() == QgsWkbTypes.Type.Point
        names = [f.name() for f in fixes.fields()]
        for field in ("participant", "round", "time_utc", "dwell_s", "segment", "speed_mps", "ele_m", "hdop",
                      "sats", "source"):
            assert field in names


@pytest.mark.parametrize("sub,n_files,failed", [("nmea", 8, {"gpsd_tn200.log", "gpsd_april6_2019.log"}),
                                                 ("csv", 5, set())])
def test_import_real_nmea_and_csv_folders(run_alg, shared_data, sub, n_files, failed):
    res = run_alg("trampesti:importtrackers", {"INPUT": str(shared_data / sub), "OUTPUT": "memory:",
                                               "REPORT": "memory:"})
    rows = _rows(res["REPORT"])
    assert len(rows) == n_files
    assert {r["file"] for r in rows if r["status"] == "failed"} == failed
    assert res["OUTPUT"].featureCount() == sum(r["fixes_kept"] for r in rows)
    assert all(r["fixes_read"] == r["fixes_kept"] + r["rejected"] for r in rows)


def test_import_a_single_file_and_a_broken_one(run_alg, tmp_path, shared_data):
    junk = tmp_path / "junk.gpx"
    junk.write_bytes(b"\x00\x01 this is not a track \xff" * 20)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    good = shared_data / "cases" / "single_quoted_ns.gpx"
    (tmp_path / "good.gpx").write_bytes(good.read_bytes())
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    res = run_alg("trampesti:importtrackers", {"INPUT": str(tmp_path), "OUTPUT": "memory:", "REPORT": "memory:"})
    rows = {r["file"]: r for r in _rows(res["REPORT"])}
    assert rows["junk.gpx"]["status"] == "failed" and rows["junk.gpx"]["message"]
    assert rows["empty.csv"]["status"] == "failed"
    assert rows["good.gpx"]["status"] == "ok" and rows["good.gpx"]["fixes_kept"] == 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # inputs never changed
    single = run_alg("trampesti:importtrackers", {"INPUT": str(tmp_path / "good.gpx"), "OUTPUT": "memory:",
                                                  "REPORT": "memory:"})
    f = next(single["OUTPUT"].getFeatures())
    assert f.geometry().asPoint().y() == pytest.approx(55.3960) and f.geometry().asPoint().x() == pytest.approx(10.3880)
    assert f["time_utc"].toString("yyyy-MM-ddTHH:mm:ss") == "2021-06-01T08:00:00"
    assert f["ele_m"] == pytest.approx(12.0)


def test_import_demo_round_matches_planted_counts(imported_demo):
    res, truth, gpkg = imported_demo
    rows = {r["file"]: r for r in _rows(res["REPORT"])}
    assert len(rows) == truth["n_participants"] + 1  # the broken file has its row too
    for p in truth["participants"]:
        row = rows[p["file"]]
        if p["format"] in ("gpx", "csv"):
            assert row["fixes_kept"] == p["n_fixes"], p["file"]
        else:  # NMEA: an epoch counts once whatever its sentences; planted no-fix and bad lines rejected
            assert row["fixes_kept"] == p["n_fixes"] or row["fixes_read"] >= p["n_fixes"], p["file"]
        first = row["first_utc"].toString("yyyy-MM-ddTHH:mm:ss") + "Z"
        assert first == p["first_utc"], p["file"]
    assert rows[truth["broken_file"]]["status"] in ("failed", "partial")


def _heatmap_case_layer(path: Path, crs: str):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer(f"Point?crs={crs}&field=participant:string&field=w:double", "pts", "memory")
    feats = []
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            f = QgsFeature(layer.fields())
            f.setAttributes([f"p{row['id']}", 1.0])
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(row["x"]), float(row["y"]))))
            feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def _read(path):
    from osgeo import gdal

    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray().astype(float)
    nd = band.GetNoDataValue()
    a[a == nd] = np.nan
    info = {"description": band.GetDescription(), "units": band.GetUnitType(), "metadata": band.GetMetadata()}
    return a, ds.GetGeoTransform(), ds.GetProjection(), info


def test_kerneldensity_heatmap_case_against_brute_force(run_alg, shared_data, tmp_path):
    """radius 1500 m, pixel 100 m, quartic: symmetric, zero beyond the radius, max in the point's cell."""
    layer = _heatmap_case_layer(shared_data / "cases" / "heatmap_points_epsg25832.csv", "EPSG:25832")
    out = tmp_path / "hm.tif"
    res = run_alg("trampesti:kerneldensity", {
        "INPUT": layer, "WEIGHT": 3, "PER_PARTICIPANT": False, "BANDWIDTH_M": 1500, "KERNEL": 0,
        "PIXEL_SIZE_M": 100, "K_MIN": 1, "OUTPUT": str(out)})
    a, gt, wkt, band = _read(res["OUTPUT"])
    assert "25832" in wkt or "UTM zone 32N" in wkt
    assert band["description"] and "hectare" in band["units"]
    xs = gt[0] + gt[1] * (np.arange(a.shape[1]) + 0.5)
    ys = gt[3] + gt[5] * (np.arange(a.shape[0]) + 0.5)
    gx, gy = np.meshgrid(xs, ys)
    pts = [(587800, 6140600), (589800, 6140600), (588800, 6142400)]
    # independent brute force: QGIS Heatmap's quartic, normalised, per hectare
    ref = np.zeros_like(gx)
    for px, py in pts:
        d2 = (gx - px) ** 2 + (gy - py) ** 2
        ref += np.where(d2 < 1500 ** 2, 3.0 / (math.pi * 1500 ** 2) * (1 - d2 / 1500 ** 2) ** 2, 0.0)
    ref *= 10000.0
    vals = np.nan_to_num(a)
    assert np.max(np.abs(vals - ref)) <= 1e-3 * ref.max()
    for px, py in pts:
        d = np.hypot(gx - px, gy - py)
        others = [q for q in pts if q != (px, py)]
        alone = np.all([np.hypot(gx - qx, gy - qy) >= 1500 for qx, qy in others], axis=0)
        # zero beyond the radius (where no other kernel reaches)
        assert np.all(vals[(d > 1500 + 71) & alone] == 0)
        # maximum of this kernel's neighbourhood in the cell holding the point
        near = d < 300
        r, c = np.unravel_index(np.argmax(np.where(near, vals, -1)), vals.shape)
        assert abs(xs[c] - px) <= 50 + 1e-6 and abs(ys[r] - py) <= 50 + 1e-6
        # radially symmetric: equal distance → equal value (where only this kernel reaches)
        sel = alone & (d < 1400)
        dd = np.round(d[sel], 3)
        vv = vals[sel]
        for dist in np.unique(dd)[:40]:
            group = vv[dd == dist]
            assert np.ptp(group) <= 1e-3 * ref.max()


def test_kerneldensity_geographic_input_equals_projected(run_alg, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    rng = np.random.default_rng(3)
    lon = 10.39 + rng.normal(0, 0.003, 300)
    lat = 55.405 + rng.normal(0, 0.002, 300)
    pid = rng.choice(["a", "b", "c", "d"], 300)
    from osgeo import osr

    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst.ImportFromEPSG(25832)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    xy = np.array(osr.CoordinateTransformation(src, dst).TransformPoints(np.column_stack([lon, lat])))
    layers = {}
    for crs, X, Y in (("EPSG:4326", lon, lat), ("EPSG:25832", xy[:, 0], xy[:, 1])):
        lyr = QgsVectorLayer(f"Point?crs={crs}&field=participant:string&field=dwell_s:double", crs, "memory")
        feats = []
        for i in range(300):
            f = QgsFeature(lyr.fields())
            f.setAttributes([str(pid[i]), 30.0])
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(X[i]), float(Y[i]))))
            feats.append(f)
        lyr.dataProvider().addFeatures(feats)
        layers[crs] = lyr
    outs = {}
    for crs, lyr in layers.items():
        out = tmp_path / f"{crs.replace(':', '_')}.tif"
        outs[crs] = _read(run_alg("trampesti:kerneldensity", {
            "INPUT": lyr, "BANDWIDTH_M": 80, "PIXEL_SIZE_M": 10, "K_MIN": 2, "OUTPUT": str(out)})["OUTPUT"])
    a, gta, _, _ = outs["EPSG:4326"]
    b, gtb, _, _ = outs["EPSG:25832"]
    assert gta == gtb and a.shape == b.shape
    assert np.array_equal(np.isnan(a), np.isnan(b))
    assert np.nanmax(np.abs(a - b)) <= 1e-4 * np.nanmax(b)
    # volume = total person-hours (300 fixes × 30 s) where the grid holds the kernels and nothing
    # is suppressed (K_MIN = 1)
    full = _read(run_alg("trampesti:kerneldensity", {
        "INPUT": layers["EPSG:25832"], "BANDWIDTH_M": 80, "PIXEL_SIZE_M": 10, "K_MIN": 1,
        "OUTPUT": str(tmp_path / "full.tif")})["OUTPUT"])[0]
    assert np.nansum(full) * 100 / 10000 == pytest.approx(300 * 30 / 3600, rel=1e-5)
    assert np.nansum(b) < np.nansum(full)  # K_MIN = 2 withheld the fringe cells


def test_two_rounds_on_the_same_grid_align(run_alg, imported_demo, tmp_path):
    res, truth, gpkg = imported_demo
    first = tmp_path / "r1.tif"
    run_alg("trampesti:kerneldensity", {"INPUT": str(gpkg), "BANDWIDTH_M": 60,
                                        "PIXEL_SIZE_M": 10, "OUTPUT": str(first)})
    second = tmp_path / "r2.tif"
    from qgis.core import QgsVectorLayer

    half = QgsVectorLayer(str(gpkg), "half", "ogr")
    half.setSubsetString("\"participant\" < 'N'")
    run_alg("trampesti:kerneldensity", {"INPUT": half, "BANDWIDTH_M": 60, "PIXEL_SIZE_M": 10,
                                        "GRID": str(first), "OUTPUT": str(second)})
    a, gta, wa, _ = _read(first)
    b, gtb, wb, _ = _read(second)
    assert gta == gtb and a.shape == b.shape and wa == wb


def test_density_suppresses_a_lone_participant(run_alg, imported_demo, tmp_path):
    """The remote place only one participant visits never shows in the density or the hotspots."""
    res, truth, gpkg = imported_demo
    out = tmp_path / "d.tif"
    run_alg("trampesti:kerneldensity", {"INPUT": str(gpkg), "BANDWIDTH_M": 60,
                                        "PIXEL_SIZE_M": 10, "K_MIN": 3, "OUTPUT": str(out)})
    a, gt, wkt, _ = _read(out)
    remote = truth["places"][truth["remote"]["place"]]
    from osgeo import osr

    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst.ImportFromWkt(wkt)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    rx, ry, _ = osr.CoordinateTransformation(src, dst).TransformPoint(remote["lon"], remote["lat"])
    c = int((rx - gt[0]) / gt[1])
    r = int((ry - gt[3]) / gt[5])
    if 0 <= r < a.shape[0] and 0 <= c < a.shape[1]:
        window = a[max(0, r - 5): r + 6, max(0, c - 5): c + 6]
        assert np.all(np.isnan(window))
    hot = run_alg("trampesti:hotspots", {"INPUT": str(out), "FIXES": str(gpkg),
                                         "LEVELS": "50,75,90,99", "K_MIN": 3, "OUTPUT": "memory:"})
    for f in hot["OUTPUT"].getFeatures():
        assert f["n_participants"] >= 3
        assert not f.geometry().buffer(20, 4).contains(__import__("qgis.core", fromlist=["QgsPointXY"]).QgsGeometry.fromPointXY(
            __import__("qgis.core", fromlist=["QgsPointXY"]).QgsPointXY(rx, ry)))


def test_hotspots_hold_their_share_of_presence(run_alg, imported_demo, tmp_path):
    res, truth, gpkg = imported_demo
    out = tmp_path / "d.tif"
    run_alg("trampesti:kerneldensity", {"INPUT": str(gpkg), "BANDWIDTH_M": 60,
                                        "PIXEL_SIZE_M": 10, "OUTPUT": str(out)})
    a, gt, _, _ = _read(out)
    total = np.nansum(a) * 100 / 10000
    # K_MIN = 1 for the polygons: the raster itself is already suppressed below 3 participants
    hot = run_alg("trampesti:hotspots", {"INPUT": str(out), "FIXES": str(gpkg), "K_MIN": 1,
                                         "LEVELS": "50,75,90", "OUTPUT": "memory:"})
    by_level = {}
    area_by_level = {}
    for f in hot["OUTPUT"].getFeatures():
        by_level[f["level_pct"]] = by_level.get(f["level_pct"], 0.0) + f["person_hours"]
        area_by_level[f["level_pct"]] = area_by_level.get(f["level_pct"], 0.0) + f["area_m2"]
        assert f.geometry().area() == pytest.approx(f["area_m2"], rel=1e-6)
    for level in (50, 75, 90):
        assert by_level[level] / total == pytest.approx(level / 100, abs=0.01)
    assert area_by_level[50] < area_by_level[75] < area_by_level[90]
    strict = run_alg("trampesti:hotspots", {"INPUT": str(out), "FIXES": str(gpkg), "K_MIN": 3,
                                            "LEVELS": "50,75,90", "OUTPUT": "memory:"})
    kept = [f for f in strict["OUTPUT"].getFeatures()]
    assert all(f["n_participants"] >= 3 for f in kept)
    assert len(kept) + strict["SUPPRESSED"] == hot["OUTPUT"].featureCount() + hot["SUPPRESSED"]


def test_model_chains_the_three_algorithms(qgis_app, demo_round, tmp_path):
    """The shipped .model3 (as saved by the Graphical Modeler) runs import → density → hotspots."""
    import processing
    from qgis.core import QgsProcessingModelAlgorithm, QgsVectorLayer

    from .conftest import REPO

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(REPO / "models" / "trampesti_round_hotspots.model3"))
    ok, errors = model.validate()
    assert ok, errors
    out, truth = demo_round
    res = processing.run(model, {
        "trackers": str(out / "trackers"), "round": "2014-09", "k_min": 3, "pixel_size_m": 10,
        "import:fixes": str(tmp_path / "fixes.gpkg"), "import:import_report": str(tmp_path / "report.gpkg"),
        "density:density": str(tmp_path / "density.tif"), "hotspots:hotspots": str(tmp_path / "hot.gpkg")})
    hot = QgsVectorLayer(res["hotspots:hotspots"], "h", "ogr")
    assert hot.isValid() and hot.featureCount() > 0
    assert {f["level_pct"] for f in hot.getFeatures()} == {50.0, 75.0, 90.0}
    assert (tmp_path / "density.tif").stat().st_size > 1000
