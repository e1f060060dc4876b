"""trampesti:sitesuitability and trampesti:selectsites through processing.run.

References are independent of core/sites.py: hand-computed optima, numpy eigenvectors for AHP,
geodesic (pyproj.Geod) brute-force nearest distances, axis-aligned rectangle distances for schools.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

pytestmark = pytest.mark.usefixtures("qgis_app")



def _rows(layer):
    from qgis.core import NULL

    names = [f.name() for f in layer.fields()]
    return [{n: (None if v == NULL else v) for n, v in zip(names, f.attributes())} for f in layer.getFeatures()]


def _layer(res, key="OUTPUT"):
    """The output layer of a processing.run result (a layer object, or a layer id / path)."""
    from qgis.core import QgsProject, QgsVectorLayer

    v = res[key]
    if isinstance(v, str):
        return QgsProject.instance().mapLayer(v) or QgsVectorLayer(v, "out", "ogr")
    return v


def _mem(kind, crs, fields, feats):
    """A memory layer: fields = [(name, 'string'|'double'|'int'|'bool')], feats = [(wkt, [attrs])]."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    spec = "&".join(f"field={n}:{t}" for n, t in fields)
    lyr = QgsVectorLayer(f"{kind}?crs={crs}" + ("&" + spec if spec else ""), "mem", "memory")
    pr = lyr.dataProvider()
    out = []
    for wkt, attrs in feats:
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(list(attrs))
        out.append(f)
    pr.addFeatures(out)
    lyr.updateExtents()
    assert lyr.featureCount() == len(feats)
    return lyr


def _geodesic(lat1, lon1, lat2, lon2):
    """Ellipsoidal (WGS84) distances in metres from one point to arrays of points (pyproj.Geod)."""
    from pyproj import Geod

    lat2, lon2 = np.asarray(lat2, dtype=float), np.asarray(lon2, dtype=float)
    _, _, d = Geod(ellps="WGS84").inv(np.full(lat2.shape, lon1), np.full(lat2.shape, lat1), lon2, lat2)
    return np.asarray(d)


# UTM zone 32 distances are geodesic distances times the point scale factor (0.9996..1.0004 here)
UTM_REL = 6e-4


def _to_wgs84(xy, epsg):
    from osgeo import osr

    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(epsg)
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    out = np.array(ct.TransformPoints([(float(x), float(y)) for x, y in xy]))
    return out[:, 1], out[:, 0]  # lat, lon


def _from_wgs84(lat, lon, epsg):
    from osgeo import osr

    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst.ImportFromEPSG(epsg)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    out = np.array(ct.TransformPoints([(float(b), float(a)) for a, b in zip(lat, lon)]))
    return out[:, :2]


def _site_xy(layer):
    return np.array([[f.geometry().asPoint().x(), f.geometry().asPoint().y()] for f in layer.getFeatures()])


# --------------------------------------------------------------------------------------------
# A hand-built instance with a known optimum
# --------------------------------------------------------------------------------------------
# clusters (centre, participants, hours each): A 5 x 4 h = 20 ph, B 4 x 3 h = 12 ph, C 3 x 1 h = 3 ph,
# D one participant, 100 h (below K_MIN = 3: must not count)
CLUSTERS = {"A": ((0.0, 0.0), 5, 4.0), "B": ((1000.0, 0.0), 4, 3.0), "C": ((2000.0, 0.0), 3, 1.0),
            "D": ((3000.0, 0.0), 1, 100.0)}
# K2 is the closest to B but 30 m from the school (x 1020..1060): inside the 50 m buffer
CANDS = {"K1": (0.0, 10.0), "K2": (990.0, 0.0), "K3": (1000.0, 120.0), "K4": (2000.0, 10.0),
         "K5": (3000.0, 10.0), "K6": (500.0, 0.0)}
SCHOOL = "POLYGON((1020 -20, 1060 -20, 1060 20, 1020 20, 1020 -20))"
EPSG = "EPSG:25832"


