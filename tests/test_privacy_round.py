"""Privacy of a whole round: anonymise + withdraw algorithms and run_round, through processing.run.

One simulated 24 h round (20 participants, planted sleeping places, hand-out site and a remote
place visited by one participant) is re-labelled with identifying names: file names
(anna_jensen.gpx, lars-nielsen-phone.nmea, ...), serials (SN-SECRET-47xx) in GPX
<name>/<desc>/<author>/creator, a CSV device column and the NMEA $PMTK705 header. The
whole round runs once (module fixture) and every test checks its outputs.
"""
from __future__ import annotations

import json
import math
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.usefixtures("qgis_app")

K_MIN = 3
NIGHT_RADIUS_M = 75.0
HANDOUT_RADIUS_M = 100.0
HANDOUT_TRIM_MIN = 30.0

# identifiers planted into the files (and the originals they replace)
GPX_SERIAL = "SN-SECRET-4711"
CSV_SERIAL = "SN-SECRET-4712"
NMEA_SERIAL = "SN-SECRET-4713"
RENAMES = {"logger_01.gpx": "anna_jensen.gpx", "logger_09.nmea": "lars-nielsen-phone.nmea",
           "logger_15.csv": "peter-olsen-logger.csv", "logger_18.csv": "mette_hansen.csv"}
SECRETS = ["SN-SECRET", "anna_jensen", "Anna Jensen", "lars-nielsen", "Lars Nielsen", "peter-olsen",
           "mette_hansen", "logger_", "GT-120 SN", "GT-730FL SN", "BT-Q1000XT SN", "V-900"]


def _seed_identifiers(trackers: Path, truth: dict) -> None:
    """Rename files and plant serials/names, keeping the tracks unchanged."""
    by_file = {p["file"]: p for p in truth["participants"]}
    gpx = trackers / "logger_01.gpx"
    text = gpx.read_text(encoding="utf-8").replace(by_file["logger_01.gpx"]["device_serial"], GPX_SERIAL)
    text = text.replace("<metadata>", "<metadata>\n    <desc>Anna Jensen, logger SN-SECRET-4711</desc>\n"
                        "    <author><name>Anna Jensen</name></author>", 1)
    text = text.replace("<trk>", "<trk>\n    <desc>Anna Jensen</desc>", 1)
    gpx.write_text(text, encoding="utf-8")
    nmea = trackers / "logger_09.nmea"
    lines = nmea.read_text(encoding="ascii").splitlines()
    body = lines[0].split("*")[0].replace(by_file["logger_09.nmea"]["device_serial"], NMEA_SERIAL)[1:]
    cks = 0
    for ch in body:
        cks ^= ord(ch)
    lines[0] = f"${body}*{cks:02X}"
    nmea.write_text("\n".join(lines) + "\n", encoding="ascii")
    csvf = trackers / "logger_18.csv"
    csvf.write_text(csvf.read_text(encoding="utf-8").replace(by_file["logger_18.csv"]["device_serial"], CSV_SERIAL),
                    encoding="utf-8")
    for old, new in RENAMES.items():
        (trackers / old).rename(trackers / new)
    # the broken file of the simulation names its serial too
    broken = trackers / truth["broken_file"]
    broken.rename(trackers / "ole_broken_SN-SECRET-4714.gpx")


def _tmp_entries():
    root = Path(tempfile.gettempdir())
    try:
        return {p.name for p in root.iterdir()}
    except OSError:
        return set()


