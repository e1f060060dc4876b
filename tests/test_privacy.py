"""Tests for core/privacy.py and core/risk.py: pseudonyms, masking, coarsening, attack figures.

A small simulator plants the ground truth: 20 participants over 24 h in a metric CRS
(UTM-like metres near Odense), everyone handed a logger at one site and handing it back
there, each sleeping at their own planted place from about 22:00 to 07:00 local time,
visiting shared public places by day; participant 0 also visits a remote place alone.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from scipy import stats

from trampesti.core import kanon, privacy, risk
from trampesti.core.fixes import Fixes

CPH = ZoneInfo("Europe/Copenhagen")
T0 = dt.datetime(2026, 6, 1, 10, 0, tzinfo=CPH).timestamp()  # 08:00 UTC, a Monday
DAY = 86400.0
HANDOUT = np.array([590000.0, 6140000.0])
REMOTE = np.array([594000.0, 6143000.0])
SLEEP_RADIUS_M = 200.0
HANDOUT_RADIUS_M = 100.0
TRIM_MIN = 30.0


def _keys(n: int):
    return [f"GT31-SN{880000 + 37 * i}" for i in range(n)]


def simulate_round(n: int = 20, step_s: float = 30.0, seed: int = 7):
    """Participants' raw keys, times, x, y and the planted truth (sleeping places)."""
    rng = np.random.default_rng(seed)
    keys = _keys(n)
    ang = rng.permutation(np.linspace(0, 2 * np.pi, n, endpoint=False)) + rng.uniform(-0.05, 0.05, n)
    rad = rng.uniform(1400.0, 2600.0, n)
    sleep = HANDOUT + np.column_stack([rad * np.cos(ang), rad * np.sin(ang)])
    pub_ang = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    public = HANDOUT + np.column_stack([700 * np.cos(pub_ang), 700 * np.sin(pub_ang)])
    rows = []
    for i in range(n):
        day = public[rng.choice(8, size=6, replace=False)]
        stops = [HANDOUT, day[0], day[1], day[2], day[3], sleep[i], day[4], day[5], HANDOUT]
        if i == 0:
            stops[3] = REMOTE
        # departure time from each stop (the last "departure" is the end of the round)
        sleep_arrive = dt.datetime(2026, 6, 1, 21, 30, tzinfo=CPH).timestamp() + rng.uniform(0, 1800)
        sleep_leave = dt.datetime(2026, 6, 2, 7, 5, tzinfo=CPH).timestamp() + rng.uniform(0, 1200)
        dep = [T0 + 600.0]
        for k in range(1, 5):
            dep.append(T0 + 600.0 + k * (sleep_arrive - 3600.0 - T0) / 4.5)
        dep.append(sleep_leave)
        dep.append(sleep_leave + 3000.0 + rng.uniform(0, 300))
        dep += [dep[-1] + 2400.0 + rng.uniform(0, 300), T0 + DAY]
        kt, kx, ky = [T0], [HANDOUT[0]], [HANDOUT[1]]
        for k, s in enumerate(stops):
            if k > 0:
                walk = np.hypot(*(s - stops[k - 1])) / 1.3
                kt.append(dep[k - 1] + walk)
                kx.append(s[0])
                ky.append(s[1])
            kt.append(dep[k])
            kx.append(s[0])
            ky.append(s[1])
        kt = np.array(kt)
        assert np.all(np.diff(kt) >= 0), "simulator schedule overlaps"
        t = np.arange(T0, T0 + DAY + 1e-6, step_s) + rng.uniform(0, 2)
        x = np.interp(t, kt, kx) + rng.normal(0, 5.0, t.size)
        y = np.interp(t, kt, ky) + rng.normal(0, 5.0, t.size)
        rows.append((np.full(t.size, keys[i], dtype=object), t, x, y))
    p = np.concatenate([r[0] for r in rows])
    t = np.concatenate([r[1] for r in rows])
    x = np.concatenate([r[2] for r in rows])
    y = np.concatenate([r[3] for r in rows])
    return p, t, x, y, {"keys": keys, "sleep": sleep, "public": public}


@pytest.fixture(scope="module")
def sim():
    return simulate_round()


def _options(**kw):
    base = dict(
        mask_sleeping_places=True, sleeping_radius_m=SLEEP_RADIUS_M, timezone="Europe/Copenhagen",
        handout_xy=[HANDOUT], handout_radius_m=HANDOUT_RADIUS_M, handout_trim_min=TRIM_MIN, seed=11,
    )
    base.update(kw)
    return privacy.AnonymiseOptions(**base)


@pytest.fixture(scope="module")
def anonymised(sim):
    p, t, x, y, truth = sim
    opt = _options(time_resolution_s=300.0, spatial_resolution_m=50.0)
    return privacy.anonymise_arrays(p, t, x, y, opt)


# ------------------------------------------------------------------ pseudonyms and withdrawal

