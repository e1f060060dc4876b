"""core/clean.py and trampesti:cleanfixes: planted spikes out, nothing real lost, every fix counted."""
from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pytest
from trampesti.core.clean import REASONS, CleanOptions, clean_fixes, haversine_m
from trampesti.core.fixes import Fixes

R = 6371008.8
T0 = 1409551200.0  # 2014-09-01T06:00:00Z


def _chord_m(lat1, lon1, lat2, lon2):
    """Independent great-circle distance: chord between unit vectors, then the arc."""
    def xyz(la, lo):
        la, lo = np.radians(la), np.radians(lo)
        return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])
    c = np.linalg.norm(xyz(lat1, lon1) - xyz(lat2, lon2), axis=0)
    return 2.0 * R * np.arcsin(c / 2.0)


def _walk(n, step_s=1.0, v_mps=1.3, lat0=55.40, lon0=10.39, heading_deg=90.0, key="A", t0=T0):
    """A straight track at constant speed (local metres → degrees on the sphere)."""
    s = np.arange(n) * step_s * v_mps
    h = math.radians(heading_deg)
    lat = lat0 + np.degrees(s * math.cos(h) / R)
    lon = lon0 + np.degrees(s * math.sin(h) / (R * math.cos(math.radians(lat0))))
    lon = (lon + 180.0) % 360.0 - 180.0
    return Fixes.from_columns(time_s=t0 + np.arange(n) * step_s, lat=lat, lon=lon, participant=key)


def _move(fx, i, north_m=0.0, east_m=0.0):
    fx.lat[i] += np.degrees(north_m / R)
    fx.lon[i] += np.degrees(east_m / (R * math.cos(math.radians(fx.lat[i]))))


def _removed(res, why):
    return set(np.flatnonzero(res.reason == why).tolist())


def _check_accounting(res, n_in):
    assert res.totals["fixes_in"] == n_in
    assert res.totals["fixes_out"] == len(res.fixes)
    assert res.totals["fixes_in"] == res.totals["fixes_out"] + sum(res.totals[r] for r in REASONS)
    for row in res.rows:
        assert row["fixes_in"] == row["fixes_out"] + sum(row[r] for r in REASONS)
    assert sum(r["fixes_in"] for r in res.rows) == n_in
    assert int((res.reason == "").sum()) == len(res.fixes)


def test_haversine_matches_chord_formula_and_crosses_antimeridian():
    rng = np.random.default_rng(1)
    la1, la2 = rng.uniform(-89, 89, 500), rng.uniform(-89, 89, 500)
    lo1, lo2 = rng.uniform(-180, 180, 500), rng.uniform(-180, 180, 500)
    assert np.allclose(haversine_m(la1, lo1, la2, lo2), _chord_m(la1, lo1, la2, lo2), rtol=1e-9, atol=1e-6)
    # 0.0002 degrees of longitude at 16.5 S across 180: 21.3 m, not 40 000 km
    d = haversine_m(-16.5, 179.9999, -16.5, -179.9999)
    assert d == pytest.approx(math.radians(0.0002) * R * math.cos(math.radians(16.5)), rel=1e-6)


def test_single_spike_removed_and_nothing_else():
    fx = _walk(300)
    _move(fx, 120, north_m=200.0)
    res = clean_fixes(fx, CleanOptions())
    assert _removed(res, "speed_spike") == {120}
    assert len(res.fixes) == 299
    _check_accounting(res, 300)


def test_two_consecutive_spikes_removed():
    fx = _walk(300)
    _move(fx, 100, north_m=200.0)   # two outliers in different directions
    _move(fx, 101, east_m=-250.0)
    _move(fx, 200, north_m=-180.0)  # a pair stuck at one wrong place
    _move(fx, 201, north_m=-180.0)
    res = clean_fixes(fx, CleanOptions())
    assert _removed(res, "speed_spike") == {100, 101, 200, 201}
    _check_accounting(res, 300)


def test_sparse_sampling_jump_caught_by_out_and_back_test():
    fx = _walk(120, step_s=60.0, v_mps=0.02)  # a stay logged once a minute
    _move(fx, 50, east_m=200.0)  # 200 m in 60 s = 12 km/h: below the walking speed limit
    res = clean_fixes(fx, CleanOptions(preset="walk"))
    assert _removed(res, "speed_spike") == {50}
    off = clean_fixes(fx, CleanOptions(preset="walk", max_jump_m=0.0))
    assert _removed(off, "speed_spike") == set()