@pytest.fixture(scope="module")
def privacy_round(tmp_path_factory, qgis_app):
    from qgis.core import QgsProcessingFeedback, QgsProcessingUtils

    from trampesti.demo.simulate import simulate_round
    from trampesti.processing.roundjob import RoundSettings, run_round

    base = tmp_path_factory.mktemp("privacy-round")
    # 20 h from 12:00 UTC: a day, the night (22-07 local = 20-05 UTC) and a morning
    truth = simulate_round(base / "sim", n_participants=20, start_utc="2014-09-01T12:00:00Z", hours=20).data
    trackers = base / "sim" / "trackers"
    _seed_identifiers(trackers, truth)
    key_file = base / "keys" / "withdrawal-key.json"
    out = base / "out"

    class LogFeedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines = []

        def pushInfo(self, info):  # noqa: N802
            self.lines.append(info)

        def pushWarning(self, warning):  # noqa: N802
            self.lines.append(warning)

        def reportError(self, error, fatalError=False):  # noqa: N802,N803
            self.lines.append(error)

    before = _tmp_entries()
    proc_tmp = Path(QgsProcessingUtils.tempFolder())
    proc_before = {str(p) for p in proc_tmp.rglob("*")}
    fb = LogFeedback()
    made = []
    real_mkdtemp = tempfile.mkdtemp

    def recording_mkdtemp(*a, **k):
        d = real_mkdtemp(*a, **k)
        made.append(Path(d))
        return d
    settings = RoundSettings(round_label="2014-09", k_min=K_MIN, handout_layer=str(base / "sim" / "layers" / "handout.geojson"),
                             night_radius_m=NIGHT_RADIUS_M, handout_radius_m=HANDOUT_RADIUS_M,
                             handout_trim_min=HANDOUT_TRIM_MIN, key_file=str(key_file), attack_trials=2000)
    tempfile.mkdtemp = recording_mkdtemp
    try:
        result = run_round(str(trackers), str(out), settings, fb)
    finally:
        tempfile.mkdtemp = real_mkdtemp
    new_tmp = [Path(tempfile.gettempdir()) / n for n in _tmp_entries() - before]
    new_proc = [Path(p) for p in {str(p) for p in proc_tmp.rglob("*")} - proc_before]
    return {"truth": truth, "out": out, "result": result, "key_file": key_file, "feedback": fb,
            "new_tmp": new_tmp + new_proc, "own_tmp": made + new_proc, "trackers": trackers, "base": base}


def _files_under(paths):
    for p in paths:
        p = Path(p)
        if p.is_file():
            yield p
        elif p.is_dir():
            try:
                for q in p.rglob("*"):
                    if q.is_file():
                        yield q
            except OSError:
                continue


def _leaks(path: Path, secrets=SECRETS):
    try:
        if path.stat().st_size > 200_000_000:
            return []
        data = path.read_bytes()
    except OSError:
        return []
    low = data.lower()
    return [s for s in secrets if s.lower().encode("utf-8") in low]


def _metric(lat, lon):
    """EPSG:25832 coordinates (the CRS the anonymisation works in for Odense)."""
    from osgeo import osr

    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst.ImportFromEPSG(25832)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    pts = np.asarray(osr.CoordinateTransformation(src, dst).TransformPoints(
        np.column_stack([np.asarray(lon, float), np.asarray(lat, float)])))
    return pts[:, 0], pts[:, 1]


def _participants(layer):
    """The participant value of every feature (attributes only, no geometry: fast)."""
    from qgis.core import QgsFeatureRequest

    req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    req.setSubsetOfAttributes([layer.fields().indexOf("participant")])
    return [f["participant"] for f in layer.getFeatures(req)]


def _fix_layer(out: Path):
    from qgis.core import QgsVectorLayer

    lyr = QgsVectorLayer(f"{out / 'round.gpkg'}|layername=fixes", "fixes", "ogr")
    assert lyr.isValid()
    return lyr


def _fixes_arrays(out: Path):
    from trampesti.processing.layers import read_points

    lyr = _fix_layer(out)
    x, y, cols = read_points(lyr, ["participant", "time_utc"])
    mx, my = _metric(y, x)
    return mx, my, cols["participant"], cols["time_utc"]