@pytest.fixture()
def toy():
    stays = []
    n = 0
    for name, ((cx, cy), n_part, hours) in CLUSTERS.items():
        for i in range(n_part):
            n += 1
            # two stays per participant, half the hours each, a few metres apart
            for j in range(2):
                stays.append((f"POINT({cx + 2 * i} {cy + 3 * j})", [f"{name}{i}", hours * 1800.0]))
    demand = _mem("Point", EPSG, [("participant", "string"), ("duration_s", "double")], stays)
    cands = _mem("Point", EPSG, [("cand_id", "string")],
                 [(f"POINT({x} {y})", [k]) for k, (x, y) in CANDS.items()])
    school = _mem("Polygon", EPSG, [("name", "string")], [(SCHOOL, ["Skole"])])
    return demand, cands, school


def test_known_optimum_through_both_algorithms(run_alg, toy):
    demand, cands, school = toy
    res = run_alg("trampesti:sitesuitability", {
        "DEMAND": demand, "CANDIDATES": cands, "EXCLUSIONS": school, "EXCLUSION_BUFFER_M": 50,
        "WALK_RADIUS_M": 200, "K_MIN": 3, "OUTPUT": "memory:scored"})
    scored = _layer(res)
    rows = {r["cand_id"]: r for r in _rows(scored)}
    assert set(rows) == {"K1", "K3", "K4", "K5", "K6"}  # K2 (30 m from the school) dropped
    assert res["N_EXCLUDED"] == 1
    # demand criterion = person-hours within 200 m / max: A 20, B 12, C 3; D's lone 100 h do not count
    assert rows["K1"]["c_demand"] == pytest.approx(1.0)
    assert rows["K3"]["c_demand"] == pytest.approx(12 / 20)
    assert rows["K4"]["c_demand"] == pytest.approx(3 / 20)
    assert rows["K5"]["c_demand"] == pytest.approx(0.0)
    assert rows["K5"]["person_hours_served"] is None and rows["K5"]["participants_served"] is None
    assert rows["K3"]["person_hours_served"] == pytest.approx(12.0)
    assert rows["K3"]["participants_served"] == 4
    # participants criterion min-max over [5, 4, 3, 0, 0]; weights 0.35 : 0.25 normalised
    assert rows["K3"]["c_participants"] == pytest.approx(0.8)
    wd, wp = 0.35 / 0.6, 0.25 / 0.6
    assert rows["K3"]["score"] == pytest.approx(wd * 0.6 + wp * 0.8)
    assert rows["K1"]["score"] == pytest.approx(1.0)
    assert "c_toilet" not in rows["K1"] and "covered" in rows["K1"]

    res2 = run_alg("trampesti:selectsites", {
        "CANDIDATES": scored, "DEMAND": demand, "N_SITES": 2, "SERVICE_RADIUS_M": 200, "MIN_SPACING_M": 100,
        "K_MIN": 3, "SCORE_WEIGHT": 0.0, "SENSITIVITY_RUNS": 0, "OUTPUT": "memory:sites",
        "REPORT": "memory:report"})
    sites = sorted(_rows(_layer(res2)), key=lambda r: r["rank"])
    assert [s["cand_id"] for s in sites] == ["K1", "K3"]
    assert [s["rank"] for s in sites] == [1, 2]
    assert [s["person_hours_served"] for s in sites] == pytest.approx([20.0, 12.0])
    assert [s["participants_served"] for s in sites] == [5, 4]
    assert sites[0]["score"] == pytest.approx(1.0)
    assert sites[1]["c_demand"] == pytest.approx(0.6) and sites[1]["c_participants"] == pytest.approx(0.8)
    report = _rows(_layer(res2, "REPORT"))
    assert len(report) == 1 and report[0]["solver"] == "milp" and report[0]["optimal"]
    assert report[0]["objective_value"] == pytest.approx(32.0)
    assert report[0]["person_hours_served"] == pytest.approx(32.0)
    assert report[0]["participants_served"] == 9
    assert res2["SOLVER"] == "milp" and res2["OPTIMAL"]

    # with K_MIN = 1 the lone participant's 100 h count: K5 then beats K3 (the optimum is {K5, K1})
    res3 = run_alg("trampesti:selectsites", {
        "CANDIDATES": scored, "DEMAND": demand, "N_SITES": 2, "SERVICE_RADIUS_M": 200, "K_MIN": 1,
        "SCORE_WEIGHT": 0.0, "SENSITIVITY_RUNS": 0, "OUTPUT": "memory:sites"})
    assert [s["cand_id"] for s in sorted(_rows(_layer(res3)), key=lambda r: r["rank"])] == ["K5", "K1"]
    # one site, K_MIN = 1: most person-hours = the lone participant's K5; most participants = K1 (5 people)
    one = {"CANDIDATES": scored, "DEMAND": demand, "N_SITES": 1, "SERVICE_RADIUS_M": 200, "K_MIN": 1,
           "SCORE_WEIGHT": 0.0, "SENSITIVITY_RUNS": 0, "OUTPUT": "memory:one"}
    assert [r["cand_id"] for r in _rows(_layer(run_alg("trampesti:selectsites", one)))] == ["K5"]
    best = _rows(_layer(run_alg("trampesti:selectsites", dict(one, OBJECTIVE=1))))
    assert [(r["cand_id"], r["participants_served"]) for r in best] == [("K1", 5)]