def test_pseudonyms_format_and_bijective():
    keys = _keys(20)
    m = privacy.make_pseudonyms(keys + keys[:5])  # repeated keys: one pseudonym each
    assert sorted(m) == sorted(keys)
    assert sorted(m.values()) == [f"P{i:02d}" for i in range(1, 21)]
    assert len(privacy.make_pseudonyms([f"k{i}" for i in range(120)])["k0"]) == 4  # P001..P120


def test_pseudonyms_random_across_runs_and_not_a_function_of_the_key():
    keys = _keys(20)
    runs = [privacy.make_pseudonyms(keys) for _ in range(2000)]  # unseeded, as in production
    # the same key gets every pseudonym about equally often (chi-square against uniform)
    counts = Counter(r[keys[0]] for r in runs)
    assert len(counts) == 20
    assert stats.chisquare([counts[f"P{i:02d}"] for i in range(1, 21)]).pvalue > 1e-4
    # two runs agree on a key's pseudonym only by chance (~1/20), never systematically
    same = np.mean([r[keys[3]] == runs[0][keys[3]] for r in runs[1:]])
    assert same < 0.1
    assert len({tuple(sorted(r.items())) for r in runs[:50]}) == 50
    # keys that differ by one character (hash-like neighbours) are independent too
    near = ["GT31-SN880000", "GT31-SN880001"]
    agree = np.mean([privacy.make_pseudonyms(near + keys[1:])[near[1]] == "P01" for _ in range(400)])
    assert agree < 0.15
    # the order in which keys arrive changes nothing (with a fixed seed, the same table)
    rev = list(reversed(keys))
    assert privacy.make_pseudonyms(keys, 5) == privacy.make_pseudonyms(rev, 5)


def test_withdrawal_key_round_trip_and_withdraw(sim):
    p, t, x, y, truth = sim
    ps = privacy.make_pseudonyms(p, 3)
    text = privacy.withdrawal_key_json(ps, "2026-06")
    doc = json.loads(text)
    assert doc["round"] == "2026-06" and doc["kind"] == "trampesti-withdrawal-key"
    back = privacy.read_withdrawal_key(text)
    assert back == ps
    with pytest.raises(privacy.ParameterError):
        privacy.read_withdrawal_key('{"kind": "other"}')
    who = privacy.pseudonyms_for_keys(back, [truth["keys"][4]])
    fx = Fixes.from_columns(time_s=t, lat=y, lon=x, participant=privacy.apply_pseudonyms(p, ps))
    left, counts = privacy.withdraw(fx, who)
    n4 = int(np.sum(p == truth["keys"][4]))
    assert counts == Counter({"withdrawn": n4})
    assert len(left) == len(fx) - n4 and who[0] not in set(left.participant)


# ------------------------------------------------------------------ geometry

def test_point_in_polygon_hand_checked_with_hole_and_buffer():
    sq = np.array([[0, 0], [10, 0], [10, 10], [0, 10]], dtype=float)
    hole = np.array([[4, 4], [6, 4], [6, 6], [4, 6]], dtype=float)
    # concave "U": exterior with a notch from the top between x=3..7 down to y=5
    u = np.array([[20, 0], [30, 0], [30, 10], [27, 10], [27, 5], [23, 5], [23, 10], [20, 10]], dtype=float)
    px = np.array([1.0, 5.0, 11.0, 5.0, 4.5, 21.0, 25.0, 25.0, 28.5, -0.5])
    py = np.array([1.0, 5.0, 5.0, 2.0, 8.0, 9.0, 7.0, 2.0, 9.9, 5.0])
    want = np.array([True, False, False, True, True, True, False, True, True, False])
    got = privacy.mask_polygons(px, py, [[sq, hole], u])
    assert np.array_equal(got, want)
    assert np.array_equal(privacy.points_in_polygon(px, py, [sq, hole]), want & (px < 15))
    # buffer 1.2 m: (11,5) is 1 m outside, (5,5) is 1 m from the hole's edge, (-0.5,5) 0.5 m out;
    # (25,7) in the U's notch is 2 m from its edges and stays out
    got_b = privacy.mask_polygons(px, py, [[sq, hole], u], buffer_m=1.2)
    assert np.array_equal(got_b, want | np.isin(np.arange(px.size), [1, 2, 9]))
    assert privacy.mask_polygons(px, py, [u], buffer_m=2.1)[6]
    got_small = privacy.mask_polygons(px, py, [[sq, hole], u], buffer_m=0.7)
    assert np.array_equal(got_small, want | (np.arange(px.size) == 9))
    # overlapping polygons are a union, not an even-odd cancellation
    a = np.array([[0, 0], [4, 0], [4, 4], [0, 4]], dtype=float)
    b = a + 2.0
    assert privacy.mask_polygons(np.array([3.0]), np.array([3.0]), [a, b]).tolist() == [True]


def test_point_in_polygon_matches_matplotlib_on_random_star():
    mpath = pytest.importorskip("matplotlib.path")
    rng = np.random.default_rng(1)
    k = 37
    ang = np.sort(rng.uniform(0, 2 * np.pi, k))
    r = rng.uniform(20, 100, k)
    ring = np.column_stack([r * np.cos(ang), r * np.sin(ang)])
    pts = rng.uniform(-110, 110, (20000, 2))
    ref = mpath.Path(ring).contains_points(pts)
    got = privacy.points_in_polygon(pts[:, 0], pts[:, 1], [ring])
    assert np.mean(got == ref) > 0.9995  # only points within rounding of an edge may differ