def test_no_identifier_survives_in_any_output(privacy_round):
    """Every file written in the output folder — round.gpkg (all tables, layer names and metadata
    are plain UTF-8 in SQLite), density.tif (+ .aux.xml), report.html, privacy.html,
    privacy.json, map.png — holds none of the names, serials or file stems."""
    out = privacy_round["out"]
    files = sorted(_files_under([out]))
    names = {f.name for f in files}
    assert {"round.gpkg", "density.tif", "report.html", "privacy.html", "map.png"} <= names
    for f in files:
        assert _leaks(f) == [], f"{f.name} leaks {_leaks(f)}"
    # the scan is not vacuous: the planted names are in the inputs, and the raw keys were read
    assert _leaks(privacy_round["trackers"] / "anna_jensen.gpx") == ["SN-SECRET", "Anna Jensen"]
    raw_keys = {r["participant"] for r in privacy_round["result"].raw_import_rows}
    assert {GPX_SERIAL, CSV_SERIAL, "lars-nielsen-phone", "peter-olsen-logger"} <= raw_keys
    # the fix layer carries pseudonyms only and no 'source'; labelled as pseudonymised personal data
    lyr = _fix_layer(out)
    assert "source" not in [f.name() for f in lyr.fields()]
    parts = set(_participants(lyr))
    assert parts and all(re.fullmatch(r"P\d\d", p) for p in parts)
    assert "pseudonymised personal data" in lyr.metadata().abstract().lower()
    # the import report in round.gpkg: neutral labels, pseudonyms, one row per file
    from qgis.core import QgsVectorLayer

    rep = QgsVectorLayer(f"{out / 'round.gpkg'}|layername=report", "r", "ogr")
    rows = [dict(zip(rep.fields().names(), f.attributes())) for f in rep.getFeatures()]
    assert len(rows) == 21
    assert all(re.fullmatch(r"(P\d\d|unread) file \d+ \(\w+\)", r["file"]) for r in rows)
    in_report = {r["participant"] for r in rows if r["participant"]}
    by_p = privacy_round["result"].privacy_report["removed_by_pseudonym"]
    assert parts <= in_report and all(by_p[p]["kept"] == 0 for p in in_report - parts)
    # anonymise reads what cleanfixes kept: imported = cleaned + removed as impossible
    clean = privacy_round["result"].results["clean"]
    assert sum(r["fixes_kept"] for r in rows) == clean["FIXES_IN"]
    assert clean["FIXES_OUT"] == privacy_round["result"].privacy_report["fixes_in"]
    assert clean["FIXES_IN"] == clean["FIXES_OUT"] + clean["REMOVED"]


def test_no_fix_near_planted_sleeping_places_or_handout(privacy_round):
    truth, out = privacy_round["truth"], privacy_round["out"]
    x, y, pid, t = _fixes_arrays(out)
    assert x.size > 50_000
    sx, sy = _metric([p["sleeping_place"]["lat"] for p in truth["participants"]],
                     [p["sleeping_place"]["lon"] for p in truth["participants"]])
    d_sleep = np.min(np.hypot(x[:, None] - sx[None, :], y[:, None] - sy[None, :]), axis=1)
    # the radius counts from the DETECTED centre (dwell-weighted mean of noisy night fixes, GPS
    # noise 3-8 m in the simulation), so allow 10 m of detection error against the planted truth
    assert d_sleep.min() > NIGHT_RADIUS_M - 10.0, d_sleep.min()
    # and the mask is not just far away: fixes do come close to it (the city is small)
    assert d_sleep.min() < NIGHT_RADIUS_M + 30.0
    # the raw tracks do spend the night there (the mask had work to do)
    rep = privacy_round["result"].privacy_report
    assert rep["removed"]["masked_sleeping_place"] > 10_000
    assert sum(v["places"] for v in rep["sleeping_places"].values()) >= 20
    # hand-out site: every simulated track starts and ends with a stay there (truth). From the
    # arrival to HANDOUT_TRIM_MIN after leaving (and mirrored at the end) no fix is published,
    # so none lies within the radius (polygon centre + its half diagonal 25 m) either
    from trampesti.core.readers.common import parse_iso_time

    hx, hy = _metric([truth["handout"]["lat"]], [truth["handout"]["lon"]])
    d_hand = np.hypot(x - hx[0], y - hy[0])
    radius = HANDOUT_RADIUS_M + 25.0
    mapping = json.loads(privacy_round["key_file"].read_text(encoding="utf-8"))["pseudonyms"]
    new_key = {"logger_01.gpx": GPX_SERIAL, "logger_09.nmea": "lars-nielsen-phone",
               "logger_15.csv": "peter-olsen-logger", "logger_18.csv": CSV_SERIAL}
    trim_s = HANDOUT_TRIM_MIN * 60.0 - 60.0  # published times are rounded to 60 s
    checked = 0
    for p in truth["participants"]:
        pn = mapping[new_key.get(p["file"], p["raw_key"])]
        hand = [st for st in p["stays"] if st["place"] == "handout"]
        a0, l0 = parse_iso_time(hand[0]["arrive_utc"])[0], parse_iso_time(hand[0]["leave_utc"])[0]
        a1, l1 = parse_iso_time(hand[-1]["arrive_utc"])[0], parse_iso_time(hand[-1]["leave_utc"])[0]
        m = pid == pn
        tt = t[m]
        win = ((tt >= a0) & (tt <= l0 + trim_s)) | ((tt >= a1 - trim_s) & (tt <= l1))
        assert not np.any(win), (p["file"], int(win.sum()))
        ends = (tt <= tt.min() + 60.0) | (tt >= tt.max() - 60.0)
        assert not np.any(d_hand[m][ends] <= radius), p["file"]
        checked += 1
    assert checked == 20
    # every simulated track starts and ends at the hand-out: its first fix is now far from it
    assert rep["removed"]["masked_handout"] > 1000