def test_train_segment_kept_with_car_preset_not_with_walk():
    walk1 = _walk(200, v_mps=1.3)
    last = (walk1.lat[-1], walk1.lon[-1])
    train = _walk(300, v_mps=44.0, lat0=last[0], lon0=last[1] + 1e-5, t0=walk1.time_s[-1] + 1)  # 158 km/h
    fx = Fixes.concat([walk1, train])
    car = clean_fixes(fx, CleanOptions(preset="car"))
    assert len(car.fixes) == 500 and car.totals["speed_spike"] == 0
    fast_train = clean_fixes(fx, CleanOptions(preset="car", max_speed_kmh=120.0))
    assert fast_train.totals["speed_spike"] > 250  # the same ride is impossible under 120 km/h
    walk = clean_fixes(fx, CleanOptions(preset="walk"))
    assert _removed(walk, "speed_spike") >= set(range(201, 499))
    assert not (_removed(walk, "speed_spike") & set(range(199)))


def test_antimeridian_track_keeps_every_fix_and_true_speed():
    fx = _walk(400, v_mps=1.3, lat0=-16.5, lon0=179.9985, heading_deg=90.0)  # Taveuni, Fiji: crosses 180
    assert (fx.lon > 0).any() and (fx.lon < 0).any()
    _move(fx, 250, north_m=220.0)
    res = clean_fixes(fx, CleanOptions())
    assert _removed(res, "speed_spike") == {250}
    out = res.fixes
    ok = np.ones(len(out), bool)
    near = np.searchsorted(out.time_s, fx.time_s[250])
    ok[near - 1:near + 1] = False
    assert np.allclose(out.speed_mps[ok], 1.3, rtol=1e-3)
    step = _chord_m(out.lat[:-1], out.lon[:-1], out.lat[1:], out.lon[1:]) / np.diff(out.time_s)
    assert np.allclose(step, 1.3, rtol=1e-3)
    assert (out.segment == 1).all()


def test_zero_duplicate_hdop_trim_counted_per_participant():
    a = _walk(600, key="SN-A")          # 10 minutes at 1 s
    b = _walk(1200, step_s=2.0, key="SN-B", lat0=55.41)
    a.hdop[:] = 1.0
    a.hdop[[300, 301, 302]] = 12.0
    b.lat[[500, 700]] = 0.0
    b.lon[[500, 700]] = 0.0
    dup = a.take(np.array([400, 401]))
    fx = Fixes.concat([a, b, dup])
    fx = fx.take(np.random.default_rng(3).permutation(len(fx)))  # any input order
    res = clean_fixes(fx, CleanOptions(max_hdop=10.0, trim_start_min=2.0, trim_end_min=1.0))
    rows = {r["participant"]: r for r in res.rows}
    assert rows["SN-A"]["fixes_in"] == 602 and rows["SN-B"]["fixes_in"] == 1200
    assert rows["SN-A"]["duplicate"] == 2 and rows["SN-A"]["high_hdop"] == 3
    assert rows["SN-B"]["zero_coords"] == 2 and rows["SN-A"]["zero_coords"] == 0
    # A (t0..t0+599 s): t < t0+120 (120 fixes) and t > t0+539 (540..599: 60); B (2 s, to t0+2398): 60 + 30
    assert rows["SN-A"]["trimmed"] == 120 + 60
    assert rows["SN-B"]["trimmed"] == 60 + 30
    assert rows["SN-A"]["speed_spike"] == rows["SN-B"]["speed_spike"] == 0
    _check_accounting(res, 1802)
    assert res.totals["participant"] == "all"
    out = res.fixes
    assert (np.diff(out.time_s)[out.participant[1:] == out.participant[:-1]] > 0).all()
    assert not ((out.lat == 0) & (out.lon == 0)).any()


