"""Bulk data paths of processing/layers.py: OGR Arrow reading and the fast GeoPackage writer.

References are independent of the code under test: the QgsFeature loop through QGIS's own
OGR provider, GDAL/OGR feature reads, SQLite's ``rtreecheck()`` and brute-force rectangle
counts, and the input arrays themselves.
"""
from __future__ import annotations

import sqlite3

import numpy as np
import pytest

pytestmark = pytest.mark.usefixtures("qgis_app")

T0 = 1_409_529_600.0  # 2014-09-01T00:00:00Z


def _fixes(n: int, seed: int = 0, n_part: int = 7):
    from trampesti.core.fixes import Fixes

    rng = np.random.default_rng(seed)
    names = np.array(["Søren-α", "P02", "dev 3", "P04", "x", "P06", "ÆØÅ"][:n_part], dtype=object)
    part = np.repeat(names, -(-n // n_part))[:n]
    t = T0 + np.arange(n) * 1.0 + rng.choice([0.0, 0.25, 0.5], n)
    sats = rng.integers(3, 13, n).astype(float)
    sats[::5] = np.nan
    speed = rng.uniform(0, 2, n)
    speed[::3] = np.nan
    ele = rng.normal(15, 3, n)
    ele[::11] = np.nan
    hdop = rng.uniform(0.5, 3, n)
    hdop[::13] = np.nan
    return Fixes.from_columns(
        time_s=t, lat=55.4 + np.cumsum(rng.normal(0, 2e-5, n)), lon=10.39 + np.cumsum(rng.normal(0, 2e-5, n)),
        participant=part, ele_m=ele, speed_mps=speed, hdop=hdop, sats=sats,
        source=np.array([f"f{i % 3}.gpx:{i}" for i in range(n)], dtype=object),
        segment=(np.arange(n) // 1000 + 1).astype(np.int32), dwell_s=rng.uniform(0.5, 1.5, n))


def _qgis_gpkg(path: str, fx) -> None:
    """A GeoPackage written the ordinary way: QgsVectorFileWriter + write_fixes (the reference)."""
    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsVectorFileWriter,
                           QgsWkbTypes)

    from trampesti.processing import layers

    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    w = QgsVectorFileWriter.create(path, layers.fix_fields(True), QgsWkbTypes.Type.Point,
                                   QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateTransformContext(), opts)
    assert layers.write_fixes(w, fx, "r1", True) == len(fx)
    del w


def _assert_same(a, b):
    xa, ya, ca = a
    xb, yb, cb = b
    np.testing.assert_array_equal(xa, xb)
    np.testing.assert_array_equal(ya, yb)
    assert set(ca) == set(cb)
    for k in ca:
        if ca[k].dtype == object:
            assert ca[k].tolist() == cb[k].tolist(), k
        else:
            np.testing.assert_array_equal(ca[k], cb[k], err_msg=k)


WANTED = ["participant", "time_utc", "dwell_s", "segment", "sats", "speed_mps", "round", "source", "absent"]


def test_bulk_read_equals_feature_loop_on_qgis_written_gpkg(tmp_path):
    from qgis.core import QgsVectorLayer

    from trampesti.processing import layers

    fx = _fixes(3000)
    p = str(tmp_path / "ref.gpkg")
    _qgis_gpkg(p, fx)
    lyr = QgsVectorLayer(p, "ref", "ogr")
    assert lyr.isValid()
    assert layers.ogr_bulk_location(lyr) == (p, "")
    bulk = layers.read_points(lyr, WANTED)
    loop = layers._read_points_loop(lyr, WANTED)
    _assert_same(bulk, loop)
    x, y, c = bulk
    assert "absent" not in c
    np.testing.assert_array_equal(x, fx.lon)
    np.testing.assert_array_equal(y, fx.lat)
    # QGIS 3.22's OGR sink drops the fraction of a second (.250 → .000); the fast writer keeps ms
    assert np.all((c["time_utc"] <= fx.time_s) & (c["time_utc"] > fx.time_s - 1.0))
    assert c["participant"].tolist() == fx.participant.tolist()
    np.testing.assert_array_equal(np.isnan(c["sats"]), np.isnan(fx.sats))
    np.testing.assert_array_equal(np.isnan(c["speed_mps"]), np.isnan(fx.speed_mps))


def test_null_text_datetime_and_empty_geometry(tmp_path):
    """NULL participant → '' in both paths, NULL time → NaN, a feature without geometry is left out."""
    from osgeo import ogr, osr
    from qgis.core import QgsVectorLayer

    from trampesti.processing import layers

    p = str(tmp_path / "nulls.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(p)
    sr = osr.SpatialReference()
    sr.ImportFromEPSG(4326)
    lyr = ds.CreateLayer("pts", sr, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("participant", ogr.OFTString))
    lyr.CreateField(ogr.FieldDefn("time_utc", ogr.OFTDateTime))
    lyr.CreateField(ogr.FieldDefn("dwell_s", ogr.OFTReal))
    rows = [("A", "2014-09-01T10:00:00.500Z", 1.5, "POINT (10 55)"),
            (None, "2014-09-01T10:00:01Z", None, "POINT (10.5 55.5)"),
            ("B", None, 2.0, None),  # no geometry: left out
            ("C", "2014-09-01T10:00:03", 3.0, "POINT (11 56)")]
    for part, t, d, wkt in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        if part is not None:
            f.SetField("participant", part)
        if t is not None:
            f.SetField("time_utc", t)
        if d is not None:
            f.SetField("dwell_s", d)
        if wkt:
            f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None
    ql = QgsVectorLayer(p, "n", "ogr")
    bulk = layers.read_points(ql, ["participant", "time_utc", "dwell_s"])
    loop = layers._read_points_loop(ql, ["participant", "time_utc", "dwell_s"])
    _assert_same(bulk, loop)
    x, y, c = bulk
    assert x.tolist() == [10.0, 10.5, 11.0] and y.tolist() == [55.0, 55.5, 56.0]
    assert c["participant"].tolist() == ["A", "", "C"]
    assert c["time_utc"].tolist() == [T0 + 36000.5, T0 + 36001.0, T0 + 36003.0]
    assert c["dwell_s"][0] == 1.5 and np.isnan(c["dwell_s"][1])


def test_subset_string_selection_and_memory_fall_back_and_are_honoured(tmp_path):
    from qgis.core import QgsFeatureRequest, QgsProcessingContext, QgsProcessingFeatureSource, QgsVectorLayer

    from trampesti.processing import layers

    fx = _fixes(2000)
    p = str(tmp_path / "s.gpkg")
    layers.write_fixes_gpkg(p, fx, "r1")
    lyr = QgsVectorLayer(p, "s", "ogr")
    lyr.setSubsetString("\"participant\" = 'P02'")
    assert layers.ogr_bulk_location(lyr) is None
    x, y, c = layers.read_points(lyr, ["participant", "time_utc"])
    want = fx.participant == "P02"
    assert x.size == int(want.sum()) > 0
    np.testing.assert_array_equal(x, fx.lon[want])
    assert set(c["participant"].tolist()) == {"P02"}
    np.testing.assert_allclose(c["time_utc"], fx.time_s[want], atol=5e-4, rtol=0)

    lyr2 = QgsVectorLayer(p, "s2", "ogr")
    lyr2.selectByExpression("\"segment\" = 2")
    src = QgsProcessingFeatureSource(lyr2.selectedFeatureSource() if hasattr(lyr2, "selectedFeatureSource")
                                     else lyr2, QgsProcessingContext())
    assert layers.ogr_bulk_location(src) is None
    ids = [f.id() for f in lyr2.getSelectedFeatures(QgsFeatureRequest())]
    assert len(ids) == 1000
    mem = lyr2.materialize(QgsFeatureRequest().setFilterFids(ids))
    assert mem.dataProvider().name() == "memory" and layers.ogr_bulk_location(mem) is None
    xm, ym, cm = layers.read_points(mem, ["segment"])
    np.testing.assert_array_equal(xm, fx.lon[fx.segment == 2])
    assert set(cm["segment"].tolist()) == {2.0}


def test_fast_gpkg_opens_in_qgis_with_fields_values_crs_and_spatial_index(tmp_path):
    from osgeo import gdal
    from qgis.core import QgsFeatureRequest, QgsRectangle, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    from trampesti.processing import layers

    fx = _fixes(5000, seed=3)
    p = str(tmp_path / "fixes.gpkg")
    assert layers.write_fixes_gpkg(p, fx, "2014-09") == 5000
    lyr = QgsVectorLayer(p, "fixes", "ogr")
    assert lyr.isValid()
    assert lyr.featureCount() == 5000
    assert lyr.crs().authid() == "EPSG:4326"
    ref = layers.fix_fields(True)
    got = {f.name(): f.type() for f in lyr.fields()}
    for f in ref:
        assert got[f.name()] == f.type(), f.name()
    assert got["time_utc"] == QVariant.Type.DateTime
    # values through QGIS's own reader, feature by feature
    feats = list(lyr.getFeatures(QgsFeatureRequest().setFilterFids([1, 2, 6, 4321])))
    for feat in feats:
        i = feat.id() - 1
        pt = feat.geometry().asPoint()
        assert (pt.x(), pt.y()) == (fx.lon[i], fx.lat[i])
        assert feat["participant"] == fx.participant[i]
        assert feat["round"] == "2014-09"
        assert layers.epoch_from_qdatetime(feat["time_utc"]) == pytest.approx(fx.time_s[i], abs=5e-4)
        assert feat["segment"] == fx.segment[i]
        assert feat["source"] == fx.source[i]
        assert (feat["sats"] == int(fx.sats[i])) if np.isfinite(fx.sats[i]) else (feat["sats"] in (None,) or
                                                                                    feat["sats"].isNull())
    # spatial index: SQLite's own consistency check, GDAL sees it, rectangles match brute force
    con = sqlite3.connect(p)
    assert con.execute("SELECT rtreecheck('rtree_fixes_geom')").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM rtree_fixes_geom").fetchone()[0] == 5000
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    con.close()
    ds = gdal.OpenEx(p)
    assert ds.GetLayer(0).TestCapability("FastSpatialFilter")
    ds = None
    assert lyr.hasSpatialIndex() == 2  # QgsFeatureSource.SpatialIndexPresent
    rng = np.random.default_rng(9)
    for _ in range(5):
        cx, cy = rng.choice(fx.lon), rng.choice(fx.lat)
        r = QgsRectangle(cx - 2e-4, cy - 2e-4, cx + 2e-4, cy + 2e-4)
        got_ids = sorted(f.id() for f in lyr.getFeatures(QgsFeatureRequest().setFilterRect(r)))
        inside = (fx.lon >= r.xMinimum()) & (fx.lon <= r.xMaximum()) & (fx.lat >= r.yMinimum()) & (fx.lat <= r.yMaximum())
        assert got_ids == (np.flatnonzero(inside) + 1).tolist()


def test_fast_gpkg_stays_editable_in_qgis(tmp_path):
    """GDAL's triggers keep the R-tree and the feature count right after an edit in QGIS."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    from trampesti.processing import layers

    p = str(tmp_path / "e.gpkg")
    layers.write_fixes_gpkg(p, _fixes(300), "r")
    lyr = QgsVectorLayer(p, "e", "ogr")
    f = QgsFeature(lyr.fields())
    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(12.0, 56.0)))
    assert lyr.dataProvider().addFeatures([f])[0]
    assert lyr.dataProvider().deleteFeatures([1])
    del lyr
    con = sqlite3.connect(p)
    assert con.execute("SELECT rtreecheck('rtree_e_geom')").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM rtree_e_geom").fetchone()[0] == 300
    assert con.execute("SELECT feature_count FROM gpkg_ogr_contents").fetchone()[0] == 300
    assert con.execute("SELECT count(*) FROM rtree_e_geom WHERE minx = 12.0").fetchone()[0] == 1
    con.close()


def test_round_trip_100k_equals_input_arrays(tmp_path):
    from qgis.core import QgsVectorLayer

    from trampesti.processing import layers

    fx = _fixes(100_000, seed=5, n_part=40 if False else 7)
    p = str(tmp_path / "rt.gpkg")
    layers.write_fixes_gpkg(p, fx, "r1")
    x, y, c = layers.read_points(QgsVectorLayer(p, "rt", "ogr"),
                                 ["participant", "time_utc", "dwell_s", "segment", "speed_mps", "ele_m", "hdop",
                                  "sats", "source", "round"])
    np.testing.assert_array_equal(x, fx.lon)
    np.testing.assert_array_equal(y, fx.lat)
    np.testing.assert_array_equal(c["time_utc"], fx.time_s)  # multiples of 0.25 s are exact in ms
    np.testing.assert_array_equal(c["dwell_s"], fx.dwell_s)
    np.testing.assert_array_equal(c["segment"], fx.segment.astype(float))
    for k, v in (("speed_mps", fx.speed_mps), ("ele_m", fx.ele_m), ("hdop", fx.hdop), ("sats", fx.sats)):
        np.testing.assert_array_equal(c[k], v, err_msg=k)
    assert c["participant"].tolist() == fx.participant.tolist()
    assert c["source"].tolist() == fx.source.tolist()
    assert set(c["round"].tolist()) == {"r1"}


def test_gpkg_point_blobs_match_ogr():
    from osgeo import ogr

    from trampesti.processing import layers

    xs, ys = np.array([10.25, -0.0, 179.999999]), np.array([55.5, 0.0, -89.5])
    blobs = layers.gpkg_point_blobs(xs, ys)
    for b, x, y in zip(blobs, xs, ys):
        assert len(b) == 29 and b[:2] == b"GP"
        g = ogr.CreateGeometryFromWkb(b[8:])
        assert (g.GetX(), g.GetY()) == (x, y)
        assert int.from_bytes(b[4:8], "little") == 4326


def test_gpkg_destination_chooses_fast_path_only_for_plain_files(tmp_path, qgis_app):
    from qgis.core import (QgsApplication, QgsProcessing, QgsProcessingContext,
                           QgsProcessingOutputLayerDefinition, QgsProject)

    from trampesti.processing import layers

    alg = QgsApplication.processingRegistry().createAlgorithmById("trampesti:importtrackers")
    assert alg is not None
    ctx = QgsProcessingContext()
    ctx.setProject(QgsProject.instance())
    p = str(tmp_path / "out.gpkg")
    assert layers.gpkg_destination(alg, {"OUTPUT": p}, "OUTPUT", ctx) == p
    d = QgsProcessingOutputLayerDefinition(p, QgsProject.instance())
    assert layers.gpkg_destination(alg, {"OUTPUT": d}, "OUTPUT", ctx) == p
    assert p in ctx.layersToLoadOnCompletion()  # loaded into the project as a sink output would be
    for other in (QgsProcessing.TEMPORARY_OUTPUT, "memory:fixes", str(tmp_path / "out.shp"), f"ogr:dbname='{p}' table=\"fixes\" (geom)",
                  p + "|layername=fixes"):
        assert layers.gpkg_destination(alg, {"OUTPUT": other}, "OUTPUT", ctx) is None, other


@pytest.mark.parametrize("n, chunk_nodes", [(1, 16384), (51, 16384), (52, 3), (7000, 3)])
def test_bulk_rtree_is_valid_for_any_size_and_chunking(tmp_path, monkeypatch, n, chunk_nodes):
    """One leaf (root = leaf), exactly full, two leaves, 3 levels built 3 leaves per batch."""
    from trampesti.processing import layers

    monkeypatch.setattr(layers, "_RTREE_LEAF_CHUNK_NODES", chunk_nodes)
    rng = np.random.default_rng(n)
    x, y = rng.uniform(10, 11, n), rng.uniform(55, 56, n)
    con = sqlite3.connect(str(tmp_path / "r.db"))
    con.execute("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)")
    fid = np.arange(1, n + 1) * 3  # ids need not be 1..n
    layers._bulk_rtree(con, "r", fid, x, y)
    con.commit()
    assert con.execute("SELECT rtreecheck('r')").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM r").fetchone()[0] == n
    for _ in range(4):
        cx, cy = rng.uniform(10, 11), rng.uniform(55, 56)
        got = sorted(i for (i,) in con.execute(
            "SELECT id FROM r WHERE minx >= ? AND maxx <= ? AND miny >= ? AND maxy <= ?",
            (cx - 0.1, cx + 0.1, cy - 0.1, cy + 0.1)))
        inside = (x >= cx - 0.1) & (x <= cx + 0.1) & (y >= cy - 0.1) & (y <= cy + 0.1)
        # float32 bounds are rounded outwards: points within 1e-5° of the edge may differ
        sure = (np.abs(x - (cx - 0.1)) > 1e-5) & (np.abs(x - (cx + 0.1)) > 1e-5) & \
               (np.abs(y - (cy - 0.1)) > 1e-5) & (np.abs(y - (cy + 0.1)) > 1e-5)
        assert set(fid[inside & sure].tolist()) <= set(got) <= set(fid[inside | ~sure].tolist())
    con.close()