def test_selectsites_fixed_sites_and_stability(run_alg, toy):
    demand, cands, school = toy
    scored = _layer(run_alg("trampesti:sitesuitability", {
        "DEMAND": demand, "CANDIDATES": cands, "EXCLUSIONS": school, "WALK_RADIUS_M": 200, "K_MIN": 3,
        "OUTPUT": "memory:scored"}))
    fixed = _mem("Point", EPSG, [], [("POINT(2000 10)", [])])  # K4 must stay
    res = run_alg("trampesti:selectsites", {
        "CANDIDATES": scored, "DEMAND": demand, "N_SITES": 2, "SERVICE_RADIUS_M": 200, "K_MIN": 3,
        "FIXED_SITES": fixed, "SENSITIVITY_RUNS": 20, "WEIGHT_SPREAD": 0.2, "OUTPUT": "memory:sites"})
    sites = _rows(_layer(res))
    assert sorted(s["cand_id"] for s in sites) == ["K1", "K4"]
    # K1 wins for every weight (it is the best in both criteria): stability 1
    assert all(s["stability"] == pytest.approx(1.0) for s in sites if s["cand_id"] == "K1")


# --------------------------------------------------------------------------------------------
# AHP
# --------------------------------------------------------------------------------------------
def _independent_ahp(a):
    vals, vecs = np.linalg.eig(np.asarray(a, dtype=float))
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    n = len(a)
    ci = (vals[k].real - n) / (n - 1)
    return w / w.sum(), ci / {3: 0.58, 4: 0.90}[n]


def test_ahp_weights_match_eigenvector_and_inconsistent_matrix_is_refused(run_alg, toy):
    from qgis.core import QgsProcessingException

    demand, cands, _school = toy
    toilets = _mem("Point", EPSG, [], [("POINT(1000 300)", []), ("POINT(2050 0)", [])])
    a = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
    w_ref, cr_ref = _independent_ahp(a)
    assert cr_ref < 0.1
    res = run_alg("trampesti:sitesuitability", {
        "DEMAND": demand, "CANDIDATES": cands, "TOILETS": toilets, "WALK_RADIUS_M": 200, "K_MIN": 3,
        "AHP_MATRIX": "1,3,5;1/3,1,2;1/5,1/2,1", "AHP_CRITERIA": "toilet,demand,participants",
        "TOILET_OK_M": 50, "TOILET_MAX_M": 400, "OUTPUT": "memory:scored"})
    rows = _rows(_layer(res))
    assert len(rows) == 6  # no exclusions given
    for r in rows:
        ref = w_ref[0] * r["c_toilet"] + w_ref[1] * r["c_demand"] + w_ref[2] * r["c_participants"]
        assert r["score"] == pytest.approx(ref, abs=1e-9)
    k3 = next(r for r in rows if r["cand_id"] == "K3")
    assert k3["toilet_dist_m"] == pytest.approx(180.0)
    assert k3["c_toilet"] == pytest.approx(1 - (180 - 50) / 350)

    bad = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    _, cr_bad = _independent_ahp(bad)
    assert cr_bad > 0.1
    with pytest.raises(QgsProcessingException) as err:
        run_alg("trampesti:sitesuitability", {
            "DEMAND": demand, "CANDIDATES": cands, "TOILETS": toilets, "K_MIN": 3,
            "AHP_MATRIX": "1,9,1/9;1/9,1,9;9,1/9,1", "AHP_CRITERIA": "toilet,demand,participants",
            "OUTPUT": "memory:scored"})
    assert f"CR = {cr_bad:.3f}" in str(err.value)