def test_mask_with_a_real_campus_polygon_matches_gdal(shared_data):
    """Real GeoLife fixes (Beijing) against the real Tsinghua campus polygon (EPSG:32649),
    with a hole cut into it and a 30 m buffer: the same answer as GDAL/GEOS."""
    pyproj = pytest.importorskip("pyproj")
    ogr = pytest.importorskip("osgeo.ogr")
    from trampesti.core.readers import read_tracker_file

    doc = json.loads((shared_data / "layers" / "beijing_tsinghua_area_epsg32649.geojson").read_text())
    ring = np.array(doc["features"][0]["geometry"]["coordinates"][0], dtype=float)
    c = ring[:-1].mean(axis=0)
    hole = c + np.array([[-300, -300], [300, -300], [300, 300], [-300, 300], [-300, -300]], dtype=float)
    tr = pyproj.Transformer.from_crs(4326, 32649, always_xy=True)
    xs, ys = [], []
    for name in ("geolife_000_20081024020959.plt", "geolife_001_20081023055305.plt"):
        fx = read_tracker_file(str(shared_data / "plt" / name)).fixes
        x, y = tr.transform(fx.lon, fx.lat)
        xs.append(x)
        ys.append(y)
    x, y = np.concatenate(xs), np.concatenate(ys)
    # plus a scatter over the campus so the hole and the buffer see points too
    rng = np.random.default_rng(0)
    lo, hi = ring.min(axis=0) - 100, ring.max(axis=0) + 100
    x = np.r_[x, rng.uniform(lo[0], hi[0], 3000)]
    y = np.r_[y, rng.uniform(lo[1], hi[1], 3000)]

    def wkt(r):
        return "(" + ",".join(f"{a!r} {b!r}" for a, b in r) + ")"

    poly = ogr.CreateGeometryFromWkt(f"POLYGON ({wkt(ring)},{wkt(hole)})")
    for buf in (0.0, 30.0):
        ref_geom = poly.Buffer(buf, 64) if buf else poly
        ref = np.array([ref_geom.Contains(ogr.CreateGeometryFromWkt(f"POINT ({a!r} {b!r})")) for a, b in zip(x, y)])
        got = privacy.mask_polygons(x, y, [[ring, hole]], buffer_m=buf)
        # GDAL buffers with 64-segment arcs: points within centimetres of the arc may differ
        assert np.sum(got != ref) <= 2, buf
        assert 100 < ref.sum() < x.size - 100


def test_within_radius_exact_for_few_and_many_centres():
    ang = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    for n_centres in (1, 40):  # plain distances below 17 centres, a k-d tree above
        centres = np.column_stack([np.arange(n_centres) * 1000.0, np.zeros(n_centres)])
        d = np.array([99.0, 100.0, 100.001, 101.0])
        px = (centres[:, 0, None, None] + d[None, :, None] * np.cos(ang)[None, None, :]).reshape(-1)
        py = (centres[:, 1, None, None] + d[None, :, None] * np.sin(ang)[None, None, :]).reshape(-1)
        got = privacy.within_radius(px, py, centres, 100.0).reshape(n_centres, 4, 12)
        assert got[:, 0].all() and not got[:, 2:].any()
        assert got[:, 1].sum() >= 0.5 * n_centres * 12  # on the circle itself: up to rounding
    # one radius per centre
    got = privacy.within_radius(np.array([0.0, 150.0, 1000.0, 1150.0]), np.zeros(4),
                                [[0.0, 0.0], [1000.0, 0.0]], [100.0, 200.0])
    assert got.tolist() == [True, False, True, True]


# ------------------------------------------------------------------ coarsening

def test_round_times_exact():
    t = np.array([0.0, 149.9, 150.0, 151.0, 299.0, 300.0, 449.999, -150.0])
    assert privacy.round_times(t, 300).tolist() == [0, 0, 300, 300, 300, 300, 300, 0]
    base = dt.datetime(2024, 6, 1, 8, 0, tzinfo=dt.timezone.utc).timestamp()
    assert base == 1717228800.0
    assert privacy.round_times(np.array([base + 150.0, base + 899.0]), 900).tolist() == [base, base + 900]
    assert privacy.round_times(t, 0).tolist() == t.tolist()