def test_attack_figures_raw_vs_aggregates_and_html(privacy_round):
    rep = privacy_round["result"].privacy_report
    outs = {o["name"]: o for o in rep["outputs"]}
    n = rep["n_participants"]
    assert n == 21  # 20 + the broken file's participant
    raw = {a["p"]: a for a in outs["raw fixes"]["attack"]}
    assert sorted(raw) == [1, 2, 3, 4]
    assert raw[4]["success_rate"] >= 0.9
    assert raw[1]["success_rate"] < raw[4]["success_rate"]
    assert math.isclose(raw[4]["chance"], 1.0 / n)
    anon = {a["p"]: a for a in outs["anonymised fixes"]["attack"]}
    assert anon[4]["success_rate"] < raw[4]["success_rate"]
    aggregates = [o for o in rep["outputs"] if o["label"] == "the shareable outputs"]
    assert {o["name"] for o in aggregates} >= {"hotspot polygons"}
    assert len(aggregates) == 2
    for o in aggregates:
        assert o["min_k_published"] >= K_MIN
        for a in o["attack"]:
            assert a["success_rate"] <= 1.0 / K_MIN
            assert a["worst_trial"] <= 1.0 / K_MIN + 1e-12
            assert a["singled_out_share"] == 0.0
    page = (privacy_round["out"] / "privacy.html").read_text(encoding="utf-8")
    assert "pseudonymised personal data" in page and "the shareable outputs" in page
    assert f"{100 * raw[4]['success_rate']:.1f} %" in page
    assert f"{100.0 / n:.1f} %" in page
    main = (privacy_round["out"] / "report.html").read_text(encoding="utf-8")
    assert "privacy.html" in main
    assert f"{100 * raw[4]['success_rate']:.1f} %" in main
    hs = {a["p"]: a for a in outs["hotspot polygons"]["attack"]}
    assert f"{100 * hs[4]['success_rate']:.1f} %" in main


def test_remote_place_of_one_participant_is_in_no_aggregate(privacy_round):
    from qgis.core import QgsGeometry, QgsPointXY, QgsVectorLayer

    from trampesti.processing.rasters import read_geotiff

    truth, out = privacy_round["truth"], privacy_round["out"]
    remote = truth["places"][truth["remote"]["place"]]
    rx, ry = _metric([remote["lat"]], [remote["lon"]])
    dens, gt, _ = read_geotiff(str(out / "density.tif"))
    rows, cols = np.indices(dens.shape)
    cx = gt[0] + (cols + 0.5) * gt[1]
    cy = gt[3] + (rows + 0.5) * gt[5]
    near = np.hypot(cx - rx[0], cy - ry[0]) <= 300.0
    assert not np.any(np.isfinite(dens[near]) & (dens[near] > 0))
    # the remote visit is in the anonymised fixes (so the suppression did the work)
    x, y, pid, _ = _fixes_arrays(out)
    at_remote = np.hypot(x - rx[0], y - ry[0]) <= 100.0
    assert at_remote.sum() > 50 and np.unique(pid[at_remote]).size == 1
    hot = QgsVectorLayer(f"{out / 'round.gpkg'}|layername=hotspots", "h", "ogr")
    assert hot.featureCount() > 0
    for f in hot.getFeatures():
        assert f["n_participants"] >= K_MIN
        assert f.geometry().distance(QgsGeometry.fromPointXY(QgsPointXY(rx[0], ry[0]))) > 300.0
    for o in privacy_round["result"].privacy_report["outputs"]:
        if o["label"] == "the shareable outputs":
            assert o["min_k_published"] >= K_MIN
    grid = [o for o in privacy_round["result"].privacy_report["outputs"] if o["name"].startswith("density grid")][0]
    assert grid["n_suppressed"] > 0