# --------------------------------------------------------------------------------------------
# Real layers
# --------------------------------------------------------------------------------------------
def _overpass_toilets(path):
    """Overpass JSON → (lat, lon) arrays: nodes as they are, ways → centroid of their geometry ring."""
    data = json.loads(path.read_text(encoding="utf-8"))
    lat, lon = [], []
    for el in data["elements"]:
        if el["type"] == "node":
            lat.append(el["lat"])
            lon.append(el["lon"])
        elif el["type"] == "way" and el.get("geometry"):
            g = np.array([[p["lon"], p["lat"]] for p in el["geometry"]])
            x, y = g[:, 0], g[:, 1]
            cross = x[:-1] * y[1:] - x[1:] * y[:-1]
            area = cross.sum() / 2
            if len(g) >= 4 and abs(area) > 0:
                lon.append(((x[:-1] + x[1:]) * cross).sum() / (6 * area))
                lat.append(((y[:-1] + y[1:]) * cross).sum() / (6 * area))
            else:
                lon.append(x.mean())
                lat.append(y.mean())
    return np.array(lat), np.array(lon)


def test_oslo_fit_track_and_osm_toilets(run_alg, shared_data):
    lat, lon = _overpass_toilets(shared_data / "layers" / "osm_toilets_lon10.6-11.0_overpass.json")
    assert len(lat) == 2307 + 587
    toilets = _mem("Point", "EPSG:4326", [], [(f"POINT({b} {a})", []) for a, b in zip(lat, lon)])
    fit = shared_data / "fit" / "garmin-oregon-700.fit"
    fixes = _layer(run_alg("trampesti:importtrackers", {"INPUT": str(fit), "ROUND": "oslo",
                                                        "OUTPUT": "memory:fixes", "REPORT": "memory:r"}))
    assert fixes.featureCount() > 900
    # one participant only: K_MIN = 1 (with the default 3 every aggregate would be suppressed)
    scored = _layer(run_alg("trampesti:sitesuitability", {
        "DEMAND": fixes, "TOILETS": toilets, "GRID_SPACING_M": 50, "WALK_RADIUS_M": 150, "K_MIN": 1,
        "OUTPUT": "memory:scored"}))
    assert scored.crs().authid() == "EPSG:25832"
    assert scored.featureCount() > 1000
    res = run_alg("trampesti:selectsites", {
        "CANDIDATES": scored, "DEMAND": fixes, "N_SITES": 3, "SERVICE_RADIUS_M": 200, "MIN_SPACING_M": 300,
        "K_MIN": 1, "TOILETS": toilets, "SENSITIVITY_RUNS": 0, "OUTPUT": "memory:sites", "REPORT": "memory:rep"})
    sites = _layer(res)
    rows = _rows(sites)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    slat, slon = _to_wgs84(_site_xy(sites), 25832)
    for r, a, b in zip(rows, slat, slon):
        ref = _geodesic(a, b, lat, lon).min()
        assert r["toilet_dist_m"] == pytest.approx(ref, rel=UTM_REL, abs=0.5)
    assert min(r["toilet_dist_m"] for r in rows) < 2000
    xy = _site_xy(sites)
    assert min(np.hypot(*(xy[i] - xy[j])) for i in range(3) for j in range(i + 1, 3)) >= 300
    assert _rows(_layer(res, "REPORT"))[0]["solver"] in ("milp", "greedy")