def test_drop_calendar_date_keeps_weekday_and_local_clock():
    def at(y, mo, d, h, mi):
        return dt.datetime(y, mo, d, h, mi, tzinfo=CPH).timestamp()

    t = np.array([at(2024, 6, 5, 23, 15), at(2024, 6, 3, 1, 30), at(2024, 12, 8, 12, 0), at(2025, 3, 30, 3, 30)])
    out = privacy.drop_calendar_date(t, "Europe/Copenhagen")
    shown = [dt.datetime.fromtimestamp(v, tz=CPH) for v in out]
    assert [(s.year, s.month, s.day, s.hour, s.minute) for s in shown] == [
        (2001, 1, 3, 23, 15),  # a Wednesday
        (2001, 1, 1, 1, 30),   # a Monday just after local midnight (still Sunday in UTC)
        (2001, 1, 7, 12, 0),   # a Sunday in winter
        (2001, 1, 7, 3, 30),   # the DST Sunday, after the jump
    ]
    assert [s.weekday() for s in shown] == [2, 0, 6, 6]
    # fixed offsets too; Monday 2001-01-01 00:00 UTC is the reference
    assert privacy.drop_calendar_date(np.array([T0]), 0).tolist() == [privacy.REFERENCE_MONDAY_UTC_S + 8 * 3600]


def test_snap_to_grid_exact():
    x = np.array([590012.3, -0.1, 50.0, 49.999, 0.0])
    y = np.array([6140049.9, 6140050.0, 0.0, -50.0, 25.0])
    sx, sy = privacy.snap_to_grid(x, y, 50.0)
    assert sx.tolist() == [590025.0, -25.0, 75.0, 25.0, 25.0]
    assert sy.tolist() == [6140025.0, 6140075.0, 25.0, -25.0, 25.0]
    ox, oy = privacy.snap_to_grid(np.array([10.0]), np.array([10.0]), 50.0, origin_xy=(5.0, 5.0))
    assert (ox[0], oy[0]) == (30.0, 30.0)


def test_planar_laplace_radius_is_gamma_2_over_epsilon():
    eps = 0.01  # per metre -> mean displacement 200 m
    n = 20000
    x0 = np.full(n, 1000.0)
    y0 = np.full(n, -500.0)
    x1, y1 = privacy.planar_laplace(x0, y0, eps, rng=np.random.default_rng(2024))
    r = np.hypot(x1 - x0, y1 - y0)
    assert abs(r.mean() - 2.0 / eps) < 0.02 * (2.0 / eps)
    assert stats.kstest(r, stats.gamma(a=2.0, scale=1.0 / eps).cdf).pvalue > 0.01
    # the exponential alone (shape 1) is clearly rejected: the test has power
    assert stats.kstest(r, stats.expon(scale=2.0 / eps).cdf).pvalue < 1e-6
    ang = np.mod(np.arctan2(y1 - y0, x1 - x0), 2 * np.pi)
    assert stats.kstest(ang, stats.uniform(0, 2 * np.pi).cdf).pvalue > 0.01
    # unseeded (production): two calls differ
    a, _ = privacy.planar_laplace(x0[:10], y0[:10], eps)
    b, _ = privacy.planar_laplace(x0[:10], y0[:10], eps)
    assert not np.array_equal(a, b)
    with pytest.raises(privacy.ParameterError):
        privacy.planar_laplace(x0, y0, 0.0)


def test_allowed_fields_drop_everything_else():
    names = ["participant", "round", "time_utc", "dwell_s", "segment", "speed_mps", "ele_m", "hdop", "sats",
             "source", "name", "desc", "author", "device_serial", "file"]
    kept, dropped = privacy.allowed_fields(names)
    assert kept == ["participant", "round", "time_utc", "dwell_s", "segment", "speed_mps", "ele_m", "hdop", "sats"]
    assert dropped == ["source", "name", "desc", "author", "device_serial", "file"]
    assert "ele_m" not in privacy.allowed_fields(names, keep_elevation=False)[0]
    assert privacy.scrub_metadata({"round": "r", "gpx_author": "Jens", "file": "a.gpx"}) == {"round": "r"}


# ------------------------------------------------------------------ sleeping places and masking

def test_sleeping_places_found_at_the_planted_spots(sim):
    p, t, x, y, truth = sim
    places = privacy.detect_sleeping_places(p, t, x, y, "Europe/Copenhagen")
    assert len(places) == 20
    for pl in places:
        i = truth["keys"].index(pl.participant)
        assert np.hypot(pl.x_m - truth["sleep"][i, 0], pl.y_m - truth["sleep"][i, 1]) < 5.0
        assert 8.5 * 3600 <= pl.night_dwell_s <= 9.0 * 3600 + 60  # 22:00 (or later) to 07:00
        assert pl.longest_stay_s > 8 * 3600 and pl.n_nights == 1
    # with UTC as the zone the 22-07 window is 00-09 local: the stay is cut at 07:15-07:45 local
    utc = privacy.detect_sleeping_places(p, t, x, y, None)
    assert all(pl.night_dwell_s < 7.8 * 3600 for pl in utc)