def test_withdrawal_removes_participant_and_key_stays_private(privacy_round, run_alg, tmp_path):
    from qgis.core import QgsProcessingException, QgsVectorLayer

    key_file = privacy_round["key_file"]
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert key_file.parent != privacy_round["out"]
    mapping = json.loads(key_file.read_text(encoding="utf-8"))["pseudonyms"]
    target = mapping[GPX_SERIAL]
    src = _fix_layer(privacy_round["out"])
    n_all = src.featureCount()
    src_parts = _participants(src)
    n_target = src_parts.count(target)
    assert n_target > 1000
    dest = tmp_path / "withdrawn.gpkg"
    res = run_alg("trampesti:withdraw", {"INPUT": src, "KEY_FILE": str(key_file), "DEVICES": GPX_SERIAL,
                                         "OUTPUT": str(dest)})
    assert res["WITHDRAWN_FIXES"] == n_target and res["WITHDRAWN_PARTICIPANTS"] == 1
    lyr = QgsVectorLayer(str(dest), "w", "ogr")
    assert lyr.featureCount() == n_all - n_target
    parts = set(_participants(lyr))
    before = set(src_parts)
    assert target in before and parts == before - {target}
    assert _leaks(dest) == []
    assert GPX_SERIAL not in json.dumps({k: v for k, v in res.items() if isinstance(v, (int, float, str))})
    with pytest.raises(QgsProcessingException) as err:
        run_alg("trampesti:withdraw", {"INPUT": src, "KEY_FILE": str(key_file), "DEVICES": "SN-NOT-IN-KEY",
                                       "OUTPUT": "memory:"})
    assert "SN-NOT-IN-KEY" not in str(err.value)


def test_raw_fixes_never_written_to_disk(privacy_round):
    """keep_raw False: nothing in the output folder or in temporary files created during the run
    holds the raw 'source' strings (file:line) or a layer with the raw fix count."""
    from osgeo import ogr

    out = privacy_round["out"]
    rep = privacy_round["result"].privacy_report
    n_raw = rep["fixes_in"]
    assert n_raw > rep["fixes_out"] > 0
    assert not (out / "raw_fixes.gpkg").exists() and privacy_round["result"].raw_fixes == ""
    # (other processes may write temporary files meanwhile: only names unique to this test are
    # searched there, and layer sizes only in this run's own folders)
    source_marks = ["anna_jensen.gpx:", "lars-nielsen-phone.nmea:", "mette_hansen.csv:", "peter-olsen-logger.csv:",
                    "SN-SECRET"]
    for f in _files_under(privacy_round["new_tmp"]):
        assert _leaks(f, source_marks) == [], f
    scanned = 0
    for f in _files_under([out] + privacy_round["own_tmp"]):
        scanned += 1
        assert _leaks(f, source_marks + ["logger_02.gpx:"]) == [], f
        if f.suffix.lower() in (".gpkg", ".sqlite", ".shp", ".geojson"):
            ds = ogr.Open(str(f))
            if ds is None:
                continue
            for i in range(ds.GetLayerCount()):
                assert ds.GetLayer(i).GetFeatureCount() != n_raw, f
    assert scanned >= 5
    # the round's own temporary folder is gone
    own = [p for p in privacy_round["own_tmp"] if p.name.startswith("trampesti-round-")]
    assert len(own) == 1 and not own[0].exists()


def test_keep_raw_writes_private_raw_layer(qgis_app, tmp_path):
    """keep_raw True (small round): raw_fixes.gpkg with the 'source' field, mode 0600."""
    from qgis.core import QgsVectorLayer

    from trampesti.demo.simulate import simulate_round
    from trampesti.processing.roundjob import RoundSettings, run_round

    truth = simulate_round(tmp_path / "sim", n_participants=6, hours=6).data
    res = run_round(str(tmp_path / "sim" / "trackers"), str(tmp_path / "out"),
                    RoundSettings(k_min=K_MIN, keep_raw=True, attack_trials=200, mask_night_places=False))
    raw = Path(res.raw_fixes)
    assert raw.name == "raw_fixes.gpkg" and stat.S_IMODE(os.stat(raw).st_mode) == 0o600
    lyr = QgsVectorLayer(f"{raw}|layername=raw_fixes", "raw", "ogr")
    assert "source" in lyr.fields().names()
    # the raw layer is written straight after import, before cleanfixes removes impossible fixes
    assert lyr.featureCount() == res.results["clean"]["FIXES_IN"] == sum(
        p["n_fixes"] for p in truth["participants"]) + truth["broken"]["complete_trkpt"]
    assert res.privacy_report["fixes_in"] == res.results["clean"]["FIXES_OUT"]
    # the anonymised layer of the same round still has no source
    assert "source" not in _fix_layer(tmp_path / "out").fields().names()
    shutil.rmtree(tmp_path / "out")