def test_aarhus_shelters_as_candidates_with_demand_in_wgs84(run_alg, shared_data):
    from qgis.core import QgsVectorLayer

    path = shared_data / "layers" / "aarhus_public_shelters_SR_epsg25832.geojson"
    shelters = QgsVectorLayer(str(path), "shelters", "ogr")
    assert shelters.isValid() and shelters.crs().authid() == "EPSG:25832"
    sxy = _site_xy(shelters)
    rng = np.random.default_rng(5)
    # three clusters planted at three shelters far apart; 4, 5, 6 participants, 2 h each
    centres = [sxy[0], sxy[len(sxy) // 2], sxy[-1]]
    assert min(np.hypot(*(a - b)) for a in centres for b in centres if a is not b) > 1000
    feats, totals = [], []
    for c, (centre, n_part) in enumerate(zip(centres, (4, 5, 6))):
        pts = centre + rng.normal(0, 20, size=(n_part * 3, 2))
        la, lo = _to_wgs84(pts, 25832)
        for i, (a, b) in enumerate(zip(la, lo)):
            feats.append((f"POINT({b} {a})", [f"p{c}_{i % n_part}", 2400.0]))
        totals.append(n_part * 3 * 2400.0 / 3600.0)
    demand = _mem("Point", "EPSG:4326", [("participant", "string"), ("duration_s", "double")], feats)
    scored = _layer(run_alg("trampesti:sitesuitability", {
        "DEMAND": demand, "CANDIDATES": shelters, "WALK_RADIUS_M": 150, "K_MIN": 3, "OUTPUT": "memory:s"}))
    assert scored.featureCount() == shelters.featureCount()
    assert scored.crs().authid() == "EPSG:25832"  # the demand is geographic: its UTM zone
    res = run_alg("trampesti:selectsites", {
        "CANDIDATES": scored, "DEMAND": demand, "N_SITES": 3, "SERVICE_RADIUS_M": 150, "K_MIN": 3,
        "SENSITIVITY_RUNS": 0, "OUTPUT": "memory:sites"})
    sites = _layer(res)
    rows = _rows(sites)
    xy = _site_xy(sites)
    assert sorted(r["person_hours_served"] for r in rows) == pytest.approx(sorted(totals), rel=1e-9)
    assert sorted(r["participants_served"] for r in rows) == [4, 5, 6]
    for p in xy:
        assert min(np.hypot(*(p - c)) for c in centres) < 150 + 60


# --------------------------------------------------------------------------------------------
# The demo round
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory, qgis_app):
    from trampesti.demo.simulate import simulate_round

    import processing

    out = tmp_path_factory.mktemp("demo-sites")
    simulate_round(out)
    gpkg = out / "fixes.gpkg"  # a GeoPackage: read in bulk (a memory layer goes through the feature loop)
    processing.run("trampesti:importtrackers", {"INPUT": str(out / "trackers"), "ROUND": "2014-09",
                                                "OUTPUT": str(gpkg), "REPORT": "memory:r"})
    return out, json.loads((out / "truth.json").read_text()), str(gpkg)


def _rect_dist(px, py, ring):
    x0, x1 = ring[:, 0].min(), ring[:, 0].max()
    y0, y1 = ring[:, 1].min(), ring[:, 1].max()
    return math.hypot(max(x0 - px, 0, px - x1), max(y0 - py, 0, py - y1))


def _local(lat, lon):
    from trampesti.demo.simulate import to_xy

    return to_xy(np.asarray(lat), np.asarray(lon))


def test_demo_round_sites_avoid_schools_and_phase_moves(run_alg, demo):
    out, truth, fixes = demo
    L = out / "layers"
    base = {"DEMAND": fixes, "TOILETS": str(L / "toilets.geojson"), "COVER": str(L / "cover.geojson"),
            "EXCLUSIONS": str(L / "schools.geojson"), "EXCLUSION_BUFFER_M": 50,
            "CANDIDATES": str(L / "candidates.geojson"), "K_MIN": 3, "OUTPUT": "memory:scored"}
    scored = _layer(run_alg("trampesti:sitesuitability", base))
    n_cand = truth["layers"]["candidates"]["count"]
    assert 0 < scored.featureCount() < n_cand
    # schools in the simulator's local metres (axis-aligned rectangles)
    schools = json.loads((L / "schools.geojson").read_text())["features"]
    rects = []
    for f in schools:
        ring = np.array(f["geometry"]["coordinates"][0])
        x, y = _local(ring[:, 1], ring[:, 0])
        rects.append(np.column_stack([x, y]))
    toilets = json.loads((L / "toilets.geojson").read_text())["features"]
    tlon = np.array([f["geometry"]["coordinates"][0] for f in toilets])
    tlat = np.array([f["geometry"]["coordinates"][1] for f in toilets])
    # every scored candidate is > 50 m from every school; the dropped ones are within 50 m
    cands = json.loads((L / "candidates.geojson").read_text())["features"]
    near_school = set()
    for f in cands:
        lo, la = f["geometry"]["coordinates"]
        x, y = _local(la, lo)
        if min(_rect_dist(float(x), float(y), r) for r in rects) <= 50:
            near_school.add(f["properties"]["cand_id"])
    kept = {r["cand_id"] for r in _rows(scored)}
    assert near_school and not (kept & near_school)
    assert len(kept) + len(near_school) == n_cand

    params = {"CANDIDATES": scored, "DEMAND": fixes, "N_SITES": 3, "SERVICE_RADIUS_M": 200, "MIN_SPACING_M": 100,
              "K_MIN": 3, "TOILETS": str(L / "toilets.geojson"), "COVER": str(L / "cover.geojson"),
              "SENSITIVITY_RUNS": 10, "OUTPUT": "memory:sites", "REPORT": "memory:report"}
    res = run_alg("trampesti:selectsites", params)
    sites = _layer(res)
    rows = _rows(sites)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    slat, slon = _to_wgs84(_site_xy(sites), int(sites.crs().authid().split(":")[1]))
    for r, a, b in zip(rows, slat, slon):
        x, y = _local(a, b)
        assert min(_rect_dist(float(x), float(y), rc) for rc in rects) > 50
        assert r["toilet_dist_m"] == pytest.approx(_geodesic(a, b, tlat, tlon).min(), rel=UTM_REL, abs=0.5)
        assert r["participants_served"] is None or r["participants_served"] >= 3
        assert 0 <= r["stability"] <= 1

    # zero spread: every sensitivity run re-selects (on the merged demand, k_min settled once) the same plan
    still = _rows(_layer(run_alg("trampesti:selectsites", dict(params, SCORE_WEIGHT=0.5, WEIGHT_SPREAD=0.0,
                                                                SENSITIVITY_RUNS=3))))
    assert [r["stability"] for r in still] == [1.0, 1.0, 1.0]

    # phases: the areas of phase 1 and 2 are unavailable in their phase; a large penalty keeps sites
    res = run_alg("trampesti:selectsites", dict(params, PHASES=str(L / "phases.geojson"), RELOCATION_PENALTY=1e4,
                                                SENSITIVITY_RUNS=0))
    rows = _rows(_layer(res))
    by_phase = {}
    for r in rows:
        by_phase.setdefault(r["phase"], []).append(r)
    assert sorted(by_phase) == [1, 2] and all(len(v) == 3 for v in by_phase.values())
    in_phase = truth["layers"]["candidates"]["in_phase"]
    for ph, rs in by_phase.items():
        assert not {r["cand_id"] for r in rs} & set(in_phase[str(ph)])
    p1 = {r["cand_id"] for r in by_phase[1]}
    p2 = {r["cand_id"]: r for r in by_phase[2]}
    blocked = p1 & set(in_phase["2"])
    assert p1 - blocked <= set(p2)  # available sites stay (penalty 1e4 person-hours)
    assert sum(r["moved"] for r in p2.values()) == len(blocked)
    assert not any(r["moved"] for r in by_phase[1])

    # the demo's phase-2 works lie away from the chosen sites: plant works (40 x 40 m) around the
    # rank-1 site of phase 1 as phase 2; that site must move, the two others stay
    from qgis.core import QgsVectorLayer

    demo_phases = QgsVectorLayer(str(L / "phases.geojson"), "phases", "ogr")
    ph1 = next(f for f in demo_phases.getFeatures() if f["phase"] == 1)
    first = next(r for r in by_phase[1] if r["rank"] == 1)
    a, b = _to_wgs84(_site_xy(_layer(res))[[i for i, r in enumerate(rows) if r is first]], 25832)
    d = 20 / 111000
    works = f"POLYGON(({b[0] - 2 * d} {a[0] - d}, {b[0] + 2 * d} {a[0] - d}, {b[0] + 2 * d} {a[0] + d}, " \
            f"{b[0] - 2 * d} {a[0] + d}, {b[0] - 2 * d} {a[0] - d}))"
    phases = _mem("Polygon", "EPSG:4326", [("phase", "int")], [(ph1.geometry().asWkt(), [1]), (works, [2])])
    res = run_alg("trampesti:selectsites", dict(params, PHASES=phases, RELOCATION_PENALTY=1e4,
                                                SENSITIVITY_RUNS=0))
    rows = _rows(_layer(res))
    q1 = {r["cand_id"]: r for r in rows if r["phase"] == 1}
    q2 = {r["cand_id"]: r for r in rows if r["phase"] == 2}
    assert set(q1) == p1  # phase 1 is the same problem as before
    assert first["cand_id"] not in q2
    assert set(q1) - {first["cand_id"]} <= set(q2)
    assert [r["moved"] for r in q2.values()].count(True) == 1
    report = _rows(_layer(res, "REPORT"))
    assert [r["phase"] for r in report] == ["1", "2"] and [r["n_moved"] for r in report] == [0, 1]


def test_add_sites_to_round_writes_styled_layers_and_report_rows(demo, tmp_path):
    from qgis.core import QgsGraduatedSymbolRenderer
    from trampesti.processing.roundsites import add_sites_to_round, sites_section_html

    out, _truth, fixes = demo
    res = add_sites_to_round(fixes, str(out / "layers"), str(tmp_path), k_min=3, sensitivity_runs=5)
    assert res.sites.isValid() and res.sites.featureCount() == 3
    assert [r["rank"] for r in res.site_rows] == [1, 2, 3]
    assert all(r["cand_id"].startswith("K") for r in res.site_rows)
    assert res.report_rows[0]["solver"] in ("milp", "greedy") and res.report_rows[0]["n_sites"] == 3
    assert res.sites.labelsEnabled() and res.sites.labeling().settings().fieldName == "rank"
    assert isinstance(res.scored.renderer(), QgsGraduatedSymbolRenderer)
    assert res.scored.renderer().classAttribute() == "score"
    assert res.phase_sites is not None and {r["phase"] for r in res.phase_rows} == {1, 2}
    page = sites_section_html(res)
    assert page.count("<tr>") >= 1 + 3 + 1 + 1 and res.site_rows[0]["cand_id"] in page
    assert (tmp_path / "sites.gpkg").is_file()


def test_grid_raster_raster_demand_and_extra_criterion(run_alg, toy, tmp_path):
    from osgeo import gdal, osr

    demand, cands, school = toy
    # grid without candidates + the suitability raster: same scores, excluded cells are no data
    tif = tmp_path / "suit.tif"
    res = run_alg("trampesti:sitesuitability", {
        "DEMAND": demand, "EXCLUSIONS": school, "EXCLUSION_BUFFER_M": 50, "GRID_SPACING_M": 100,
        "WALK_RADIUS_M": 200, "K_MIN": 3, "OUTPUT": "memory:grid", "OUTPUT_RASTER": str(tif)})
    pts = {(round(f.geometry().asPoint().x()), round(f.geometry().asPoint().y())): f["score"]
           for f in _layer(res).getFeatures()}
    ds = gdal.Open(str(tif))
    gt = ds.GetGeoTransform()
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray()
    nodata = band.GetNoDataValue()
    assert gt[1] == 100 and gt[5] == -100 and a.shape == (1, 31)
    for col in range(a.shape[1]):
        x = round(gt[0] + (col + 0.5) * gt[1])
        y = round(gt[3] - 0.5 * 100)
        if x == 1050:  # inside the school (1020..1060)
            assert a[0, col] == nodata and (x, y) not in pts
        else:
            assert a[0, col] == pytest.approx(pts[(x, y)], abs=1e-6)
    assert pts[min(pts)] == pytest.approx(1.0)  # the first grid cell, 50 m from cluster A
    ds = None

    # demand from a density raster (person-hours per ha): 10 m pixels, 100 /ha = 1 ph and 50 /ha = 0.5 ph
    path = tmp_path / "density.tif"
    drv = gdal.GetDriverByName("GTiff").Create(str(path), 102, 2, 1, gdal.GDT_Float32)
    drv.SetGeoTransform((0.0, 10.0, 0.0, 20.0, 0.0, -10.0))
    sr = osr.SpatialReference()
    sr.ImportFromEPSG(25832)
    drv.SetProjection(sr.ExportToWkt())
    arr = np.zeros((2, 102), dtype=np.float32)
    arr[1, 0] = 100.0    # cell (0..10, 0..10)
    arr[1, 100] = 50.0   # cell (1000..1010, 0..10)
    drv.GetRasterBand(1).WriteArray(arr)
    drv = None
    rent = _mem("Polygon", EPSG, [("rent", "double")],
                [("POLYGON((-20 -20, 20 -20, 20 40, -20 40, -20 -20))", [10.0]),
                 ("POLYGON((980 100, 1020 100, 1020 140, 980 140, 980 100))", [20.0])])
    res = run_alg("trampesti:sitesuitability", {
        "DEMAND_RASTER": str(path), "CANDIDATES": cands, "WALK_RADIUS_M": 200, "K_MIN": 3,
        "EXTRA_LAYER": rent, "EXTRA_FIELD": "rent", "EXTRA_BENEFIT": False, "W_EXTRA": 0.1,
        "OUTPUT": "memory:s"})
    rows = {r["cand_id"]: r for r in _rows(_layer(res))}
    assert rows["K1"]["person_hours_served"] == pytest.approx(1.0)
    assert rows["K3"]["person_hours_served"] == pytest.approx(0.5)
    assert rows["K1"]["participants_served"] is None  # a raster cannot count participants
    assert rows["K3"]["c_demand"] == pytest.approx(0.5) and "c_participants" not in rows["K1"]
    assert rows["K1"]["c_extra"] == pytest.approx(1.0) and rows["K3"]["c_extra"] == pytest.approx(0.0)
    assert rows["K6"]["c_extra"] == pytest.approx(0.0)
    wd, we = 0.35 / 0.45, 0.1 / 0.45
    assert rows["K3"]["score"] == pytest.approx(wd * 0.5 + we * 0.0)


def test_multipolygon_cover_with_hole_and_empty_layers(run_alg, toy):
    from qgis.core import QgsProcessingFeedback

    demand, cands, _school = toy
    wkt = ("MULTIPOLYGON(((-50 -50, 50 -50, 50 50, -50 50, -50 -50), (-5 5, 5 5, 5 15, -5 15, -5 5)),"
           " ((1990 0, 2010 0, 2010 20, 1990 20, 1990 0)))")
    cover = _mem("MultiPolygon", EPSG, [("name", "string")], [(wkt, ["arcade with a courtyard"])])
    empty = _mem("Point", EPSG, [], [])

    class Warnings(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.seen = []

        def pushWarning(self, text):
            self.seen.append(text)

    fb = Warnings()
    res = run_alg("trampesti:sitesuitability", {
        "DEMAND": demand, "CANDIDATES": cands, "COVER": cover, "COVER_DECAY_M": 50, "TOILETS": empty,
        "WALK_RADIUS_M": 200, "K_MIN": 3, "OUTPUT": "memory:s"}, feedback=fb)
    rows = {r["cand_id"]: r for r in _rows(_layer(res))}
    assert "c_toilet" not in rows["K1"] and any("TOILETS" in w for w in fb.seen)
    assert rows["K1"]["covered"] is False  # in the courtyard (the hole), 5 m from its edge
    assert rows["K1"]["c_cover"] == pytest.approx(math.exp(-5 / 50))
    assert rows["K4"]["covered"] is True and rows["K4"]["c_cover"] == pytest.approx(1.0)
    assert rows["K6"]["c_cover"] == pytest.approx(math.exp(-450 / 50))
    assert rows["K1"]["toilet_dist_m"] is None