def test_night_dwell_hand_checked():
    # one fix at 20:00 local, the next at 09:00 local at the same spot: 9 h of night (22-07)
    a = dt.datetime(2026, 6, 1, 20, 0, tzinfo=CPH).timestamp()
    b = dt.datetime(2026, 6, 2, 9, 0, tzinfo=CPH).timestamp()
    c = dt.datetime(2026, 6, 3, 1, 0, tzinfo=CPH).timestamp()  # then 01:00 the night after
    d = dt.datetime(2026, 6, 3, 2, 30, tzinfo=CPH).timestamp()
    pl = privacy.detect_sleeping_places(np.array(["A"] * 4), np.array([a, b, c, d]), np.array([0.0, 0.0, 900.0, 900.0]),
                                        np.zeros(4), "Europe/Copenhagen")
    assert len(pl) == 1 and pl[0].night_dwell_s == 9 * 3600.0 and (pl[0].x_m, pl[0].y_m) == (0.0, 0.0)
    # a cap of 3 h: 20:00-23:00 holds 1 h of night; 01:00-02:30 at the other spot 1.5 h wins
    pl3 = privacy.detect_sleeping_places(np.array(["A"] * 4), np.array([a, b, c, d]),
                                         np.array([0.0, 0.0, 900.0, 900.0]), np.zeros(4), "Europe/Copenhagen",
                                         max_gap_s=3 * 3600.0, min_duration_s=0.0)
    assert [(q.x_m, q.night_dwell_s) for q in pl3] == [(900.0, 5400.0)]
    per_night = privacy.detect_sleeping_places(np.array(["A"] * 4), np.array([a, b, c, d]),
                                               np.array([0.0, 0.0, 900.0, 900.0]), np.zeros(4), 2.0,
                                               per_night=True)
    # 09:00 -> 01:00 exceeds the 12 h cap, so the second night holds only 01:00-02:30
    assert [(q.x_m, q.night_dwell_s) for q in per_night] == [(0.0, 9 * 3600.0), (900.0, 1.5 * 3600.0)]


def test_sleeping_place_in_a_real_google_takeout_history(shared_data):
    """Real 19-day history (Palo Alto): the detected sleeping place is the place Google's own
    visits put the most night hours at, computed here from the JSON in plain Python."""
    pyproj = pytest.importorskip("pyproj")
    from trampesti.core.readers import read_tracker_file

    path = shared_data / "json" / "googletakeout_2013_JUNE.json"
    la = ZoneInfo("America/Los_Angeles")
    tr = pyproj.Transformer.from_crs(4326, 32610, always_xy=True)
    visits = []
    for o in json.loads(path.read_text(encoding="utf-8"))["timelineObjects"]:
        pv = o.get("placeVisit")
        if not pv or "centerLatE7" not in pv:
            continue
        a, b = (dt.datetime.fromisoformat(pv["duration"][k].replace("Z", "+00:00")).timestamp()
                for k in ("startTimestamp", "endTimestamp"))
        night_s = sum(60 for s in np.arange(a, b, 60.0) if dt.datetime.fromtimestamp(s, tz=la).hour in
                      (22, 23, 0, 1, 2, 3, 4, 5, 6))
        vx, vy = tr.transform(pv["centerLngE7"] / 1e7, pv["centerLatE7"] / 1e7)
        visits.append((vx, vy, night_s))
    v = np.array(visits)
    near_sum = [v[np.hypot(v[:, 0] - vx, v[:, 1] - vy) <= 50.0, 2].sum() for vx, vy, _ in v]
    home = v[int(np.argmax(near_sum)), :2]
    fx = read_tracker_file(str(path)).fixes
    x, y = tr.transform(fx.lon, fx.lat)
    places = privacy.detect_sleeping_places(fx.participant, fx.time_s, x, y, "America/Los_Angeles")
    assert len(places) == 1
    assert np.hypot(places[0].x_m - home[0], places[0].y_m - home[1]) < 50.0
    assert places[0].n_nights >= 5
    # anonymised: nothing within 200 m of it, and the file name (the raw key) is gone
    res = privacy.anonymise_arrays(fx.participant, fx.time_s, x, y, privacy.AnonymiseOptions(
        timezone="America/Los_Angeles", sleeping_radius_m=200.0, seed=3))
    assert res.n_out > 0 and np.min(np.hypot(res.x_m_out - home[0], res.y_m_out - home[1])) > 200.0
    out = privacy.apply_to_fixes(fx, res, fx.lat[res.keep], fx.lon[res.keep])
    assert "googletakeout" not in repr(out.participant.tolist()) + repr(out.source.tolist())