def test_anonymise_algorithm_mask_layer_grid_and_date(run_alg, tmp_path):
    """trampesti:anonymise alone: a mask polygon given in EPSG:4326 empties its area, positions
    sit on the 50 m grid centres (EPSG:25832), times fall in the 2001 reference week with the
    local clock time kept, and the DPO report / key file are written."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    from trampesti.demo.simulate import simulate_round
    from trampesti.processing.layers import read_points

    truth = simulate_round(tmp_path / "sim", n_participants=6, hours=6).data
    imp = run_alg("trampesti:importtrackers", {"INPUT": str(tmp_path / "sim" / "trackers"), "OUTPUT": "memory:",
                                               "REPORT": "memory:"})
    shelter = truth["places"]["day_shelter"]
    d = 0.0006  # ~40-65 m box around the day shelter, in degrees
    mask = QgsVectorLayer("Polygon?crs=EPSG:4326", "mask", "memory")
    f = QgsFeature()
    lat, lon = shelter["lat"], shelter["lon"]
    f.setGeometry(QgsGeometry.fromPolygonXY([[QgsPointXY(lon - d, lat - d), QgsPointXY(lon + d, lat - d),
                                              QgsPointXY(lon + d, lat + d), QgsPointXY(lon - d, lat + d)]]))
    mask.dataProvider().addFeatures([f])
    html_path, key = tmp_path / "dpo.html", tmp_path / "key" / "k.json"
    res = run_alg("trampesti:anonymise", {
        "INPUT": imp["OUTPUT"], "MASK_LAYER": mask, "MASK_NIGHT_PLACES": False, "SPATIAL_RESOLUTION_M": 50,
        "DROP_DATE": True, "TIME_RESOLUTION_S": 300, "OUTPUT": "memory:", "REPORT": "memory:",
        "REPORT_HTML": str(html_path), "KEY_FILE": str(key), "ATTACK_TRIALS": 200})
    out = res["OUTPUT"]
    assert 0 < res["FIXES_OUT"] == out.featureCount() < res["FIXES_IN"] == imp["FIXES"]
    x, y, cols = read_points(out, ["participant", "time_utc", "dwell_s"])
    mx, my = _metric(y, x)
    assert np.allclose(np.mod(mx, 50.0), 25.0, atol=0.01) and np.allclose(np.mod(my, 50.0), 25.0, atol=0.01)
    bx, by = _metric([lat - d, lat + d], [lon - d, lon + d])
    inside = (mx >= bx[0]) & (mx <= bx[1]) & (my >= by[0]) & (my <= by[1])
    assert not inside.any()
    rows = [dict(zip(res["REPORT"].fields().names(), r.attributes())) for r in res["REPORT"].getFeatures()]
    masked = [r for r in rows if r["pseudonym"] == "all" and r["reason"] == "masked_polygon"]
    assert masked and masked[0]["fixes"] > 100  # the shelter is visited in the simulated day
    t = cols["time_utc"]
    assert t.min() >= 978307200.0 - 3600 and t.max() < 978307200.0 + 7 * 86400
    assert np.allclose(np.mod(t, 300.0), 0.0)
    # dwell recomputed on the published fixes: per pseudonym it cannot exceed the track's span
    assert np.all(cols["dwell_s"] >= 0) and np.nansum(cols["dwell_s"]) > 0
    assert {r["pseudonym"] for r in rows} - {"all"} == set(np.unique(cols["participant"])) | {
        r["pseudonym"] for r in rows if r["reason"] == "kept" and r["fixes"] == 0}
    page = html_path.read_text(encoding="utf-8")
    assert "pseudonymised personal data" in page and "the shareable outputs" in page
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert "pseudonymised personal data" in out.metadata().abstract().lower()
    assert res["LABEL"].startswith("pseudonymised personal data")
