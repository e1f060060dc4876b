"""Stays, places, trips and flows (core/stays.py).

References are hand-computed (small tracks), an independent per-fix implementation of the
documented rules (brute force), the cases in shared/data/cases, and planted ground truth
(tests/sim_stays.py).
"""
from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

from trampesti.core import kanon
from trampesti.core import stays as S
from trampesti.core.definitions import MovementPreset
from trampesti.core.exceptions import CancelledError, ParameterError

from . import sim_stays

R = 6371008.8
T0 = 1622534400.0  # 2021-06-01 08:00:00 UTC


def read_case(path: Path):
    """The stay cases: user_id,tracked_at,latitude,longitude → arrays, plus a local projection."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    t = np.array([dt.datetime.fromisoformat(r["tracked_at"].replace("Z", "+00:00")).timestamp() for r in rows])
    lat = np.array([float(r["latitude"]) for r in rows])
    lon = np.array([float(r["longitude"]) for r in rows])
    lat0, lon0 = lat[0], lon[0]
    x = np.radians(lon - lon0) * R * math.cos(math.radians(lat0))
    y = np.radians(lat - lat0) * R
    return np.array([r["user_id"] for r in rows], dtype=object), t, x, y, lat, lon


def hm(ts: float) -> str:
    return dt.datetime.fromtimestamp(float(ts), tz=dt.timezone.utc).strftime("%H:%M")


# ----------------------------------------------------------------- cases from CASES.md
def test_case_duration_below_threshold(shared_data):
    pid, t, x, y, lat, lon = read_case(shared_data / "cases" / "staypoint_duration_below_threshold.csv")
    for st in (S.detect_stays(pid, t, x, y, distance_m=50, min_duration_s=300),
               S.detect_stays(pid, t, lat=lat, lon=lon, distance_m=50, min_duration_s=300)):
        # in place 08:00-08:04 only (4 min < 5 min); 08:06 is 500 m away
        assert len(st) == 0
        assert (st.stay_id == -1).all()
    # but with a 4-minute minimum it is a stay ending at the last fix inside (08:04)
    st = S.detect_stays(pid, t, x, y, distance_m=50, min_duration_s=240)
    assert len(st) == 1 and hm(st.arrive_s[0]) == "08:00" and hm(st.leave_s[0]) == "08:04"
    assert st.duration_s[0] == 240.0


def test_case_duplicate_fixes_inside_stay(shared_data):
    pid, t, x, y, lat, lon = read_case(shared_data / "cases" / "duplicate_fixes_inside_stay.csv")
    for st in (S.detect_stays(pid, t, x, y, distance_m=50, min_duration_s=300),
               S.detect_stays(pid, t, lat=lat, lon=lon, distance_m=50, min_duration_s=300)):
        assert len(st) == 1
        assert hm(st.arrive_s[0]) == "08:00" and hm(st.leave_s[0]) == "08:09"
        in_span = (t >= st.arrive_s[0]) & (t <= st.leave_s[0])
        assert in_span.sum() == 5  # 08:00, 3 x 08:03, 08:09
        assert (st.stay_id[in_span] == 0).all()
        assert (st.stay_id[~in_span] == -1).all()
        assert st.n_fixes[0] == 5
        assert st.open_start[0]  # first fix of the track: the arrival was not observed
        assert not st.open_end[0]
    # no trip made of a single duplicate: the moving fixes are the two after the stay
    assert S.movement_fixes_mask(st).tolist() == [False] * 5 + [True, True]


def test_case_stay_at_end_of_track(shared_data):
    pid, t, x, y, lat, lon = read_case(shared_data / "cases" / "stay_at_end_of_track.csv")
    for st in (S.detect_stays(pid, t, x, y, distance_m=50, min_duration_s=300),
               S.detect_stays(pid, t, lat=lat, lon=lon, distance_m=50, min_duration_s=300)):
        assert len(st) == 1
        assert hm(st.arrive_s[0]) == "08:05" and hm(st.leave_s[0]) == "08:19"
        assert bool(st.open_end[0]) and not bool(st.open_start[0])
        assert st.n_fixes[0] == 8
        assert st.stay_id.tolist() == [-1] * 5 + [0] * 8
    # centroid: mean of 55.4 and 55.40001 (4 each) = 55.400005 N, 0.000005 deg north of 55.4
    assert st.lat[0] == pytest.approx(55.400005, abs=1e-9)
    st = S.detect_stays(pid, t, x, y, distance_m=50, min_duration_s=300)
    assert st.y_m[0] - y[5] == pytest.approx(math.radians(0.000005) * R, abs=0.01)


# ----------------------------------------------------------------- hand-made tracks
def test_same_time_fixes_at_the_edges_belong_to_the_stay():
    # the stay's last instant 08:12 has two fixes, one of them 80 m off (a jump at the
    # moment of leaving); the first instant 08:00 has a fix 70 m off listed first
    pts = [(0, 70.0, 0.0), (0, 0.0, 0.0)] + [(m, 0.0, 1.0) for m in range(1, 13)] + [(12, 80.0, 0.0)]
    pts += [(14, 300.0, 0.0), (15, 400.0, 0.0)]
    pid = np.full(len(pts), "A", dtype=object)
    a = np.array(pts, dtype=float)
    st = S.detect_stays(pid, T0 + a[:, 0] * 60.0, a[:, 1], a[:, 2], merge_distance_m=0)
    assert len(st) == 1 and st.n_fixes[0] == 15
    assert st.stay_id.tolist() == [0] * 15 + [-1, -1]
    assert st.arrive_s[0] == T0 and st.leave_s[0] == T0 + 12 * 60



def track(points, t0=T0, pid="A"):
    """points: list of (minutes after t0, x_m, y_m)."""
    a = np.array(points, dtype=float)
    return np.full(len(a), pid, dtype=object), t0 + a[:, 0] * 60.0, a[:, 1], a[:, 2]


def test_back_to_back_stays_both_complete():
    # 15 min at A (0, 0), then straight on 15 min at B (200 m east): no moving fix between
    pts = [(m, (m % 3) * 2.0, 0.0) for m in range(0, 16)] + [(m, 200.0 + (m % 2), 1.0) for m in range(16, 31)]
    pid, t, x, y = track(pts)
    st = S.detect_stays(pid, t, x, y)
    assert len(st) == 2
    assert st.arrive_s.tolist() == [T0, T0 + 16 * 60]
    assert st.leave_s.tolist() == [T0 + 15 * 60, T0 + 30 * 60]
    assert st.n_fixes.tolist() == [16, 15]
    assert st.stay_id.tolist() == [0] * 16 + [1] * 15
    assert st.open_start.tolist() == [True, False] and st.open_end.tolist() == [False, True]
    assert st.x_m[1] == pytest.approx(np.mean([200.0 + (m % 2) for m in range(16, 31)]))


def test_leave_is_last_fix_inside_when_next_fix_is_17_min_later_far_away():
    pts = [(m, 0.0, 0.0) for m in range(0, 21)] + [(37, 1000.0, 0.0), (38, 1080.0, 0.0)]
    pid, t, x, y = track(pts)
    st = S.detect_stays(pid, t, x, y)
    assert len(st) == 1
    assert st.leave_s[0] == T0 + 20 * 60  # 08:20, not 08:37
    assert st.duration_s[0] == 1200.0
    assert not st.open_end[0]  # a 17-min gap is below max_gap_s (30 min): the leave is observed


def test_signal_gap_inside_stay_and_gap_longer_than_max_gap():
    # 10 min in place, indoors 25 min without signal, 10 more min in place: one stay
    pts = [(m, 0.0, 0.0) for m in range(0, 11)] + [(m, 5.0, 0.0) for m in range(35, 46)]
    pid, t, x, y = track(pts)
    st = S.detect_stays(pid, t, x, y)
    assert len(st) == 1 and st.duration_s[0] == 45 * 60 and st.n_fixes[0] == 22
    # the same with a 40-min gap (> max_gap_s): two stays, the end/start at the gap flagged open
    pts = [(m, 0.0, 0.0) for m in range(0, 11)] + [(m, 5.0, 0.0) for m in range(50, 61)]
    pid, t, x, y = track(pts)
    st = S.detect_stays(pid, t, x, y)
    assert len(st) == 2
    assert st.leave_s[0] == T0 + 600 and st.arrive_s[1] == T0 + 3000
    assert st.open_end.tolist() == [True, True] and st.open_start.tolist() == [True, True]


def test_short_excursion_bridged_long_excursion_splits():
    # in place 08:00-08:45 except a noise fix 80 m away at 08:21 and a 3-min walk 300 m away
    # at 08:31-08:33
    pts = [(m, 0.0, 0.0) for m in range(0, 46) if m not in (21, 31, 32, 33)]
    pts += [(21, 80.0, 0.0)] + [(m, 300.0, 0.0) for m in (31, 32, 33)]
    pts.sort()
    pid, t, x, y = track(pts)
    st = S.detect_stays(pid, t, x, y)
    assert len(st) == 1 and st.arrive_s[0] == T0 and st.leave_s[0] == T0 + 45 * 60
    assert (st.stay_id == 0).all()  # the bridged fixes belong to the stay
    # plain Li et al. (merging off): the noise fix ends the first stay at 08:20; 08:22-08:30
    # is too short; 08:34-08:45 is a stay
    plain = S.detect_stays(pid, t, x, y, merge_distance_m=0)
    assert plain.arrive_s.tolist() == [T0, T0 + 34 * 60] and plain.leave_s.tolist() == [T0 + 20 * 60, T0 + 45 * 60]
    # a 20-minute walk (longer than min_duration_s / 2) splits: two stays
    pts = [(m, 0.0, 0.0) for m in range(0, 15)] + [(m, 20.0 * m, 0.0) for m in range(15, 35, 5)]
    pts += [(m, 0.0, 0.0) for m in range(35, 50)]
    pid, t, x, y = track(pts)
    st = S.detect_stays(pid, t, x, y)
    assert st.arrive_s.tolist() == [T0, T0 + 35 * 60] and st.leave_s.tolist() == [T0 + 14 * 60, T0 + 49 * 60]


def test_stay_across_midnight():
    t0 = 1622591400.0  # 2021-06-01 23:50 UTC
    pts = [(-20, -600.0, 0.0)] + [(m, 3.0 * (m % 2), 0.0) for m in range(0, 31)] + [(40, 700.0, 0.0)]
    pid, t, x, y = track(pts, t0=t0)
    st = S.detect_stays(pid, t, x, y)
    assert len(st) == 1
    a = dt.datetime.fromtimestamp(st.arrive_s[0], tz=dt.timezone.utc)
    b = dt.datetime.fromtimestamp(st.leave_s[0], tz=dt.timezone.utc)
    assert (a.day, a.hour, a.minute) == (1, 23, 50) and (b.day, b.hour, b.minute) == (2, 0, 20)
    assert st.duration_s[0] == 1800.0
    assert not st.open_start[0] and not st.open_end[0]


def test_one_fix_participant_and_empty_input():
    pid = np.array(["solo"] + ["B"] * 12, dtype=object)
    t = np.concatenate([[T0], T0 + np.arange(12) * 60.0])
    x = np.zeros(13)
    st = S.detect_stays(pid, t, x, x)
    assert len(st) == 1 and st.participant[0] == "B"
    assert st.stay_id[0] == -1
    st1 = S.detect_stays(["solo"], [T0], [0.0], [0.0])
    assert len(st1) == 0 and st1.stay_id.tolist() == [-1]
    st0 = S.detect_stays([], [], [], [])
    assert len(st0) == 0 and st0.stay_id.shape == (0,)
    assert len(S.trips(st0, [], [], [])) == 0
    assert len(S.cluster_places(st0, 50.0, 3)) == 0


def test_nan_fixes_are_ignored():
    pid, t, x, y = track([(m, 0.0, 0.0) for m in range(0, 16)])
    x[3] = np.nan
    st = S.detect_stays(pid, t, x, y)
    assert len(st) == 1 and st.n_fixes[0] == 15 and st.stay_id[3] == -1


def test_haversine_hand_values():
    # 1 degree of latitude = pi R / 180
    assert S.haversine_m(55.0, 10.0, 56.0, 10.0) == pytest.approx(math.pi * R / 180.0, rel=1e-12)
    # across the antimeridian at the equator: 0.0002 deg of longitude
    assert S.haversine_m(0.0, 179.9999, 0.0, -179.9999) == pytest.approx(2 * math.pi * R * 0.0002 / 360, rel=1e-6)


def test_antimeridian_track_geodesic():
    # Taveuni, Fiji (16.8 S, on the 180th meridian): fixes alternate east and west of it,
    # 0.0002 deg apart (21 m) — naive degrees would put them 360 degrees apart
    n = 20
    lon = np.where(np.arange(n) % 2 == 0, 179.9999, -179.9999)
    lat = np.full(n, -16.8)
    lat = np.append(lat, [-16.8, -16.8])
    lon = np.append(lon, [-179.99, -179.98])  # then walk 1 km and 2 km east
    t = T0 + np.arange(n + 2) * 60.0
    st = S.detect_stays(None, t, lat=lat, lon=lon)
    assert len(st) == 1 and st.n_fixes[0] == n and st.duration_s[0] == (n - 1) * 60
    assert abs(st.lon[0]) > 179.9999 - 1e-9 and st.lat[0] == pytest.approx(-16.8, abs=1e-9)
    # metric frame about the data's centre: the stay is a few hundred metres west of it
    assert abs(st.y_m[0]) < 1.0 and -2500 < st.x_m[0] < 0


# ----------------------------------------------------------------- brute-force reference
def reference_stays(t, x, y, d, tmin, gmax):
    """The documented plain rules (no merging), one fix at a time, one participant, sorted."""
    n = len(t)
    out = []
    i = 0
    while i < n:
        e = i
        j = i + 1
        while j < n and t[j] - t[j - 1] <= gmax and math.hypot(x[j] - x[i], y[j] - y[i]) <= d:
            e = j
            j += 1
        if t[e] - t[i] >= tmin:
            while e + 1 < n and t[e + 1] == t[e]:
                e += 1
            s = i
            lo = out[-1][1] + 1 if out else 0
            while s - 1 >= lo and t[s - 1] == t[i] and t[s] - t[s - 1] <= gmax:
                s -= 1
            out.append((s, e))
            i = e + 1
        else:
            i += 1
    return out


@pytest.mark.parametrize("seed", range(6))
def test_matches_brute_force_reference(seed):
    rng = np.random.default_rng(seed)
    n = 1500
    step = rng.choice([1.0, 5.0, 30.0, 60.0, 0.0], size=n, p=[0.3, 0.3, 0.25, 0.1, 0.05])
    step[rng.random(n) < 0.01] = 2400.0  # some gaps above max_gap_s
    t = T0 + np.cumsum(step)
    # random walk with pauses: sometimes still, sometimes walking
    v = np.where(rng.random(n) < 0.7, 0.0, 1.3)
    ang = np.cumsum(rng.normal(0, 0.3, n))
    x = np.cumsum(v * np.cos(ang) * step) + rng.normal(0, 6, n)
    y = np.cumsum(v * np.sin(ang) * step) + rng.normal(0, 6, n)
    ref = reference_stays(t, x, y, 50.0, 300.0, 1800.0)
    st = S.detect_stays(None, t, x, y, distance_m=50, min_duration_s=300, max_gap_s=1800, merge_distance_m=0,
                        refine_edges=False)
    got = list(zip(st.first_idx.tolist(), st.last_idx.tolist()))
    assert got == ref
    assert len(ref) >= 3


def test_unsorted_input_same_stays():
    tr = sim_stays.simulate(n_participants=3, hours=6, seed=3)
    st = S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m)
    perm = np.random.default_rng(0).permutation(len(tr.time_s))
    st2 = S.detect_stays(tr.participant[perm], tr.time_s[perm], tr.x_m[perm], tr.y_m[perm])
    assert np.array_equal(st.arrive_s, st2.arrive_s) and np.array_equal(st.leave_s, st2.leave_s)
    assert np.array_equal(st2.stay_id, st.stay_id[perm])
    assert np.array_equal(tr.time_s[perm][st2.first_idx], st.arrive_s)


# ----------------------------------------------------------------- planted ground truth
@pytest.fixture(scope="module")
def planted():
    tr = sim_stays.simulate(n_participants=12, hours=24, seed=7)
    st = S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m)
    return tr, st


def test_planted_stays_found(planted):
    tr, st = planted
    assert len(tr.time_s) > 200_000
    # planted stays cut short by the end of the simulated day are not stays by definition
    truth = [p for p in tr.truth if p.end_s - p.start_s >= 600.0]
    assert len(truth) >= 100
    # A stay's edges can only be known to the time it takes to walk through the detection
    # circle: fixes of the approach within distance_m of the anchor are inside by definition.
    # Tolerance: one sampling interval plus (distance_m + 2 x noise RMS) / walking speed.
    def tol(p):
        return p.sampling_s + (50.0 + 2 * p.noise_rms_m) / p.speed_mps

    mt, md, ea, el = sim_stays.match_stays(truth, st.participant, st.arrive_s, st.leave_s, tol)
    assert len(mt) >= 0.95 * len(truth)
    spurious = len(st) - len(md)
    assert spurious <= 0.05 * len(st)
    # Issue 5's rule, start and end within one sampling interval: the refined edges
    # (core/edges.py) reach it for 96.5 % of this round's planted stays and for nearly all
    # of those sampled every 15 s or slower; the window's own edges, walk-in fixes included,
    # for 13 %. (Over 10 seeds: 93.4 % against 15.2 %; benchmarks/bench_stay_edges.py.)
    mt1, _, _, _ = sim_stays.match_stays(truth, st.participant, st.arrive_s, st.leave_s)
    assert len(mt1) >= 0.93 * len(truth)
    sparse = [p for p in truth if p.sampling_s >= 15]
    assert len(sparse) >= 25
    ms, _, _, _ = sim_stays.match_stays(sparse, st.participant, st.arrive_s, st.leave_s)
    assert len(ms) >= 0.97 * len(sparse)
    plain = S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m, refine_edges=False)
    mp, _, _, _ = sim_stays.match_stays(truth, plain.participant, plain.arrive_s, plain.leave_s)
    assert len(mp) <= 0.25 * len(truth)
    # the short stops on the way (1-4 min) are not reported: every stay lasts >= 10 min
    assert (st.duration_s >= 600).all()


def test_planted_stays_within_one_interval_with_the_loggers_speed(planted):
    """Issue 5's criterion with the speed over ground the loggers record (Doppler, its own
    error: tests/sim_stays.py): >= 95 % of the planted stays with start and end within one
    sampling interval, <= 5 % spurious. Measured on this round: 100 %, 0 spurious (10 seeds:
    99.4 %; benchmarks/bench_stay_edges.py). Speeds filled in from positions (cleanfixes)
    are recognised and change nothing."""
    tr, st_pos = planted
    truth = [p for p in tr.truth if p.end_s - p.start_s >= 600.0]
    st = S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m, speed_mps=tr.speed_mps)
    mt, md, _, _ = sim_stays.match_stays(truth, st.participant, st.arrive_s, st.leave_s)
    assert len(mt) >= 0.95 * len(truth)
    for interval in (1.0, 2.0, 5.0):  # the dense loggers, where the position alone falls short
        sub = [p for p in truth if p.sampling_s == interval]
        ms, _, _, _ = sim_stays.match_stays(sub, st.participant, st.arrive_s, st.leave_s)
        assert len(sub) >= 10 and len(ms) >= 0.95 * len(sub), interval
    _, d_any, _, _ = sim_stays.match_stays(truth, st.participant, st.arrive_s, st.leave_s, 300.0)
    assert len(st) - len(d_any) <= 0.05 * len(st)
    # path speeds (what cleanfixes fills in where the file has none) are not device speeds
    same = tr.participant[1:] == tr.participant[:-1]
    d = np.where(same, np.hypot(np.diff(tr.x_m), np.diff(tr.y_m)), 0.0)
    dt_ = np.where(same, np.diff(tr.time_s), 0.0)
    path = (np.concatenate([[0.0], d]) + np.concatenate([d, [0.0]])) / np.maximum(
        np.concatenate([[0.0], dt_]) + np.concatenate([dt_, [0.0]]), 1e-9)
    sf = S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m, speed_mps=path)
    assert np.array_equal(sf.arrive_s, st_pos.arrive_s) and np.array_equal(sf.leave_s, st_pos.leave_s)


def test_planted_stays_fix_labels(planted):
    tr, st = planted
    inside = st.stay_id >= 0
    # >= 97 % of the fixes at rest are in a stay, >= 90 % of the moving fixes are not
    assert inside[tr.at_rest].mean() >= 0.97
    assert (~inside[~tr.at_rest]).mean() >= 0.90
    # stay centroids lie within 15 m of the planted place
    d = np.min(np.hypot(st.x_m[:, None] - tr.places_xy[None, :, 0], st.y_m[:, None] - tr.places_xy[None, :, 1]), axis=1)
    assert np.percentile(d, 95) < 15.0


# ----------------------------------------------------------------- places, trips, flows
def _visits(spec):
    """spec: list of (participant, x, y, arrive_min, leave_min) → a Stays-like table via detect_stays."""
    pid, t, x, y = [], [], [], []
    for p, px, py, a, b in spec:
        for m in range(a, b + 1):
            pid.append(p)
            t.append(T0 + m * 60.0)
            x.append(px)
            y.append(py)
    return np.array(pid, dtype=object), np.array(t), np.array(x), np.array(y)


def test_places_k_anonymity_and_figures(monkeypatch):
    # place A at (0,0) visited by 4 people (P1 twice), place B (1 km away) by 2 people
    spec = [("P1", 0, 0, 0, 20), ("P1", 1000, 0, 40, 60), ("P1", 10, 5, 80, 140),
            ("P2", 20, 0, 0, 30), ("P3", -15, 10, 0, 60), ("P4", 5, -20, 0, 15),
            ("P2", 1010, 0, 60, 100)]
    pid, t, x, y = _visits(spec)
    st = S.detect_stays(pid, t, x, y)
    assert len(st) == 7
    calls = {"count": 0, "pub": 0}
    real_count, real_pub = kanon.distinct_count, kanon.is_publishable

    def count(*a, **k):
        calls["count"] += 1
        return real_count(*a, **k)

    def pub(*a, **k):
        calls["pub"] += 1
        return real_pub(*a, **k)

    monkeypatch.setattr(kanon, "distinct_count", count)
    monkeypatch.setattr(kanon, "is_publishable", pub)
    pl = S.cluster_places(st, place_radius_m=50.0, k_min=3)
    assert calls["count"] >= 1 and calls["pub"] >= 1
    assert len(pl) == 1 and pl.n_suppressed == 1
    assert pl.n_participants.tolist() == [4] and pl.n_visits.tolist() == [5]
    # person-hours: 20 + 60 + 30 + 60 + 15 minutes
    assert pl.person_hours[0] == pytest.approx((20 + 60 + 30 + 60 + 15) / 60.0)
    a_members = np.hypot(st.x_m, st.y_m) < 100
    assert (pl.stay_place_id[a_members] == 0).all() and (pl.stay_place_id[~a_members] == -1).all()
    ring = pl.ring[0]
    assert np.allclose(ring[0], ring[-1])
    # the ring covers every member centroid by at least ~the radius (32-gon: cos(pi/32) * r)
    def inside(q):  # even-odd ray casting
        xs, ys = ring[:-1, 0], ring[:-1, 1]
        xe, ye = ring[1:, 0], ring[1:, 1]
        crosses = ((ys > q[1]) != (ye > q[1])) & (q[0] < xs + (q[1] - ys) * (xe - xs) / (ye - ys + 1e-300))
        return bool(crosses.sum() % 2)

    for k in np.flatnonzero(a_members):
        for ang in np.linspace(0, 2 * np.pi, 16, endpoint=False):
            q = (st.x_m[k] + 49.0 * np.cos(ang), st.y_m[k] + 49.0 * np.sin(ang))
            assert inside(q)
    assert not inside((st.x_m[a_members].max() + 60.0, 0.0))
    st2 = S.assign_places(st, pl)
    assert st2.place_id.tolist() == pl.stay_place_id.tolist() and (st.place_id == -1).all()
    # k_min = 2 publishes both; circle shape reaches radius beyond the furthest member
    pl2 = S.cluster_places(st, place_radius_m=50.0, k_min=2, shape="circle")
    assert len(pl2) == 2 and sorted(pl2.n_participants.tolist()) == [2, 4]


def test_trips_and_flows():
    # three people go A -> B, two go B -> C; the k_min=3 flow A->B survives, B->C does not
    A, B, C = (0.0, 0.0), (600.0, 0.0), (600.0, 800.0)
    pid, t, x, y = [], [], [], []
    for p, route in (("P1", (A, B)), ("P2", (A, B)), ("P3", (A, B)), ("P4", (B, C)), ("P5", (B, C))):
        m = 0
        for k, (px, py) in enumerate(route):
            for _ in range(16):
                pid.append(p)
                t.append(T0 + m * 60.0)
                x.append(px)
                y.append(py)
                m += 1
            if k == 0:  # walk in 4 steps of a minute to the next place
                for f in (0.25, 0.5, 0.75):
                    pid.append(p)
                    t.append(T0 + m * 60.0)
                    x.append(px + f * (route[1][0] - px))
                    y.append(py + f * (route[1][1] - py))
                    m += 1
    pid, t, x, y = np.array(pid, dtype=object), np.array(t), np.array(x), np.array(y)
    st = S.detect_stays(pid, t, x, y)
    assert len(st) == 10
    pl = S.cluster_places(st, 50.0, k_min=2)
    tr = S.trips(st, t, x, y, place_id=pl.stay_place_id)
    assert len(tr) == 5
    assert tr.length_m[:3] == pytest.approx([600.0] * 3) and tr.length_m[3:] == pytest.approx([800.0] * 2)
    assert (tr.end_s - tr.start_s == 240.0).all()
    assert (tr.start_s == st.leave_s[tr.from_stay]).all() and (tr.end_s == st.arrive_s[tr.to_stay]).all()
    assert tr.path[0].shape == (5, 2) and np.allclose(tr.path[0][0], A) and np.allclose(tr.path[0][-1], B)
    fl = S.flows(tr, k_min=3)
    assert len(fl) == 1 and fl.n_participants.tolist() == [3] and fl.n_trips.tolist() == [3]
    ida = pl.stay_place_id[np.flatnonzero((st.x_m == 0) & (st.y_m == 0))[0]]
    idb = pl.stay_place_id[np.flatnonzero(st.x_m == 600)[0]]
    assert (fl.from_place[0], fl.to_place[0]) == (ida, idb)
    assert fl.n_suppressed == 1
    # movement fixes are exactly the 3 x 5 walking fixes
    assert S.movement_fixes_mask(st).sum() == 15
    # a trip across a gap longer than max_gap_s was not observed: left out
    tr2 = S.trips(st, t, x, y, max_gap_s=30.0)
    assert len(tr2) == 0


def test_trips_geodesic_mode():
    # 15 min at 55.40 N 10.39 E, walk north 1 km in 4 min, 15 min there
    lat = np.r_[np.full(16, 55.40), 55.40 + np.array([0.25, 0.5, 0.75]) * 0.008993, np.full(16, 55.40 + 0.008993)]
    lon = np.full(lat.shape, 10.39)
    t = T0 + np.arange(lat.shape[0]) * 60.0
    st = S.detect_stays(None, t, lat=lat, lon=lon)
    assert len(st) == 2
    tr = S.trips(st, t, lat=lat, lon=lon)
    assert len(tr) == 1
    assert tr.length_m[0] == pytest.approx(S.haversine_m(55.40, 10.39, 55.40 + 0.008993, 10.39), rel=1e-4)


def test_presets_and_parameters():
    assert set(S.STAY_PRESETS) == set(MovementPreset)
    w = S.preset_params("walk")
    assert (w.distance_m, w.min_duration_s, w.max_gap_s) == (50.0, 600.0, 1800.0)
    assert S.preset_params(MovementPreset.CAR).distance_m > S.preset_params(MovementPreset.BIKE).distance_m > 50
    with pytest.raises(ParameterError):
        S.preset_params("horse")
    with pytest.raises(ParameterError):
        S.detect_stays(None, [T0], [0.0], [0.0], distance_m=0)
    with pytest.raises(ParameterError):
        S.detect_stays(None, [T0])


def test_cancel_and_progress():
    pid, t, x, y = track([(m, 0.0, 0.0) for m in range(0, 16)])
    with pytest.raises(CancelledError):
        S.detect_stays(pid, t, x, y, is_cancelled=lambda: True)
    seen = []
    S.detect_stays(pid, t, x, y, progress=seen.append)
    assert seen and seen[-1] == 1.0 and all(0 <= v <= 1 for v in seen)


def test_a_lagging_logger_speed_is_measured_and_allowed_for(monkeypatch):
    """Loggers whose speed reads 2 s late (a receiver's velocity filter): the lag is measured
    per participant from the edges (core/edges.py) and the 1 s and 2 s loggers still land
    within one interval; without the correction the 1 s loggers fall to about half."""
    tr = sim_stays.simulate(n_participants=12, hours=24, seed=7, speed_lag_s=2.0)
    truth = [p for p in tr.truth if p.end_s - p.start_s >= 600.0]
    dense = [p for p in truth if p.sampling_s <= 2.0]
    ones = [p for p in truth if p.sampling_s == 1.0]
    assert len(dense) >= 40 and len(ones) >= 15

    def share(sub, st):
        m, _, _, _ = sim_stays.match_stays(sub, st.participant, st.arrive_s, st.leave_s)
        return len(m) / len(sub)

    st = S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m, speed_mps=tr.speed_mps)
    assert share(truth, st) >= 0.95 and share(dense, st) >= 0.95
    # used as is (no lag measured, no check against the positions) the lagging speed puts
    # only about half of the 1 s loggers' stays within one interval
    monkeypatch.setattr(S.edges, "MIN_LAG_EDGES", 10 ** 9)
    monkeypatch.setattr(S.edges, "MAX_POSITION_LOSS", np.inf)
    monkeypatch.setattr(S.edges, "EDGE_MAX_POSITION_LOSS", np.inf)
    st1 = S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m, speed_mps=tr.speed_mps)
    assert share(ones, st1) <= 0.7


@pytest.mark.parametrize("case", ["smoothed 30 s", "second half noise", "noise", "km/h", "whole km/h"])
def test_a_speed_that_is_wrong_is_never_much_worse_than_none(case):
    """Speeds that are not a Doppler reading of the motion (low-passed by 30 s, noise for half
    the day or all of it) are checked against the positions per participant and per edge;
    the result stays within 1 % of positions alone. A unit slip (km/h) and a logger that
    rounds to whole km/h still help."""
    tr = sim_stays.simulate(n_participants=12, hours=24, seed=8)
    truth = [p for p in tr.truth if p.end_s - p.start_s >= 600.0]
    rng = np.random.default_rng(3)
    noise = rng.uniform(0.0, 2.0, tr.time_s.shape)
    speed = {
        "smoothed 30 s": np.concatenate([sim_stays.low_passed(tr.time_s[tr.participant == p], tr.speed_mps[tr.participant == p], 30.0)
                                         for p in np.unique(tr.participant)]),
        "second half noise": np.where(tr.time_s < sim_stays.T0 + 12 * 3600, tr.speed_mps, noise),
        "noise": noise,
        "km/h": tr.speed_mps * 3.6,
        "whole km/h": np.round(tr.speed_mps * 3.6) / 3.6,  # a logger that rounds (0.28 m/s steps)
    }[case]
    pos = S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m)
    st = S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m, speed_mps=speed)
    m0, _, _, _ = sim_stays.match_stays(truth, pos.participant, pos.arrive_s, pos.leave_s)
    m1, _, _, _ = sim_stays.match_stays(truth, st.participant, st.arrive_s, st.leave_s)
    assert len(m1) >= len(m0) - 0.01 * len(truth), (len(m1), len(m0))
    if case in ("km/h", "whole km/h"):  # measured 100 % and 98 % (without the step floor: 93 %)
        assert len(m1) >= 0.97 * len(truth)
    if case == "noise":  # no participant's noise tells rest from walking: nothing changes
        assert np.array_equal(st.arrive_s, pos.arrive_s) and np.array_equal(st.leave_s, pos.leave_s)


def test_speed_input_errors_are_clear():
    tr = sim_stays.simulate(n_participants=2, hours=3, seed=4)
    for bad in (np.zeros(len(tr.time_s) - 1), np.array(["fast"] * len(tr.time_s))):
        for refine in (True, False):
            with pytest.raises(S.ParameterError, match="speed_mps"):
                S.detect_stays(tr.participant, tr.time_s, tr.x_m, tr.y_m, speed_mps=bad, refine_edges=refine)


def test_a_logger_that_writes_every_fix_twice():
    """Same-time duplicates count once in the noise model and in the edge fits."""
    tr = sim_stays.simulate(n_participants=12, hours=24, seed=7)
    truth = [p for p in tr.truth if p.end_s - p.start_s >= 600.0]
    ii = np.repeat(np.arange(tr.time_s.size), 2)
    st = S.detect_stays(tr.participant[ii], tr.time_s[ii], tr.x_m[ii], tr.y_m[ii], speed_mps=tr.speed_mps[ii])
    m, _, _, _ = sim_stays.match_stays(truth, st.participant, st.arrive_s, st.leave_s)
    assert len(m) >= 0.93 * len(truth)  # measured 0.965 (every fix once: 1.000); 0.13 before