def test_no_anonymised_fix_within_any_mask(sim, anonymised):
    p, t, x, y, truth = sim
    res = anonymised
    ox, oy = res.x_m_out, res.y_m_out
    # detected places: none within the masking radius (published positions)
    for pl in res.sleeping_places:
        assert np.min(np.hypot(ox - pl.x_m, oy - pl.y_m)) > SLEEP_RADIUS_M
    # planted places (detected ones are within 5 m of them)
    for sx, sy in truth["sleep"]:
        assert np.min(np.hypot(ox - sx, oy - sy)) > SLEEP_RADIUS_M - 5.0
    # hand-out: nothing in the first/last 30 minutes near the site, and those windows are empty
    first = {k: t[p == k].min() for k in truth["keys"]}
    last = {k: t[p == k].max() for k in truth["keys"]}
    raw_t = t[res.keep]
    raw_k = p[res.keep]
    t_first = np.array([first[k] for k in raw_k])
    t_last = np.array([last[k] for k in raw_k])
    in_window = (raw_t <= t_first + TRIM_MIN * 60) | (raw_t >= t_last - TRIM_MIN * 60)
    assert not in_window.any()
    # stronger: the 10-min hand-out visit plus 30 min after leaving, and the whole final visit
    # (>= 46 min in the simulator) plus 30 min before it, are gone
    assert not ((raw_t <= t_first + 40 * 60) | (raw_t >= t_last - 75 * 60)).any()
    # what remains near the site is people walking past in the middle of the round
    near = np.hypot(ox - HANDOUT[0], oy - HANDOUT[1]) <= HANDOUT_RADIUS_M
    assert np.all((raw_t[near] > t_first[near] + 2 * 3600) & (raw_t[near] < t_last[near] - 1800))
    # counts: every removed fix has one reason, and they add up per pseudonym
    assert res.n_in - res.n_out == sum(res.removed.values())
    assert set(res.removed) == {privacy.MASKED_SLEEPING_PLACE, privacy.MASKED_HANDOUT}
    assert sum(sum(c.values()) for c in res.removed_by_pseudonym.values()) == res.n_in - res.n_out
    assert sum(res.kept_by_pseudonym.values()) == res.n_out
    # the whole night (~9 h at 30 s = ~1080 fixes) goes, per participant
    for c in res.removed_by_pseudonym.values():
        assert c[privacy.MASKED_SLEEPING_PLACE] > 1000
    # hand-out trims, recomputed here per participant in plain Python: the fixes up to 30 min
    # after the first fix away from the site, and from 30 min before the last fix away from it
    for k in truth["keys"]:
        m = p == k
        away = np.flatnonzero(np.hypot(x[m] - HANDOUT[0], y[m] - HANDOUT[1]) > HANDOUT_RADIUS_M)
        tk = t[m]
        want = int(np.sum((tk <= tk[away[0]] + TRIM_MIN * 60) | (tk >= tk[away[-1]] - TRIM_MIN * 60)))
        got = res.removed_by_pseudonym[res.pseudonyms[k]][privacy.MASKED_HANDOUT]
        assert got == want, (k, got, want)
    # published coordinates are cell centres, times multiples of 300 s
    assert np.all(np.mod(ox, 50.0) == 25.0) and np.all(np.mod(res.time_s_out, 300.0) == 0.0)


def test_masks_also_hold_after_laplace_noise(sim):
    p, t, x, y, truth = sim
    opt = _options(laplace_epsilon_per_m=np.log(4) / 200.0, mask_polygons=[truth["public"][2] + np.array(
        [[-60, -60], [60, -60], [60, 60], [-60, 60]])])
    res = privacy.anonymise_arrays(p, t, x, y, opt)
    for pl in res.sleeping_places:
        assert np.min(np.hypot(res.x_m_out - pl.x_m, res.y_m_out - pl.y_m)) > SLEEP_RADIUS_M
    assert not privacy.mask_polygons(res.x_m_out, res.y_m_out, opt.mask_polygons).any()
    assert res.removed[privacy.MASKED_POLYGON] > 0
    # noise moved fixes (not snapped), on average by 2/eps
    assert np.mean(np.hypot(res.x_m_out - x[res.keep], res.y_m_out - y[res.keep])) == pytest.approx(
        2.0 / opt.laplace_epsilon_per_m, rel=0.05)


def test_sleeping_place_of_another_participant_is_masked_for_everyone():
    # B spends the night at A's spot: A's place masks B's fixes there too
    t = T0 + np.arange(0, DAY, 60.0)
    night = np.array([(dt.datetime.fromtimestamp(v, tz=CPH).hour >= 22) or
                      (dt.datetime.fromtimestamp(v, tz=CPH).hour < 7) for v in t])
    xa = np.where(night, 0.0, 3000.0)
    xb = np.where(night, 5000.0, 3000.0)
    xb[(np.arange(t.size) % 300) == 0] = 20.0  # B visits A's sleeping place now and then
    p = np.concatenate([np.full(t.size, "A", dtype=object), np.full(t.size, "B", dtype=object)])
    res = privacy.anonymise_arrays(p, np.r_[t, t], np.r_[xa, xb], np.zeros(2 * t.size),
                                   privacy.AnonymiseOptions(sleeping_radius_m=100.0, seed=1))
    assert np.all(np.abs(res.x_m_out - 0.0) > 100.0)
    b = res.pseudonyms["B"]
    assert res.removed_by_pseudonym[b][privacy.MASKED_SLEEPING_PLACE] > int(night.sum())