def test_gap_starts_new_segment_and_dwell_capped():
    a = _walk(100, step_s=10.0)
    b = _walk(100, step_s=10.0, t0=a.time_s[-1] + 3600.0)
    res = clean_fixes(Fixes.concat([a, b]), CleanOptions(max_gap_s=300.0))
    assert set(res.fixes.segment.tolist()) == {1, 2}
    assert (res.fixes.segment[:100] == 1).all() and (res.fixes.segment[100:] == 2).all()
    assert res.fixes.dwell_s[99] == pytest.approx(5.0 + 150.0)
    assert res.fixes.dwell_s[50] == pytest.approx(10.0)


def test_file_speed_kept_where_given():
    fx = _walk(50)
    fx.speed_mps[:] = 7.0
    fx.speed_mps[10] = np.nan
    res = clean_fixes(fx, CleanOptions())
    assert res.fixes.speed_mps[0] == 7.0 and res.fixes.speed_mps[10] == pytest.approx(1.3, rel=1e-3)
    assert res.speed_filled == 1


def _utc(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from trampesti.core.readers import combine, read_tracker_file
    from trampesti.demo.simulate import simulate_round

    out = tmp_path_factory.mktemp("clean-demo")
    simulate_round(out)
    truth = json.loads((out / "truth.json").read_text())
    fx = combine([read_tracker_file(str(out / "trackers" / p["file"])) for p in truth["participants"]])
    return out, truth, fx


def test_demo_round_planted_outliers_removed_and_no_stay_fix(demo):
    _out, truth, fx = demo
    res = clean_fixes(fx, CleanOptions(preset="walk"))
    key_t = set(zip(fx.participant.astype(str).tolist(), fx.time_s.tolist()))
    planted = {(p["raw_key"], _utc(o["time_utc"])) for p in truth["participants"] for o in p["outliers"]}
    assert planted <= key_t and len(planted) >= len(truth["participants"])
    removed = {(fx.participant[i], fx.time_s[i]) for i in np.flatnonzero(res.reason != "")}
    assert removed == planted  # every planted jump, and nothing else (no stay or walk fix)
    assert res.totals["speed_spike"] == len(planted)
    _check_accounting(res, len(fx))
    assert {r["participant"] for r in res.rows} == {p["raw_key"] for p in truth["participants"]}


def test_demo_round_trim_takes_exactly_the_handout_minutes(demo):
    _out, truth, fx = demo
    res = clean_fixes(fx, CleanOptions(trim_start_min=10.0, trim_end_min=10.0))
    by_key = {p["raw_key"]: p for p in truth["participants"]}
    for row in res.rows:
        p = by_key[row["participant"]]
        sel = fx.participant.astype(str) == row["participant"]
        t = fx.time_s[sel]
        expect = int(((t < _utc(p["first_utc"]) + 600) | (t > _utc(p["last_utc"]) - 600)).sum())
        assert row["trimmed"] == expect > 0
        assert row["speed_spike"] == len(p["outliers"])


def _independent_spikes(fx, vmax_kmh, min_m=25.0):
    """Interior fixes still reached and left faster than vmax (plain loop, chord distances)."""
    bad = []
    for i in range(1, len(fx) - 1):
        if not (fx.participant[i - 1] == fx.participant[i] == fx.participant[i + 1]):
            continue
        d1 = _chord_m(fx.lat[i - 1], fx.lon[i - 1], fx.lat[i], fx.lon[i])
        d2 = _chord_m(fx.lat[i], fx.lon[i], fx.lat[i + 1], fx.lon[i + 1])
        t1, t2 = fx.time_s[i] - fx.time_s[i - 1], fx.time_s[i + 1] - fx.time_s[i]
        if d1 > min_m and d2 > min_m and 3.6 * d1 / t1 > vmax_kmh and 3.6 * d2 / t2 > vmax_kmh:
            bad.append(i)
    return bad


@pytest.mark.parametrize("name", ["gpx/garmin_xt_strk.gpx", "plt/geolife_000_20081024020959.plt",
                                  "plt/geolife_001_20081023055305.plt", "plt/geolife_010_20080330004134.plt"])
def test_real_files_accounted_and_no_spike_left(shared_data, name):
    from trampesti.core.readers import read_tracker_file

    fx = read_tracker_file(str(shared_data / name)).fixes
    for preset, vmax in (("walk", 15.0), ("car", 200.0)):
        res = clean_fixes(fx, CleanOptions(preset=preset, max_hdop=10.0))
        _check_accounting(res, len(fx))
        assert _independent_spikes(res.fixes, vmax) == []
        assert np.isfinite(res.fixes.speed_mps).mean() > 0.99  # none of these files has speeds
        assert (res.fixes.dwell_s >= 0).all()


def test_real_train_ride_kept_with_car_preset(shared_data):
    """GeoLife user 010's labels say 'train' for 2008-03-29 16:00 → 2008-03-30 15:59:59 (this file)."""
    from trampesti.core.readers import read_tracker_file

    fx = read_tracker_file(str(shared_data / "plt/geolife_010_20080330004134.plt")).fixes
    assert fx.time_s[0] >= _utc("2008-03-29T16:00:00Z") and fx.time_s[-1] <= _utc("2008-03-30T16:00:00Z")
    car = clean_fixes(fx, CleanOptions(preset="car"))
    assert car.totals["speed_spike"] == 0 and len(car.fixes) == len(fx)
    d = _chord_m(fx.lat[:-1], fx.lon[:-1], fx.lat[1:], fx.lon[1:])
    fast = 3.6 * d / np.diff(fx.time_s) > 15.0
    walk = clean_fixes(fx, CleanOptions(preset="walk"))
    assert walk.totals["speed_spike"] >= 0.5 * fast.sum()  # the walking limit rejects the ride


def test_unknown_preset_is_a_parameter_error():
    from trampesti.core.exceptions import ParameterError

    with pytest.raises(ParameterError):
        clean_fixes(_walk(10), CleanOptions(preset="plane"))


# -- the Processing algorithm ------------------------------------------------------------------
def test_cleanfixes_algorithm_on_demo_round(run_alg, demo, tmp_path):
    out, truth, fx = demo
    gpkg = tmp_path / "fixes.gpkg"  # a GeoPackage file: bulk write and bulk (Arrow) read
    imp = run_alg("trampesti:importtrackers", {"INPUT": str(out / "trackers"), "ROUND": "2014-09",
                                                 "OUTPUT": str(gpkg), "REPORT": "memory:"})
    res = run_alg("trampesti:cleanfixes", {"INPUT": str(gpkg), "PRESET": 0, "TRIM_START_MIN": 0,
                                            "TRIM_END_MIN": 0, "OUTPUT": "memory:", "REPORT": "memory:"})
    n_planted = sum(len(p["outliers"]) for p in truth["participants"])
    assert res["FIXES_IN"] == imp["FIXES"] >= len(fx)  # + what the truncated logger_21.gpx still holds
    assert res["REMOVED"] == n_planted and res["FIXES_OUT"] == imp["FIXES"] - n_planted
    layer = res["OUTPUT"]
    assert layer.featureCount() == res["FIXES_OUT"]
    names = [f.name() for f in layer.fields()]
    assert {"participant", "round", "time_utc", "dwell_s", "segment", "speed_mps", "source"} <= set(names)
    feat = next(layer.getFeatures())
    assert feat["round"] == "2014-09" and feat["speed_mps"] is not None
    rows = {f["participant"]: {n: f[n] for n in [x.name() for x in res["REPORT"].fields()]}
            for f in res["REPORT"].getFeatures()}
    assert set(rows) >= {p["raw_key"] for p in truth["participants"]} | {"all"}
    assert len(rows) <= len(truth["participants"]) + 2  # + the broken file's key
    for p in truth["participants"]:
        r = rows[p["raw_key"]]
        assert r["speed_spike"] == len(p["outliers"])
        assert r["fixes_in"] == r["fixes_out"] + r["removed"]
        assert r["removed"] == r["speed_spike"] + r["high_hdop"] + r["duplicate"] + r["zero_coords"] + r["trimmed"] + r["invalid"]
    assert rows["all"]["fixes_in"] == imp["FIXES"] and rows["all"]["removed"] == n_planted


def test_cleanfixes_parameters_follow_design(qgis_app):
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById("trampesti:cleanfixes")
    names = {p.name() for p in alg.parameterDefinitions()}
    assert {"INPUT", "MAX_SPEED_KMH", "MAX_HDOP", "TRIM_START_MIN", "TRIM_END_MIN", "OUTPUT", "REPORT",
            "PRESET", "MAX_GAP_S"} <= names
    assert all(p.help() for p in alg.parameterDefinitions())
    assert alg.parameterDefinition("PRESET").options() == ["walk", "bike", "car"]