def test_apply_to_fixes_and_no_raw_key_anywhere(sim, anonymised):
    p, t, x, y, truth = sim
    fx = Fixes.from_columns(time_s=t, lat=y / 1e5, lon=x / 1e5, participant=p,
                            source=np.array([f"{k}.gpx:{i}" for i, k in enumerate(p)], dtype=object))
    res = anonymised
    out = privacy.apply_to_fixes(fx, res, res.y_m_out / 1e5, res.x_m_out / 1e5)
    assert len(out) == res.n_out and set(out.source) == {""}
    assert set(out.participant) <= set(res.pseudonyms.values())
    report = risk.privacy_report(res, p, t, x, y, n_trials=200, rng=5)
    page = risk.privacy_report_html(report)
    blobs = [json.dumps(report), page, repr(res.participant_out.tolist()), repr(res.removed_by_pseudonym),
             repr(res.kept_by_pseudonym), repr(res.sleeping_places), repr(res.settings),
             repr(out.participant.tolist()), repr(out.source.tolist())]
    for key in truth["keys"]:
        for b in blobs:
            assert key not in b
            assert key.split("-")[1] not in b  # not even the serial number alone
    with pytest.raises(privacy.ParameterError):
        privacy.apply_to_fixes(fx, res, res.y_m_out[:-1], res.x_m_out)


# ------------------------------------------------------------------ attack figures

def test_attack_raw_traces_p4_near_one(sim):
    p, t, x, y, truth = sim
    res = risk.reidentification_risk(p, t, x, y, p_values=(1, 2, 3, 4), cell_m=100.0, slot_s=3600.0,
                                     n_trials=1000, rng=1)
    assert res[4].success_rate >= 0.9
    assert res[4].chance == pytest.approx(1 / 20)
    assert res[1].success_rate <= res[2].success_rate <= res[4].success_rate + 1e-9
    assert res[1].success_rate > 5 * res[1].chance  # even one point beats chance by far here


def test_attack_on_a_hand_made_case():
    # three traces over 3 cells x 1 slot: A={c0,c1}, B={c0,c1}, C={c0,c2}
    p = np.array(["A", "A", "B", "B", "C", "C"], dtype=object)
    x = np.array([5.0, 15.0, 5.0, 15.0, 5.0, 25.0])
    res = risk.reidentification_risk(p, np.zeros(6), x, np.zeros(6), (1, 2), cell_m=10.0, n_trials=6000, rng=3)
    # p=1: target A or B: point c0 -> 1/3, c1 -> 1/2; C: c0 -> 1/3, c2 -> 1
    want1 = (2 * (0.5 * (1 / 3) + 0.5 * 0.5) + (0.5 * (1 / 3) + 0.5 * 1.0)) / 3
    assert res[1].success_rate == pytest.approx(want1, abs=0.02)
    # p=2: A -> {A,B}: 1/2; B -> 1/2; C -> 1
    assert res[2].success_rate == pytest.approx((0.5 + 0.5 + 1.0) / 3, abs=0.02)
    assert res[2].singled_out_share == pytest.approx(1 / 3, abs=0.02)


def test_attack_match_most_when_known_points_were_removed():
    # published: A={c0,c1}, B={c0,c2}; the attacker knows A at c1 and c5 (c5 was masked away)
    pub_p = np.array(["A", "A", "B", "B"], dtype=object)
    pub_x = np.array([5.0, 15.0, 5.0, 25.0])
    known = (np.array(["A", "A"], dtype=object), np.zeros(2), np.array([15.0, 55.0]), np.zeros(2))
    strict = risk.reidentification_risk(pub_p, np.zeros(4), pub_x, np.zeros(4), (2,), cell_m=10.0,
                                        n_trials=50, rng=0, known=known)
    most = risk.reidentification_risk(pub_p, np.zeros(4), pub_x, np.zeros(4), (2,), cell_m=10.0,
                                      n_trials=50, rng=0, known=known, match="most")
    assert strict[2].success_rate == 0.0 and most[2].success_rate == 1.0
    # one cell of slack: a point 1 cell off still matches
    known2 = (np.array(["B"], dtype=object), np.zeros(1), np.array([35.0]), np.zeros(1))
    assert risk.reidentification_risk(pub_p, np.zeros(4), pub_x, np.zeros(4), (1,), cell_m=10.0, n_trials=20,
                                      rng=0, known=known2, tolerance_cells=1)[1].success_rate == 1.0
    assert risk.reidentification_risk(pub_p, np.zeros(4), pub_x, np.zeros(4), (1,), cell_m=10.0, n_trials=20,
                                      rng=0, known=known2)[1].success_rate == 0.0


def test_attack_on_anonymised_layer_uses_raw_knowledge(sim, anonymised):
    p, t, x, y, truth = sim
    report = risk.privacy_report(anonymised, p, t, x, y, n_trials=500, rng=9)
    outs = {o["name"]: o for o in report["outputs"]}
    raw4 = [r for r in outs["raw fixes"]["attack"] if r["p"] == 4][0]
    anon4 = [r for r in outs["anonymised fixes"]["attack"] if r["p"] == 4][0]
    assert raw4["success_rate"] >= 0.9
    raw1 = [r for r in outs["raw fixes"]["attack"] if r["p"] == 1][0]
    anon1 = [r for r in outs["anonymised fixes"]["attack"] if r["p"] == 1][0]
    # masking removes the nights, so one known point (often a sleeping hour) finds less
    assert anon1["success_rate"] < raw1["success_rate"] - 0.1
    # but four points still pick most people out: still personal data, as the label says
    assert anon4["success_rate"] > 0.8
    assert outs["anonymised fixes"]["label"] == "pseudonymised personal data (GDPR still applies)"
    agg = [o for o in report["outputs"] if o["label"] == "the shareable outputs"]
    assert agg and all(r["success_rate"] <= 1 / 3 + 1e-12 for r in agg[0]["attack"])
    assert report["removed"] == {k: int(v) for k, v in anonymised.removed.items()}
    page = risk.privacy_report_html(report)
    assert "GDPR still applies" in page and "the shareable outputs" in page and "<table>" in page
    assert "fixed random seed" in page  # the fixture is seeded: the page must say so


def test_aggregates_k3_bound_no_one_singled_out(sim):
    p, t, x, y, truth = sim
    for radius in (0.0, 2.0):
        res = risk.aggregate_risk(p, x, y, cell_m=100.0, k_min=3, p_values=(1, 2, 3, 4), n_trials=1000, rng=4,
                                  radius_cells=radius)
        for r in res.values():
            assert r.success_rate <= 1 / 3 + 1e-12
            assert r.worst_trial <= 1 / 3 + 1e-12
            assert r.singled_out_share == 0.0
            assert r.min_k_published >= 3 and r.n_published > 0 and r.n_suppressed > 0
    # per hour slot too (a time-resolved aggregate)
    res = risk.aggregate_risk(p, x, y, cell_m=250.0, k_min=3, time_s=t, slot_s=3600.0, n_trials=500, rng=4)
    assert all(r.success_rate <= 1 / 3 + 1e-12 and r.singled_out_share == 0.0 for r in res.values())
    # without suppression (k_min=1) the same attack singles people out: the bound is not vacuous
    res1 = risk.aggregate_risk(p, x, y, cell_m=100.0, k_min=1, p_values=(4,), n_trials=1000, rng=4)
    assert res1[4].singled_out_share > 0.5


def test_aggregate_attack_hand_made_membership():
    # record 0 backed by A,B,C; record 1 by A,B,C,D (and 10 fixes of A); record 2 by A only
    mg = np.array([0, 0, 0, 1, 1, 1, 1] + [1] * 10 + [2])
    mp = np.array(list("ABCABCD") + ["A"] * 10 + ["A"])
    kg = np.array([0, 1, 2])
    kp = np.array(["A", "A", "A"])
    res = risk.aggregate_risk_from_membership(mg, mp, kg, kp, k_min=3, p_values=(1, 3), n_trials=3000, rng=2,
                                              n_participants=4)
    # p=1: point in rec 0 -> 1/3, rec 1 -> 1/4, rec 2 (suppressed) -> chance 1/4
    assert res[1].success_rate == pytest.approx((1 / 3 + 1 / 4 + 1 / 4) / 3, abs=0.01)
    assert res[3].success_rate == pytest.approx(1 / 3)  # best matched record has 3 backers
    assert res[3].min_k_published == 3 and res[3].n_published == 2 and res[3].n_suppressed == 1


def test_lone_remote_visit_never_in_an_aggregate(sim, anonymised):
    p, t, x, y, truth = sim
    res = anonymised
    remote_out = np.hypot(res.x_m_out - REMOTE[0], res.y_m_out - REMOTE[1]) < 100.0
    assert remote_out.any() and len(set(res.participant_out[remote_out])) == 1  # only participant 0
    # a density-style grid: 50 m pixels, everyone within 3 pixels backs a pixel (kanon's rule)
    x0, y0 = HANDOUT - 4000.0
    cols = np.floor((res.x_m_out - x0) / 50.0).astype(int)
    rows = np.floor((res.y_m_out - y0) / 50.0).astype(int)
    n_part = kanon.grid_distinct_participants(cols, rows, res.participant_out, (240, 240), radius_cells=3)
    density = np.bincount(rows * 240 + cols, minlength=240 * 240).reshape(240, 240).astype(float)
    published = kanon.suppress(density, n_part, k_min=3)
    rc, cc = np.floor((REMOTE[1] - y0) / 50.0).astype(int), np.floor((REMOTE[0] - x0) / 50.0).astype(int)
    assert n_part[rc, cc] == 1
    assert np.all(np.isnan(published[rc - 8 : rc + 9, cc - 8 : cc + 9]))
    assert np.nansum(published) > 0.5 * density.sum()  # shared places remain
    # and the attack with the remote point as knowledge gains nothing over chance
    att = risk.aggregate_risk(res.participant_out, res.x_m_out, res.y_m_out, cell_m=50.0, k_min=3,
                              p_values=(1,), n_trials=200, rng=0, radius_cells=3,
                              known=(np.array([res.participant_out[remote_out][0]]), None,
                                     np.array([REMOTE[0]]), np.array([REMOTE[1]])))
    assert att[1].success_rate == pytest.approx(att[1].chance)
